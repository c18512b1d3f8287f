"""Documents: a config text with an append-only history of revisions (author, time, the
revision it was based on). A save on a stale revision is refused with the other person's
change; an approved document is frozen until a leader reopens it, which adds a revision.
Files (an uploaded Word plan, an output) are stored once, by the sha256 of their content.
Every query here is filtered by the units the account may read."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import yaml
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..config.load import load_text
from ..errors import ConfigError, VanbanError
from ..i18n import _
from ..serve import naming
from .accounts import Account
from .db import Blob, Document, Revision, Unit, User

MAX_CONFIG = 2 * 1024 * 1024  # characters of one config text


class Refused(VanbanError):
    """A request the server answers with ``status`` and ``extra`` fields besides the message."""

    def __init__(self, message: str, status: int, **extra: Any) -> None:
        super().__init__(message)
        self.status, self.extra = status, extra


MAX_INT = 2**31 - 1  # an id or a revision number (PostgreSQL's integer)


def small_int(value: Any) -> int:
    """``value`` as an id or revision number, or -1 (matches nothing)."""
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return -1
    return number if 0 <= number <= MAX_INT else -1


def store_blob(session: Session, data: bytes) -> str:
    """``data`` stored once; its sha256."""
    sha = hashlib.sha256(data).hexdigest()
    if session.get(Blob, sha) is None:
        session.add(Blob(sha256=sha, size=len(data), data=data))
        session.flush()
    return sha


def title_of(text: str) -> str:
    """A document's title for lists: its trích yếu (a list of lines joined), else its kind's
    name."""
    try:
        data = load_text(text, "config.yaml").data
    except ConfigError:
        return _("(a config with errors)")
    title = naming.title_of(data)  # as the editor's page names it: never an internal value
    return (title["subject"] or title["kind"])[:300]


_COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _syntax(text: str) -> str | None:
    """None if ``text`` is YAML (composed by libyaml, nothing built), else the parser's
    message."""
    try:
        for _node in yaml.compose_all(text, Loader=_COMPOSER):
            pass
    except yaml.YAMLError as exc:
        return str(exc)
    return None


def _checked_text(text: Any) -> str:
    if not isinstance(text, str):
        raise Refused(_("The config must be text"), 400)
    if len(text) > MAX_CONFIG:
        raise Refused(_("The config is too long"), 413)
    problem = _syntax(text)
    if problem is not None:
        raise Refused(_("Not saved: the YAML has an error: {detail}").format(detail=problem), 422)
    return text


def add_document(
    session: Session,
    unit: Unit,
    text: str,
    author: int | None = None,
    source: bytes | None = None,
    note: str = "",
) -> Document:
    """A new document of ``unit`` with ``text`` as its first revision."""
    text = _checked_text(text)
    sha = store_blob(session, source) if source is not None else None
    doc = Document(unit_id=unit.id, title=title_of(text), head=1, source_sha=sha)
    session.add(doc)
    session.flush()
    session.add(
        Revision(
            document_id=doc.id,
            unit_id=unit.id,
            number=1,
            base=None,
            config=text,
            author_id=author,
            note=note,
        )
    )
    session.flush()
    return doc


def visible(session: Session, account: Account) -> list[dict[str, Any]]:
    """The documents ``account`` may read, newest first."""
    rows = session.execute(
        select(Document, Unit.name)
        .join(Unit, Unit.id == Document.unit_id)
        .where(Document.unit_id.in_(account.units))
        .order_by(Document.id.desc())
    )
    return [_summary(doc, unit, account) for doc, unit in rows]


def _summary(doc: Document, unit: str, account: Account) -> dict[str, Any]:
    return {
        "id": doc.id,
        "unit": unit,
        "unit_id": doc.unit_id,
        "title": doc.title,
        "revision": doc.head,
        "approved": doc.approved,
        "writable": account.can_write(doc.unit_id) and doc.approved is None,
    }


def document(session: Session, account: Account, doc_id: Any) -> Document:
    """The document ``doc_id`` if ``account`` may read it; otherwise 404 (whether it exists or
    not, which is not said)."""
    key = small_int(doc_id)
    doc = session.scalar(
        select(Document).where(Document.id == key, Document.unit_id.in_(account.units))
    )
    if doc is None:
        raise Refused(_("No such document"), 404)
    return doc


def revision(session: Session, doc: Document, number: int | None = None) -> Revision:
    found = session.scalar(
        select(Revision).where(
            Revision.document_id == doc.id,
            Revision.unit_id == doc.unit_id,
            Revision.number == (doc.head if number is None else number),
        )
    )
    if found is None:
        raise Refused(_("No such revision"), 404)
    return found


def as_json(session: Session, account: Account, doc: Document) -> dict[str, Any]:
    rev = revision(session, doc)
    unit = session.get(Unit, doc.unit_id)
    author = session.get(User, rev.author_id) if rev.author_id else None
    return {
        **_summary(doc, unit.name if unit else "", account),
        "config": rev.config,
        "author": author.login if author else None,
        "saved_at": rev.created_at.isoformat(),
    }


@dataclass(frozen=True)
class Saved:
    revision: int


def save(session: Session, account: Account, doc_id: Any, text: Any, base: Any) -> Saved:
    """A new revision on ``base``; refused when ``base`` is not the newest (409, with the
    newest's text and author), when the document is approved (423), or not the account's to
    edit (403)."""
    doc = document(session, account, doc_id)
    if not account.can_write(doc.unit_id):
        raise Refused(_("You may read this document but not change it"), 403)
    if doc.approved is not None:
        raise Refused(_("This document is approved and frozen; a leader can reopen it"), 423)
    text = _checked_text(text)
    if not isinstance(base, int) or isinstance(base, bool) or small_int(base) < 0:
        raise Refused(_("Say which revision the change is based on"), 400)
    return _append(session, account, doc, text, base, "")


def _append(
    session: Session, account: Account, doc: Document, text: str, base: int, note: str
) -> Saved:
    # compare and set: only one of two saves on the same revision moves the head
    moved = session.execute(
        update(Document)
        .where(Document.id == doc.id, Document.head == base)
        .values(head=base + 1, title=title_of(text), approved=None, approved_by=None)
    ).rowcount
    if moved != 1:
        session.refresh(doc)
        raise _stale(session, doc, base)
    session.add(
        Revision(
            document_id=doc.id,
            unit_id=doc.unit_id,
            number=base + 1,
            base=base,
            config=text,
            author_id=account.user_id,
            note=note,
        )
    )
    session.flush()
    return Saved(base + 1)


def _stale(session: Session, doc: Document, base: int) -> Refused:
    newest = revision(session, doc)
    author = session.get(User, newest.author_id) if newest.author_id else None
    return Refused(
        _(
            "Not saved: {who} saved this document (revision {n}) since you opened revision "
            "{base}; their text is below, yours stays on the page"
        ).format(who=author.login if author else _("someone"), n=newest.number, base=base),
        409,
        revision=newest.number,
        config=newest.config,
        author=author.login if author else None,
        saved_at=newest.created_at.isoformat(),
    )


def approve(session: Session, account: Account, doc_id: Any, base: Any) -> Saved:
    """A leader approves the newest revision (``base`` must be it): the document is frozen."""
    doc = document(session, account, doc_id)
    if not account.can_approve(doc.unit_id):
        raise Refused(_("Only a leader of the unit can approve a document"), 403)
    if base != doc.head:
        raise _stale(session, doc, small_int(base))
    doc.approved, doc.approved_by = doc.head, account.user_id
    return Saved(doc.head)


def reopen(session: Session, account: Account, doc_id: Any) -> Saved:
    """A leader reopens an approved document: a new revision (the approved text) to edit on."""
    doc = document(session, account, doc_id)
    if not account.can_approve(doc.unit_id):
        raise Refused(_("Only a leader of the unit can reopen a document"), 403)
    if doc.approved is None:
        return Saved(doc.head)
    text = revision(session, doc).config
    return _append(session, account, doc, text, doc.head, "reopened")


def history(session: Session, account: Account, doc_id: Any) -> list[dict[str, Any]]:
    doc = document(session, account, doc_id)
    rows = session.execute(
        select(Revision, User.login)
        .outerjoin(User, User.id == Revision.author_id)
        .where(Revision.document_id == doc.id, Revision.unit_id.in_(account.units))
        .order_by(Revision.number)
    )
    return [
        {
            "revision": r.number,
            "base": r.base,
            "author": login,
            "note": r.note,
            "saved_at": r.created_at.isoformat(),
        }
        for r, login in rows
    ]
