"""Nơi nhận and the signature block."""

from __future__ import annotations

import re

from ... import nd30
from ...config import schema
from ...vocabulary import Kind
from .address import as_above
from .articles import as_article
from .meeting import as_invited
from .text import with_end
from .types import Signature


def signature(doc: schema.Document, kind: Kind) -> Signature:
    recipients = as_above(doc, kind, doc.recipients)  # "Như trên" first under a Kính gửi
    recipients = as_article(kind, len(doc.body), recipients)  # a decision's "Như Điều 3"
    recipients = as_invited(kind, recipients)  # a giấy mời's "Như thành phần mời"
    items = [with_end(re.sub(r"^\s*-\s*", "", r), ";") for r in recipients]
    archive = nd30.ARCHIVE_PREFIX + (f", {doc.archive.strip()}" if doc.archive else "")
    s = doc.signer
    lines = [f"TM. {s.collective.upper()}"] if s.collective else []
    lines.append(f"{s.authority} {s.title.upper()}" if s.authority else s.title.upper())
    lines += [line.upper() for line in s.signer_title or []]
    return Signature(
        recipients=[f"- {r}" for r in [*items, with_end(archive, ".")]],
        recipients_note=doc.recipients_note,
        signer_lines=lines,
        signer_name=s.name,
    )
