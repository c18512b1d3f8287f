"""The importer's part for a decision (Mẫu 1.2): its issuing authority's line, "Theo đề nghị
của …", the enacting "QUYẾT ĐỊNH:" and its articles (Điều 1. …, their khoản 1., 2. and điểm
a), b) …), as the config writes them. It replaces what the plan's importer made of them."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from docx.table import Table

from .. import nd30
from ..vocabulary import MEMBER_COLUMNS, Kind, kind_of
from .import_tables import free_table
from .import_text import text_of_line
from .imported import Imported
from .reader import Structure

_ARTICLE = re.compile(rf"^\**{nd30.ARTICLE}\s+\d+\s*[.:]\**\s*")
_KHOAN = re.compile(r"^(\d+)\.\s+")
_DIEM = re.compile(r"^([a-zđ])\)\s+")
_PROPOSAL = "Theo đề nghị"


def articles(d: Structure, out: Imported, kind: Kind | None = None) -> None:
    """Rewrite ``out``'s opening, body and closing as a decision's ``issuer``, ``proposal``
    and articles; nothing to do for a kind without articles."""
    kind = kind or kind_of(d.kind)
    if kind.body != "articles":
        return
    data = out.data
    body: list[dict[str, Any]] = []
    issuer: list[str] = []
    proposal: list[str] = []
    tables: dict[int, list[Table]] = {}
    for at, table in d.body_tables:
        tables.setdefault(at, []).append(table)
    for n, line in enumerate(d.body):
        if body:
            _put_tables(body, tables.pop(n, []), out)
        plain = line.text.strip()
        text = re.sub(r"\s*\./\.\s*$", ".", text_of_line(d, line))
        if m := _ARTICLE.match(plain):
            rest = _drop_label(text, m.group().strip())
            body.append({"text": [rest] if rest else []})
        elif not body:  # before the first article
            if plain.startswith(_PROPOSAL):
                proposal.append(text)
            elif plain != kind.enacts and plain == plain.upper() and not proposal:
                issuer.append(plain)
        elif m := _KHOAN.match(plain):
            child = {"text": [_drop_label(text, m.group().strip())]}
            body[-1].setdefault("children", []).append(child)
        elif (m := _DIEM.match(plain)) and body[-1].get("children"):
            khoan = body[-1]["children"][-1]
            khoan.setdefault("children", []).append(
                {"text": [_drop_label(text, m.group().strip())]}
            )
        else:  # a paragraph that goes on: the last khoản's, else the article's
            target = body[-1]["children"][-1] if body[-1].get("children") else body[-1]
            target["text"].append(text)
    if not body:
        return
    _put_tables(body, [t for n in sorted(tables) for t in tables[n]], out)
    for key in ("opening", "closing", "numbering"):
        data.pop(key, None)
    replaced = {"opening", "body", "closing", "numbering"}
    out.reviews[:] = [r for r in out.reviews if not (r[0] and r[0][0] in replaced)]
    if issuer:
        data["issuer"] = " ".join(issuer)
    if proposal:
        data["proposal"] = proposal
    data["body"] = [_simple(a) for a in body]


def _put_tables(body: list[dict[str, Any]], tables: list[Table], out: Imported) -> None:
    """Tables typed in an article go on its last khoản, else on the article: a members table
    as ``members``, any other as a free table."""
    for table in tables:
        target = body[-1]["children"][-1] if body[-1].get("children") else body[-1]
        path = ("body", len(body) - 1)
        if "table" in target or "members" in target:
            target = {"text": []}
            body[-1].setdefault("children", []).append(target)
        found = members(table)
        if found is not None:
            target["members"] = found
        else:
            target["table"] = free_table(table, path, out)


def members(table: Table) -> list[dict[str, str]] | None:
    """The members of a Ban Chỉ đạo from their table (STT, Họ và tên, Chức vụ, Nhiệm vụ trong
    Ban, rows numbered 1, 2 …), or None when ``table`` is another table."""
    rows = [[" ".join(unicodedata.normalize("NFC", c.text).split()) for c in row.cells]
            for row in table.rows]  # fmt: skip
    if not rows or [h.lower() for h in rows[0]] != [t.lower() for t, _w, _a in MEMBER_COLUMNS]:
        return None
    out = []
    for i, row in enumerate(rows[1:], start=1):
        if row[0].rstrip(".") != str(i) or not row[1]:
            return None
        out.append({"name": row[1], "position": row[2], "role": row[3]})
    return out or None


def _drop_label(text: str, label: str) -> str:
    """``text`` without its leading ``label``, whatever emphasis marks split it ("**Điề****u
    3.** Quyết …" -> "Quyết …"); marks that close around the label go with it."""
    wanted = [c for c in label if not c.isspace()]
    i = 0
    while wanted and i < len(text):
        if text[i] == wanted[0]:
            wanted.pop(0)
        elif text[i] != "*" and not text[i].isspace():
            return text  # not the label after all
        i += 1
    j = i
    while j < len(text) and text[j] == "*":
        j += 1
    cut = j if text[:j].count("*") % 2 == 0 else i
    return text[cut:].strip()


def _simple(item: dict[str, Any]) -> dict[str, Any]:
    """One paragraph as a string, children as they are."""
    out: dict[str, Any] = {"text": item["text"][0] if len(item["text"]) == 1 else item["text"]}
    out |= {k: item[k] for k in ("table", "members") if k in item}
    if item.get("children"):
        out["children"] = [_simple(c) for c in item["children"]]
    return out
