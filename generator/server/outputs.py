"""What a document's newest revision makes: its model, its .docx and its PDF, each output
stored once by its content hash and recorded against the revision it came from."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..files import output_name
from ..i18n import _
from ..serve.session import check
from ..write.model import DocModel
from ..write.render import render_bytes
from .accounts import Account
from .db import Blob, Output
from .documents import Refused, document, revision, store_blob


def model_of_text(text: str, name: str = "config.yaml") -> DocModel:
    """The model of a config text, or a 422 with its first problem."""
    checked = check(text, name)
    if checked.model is None:
        first = checked.problems[0]["message"] if checked.problems else ""
        raise Refused(
            _("fix the problems first: {first}").format(first=first), 422, problems=checked.problems
        )
    return checked.model


def record(
    session: Session, doc_id: int, unit_id: int, number: int, kind: str, data: bytes
) -> None:
    """``data`` stored as the ``kind`` output of revision ``number`` (once)."""
    sha = store_blob(session, data)
    exists = session.scalar(
        select(Output.id).where(
            Output.document_id == doc_id, Output.revision == number, Output.kind == kind
        )
    )
    if exists is None:
        session.add(
            Output(document_id=doc_id, unit_id=unit_id, revision=number, kind=kind, sha256=sha)
        )


def stored(session: Session, doc_id: int, number: int, kind: str) -> bytes | None:
    sha = session.scalar(
        select(Output.sha256).where(
            Output.document_id == doc_id, Output.revision == number, Output.kind == kind
        )
    )
    blob = session.get(Blob, sha) if sha else None
    return blob.data if blob else None


def output(session: Session, account: Account, doc_id: Any, kind: str) -> tuple[bytes, str]:
    """The .docx of the document's newest revision and its file name."""
    doc = document(session, account, doc_id)
    rev = revision(session, doc)
    model = model_of_text(rev.config)
    data = stored(session, doc.id, rev.number, kind)
    if data is None:
        data = render_bytes(model)
        record(session, doc.id, doc.unit_id, rev.number, kind, data)
    return data, output_name(model)
