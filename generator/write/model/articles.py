"""A decision's parts (Mẫu 1.2): its issuing authority's line, its articles (Điều 1., Điều 2. …,
each with its khoản 1., 2. and điểm a), b) …), and "Như Điều n" first in its Nơi nhận."""

from __future__ import annotations

import re

from ... import nd30
from ...config import schema
from ...vocabulary import ISSUER, Kind
from .outline import _items
from .scope import Scope
from .tables import free_table, table_of
from .text import emphasis, para
from .types import Header, Para, Run, TableModel


def issuer(doc: schema.Document, kind: Kind, head: Header) -> str | None:
    """The issuing authority under the trích yếu: the config's, else the collective (ỦY BAN
    NHÂN DÂN PHƯỜNG X), or the head who signs as head (CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG X)."""
    if not kind.has(ISSUER):
        return None
    if doc.issuer:
        return doc.issuer
    agency = " ".join(head.agency_lines)
    s = doc.signer
    return agency if s.collective else f"{s.title.upper()} {agency}"


def articles(scope: Scope) -> list[Para | TableModel]:
    """The body as articles: each top-level item is "Điều n." (bold) with its heading (bold)
    or its first paragraph; its children are its khoản, 1., 2. …"""
    out: list[Para | TableModel] = []
    for n, node in enumerate(scope.doc.body, start=1):
        label = f"{nd30.ARTICLE} {n}."
        path = ("body", n - 1)
        scope.trail.append(label)
        scope.section = node.heading or ""
        try:
            texts = list(node.text)
            if node.heading:
                runs = emphasis(node.heading, bold=True)
            else:
                runs = emphasis(texts.pop(0)) if texts else ()
            out.append(Para("VBNoiDung", (Run(f"{label} ", bold=True), *runs)))
            out += [para("VBNoiDung", t) for t in texts]
            if table_of(node) is not None:
                out.append(free_table(table_of(node), nd30.TEXT_WIDTH_MM))
            _items(scope, node.children, 2, node.numbering or "arabic", str(n),
                   (*path, "children"), out)  # fmt: skip
        finally:
            scope.trail.pop()
    return out


def as_article(kind: Kind, count: int, recipients: list[str]) -> list[str]:
    """Nơi nhận of a decision: "Như Điều n" first, n its last article (who carries it out)."""
    if not kind.enacts or not count:
        return recipients
    if recipients and re.match(rf"^\s*-?\s*{nd30.AS_ARTICLE}\b", recipients[0]):
        return recipients
    return [f"{nd30.AS_ARTICLE} {count}", *recipients]
