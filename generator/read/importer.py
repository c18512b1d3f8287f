"""``vanban import``: a KẾ HOẠCH or CHƯƠNG TRÌNH typed in Word, read into a config.

The reader gives the document's parts; this module turns them into the config's keys: kind,
number, date, ward and agency, title and subject, basis and opening, the body outline (labels,
headings, field lines, tables), the closing, recipients, signer and appendices. Where it guesses,
it keeps the text and records a review, which becomes a ``# review:`` comment in the YAML.
"""

from __future__ import annotations

import re
from typing import Any

from docx.table import Table

from .. import nd30
from ..config.expand import literal
from ..errors import VanbanError
from ..i18n import _
from ..vocabulary import WARD_KINDS as _WARD_KINDS
from ..vocabulary import column_of, kind_of
from .import_address import address
from .import_articles import articles
from .import_body import (
    Imported,
    free_table,
    outline,
    text_of_line,
)
from .import_meeting import meeting
from .lines import Line, rows, squash
from .reader import Structure
from .rules.common import issuing as issuing_lines

WARD_KINDS = {kind.upper(): kind for kind in _WARD_KINDS}


def plan(d: Structure) -> Imported:
    """The config of the plan ``d``; VanbanError if it is not a KẾ HOẠCH or CHƯƠNG TRÌNH."""
    if not d.applicable or not kind_of(d.kind).written:
        what = d.reason if not d.applicable else (d.kind or _("an unknown kind"))
        raise VanbanError(_("{path}: not a plan (KẾ HOẠCH or CHƯƠNG TRÌNH) but {what}").format(
            path=d.path, what=what))  # fmt: skip
    out = Imported({"kind": d.kind})
    _header(d, out)
    address(d, out.data)
    body, closing = _split_closing(d)
    preamble, items = _split_preamble(body)
    _preamble(d, preamble, out)
    out.data["body"] = outline(d, items, out)
    if closing:
        out.data["closing"] = [re.sub(r"\s*\./\.\s*$", ".", text_of_line(d, ln)) for ln in closing]
    articles(d, out)  # a decision: its issuer, proposal and Điều 1., 2. …
    meeting(d, out)  # a giấy mời: its meeting
    _ending(d, out)
    appendices = _appendices(d, out)
    if appendices:
        out.data["appendices"] = appendices
    return out


def _header(d: Structure, out: Imported) -> None:
    data = out.data
    number = nd30.NUMBER_LINE.fullmatch(squash((d.number.text if d.number else "").replace(
        "\u00a0", " ")))  # fmt: skip
    if number and number["number"]:
        data["number"] = int(number["number"])
    date = nd30.DATE_LINE.fullmatch(squash((d.date.text if d.date else "").replace("\u00a0", " ")))
    if date:
        parts: dict[str, int] = {"year": int(date["year"])}
        if date["month"]:
            parts["month"] = int(date["month"])
        if date["day"] and date["month"]:
            parts["day"] = int(date["day"])
        data["date"] = parts
    else:
        data["date"] = {"year": 2026}
        out.review(("date",), _("no date line found: give the date"))
    bold = issuing_lines(d) if d.agency else []
    issuing = [ln.text for ln in bold]
    parent = [ln.text for ln in d.agency if ln not in bold][:1]  # a chủ quản line, not bold
    ward_line, kind = "", None
    for text in [*reversed(issuing), *parent]:  # the ward: PHƯỜNG X, or UBND TỈNH X above a Sở
        bare = re.sub(r"^(UBND|ỦY BAN NHÂN DÂN)\s+", "", text)
        kind = next((k for k in sorted(WARD_KINDS, key=len, reverse=True)
                     if bare.startswith(k + " ")), None)  # fmt: skip
        if kind:
            ward_line = text
            data["ward"] = {"name": bare[len(kind) + 1 :].title(), "kind": WARD_KINDS[kind]}
            break
    if not kind:
        name = (date["place"] if date else "") or "?"
        data["ward"] = {"name": name}
        out.review(("ward",), _("the issuing agency is not a ward's, xã's or tỉnh's UBND: check "
                                "the ward and the agency"))  # fmt: skip
    place = date["place"].strip() if date else None
    if place and place != data["ward"]["name"]:
        data["ward"]["place"] = place
    agency: dict[str, Any] = {}
    default = ["ỦY BAN NHÂN DÂN", ward_line]
    if issuing != default:
        agency["name"] = issuing
    if parent:
        agency["parent"] = parent[0]
    if number and "-" in number["symbol"]:
        abbreviation = number["symbol"].split("-", 1)[1]
        if abbreviation != "UBND":
            agency["abbreviation"] = abbreviation
    if agency:
        data["agency"] = agency
    if d.title and d.title.text != kind_of(d.kind).title:
        data["title"] = d.title.text
    data["subject"] = [text_of_line(d, ln) for ln in d.subject] or ["…"]
    if d.attachment is not None:  # "(Kèm theo Quyết định số …)" under the trích yếu
        data["subject"].append(d.attachment.text)
        out.review(("subject",), _("the «(Kèm theo …)» line is kept as a line of the trích yếu"))
    if not d.subject:
        out.review(("subject",), _("no trích yếu found"))


