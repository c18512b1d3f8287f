"""``vanban check``: Nghị định 30 compliance of any .docx, ours or typed by hand in Word.

Each rule is a record: an id, what it requires, the section of shared/nd30-spec.md (and the
decree's appendix) it comes from, a severity, and a function that finds the offending text. A
rule reports PASS, FAIL (with the text and the value found) or N/A (what it checks is absent and
optional). Formatting is resolved as Word does it (effective.Resolver).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from . import nd30
from .effective import SLOTS, Resolver
from .errors import VanbanError
from .i18n import N_, _

PASS, FAIL, NA = "PASS", "FAIL", "N/A"
SEVERITY = {"error": N_("error"), "warning": N_("warning")}
Finding = tuple[str, str]  # (offending text, value found)


@dataclass(frozen=True)
class Rule:
    id: str
    requirement: str  # translated where shown
    section: str
    severity: str  # error | warning
    test: Callable[[Parsed], list[Finding] | None]  # None: not applicable


@dataclass(frozen=True)
class Result:
    rule: Rule
    status: str
    findings: list[Finding]


# --- the document's parts ------------------------------------------------------------------
def _blocks(doc: Document) -> Iterator[Paragraph | Table]:
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, doc)
        elif child.tag == qn("w:tbl"):
            yield Table(child, doc)


def _cells(table: Table) -> list:
    out, seen = [], set()
    for row in table.rows:
        for cell in row.cells:
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                out.append(cell)
    return out


def _squash(text: str) -> str:
    return " ".join(text.split())


_DATE_LINE = re.compile(
    r"^(?P<place>[^,]+),\s*ngày\s*(?P<day>\d*)\s*tháng\s*(?P<month>\d*)\s*"
    r"năm\s*(?P<year>\d{4})$"
)
_LABEL = re.compile(
    r"^(?:(?P<roman>[IVXLC]+)\.|(?P<arabic>\d+)\.|(?P<decimal>\d+(?:\.\d+)+)\.|"
    r"(?P<letter>[a-zđ]{1,2})\))\s"
)


@dataclass
class Parsed:
    """The parts of a Mẫu 1.4 document that the rules look at."""

    path: Path
    doc: Document
    fmt: Resolver
    all_paragraphs: list[Paragraph] = field(default_factory=list)
    agency: list[Paragraph] = field(default_factory=list)
    quoc_hieu: Paragraph | None = None
    tieu_ngu: Paragraph | None = None
    number: Paragraph | None = None
    date: Paragraph | None = None
    title: Paragraph | None = None
    subject: list[Paragraph] = field(default_factory=list)
    body: list[Paragraph] = field(default_factory=list)
    noi_nhan: Paragraph | None = None
    recipients: list[Paragraph] = field(default_factory=list)
    signer: list[Paragraph] = field(default_factory=list)
    appendix_tables: list[Table] = field(default_factory=list)


def parse(path: Path) -> Parsed:
    try:
        doc = docx.Document(str(path))
    except Exception as exc:  # not a .docx at all
        raise VanbanError(
            _("{path}: not a .docx file: {detail}").format(path=path, detail=exc)
        ) from None
    d = Parsed(path, doc, Resolver(doc))
    blocks = list(_blocks(doc))
    stage = "header"
    for block in blocks:
        if isinstance(block, Table):
            cells = _cells(block)
            paragraphs = [p for c in cells for p in c.paragraphs]
            d.all_paragraphs += paragraphs
            texts = [_squash(p.text).upper() for p in paragraphs]
            if stage == "header" and any(
                "CỘNG HÒA XÃ HỘI" in t or "CỘNG HOÀ XÃ HỘI" in t for t in texts
            ):
                _parse_header(d, cells)
                stage = "title"
            elif any(_squash(p.text).startswith("Nơi nhận") for p in paragraphs):
                _parse_signature(d, cells)
                stage = "appendix"
            elif stage == "appendix" or (len(block.rows) > 1 and stage == "body"):
                d.appendix_tables.append(block)
            continue
        d.all_paragraphs.append(block)
        text = _squash(block.text)
        if not text:
            continue
        if stage == "header" and _header_part(d, block, text, in_table=False):
            continue
        if stage in ("header", "title") and _is_title(text, stage):
            d.title = block
            stage = "subject"
        elif stage == "subject":
            runs = d.fmt.text_runs(block)
            if d.fmt.paragraph(block).align == "center" and runs and all(f.bold for _r, f in runs):
                d.subject.append(block)
            else:
                stage = "body"
                d.body.append(block)
        elif stage == "body":
            if text.startswith("Nơi nhận"):
                d.noi_nhan = block
                stage = "recipients"
            else:
                d.body.append(block)
        elif stage == "recipients" and text.startswith("-"):
            d.recipients.append(block)
    for section in doc.sections:  # header and footer paragraphs count for fonts and NFC
        for part in (section.header, section.first_page_header, section.footer):
            if not part.is_linked_to_previous:
                d.all_paragraphs += part.paragraphs
    return d


def _parse_header(d: Parsed, cells: list) -> None:
    for cell in cells:
        for p in cell.paragraphs:
            text = _squash(p.text)
            if text:
                _header_part(
                    d,
                    p,
                    text,
                    in_table=True,
                    beside=d.quoc_hieu is not None and cell is _cell_of(cells, d.quoc_hieu),
                )


def _header_part(d: Parsed, p: Paragraph, text: str, in_table: bool, beside: bool = False) -> bool:
    """Put ``p`` in its place in the header block; False if it is not part of it."""
    upper = text.upper()
    if "CỘNG H" in upper and "VIỆT NAM" in upper:
        d.quoc_hieu = p
    elif "ĐỘC LẬP" in upper:
        d.tieu_ngu = p
    elif re.match(r"^Số\b", text):
        d.number = p
    elif re.search(r",\s*ngày\b.*\bnăm\b", text):
        d.date = p
    elif set(text) <= set("_-–—. "):
        pass  # a typed line; the line rules report it
    elif beside or (not in_table and (d.number or d.date or _is_title(text, "header"))):
        return False
    elif upper == text:
        d.agency.append(p)
    else:
        return in_table
    return True


def _is_title(text: str, stage: str) -> bool:
    """A tên loại: a type of Phụ lục III, or (after the header block) any line in capitals."""
    return text in nd30.TYPE_ABBREVIATIONS or (
        stage == "title" and text.upper() == text and any(c.isalpha() for c in text)
    )


def _cell_of(cells: list, paragraph: Paragraph):
    return next((c for c in cells if any(p._p is paragraph._p for p in c.paragraphs)), None)


def _parse_signature(d: Parsed, cells: list) -> None:
    for cell in cells:
        paragraphs = [p for p in cell.paragraphs if _squash(p.text)]
        if paragraphs and _squash(paragraphs[0].text).startswith("Nơi nhận"):
            d.noi_nhan, d.recipients = (
                paragraphs[0],
                [p for p in paragraphs[1:] if _squash(p.text).startswith(("-", "+"))],
            )
        else:
            d.signer += paragraphs


# --- helpers for rules ---------------------------------------------------------------------
def _excerpt(p: Paragraph | str, n: int = 60) -> str:
    text = _squash(p if isinstance(p, str) else p.text)
    return text if len(text) <= n else text[: n - 1] + "…"


def _style_findings(
    d: Parsed,
    p: Paragraph | None,
    sizes: tuple[float, float],
    bold: bool | None,
    italic: bool | None,
    caps: bool = False,
    align: str | None = None,
    what: str = "",
) -> list[Finding]:
    if p is None:
        return [(what, _("not found"))]
    out = []
    for _r, f in d.fmt.text_runs(p) or [(None, d.fmt.run(p))]:
        if f.size is None or not sizes[0] <= f.size <= sizes[1]:
            expected = f"{sizes[0]:g}" if sizes[0] == sizes[1] else f"{sizes[0]:g}-{sizes[1]:g}"
            out.append(
                (
                    _excerpt(p),
                    _("size {size} pt, expected {expected}").format(
                        size=f"{f.size:g}" if f.size else "?", expected=expected
                    ),
                )
            )
        if bold is not None and f.bold != bold:
            out.append((_excerpt(p), _("bold") if f.bold else _("not bold")))
        if italic is not None and f.italic != italic:
            out.append((_excerpt(p), _("italic") if f.italic else _("not italic")))
        if out:
            break
    if caps and p.text.upper() != p.text:
        out.append((_excerpt(p), _("not in capitals")))
    found_align = d.fmt.paragraph(p).align or "left"
    if align and found_align != align and not (align == "center" and found_align == "centre"):
        out.append(
            (
                _excerpt(p),
                _("aligned {found}, expected {expected}").format(found=found_align, expected=align),
            )
        )
    return out


def _has_rule_after(
    d: Parsed, paragraphs: list[Paragraph], ratio: tuple[float, float], size: float, bold: bool
) -> list[Finding]:
    """A solid line under ``paragraphs``: a paragraph border or a drawn line, not underscores."""
    if not paragraphs:
        return [("", _("not found"))]
    last = paragraphs[-1]
    siblings = list(last._p.itersiblings())
    candidates = [last] + [Paragraph(s, last._parent) for s in siblings[:2] if s.tag == qn("w:p")]
    for p in candidates:
        if re.search(r"_{3,}|-{4,}", p.text):
            return [(_excerpt(p), _("a line typed with underscores or dashes"))]
    for p in candidates:
        fmt = d.fmt.paragraph(p)
        side = fmt.border.get("bottom") or (fmt.border.get("top") if p is not last else None)
        if side and side.get("val") not in (None, "nil", "none"):
            return _rule_length(d, p, paragraphs, ratio, size, bold)
        if p._p.xpath(".//w:drawing|.//w:pict"):
            return []  # a drawn line: its length is not measured
    return [(_excerpt(last), _("no line under it"))]


def _rule_length(
    d: Parsed,
    rule: Paragraph,
    lines: list[Paragraph],
    ratio: tuple[float, float],
    size: float,
    bold: bool,
) -> list[Finding]:
    cell = rule._parent
    width = getattr(cell, "width", None)
    if width is None:
        return []
    ind = rule.paragraph_format
    left = ind.left_indent or 0
    right = ind.right_indent or 0
    length_pt = (width - left - right) / 12700
    text_pt = max(nd30.text_width_pt(_squash(p.text), size, bold) for p in lines)
    if text_pt and not ratio[0] <= length_pt / text_pt <= ratio[1]:
        return [
            (
                _excerpt(lines[-1]),
                _("line {length:.0f} pt long under text of {text:.0f} pt").format(
                    length=length_pt, text=text_pt
                ),
            )
        ]
    return []


# --- the rules -----------------------------------------------------------------------------
def _page(d: Parsed) -> list[Finding]:
    out = []
    for i, s in enumerate(d.doc.sections, start=1):
        w, h = sorted((round(s.page_width.mm), round(s.page_height.mm)))
        if (w, h) != (210, 297):
            out.append(
                (_("section {n}").format(n=i), _("page {w}×{h} mm, not A4").format(w=w, h=h))
            )
        margins = [
            round(x.mm) for x in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)
        ]
        limits = [(20, 25), (20, 25), (30, 35), (15, 20)]
        if any(not lo <= m <= hi for m, (lo, hi) in zip(margins, limits, strict=True)):
            out.append(
                (
                    _("section {n}").format(n=i),
                    _(
                        "margins top/bottom/left/right {m} mm, expected 20-25/20-25/30-35/15-20"
                    ).format(m="/".join(map(str, margins))),
                )
            )
    return out


def _fonts(d: Parsed) -> list[Finding]:
    for p in d.all_paragraphs:
        for _r, f in d.fmt.text_runs(p):
            wrong = {s: f.fonts[s] for s in SLOTS if f.fonts[s] != nd30.FONT}
            if wrong:
                return [
                    (
                        _excerpt(_r.text),
                        ", ".join(f"{s}: {v or _('not set')}" for s, v in wrong.items()),
                    )
                ]
    return []


def _quoc_hieu(d: Parsed) -> list[Finding]:
    out = _style_findings(
        d, d.quoc_hieu, (12, 13), True, False, caps=True, align="center", what=nd30.QUOC_HIEU
    )
    if (
        d.quoc_hieu is not None
        and _squash(d.quoc_hieu.text).replace("HOÀ", "HÒA") != nd30.QUOC_HIEU
    ):
        out.append(
            (
                _excerpt(d.quoc_hieu),
                _("text differs from «{expected}»").format(expected=nd30.QUOC_HIEU),
            )
        )
    return out


def _tieu_ngu(d: Parsed) -> list[Finding]:
    out = _style_findings(d, d.tieu_ngu, (13, 14), True, False, align="center", what=nd30.TIEU_NGU)
    if d.tieu_ngu is not None and _squash(d.tieu_ngu.text) != nd30.TIEU_NGU:
        found = _squash(d.tieu_ngu.text)
        why = _("an en or em dash") if re.search("[–—]", found) else _("different text")
        out.append(
            (found, _("{why}; expected «{expected}»").format(why=why, expected=nd30.TIEU_NGU))
        )
    return out


def _tieu_ngu_rule(d: Parsed) -> list[Finding]:
    return _has_rule_after(d, [d.tieu_ngu] if d.tieu_ngu else [], (0.8, 1.25), 14, True)


def _agency(d: Parsed) -> list[Finding]:
    if not d.agency:
        return [("", _("not found"))]
    issuing = [
        p for p in d.agency if d.fmt.run(p).bold or all(f.bold for _r, f in d.fmt.text_runs(p))
    ] or d.agency[-1:]
    out = []
    for p in issuing:
        out += _style_findings(d, p, (12, 13), True, False, caps=True, align="center")
    return out[:1]


def _agency_rule(d: Parsed) -> list[Finding]:
    return _has_rule_after(d, d.agency, (0.3, 0.55), 13, True)


def _number(d: Parsed) -> list[Finding]:
    if d.number is None:
        return [("", _("not found"))]
    text = _squash(d.number.text.replace("\u00a0", " "))
    # "Số: 05/KH-UBND", or a draft's "Số:      /KH-UBND"; a number touches the "/"
    m = re.fullmatch(r"Số:\s*(?:(\d+)(?=/))?/(\S+)", text)
    if not m:
        return [(text, _("expected «Số: 05/KH-UBND» (a colon after Số, no spaces around /)"))]
    number, symbol = m.groups()
    out = []
    if number and number != nd30.format_number(int(number)):
        out.append(
            (text, _("number {n}: numbers below 10 take a leading 0 (0{n})").format(n=number))
        )
    if not re.fullmatch(r"[A-Za-zĐđ]+(-[A-ZĐ0-9]+)+", symbol):
        out.append((text, _("ký hiệu «{symbol}» is not TYPE-AGENCY").format(symbol=symbol)))
    elif d.title is not None:
        expected = nd30.TYPE_ABBREVIATIONS.get(_squash(d.title.text))
        if expected and symbol.split("-")[0] != expected:
            out.append(
                (
                    text,
                    _("«{title}» takes the ký hiệu {expected}, found {found}").format(
                        title=_squash(d.title.text), expected=expected, found=symbol.split("-")[0]
                    ),
                )
            )
    out += [(text, v) for _t, v in _style_findings(d, d.number, (13, 13), None, False)]
    return out


def _date(d: Parsed) -> list[Finding]:
    if d.date is None:
        return [("", _("not found"))]
    text = _squash(d.date.text.replace("\u00a0", " "))
    m = _DATE_LINE.match(text)
    if not m:
        return [(text, _("expected «Place, ngày dd tháng m năm yyyy»"))]
    out = []
    day, month = m.group("day"), m.group("month")
    if day and day != nd30.format_day(int(day)):
        out.append((text, _("ngày {day}: days below 10 take a leading 0").format(day=day)))
    if month:
        expected = nd30.format_month(int(month))
        if month != expected:
            out.append(
                (
                    text,
                    _("tháng {month}: write tháng {expected}").format(
                        month=month, expected=expected
                    ),
                )
            )
    out += _style_findings(d, d.date, (13, 14), None, True)
    return out


def _title(d: Parsed) -> list[Finding]:
    out = _style_findings(
        d, d.title, (13, 14), True, False, caps=True, align="center", what=_("tên loại")
    )
    for p in d.subject:
        out += _style_findings(d, p, (13, 14), True, False, align="center")
    return out


def _subject_rule(d: Parsed) -> list[Finding] | None:
    if not d.subject:
        return None
    return _has_rule_after(d, d.subject, (0.3, 0.55), 14, True)


def _body(d: Parsed) -> list[Finding]:
    if not d.body:
        return [("", _("not found"))]
    out: list[Finding] = []
    for p in d.body:
        text = _squash(p.text)
        f = d.fmt.paragraph(p)
        sizes = {x.size for _r, x in d.fmt.text_runs(p)}
        if any(s is None or not 13 <= s <= 14 for s in sizes):
            out.append(
                (
                    _excerpt(p),
                    _("size {size} pt, expected {low}-{high}").format(
                        size="/".join(str(x) for x in sizes), low=13, high=14
                    ),
                )
            )
        elif f.align not in ("both", "distribute") and len(text) > 80:
            out.append(
                (
                    _excerpt(p),
                    _("aligned {found}, expected justified").format(found=f.align or "left"),
                )
            )
        elif len(text) > 80 and not 0.95 <= f.first_line_cm <= 1.32:
            out.append(
                (
                    _excerpt(p),
                    _("first-line indent {cm:.2f} cm, expected 1-1.27 cm").format(
                        cm=f.first_line_cm
                    ),
                )
            )
        elif max(f.before_pt, f.after_pt) < 6:
            out.append(
                (
                    _excerpt(p),
                    _("{pt} pt between paragraphs, expected at least 6").format(
                        pt=max(f.before_pt, f.after_pt)
                    ),
                )
            )
        elif f.line is not None and f.line > 1.5:
            out.append((_excerpt(p), _("line spacing {x}, expected at most 1.5").format(x=f.line)))
        if len(out) >= 3:
            break
    return out


def _numbering(d: Parsed) -> list[Finding]:
    out: list[Finding] = []
    last: dict[str, int] = {}
    for p in d.body:
        m = _LABEL.match(_squash(p.text))
        if not m:
            continue
        kind = m.lastgroup
        label = m.group(kind)
        if kind == "roman":
            value = _roman_value(label)
            expected = last.get("roman", 0) + 1
            last = {"roman": value}
        elif kind == "arabic":
            value, expected = int(label), last.get("arabic", 0) + 1
            last = {k: v for k, v in last.items() if k == "roman"} | {"arabic": value}
        elif kind == "decimal":
            value, expected = int(label.split(".")[-1]), last.get("decimal", 0) + 1
            last = {k: v for k, v in last.items() if k in ("roman", "arabic")} | {"decimal": value}
        else:
            if label not in nd30.LETTERS:
                out.append(
                    (
                        _excerpt(p),
                        _("«{label})» is not in the Vietnamese letter order").format(label=label),
                    )
                )
                continue
            value, expected = nd30.LETTERS.index(label) + 1, last.get("letter", 0) + 1
            last["letter"] = value
        if value != expected:
            shown = {"roman": nd30.roman, "letter": nd30.letter}.get(kind, str)(expected)
            out.append(
                (
                    _excerpt(p),
                    _("«{found}» where «{expected}» was expected").format(
                        found=label, expected=shown
                    ),
                )
            )
    return out[:3]


def _roman_value(text: str) -> int:
    return next((n for n in range(1, 100) if nd30.roman(n) == text), 0)


def _closing(d: Parsed) -> list[Finding]:
    last = next((p for p in reversed(d.body) if _squash(p.text)), None)
    if last is None:
        return [("", _("not found"))]
    return (
        []
        if _squash(last.text).endswith("./.")
        else [(_excerpt(_squash(last.text)[-60:]), _("the body does not end with «./.»"))]
    )


def _noi_nhan(d: Parsed) -> list[Finding]:
    if d.noi_nhan is None:
        return [("", _("not found"))]
    out = []
    if _squash(d.noi_nhan.text) != "Nơi nhận:":
        out.append((_excerpt(d.noi_nhan), _("expected «Nơi nhận:»")))
    out += _style_findings(d, d.noi_nhan, (12, 12), True, True)
    items = d.recipients
    if not items:
        return [*out, (_excerpt(d.noi_nhan), _("no recipients listed"))]
    for p in items[:-1]:
        text = _squash(p.text)
        if not text.startswith("- ") or not text.endswith(";"):
            out.append((text, _("each recipient is «- …;»")))
    last = _squash(items[-1].text)
    if not re.fullmatch(r"- Lưu: VT(,.*)?\.", last):
        out.append((last, _("the last line is «- Lưu: VT, <unit>.»")))
    for p in items:
        out += [(_excerpt(p), v) for _t, v in _style_findings(d, p, (11, 11), None, False)]
    return out[:3]


_AUTHORITY = re.compile(r"^(TM|KT|Q|TL|TUQ)\.\s\S")


def _signature(d: Parsed) -> list[Finding]:
    if not d.signer:
        return [("", _("not found"))]
    lines = [_squash(p.text) for p in d.signer]
    titles, name = d.signer[:-1], d.signer[-1]
    out = []
    for p, text in zip(titles, lines, strict=False):
        if re.match(r"^(T/M|K/T|T/L|TM|KT|TL|TUQ|Q)\b(?!\.\s)", text):
            out.append((text, _("write the authority as TM., KT., Q., TL. or TUQ. and a space")))
        out += _style_findings(d, p, (13, 14), True, False, caps=True)
    for i, text in enumerate(lines[:-1]):
        if text.startswith("KT.") and (i + 1 >= len(lines) - 1 or _AUTHORITY.match(lines[i + 1])):
            out.append((text, _("KT. is followed by the deputy's own title")))
    out += _style_findings(d, name, (13, 14), True, False)
    return out[:3]


def _page_number(d: Parsed) -> list[Finding]:
    s = d.doc.sections[0]
    if not _has_page_field(s.header._element):
        where = _("in the footer") if _has_page_field(s.footer._element) else _("no page number")
        return [("", where)]
    if not s.different_first_page_header_footer or _has_page_field(s.first_page_header._element):
        return [("", _("the page number shows on page 1"))]
    p = next(p for p in s.header.paragraphs if _has_page_field(p._p))
    if (d.fmt.paragraph(p).align or "left") != "center":
        return [("", _("not centred"))]
    return []


def _has_page_field(element) -> bool:
    """A PAGE field (complex or simple) inside ``element``."""
    codes = element.xpath(".//w:instrText/text()|.//w:fldSimple/@w:instr")
    return any(code.split()[:1] == ["PAGE"] for code in codes)


def _table_headers(d: Parsed) -> list[Finding] | None:
    if not d.appendix_tables:
        return None
    return [
        (_excerpt(" | ".join(c.text for c in t.rows[0].cells)), _("header row not repeated"))
        for t in d.appendix_tables
        if not t.rows[0]._tr.xpath("./w:trPr/w:tblHeader")
    ]


def _nfc(d: Parsed) -> list[Finding]:
    for p in d.all_paragraphs:
        if not unicodedata.is_normalized("NFC", p.text):
            return [
                (
                    _excerpt(unicodedata.normalize("NFC", p.text)),
                    _("decomposed (NFD) Unicode: letters and accents stored apart"),
                )
            ]
    return []


RULES: list[Rule] = [
    Rule(
        "page", N_("A4 paper; margins 20-25/20-25/30-35/15-20 mm"), "§1; PL I Mục I", "error", _page
    ),
    Rule("font", N_("Times New Roman in all four font slots"), "§1; PL I Mục I", "error", _fonts),
    Rule(
        "quoc-hieu",
        N_("Quốc hiệu: exact text, capitals, bold, 12-13 pt, centred"),
        "§2.1; PL I Mục II.1",
        "error",
        _quoc_hieu,
    ),
    Rule(
        "tieu-ngu",
        N_("Tiêu ngữ «Độc lập - Tự do - Hạnh phúc» with hyphens, bold, 13-14 pt"),
        "§2.2; PL I Mục II.1",
        "error",
        _tieu_ngu,
    ),
    Rule(
        "tieu-ngu-line",
        N_("a solid line as long as the tiêu ngữ under it"),
        "§2.2; PL I Mục II.1",
        "error",
        _tieu_ngu_rule,
    ),
    Rule(
        "agency",
        N_("issuing agency in capitals, bold, 12-13 pt, centred"),
        "§2.3; PL I Mục II.2",
        "error",
        _agency,
    ),
    Rule(
        "agency-line",
        N_("a solid line 1/3 to 1/2 of the agency name under it"),
        "§2.3; PL I Mục II.2",
        "error",
        _agency_rule,
    ),
    Rule(
        "so-ky-hieu",
        N_("«Số: 05/KH-UBND»: leading zero, ký hiệu agreeing with the title, 13 pt"),
        "§2.4, §4.1; PL I Mục II.3, PL III",
        "error",
        _number,
    ),
    Rule(
        "date",
        N_("«Place, ngày 05 tháng 01 năm 2026»: leading zeros, italic, 13-14 pt"),
        "§2.5; PL I Mục II.4",
        "error",
        _date,
    ),
    Rule(
        "title",
        N_("tên loại in capitals and trích yếu: bold, 13-14 pt, centred"),
        "§2.6; PL I Mục II.5",
        "error",
        _title,
    ),
    Rule(
        "subject-line",
        N_("a solid line 1/3 to 1/2 of the trích yếu under it"),
        "§2.6; PL I Mục II.5",
        "error",
        _subject_rule,
    ),
    Rule(
        "body",
        N_(
            "body: 13-14 pt, justified, first-line indent 1-1.27 cm, ≥ 6 pt between "
            "paragraphs, line spacing ≤ 1.5"
        ),
        "§2.7; PL I Mục II.6",
        "error",
        _body,
    ),
    Rule(
        "numbering",
        N_("numbering I, II …; 1, 2 …; a, b, c, d, đ, e, g …"),
        "§2.8, §3; PL I Mục II.6",
        "error",
        _numbering,
    ),
    Rule("closing", N_("the body ends with «./.»"), "§2.7; PL III Mẫu 1.4", "error", _closing),
    Rule(
        "noi-nhan",
        N_("«Nơi nhận:» 12 pt bold italic; items «- …;» 11 pt; last «- Lưu: VT, …."),
        "§2.11; PL I Mục II.9",
        "error",
        _noi_nhan,
    ),
    Rule(
        "signature",
        N_(
            "TM./KT./Q./TL./TUQ. and titles in capitals, bold; KT. with the deputy's "
            "title; name bold"
        ),
        "§2.9; PL I Mục II.7",
        "error",
        _signature,
    ),
    Rule(
        "page-number",
        N_("page number at the top centre, not on page 1"),
        "§1; PL I Mục I",
        "error",
        _page_number,
    ),
    Rule(
        "table-header",
        N_("appendix tables repeat their header row on every page"),
        "§2.12 [practice]",
        "warning",
        _table_headers,
    ),
    Rule(
        "nfc", N_("text in precomposed Unicode (NFC, TCVN 6909)"), "§1; PL I Mục I", "error", _nfc
    ),
]


def check(path: Path) -> list[Result]:
    """Every rule's result for the .docx at ``path``."""
    d = parse(path)
    results = []
    for rule in RULES:
        findings = rule.test(d)
        status = NA if findings is None else FAIL if findings else PASS
        results.append(Result(rule, status, findings or []))
    return results