def _split_closing(d: Structure) -> tuple[list[Line], list[Line]]:
    """The body, and its closing paragraphs: the unlabelled ones after the last labelled line,
    the last of them ending with "./."."""
    body = list(d.body)
    last = max((i for i, ln in enumerate(body) if nd30.OUTLINE_LABEL.match(ln.text)), default=-1)
    tail = body[last + 1 :]
    if tail and tail[-1].text.endswith(nd30.CLOSING_MARK) and last >= 0:
        return body[: last + 1], tail
    return body, []


def _split_preamble(body: list[Line]) -> tuple[list[Line], list[Line]]:
    first = next((i for i, ln in enumerate(body) if nd30.OUTLINE_LABEL.match(ln.text)),
                 len(body))  # fmt: skip
    return body[:first], body[first:]


def _preamble(d: Structure, lines: list[Line], out: Imported) -> None:
    basis = [ln for ln in lines if ln.text.startswith(("Căn cứ", "Thực hiện"))
             and not ln.text.endswith(":")]  # fmt: skip
    rest = [ln for ln in lines if ln not in basis]
    if basis:
        out.data["basis"] = [re.sub(r"[;.,\s]+$", "", text_of_line(d, ln)) for ln in basis]
    out.data["opening"] = " ".join(text_of_line(d, ln) for ln in rest)
    if len(rest) > 1:
        out.review(("opening",), _("{n} paragraphs before the first heading joined into the "
                                   "opening").format(n=len(rest)))  # fmt: skip


def _ending(d: Structure, out: Imported) -> None:
    items = [ln.text for ln in d.recipients]
    if items and items[-1].startswith("- Lưu"):
        archive = re.sub(r"^- Lưu:?\s*VT\s*,?\s*", "", items.pop()).rstrip(" .;")
        if archive:
            out.data["archive"] = archive
    out.data["recipients"] = [re.sub(r"[;.\s]+$", "", re.sub(r"^[-+]\s*", "", t)) for t in items]
    if d.recipients_note is not None:
        out.data["recipients_note"] = d.recipients_note.text
    lines = [ln.text for ln in d.signer]
    signer: dict[str, Any] = {}
    if not lines:
        out.data["signer"] = {"name": "…"}
        out.review(("signer",), _("no signature found"))
        return
    signer["name"] = lines[-1] if len(lines) > 1 else "…"
    titles = lines[:-1] if len(lines) > 1 else lines
    if len(lines) == 1:
        out.review(("signer", "name"), _("no signer's name found"))
    if titles and titles[0].startswith("TM."):
        signer["collective"] = titles.pop(0)[3:].strip()
    else:
        signer["collective"] = None
    if titles:
        m = re.match(r"^(KT|Q|TL|TUQ)\.\s*(.*)$", titles[0])
        if m:
            signer["authority"] = f"{m[1]}."
            signer["title"] = m[2]
            if len(titles) > 1:
                signer["signer_title"] = " ".join(titles[1:])
        else:
            signer["title"] = " ".join(titles)
    if signer.get("authority") == "KT." and "signer_title" not in signer:
        signer["signer_title"] = "…"
        out.review(("signer",), _("KT. without the deputy's title"))
    out.data["signer"] = signer