def failed_errors(results: list[Result]) -> int:
    return sum(r.status == FAIL and r.rule.severity == "error" for r in results)


def as_text(path: Path, results: list[Result]) -> str:
    lines = [str(path)]
    for r in results:
        if r.status != FAIL:
            lines.append(f"  {r.status:<4}  {r.rule.id}")
            continue
        lines.append(
            f"  {r.status:<4}  {r.rule.id} ({_(SEVERITY[r.rule.severity])}): "
            f"{_(r.rule.requirement)} [{r.rule.section}]"
        )
        for text, found in r.findings:
            lines.append(f"        {'«' + text + '»: ' if text else ''}{found}")
    errors = failed_errors(results)
    warnings = sum(r.status == FAIL and r.rule.severity == "warning" for r in results)
    lines.append("  " + _("{e} error(s), {w} warning(s)").format(e=errors, w=warnings))
    return "\n".join(lines)


def as_json(path: Path, results: list[Result]) -> dict:
    return {
        "file": str(path),
        "errors": failed_errors(results),
        "rules": [
            {
                "id": r.rule.id,
                "requirement": _(r.rule.requirement),
                "section": r.rule.section,
                "severity": r.rule.severity,
                "status": r.status,
                "findings": [{"text": t, "found": f} for t, f in r.findings],
            }
            for r in results
        ],
    }