def _appendices(d: Structure, out: Imported) -> list[dict[str, Any]]:
    """Each table after the signature with the lines before it; lines after the last table
    make an appendix of text."""
    result: list[dict[str, Any]] = []
    lines: list[Line] = []
    for item in d.tail:
        if isinstance(item, Line):
            lines.append(item)
            continue
        result.append(_appendix(d, lines, item, out, len(result)))
        lines = []
    if lines:
        result.append(_appendix(d, lines, None, out, len(result)))
    return result


def _appendix(d: Structure, lines: list[Line], table: Table | None, out: Imported, i: int) -> dict:
    appendix: dict[str, Any] = {}
    title, text, note = [], [], []
    for ln in lines:
        if re.match(r"(PHỤ LỤC|Phụ lục)\b", ln.text) and "heading" not in appendix and not title:
            appendix["heading"] = ln.text
        elif (ln.text.startswith("(") and "kèm theo" in ln.text.lower()) or (
            note and not note[-1].endswith(")")
        ):
            note.append(ln.text)  # the attachment line, maybe broken over several paragraphs
        elif note or text or (table is None and title):
            text.append(text_of_line(d, ln))
        else:
            title.append(text_of_line(d, ln))
    appendix["note"] = " ".join(note)
    if "heading" not in appendix and len(title) > 1 and title[0] == title[0].upper():
        appendix["heading"] = title.pop(0)  # "DANH MỤC" over its title
    if title:
        appendix["title"] = title
    if text:
        appendix["text"] = text
    if not title and "heading" not in appendix:
        appendix["heading"] = "Phụ lục"
    if table is None:
        return appendix
    header = [squash(c.text) for c in rows(table)[0]]
    keys = [column_of(h) for h in header]
    if None in keys or len(set(keys)) != len(keys) or "content" not in keys:
        appendix["table"] = free_table(table)
        out.review(("appendices", i), _("a table whose columns are not all task fields: kept "
                                        "as a free table"))  # fmt: skip
    else:
        appendix.update(_task_table(table, keys, header))  # type: ignore[arg-type]
    return appendix


def _task_table(table: Table, keys: list[str], header: list[str]) -> dict[str, Any]:
    """Task columns and rows: group rows, task rows, lettered sub-rows."""
    grid = rows(table)
    columns = []
    for key, title, c in zip(keys, header, grid[0], strict=True):
        column: dict[str, Any] = {key: literal(title)}
        if c.width:
            column["width"] = round(c.width / 36000, 1)
        columns.append(column)
    out: list[dict[str, Any]] = []
    group: dict[str, Any] | None = None
    last: dict[str, Any] | None = None
    for row in grid[1:]:
        values = {k: [literal(squash(p.text)) for p in c.paragraphs if p.text.strip()]
                  for k, c in zip(keys, row, strict=False)}  # fmt: skip
        content = " ".join(values.get("content", []))
        others = [v for k, v in values.items() if k not in ("tt", "content") and v]
        tt = " ".join(values.get("tt", []))
        if len(row) < len(keys) or (not others and content and not re.fullmatch(r"\d+", tt)):
            everything = " ".join(t for v in values.values() for t in v)
            group = {"group": content or everything, "rows": []}
            out.append(group)
            continue
        item: dict[str, Any] = {"content": content or "…"}
        for k, v in values.items():
            if k not in ("tt", "content") and v:
                item[k] = v[0] if len(v) == 1 else v
        if re.fullmatch(r"[a-zđ]", tt) and last is not None:
            last.setdefault("subtasks", []).append(item)
            continue
        last = item
        (group["rows"] if group is not None else out).append(item)
    return {"columns": columns, "rows": out}


def to_yaml(imported: Imported, source: str, file: str) -> str:
    """The config as YAML text, headed by where it came from, a ``# review:`` comment above
    each line that needs a look."""
    import io

    from ..config.text import Review, round_trip_yaml, with_review_comments

    buffer = io.StringIO()
    round_trip_yaml().dump(imported.data, buffer)
    head = "# " + _("Imported by vanban import from {source}").format(source=source) + "\n"
    reviews = [Review(path, message) for path, message in imported.reviews]
    return with_review_comments(head + buffer.getvalue(), reviews, file, _("review: {msg}"))
