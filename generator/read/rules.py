"""The Nghị định 30 rules ``vanban check`` applies, one record per rule.

A rule has an id, what it requires (its numbers filled in from :mod:`nd30`), the section of
shared/nd30-spec.md and of the decree's appendix it comes from, a severity, and a test that
reads the document structure (:mod:`reader`) and returns the findings: (offending text, value
found). No findings is a PASS; None means not applicable (what it checks is absent and
optional). To add a rule: write its test and add its record to RULES.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from .. import nd30
from ..i18n import N_, _
from .effective import SLOTS
from .findings import Finding, excerpt, issuing, rule_under, style
from .reader import Structure, squash

SIZES = nd30.SIZES


@dataclass(frozen=True)
class Rule:
    id: str
    requirement: str  # a msgid; its {placeholders} come from ``values``
    section: str
    severity: str  # error | warning
    test: Callable[[Structure], list[Finding] | None]  # None: not applicable
    values: dict[str, object] = field(default_factory=dict)

    def describe(self) -> str:
        """The requirement, translated, with its numbers."""
        return _(self.requirement).format(**self.values)


# --- the rules -----------------------------------------------------------------------------
MARGINS = "/".join(str(a) for a in nd30.MARGINS_MM.values())


def _page(d: Structure) -> list[Finding]:
    out = []
    for i, s in enumerate(d.doc.sections, start=1):
        where = _("section {n}").format(n=i)
        w, h = sorted((round(s.page_width.mm), round(s.page_height.mm)))
        if (w, h) != (nd30.PAGE_WIDTH_MM, nd30.PAGE_HEIGHT_MM):
            out.append((where, _("page {w}×{h} mm, not A4").format(w=w, h=h)))
        margins = [s.top_margin, s.bottom_margin, s.left_margin, s.right_margin]
        found = [round(x.mm) for x in margins]
        if not all(a.allows(m) for m, a in zip(found, nd30.MARGINS_MM.values(), strict=True)):
            out.append((where, _("margins top/bottom/left/right {m} mm, expected {expected}")
                        .format(m="/".join(map(str, found)), expected=MARGINS)))  # fmt: skip
    return out


def _fonts(d: Structure) -> list[Finding]:
    for p in d.paragraphs:
        for r, f in d.fmt.text_runs(p):
            wrong = {s: f.fonts[s] for s in SLOTS if f.fonts[s] != nd30.FONT}
            if wrong:
                found = ", ".join(f"{s}: {v or _('not set')}" for s, v in wrong.items())
                return [(excerpt(r.text), found)]
    return []


def _quoc_hieu(d: Structure) -> list[Finding]:
    line = d.quoc_hieu
    out = style(d, line, SIZES["quoc_hieu"], True, False, True, "center", nd30.QUOC_HIEU)
    if line is not None and line.text.replace("HOÀ", "HÒA") != nd30.QUOC_HIEU:
        out.append((excerpt(line.text), _("text differs from «{expected}»").format(
            expected=nd30.QUOC_HIEU)))  # fmt: skip
    return out


def _tieu_ngu(d: Structure) -> list[Finding]:
    line = d.tieu_ngu
    out = style(d, line, SIZES["tieu_ngu"], True, False, align="center", what=nd30.TIEU_NGU)
    if line is not None and line.text != nd30.TIEU_NGU:
        why = _("an en or em dash") if re.search("[–—]", line.text) else _("different text")
        out.append((line.text, _("{why}; expected «{expected}»").format(
            why=why, expected=nd30.TIEU_NGU)))  # fmt: skip
    return out


def _tieu_ngu_rule(d: Structure) -> list[Finding]:
    lines = [d.tieu_ngu] if d.tieu_ngu else []
    return rule_under(d, lines, nd30.TIEU_NGU_RULE, SIZES["tieu_ngu"].value, True)


def _agency(d: Structure) -> list[Finding]:
    if not d.agency:
        return [("", _("not found"))]
    out = []
    for line in issuing(d):
        out += style(d, line, SIZES["agency"], True, False, caps=True, align="center")
    return out[:1]


def _agency_rule(d: Structure) -> list[Finding]:
    return rule_under(d, issuing(d) if d.agency else [], nd30.AGENCY_RULE,
                       SIZES["agency"].value, True)  # fmt: skip


def _number(d: Structure) -> list[Finding]:
    if d.number is None:
        return [("", _("not found"))]
    text = squash(d.number.text.replace("\u00a0", " "))
    m = nd30.NUMBER_LINE.fullmatch(text)
    if not m:
        return [(text, _("expected «Số: 05/KH-UBND» (a colon after Số, no spaces around /)"))]
    number, symbol = m.group("number"), m.group("symbol")
    out = []
    if number and number != nd30.format_number(int(number)):
        out.append((text, _("number {n}: numbers below 10 take a leading 0 (0{n})").format(
            n=number)))  # fmt: skip
    if not nd30.SYMBOL.fullmatch(symbol):
        out.append((text, _("ký hiệu «{symbol}» is not TYPE-AGENCY").format(symbol=symbol)))
    elif d.title is not None:
        expected = nd30.TYPE_ABBREVIATIONS.get(d.title.text)
        found = symbol.split("-")[0]
        if expected and found != expected:
            out.append((text, _("«{title}» takes the ký hiệu {expected}, found {found}").format(
                title=d.title.text, expected=expected, found=found)))  # fmt: skip
    out += [(text, v) for _t, v in style(d, d.number, SIZES["number"], None, False)]
    return out


def _date(d: Structure) -> list[Finding]:
    if d.date is None:
        return [("", _("not found"))]
    text = squash(d.date.text.replace("\u00a0", " "))
    m = nd30.DATE_LINE.fullmatch(text)
    if not m:
        return [(text, _("expected «Place, ngày dd tháng m năm yyyy»"))]
    out = []
    day, month = m.group("day"), m.group("month")
    if day and day != nd30.format_day(int(day)):
        out.append((text, _("ngày {day}: days below 10 take a leading 0").format(day=day)))
    if month and month != nd30.format_month(int(month)):
        out.append((text, _("tháng {month}: write tháng {expected}").format(
            month=month, expected=nd30.format_month(int(month)))))  # fmt: skip
    return out + style(d, d.date, SIZES["date"], None, True)


def _title(d: Structure) -> list[Finding]:
    out = style(d, d.title, SIZES["title"], True, False, True, "center", _("tên loại"))
    for line in d.subject:
        out += style(d, line, SIZES["subject"], True, False, align="center")
    return out


def _subject_rule(d: Structure) -> list[Finding] | None:
    if not d.subject:
        return None
    return rule_under(d, d.subject, nd30.SUBJECT_RULE, SIZES["subject"].value, True)


def _body(d: Structure) -> list[Finding]:
    if not d.body:
        return [("", _("not found"))]
    out: list[Finding] = []
    size, indent = SIZES["body"], nd30.FIRST_LINE_INDENT_CM
    spacing, line_spacing = nd30.PARAGRAPH_SPACING_PT, nd30.LINE_SPACING
    for line in d.body:
        text, long = excerpt(line.text), len(line.text) > 80  # a short line may be centred
        f = d.fmt.paragraph(line.para)
        sizes = {x.size for _r, x in d.runs(line)}
        if any(s is None or not size.allows(s) for s in sizes):
            found = "/".join(str(x) for x in sizes)
            out.append((text, _("size {size} pt, expected {expected}").format(
                size=found, expected=size)))  # fmt: skip
        elif long and f.align not in ("both", "distribute"):
            out.append((text, _("aligned {found}, expected justified").format(
                found=f.align or "left")))  # fmt: skip
        elif long and not indent.allows(f.first_line_cm):
            out.append((text, _("first-line indent {cm:.2f} cm, expected {expected} cm").format(
                cm=f.first_line_cm, expected=indent)))  # fmt: skip
        elif not spacing.allows(max(f.before_pt, f.after_pt)):
            out.append((text, _("{pt} pt between paragraphs, expected {expected}").format(
                pt=max(f.before_pt, f.after_pt), expected=spacing)))  # fmt: skip
        elif f.line is not None and not line_spacing.allows(f.line):
            out.append((text, _("line spacing {x}, expected {expected}").format(
                x=f.line, expected=line_spacing)))  # fmt: skip
        if len(out) >= 3:
            break
    return out


_KEEPS = {"roman": (), "arabic": ("roman",), "decimal": ("roman", "arabic")}


def _numbering(d: Structure) -> list[Finding]:
    out: list[Finding] = []
    last: dict[str, int] = {}
    for line in d.body:
        m = nd30.OUTLINE_LABEL.match(line.text)
        if not m or m.lastgroup in ("dash", "plus"):
            continue
        kind = m.lastgroup
        label = m.group(kind)
        if kind == "letter" and label not in nd30.LETTERS:
            out.append((excerpt(line.text), _("«{label})» is not in the Vietnamese letter order")
                        .format(label=label)))  # fmt: skip
            continue
        value = {
            "roman": nd30.roman_value,
            "arabic": int,
            "decimal": lambda s: int(s.split(".")[-1]),
            "letter": lambda s: nd30.LETTERS.index(s) + 1,
        }[kind](label)
        expected = last.get(kind, 0) + 1
        if kind in _KEEPS:  # a new item at this level restarts the levels below it
            last = {k: v for k, v in last.items() if k in _KEEPS[kind]}
        last[kind] = value
        if value != expected:
            shown = {"roman": nd30.roman, "letter": nd30.letter}.get(kind, str)(expected)
            out.append((excerpt(line.text), _("«{found}» where «{expected}» was expected")
                        .format(found=label, expected=shown)))  # fmt: skip
    return out[:3]


def _closing(d: Structure) -> list[Finding]:
    if not d.body:
        return [("", _("not found"))]
    last = d.body[-1].text
    if last.endswith(nd30.CLOSING_MARK):
        return []
    return [(excerpt(last[-60:]), _("the body does not end with «./.»"))]


def _noi_nhan(d: Structure) -> list[Finding]:
    if d.noi_nhan is None:
        return [("", _("not found"))]
    out = []
    if d.noi_nhan.text != nd30.NOI_NHAN:
        out.append((excerpt(d.noi_nhan.text), _("expected «Nơi nhận:»")))
    out += style(d, d.noi_nhan, SIZES["noi_nhan_label"], True, True)
    items = d.recipients
    if not items:
        return [*out, (excerpt(d.noi_nhan.text), _("no recipients listed"))]
    for line in items[:-1]:
        if not line.text.startswith("- ") or not line.text.endswith(";"):
            out.append((line.text, _("each recipient is «- …;»")))
    if not nd30.ARCHIVE_LINE.fullmatch(items[-1].text):
        out.append((items[-1].text, _("the last line is «- Lưu: VT, <unit>.»")))
    for line in items:
        text = excerpt(line.text)
        out += [(text, v) for _t, v in style(d, line, SIZES["noi_nhan"], None, False)]
    return out[:3]


def _signature(d: Structure) -> list[Finding]:
    if not d.signer:
        return [("", _("not found"))]
    lines = [line.text for line in d.signer]
    out = []
    for line in d.signer[:-1]:
        if nd30.MISWRITTEN_AUTHORITY.match(line.text):
            found = _("write the authority as TM., KT., Q., TL. or TUQ. and a space")
            out.append((line.text, found))
        out += style(d, line, SIZES["signer"], True, False, caps=True)
    for i, text in enumerate(lines[:-1]):
        deputy = lines[i + 1] if i + 1 < len(lines) - 1 else None
        if text.startswith("KT.") and (deputy is None or nd30.SIGNATURE_AUTHORITY.match(deputy)):
            out.append((text, _("KT. is followed by the deputy's own title")))
    out += style(d, d.signer[-1], SIZES["signer"], True, False)
    return out[:3]


def _page_number(d: Structure) -> list[Finding]:
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


def _table_headers(d: Structure) -> list[Finding] | None:
    if not d.appendix_tables:
        return None
    return [
        (excerpt(" | ".join(c.text for c in t.rows[0].cells)), _("header row not repeated"))
        for t in d.appendix_tables
        if not t.rows[0]._tr.xpath("./w:trPr/w:tblHeader")
    ]


def _nfc(d: Structure) -> list[Finding]:
    for p in d.paragraphs:
        if not unicodedata.is_normalized("NFC", p.text):
            return [(excerpt(unicodedata.normalize("NFC", p.text)),
                     _("decomposed (NFD) Unicode: letters and accents stored apart"))]  # fmt: skip
    return []


RULES: list[Rule] = [
    Rule("page", N_("A4 paper; margins {margins} mm"), "§1; PL I Mục I", "error", _page,
         {"margins": MARGINS}),
    Rule("font", N_("Times New Roman in all four font slots"), "§1; PL I Mục I", "error", _fonts),
    Rule("quoc-hieu", N_("Quốc hiệu: exact text, capitals, bold, {size} pt, centred"),
         "§2.1; PL I Mục II.1", "error", _quoc_hieu, {"size": SIZES["quoc_hieu"]}),
    Rule("tieu-ngu", N_("Tiêu ngữ «Độc lập - Tự do - Hạnh phúc» with hyphens, bold, {size} pt"),
         "§2.2; PL I Mục II.1", "error", _tieu_ngu, {"size": SIZES["tieu_ngu"]}),
    Rule("tieu-ngu-line", N_("a solid line as long as the tiêu ngữ under it"),
         "§2.2; PL I Mục II.1", "error", _tieu_ngu_rule),
    Rule("agency", N_("issuing agency in capitals, bold, {size} pt, centred"),
         "§2.3; PL I Mục II.2", "error", _agency, {"size": SIZES["agency"]}),
    Rule("agency-line", N_("a solid line 1/3 to 1/2 of the agency name under it"),
         "§2.3; PL I Mục II.2", "error", _agency_rule),
    Rule("so-ky-hieu",
         N_("«Số: 05/KH-UBND»: leading zero, ký hiệu agreeing with the title, {size} pt"),
         "§2.4, §4.1; PL I Mục II.3, PL III", "error", _number, {"size": SIZES["number"]}),
    Rule("date", N_("«Place, ngày 05 tháng 01 năm 2026»: leading zeros, italic, {size} pt"),
         "§2.5; PL I Mục II.4", "error", _date, {"size": SIZES["date"]}),
    Rule("title", N_("tên loại in capitals and trích yếu: bold, {size} pt, centred"),
         "§2.6; PL I Mục II.5", "error", _title, {"size": SIZES["title"]}),
    Rule("subject-line", N_("a solid line 1/3 to 1/2 of the trích yếu under it"),
         "§2.6; PL I Mục II.5", "error", _subject_rule),
    Rule("body", N_("body: {size} pt, justified, first-line indent {indent} cm, {spacing} pt "
                    "between paragraphs, line spacing {line}"), "§2.7; PL I Mục II.6", "error",
         _body, {"size": SIZES["body"], "indent": nd30.FIRST_LINE_INDENT_CM,
                 "spacing": nd30.PARAGRAPH_SPACING_PT, "line": nd30.LINE_SPACING}),
    Rule("numbering", N_("numbering I, II …; 1, 2 …; a, b, c, d, đ, e, g …"),
         "§2.8, §3; PL I Mục II.6", "error", _numbering),
    Rule("closing", N_("the body ends with «./.»"), "§2.7; PL III Mẫu 1.4", "error", _closing),
    Rule("noi-nhan", N_("«Nơi nhận:» {label} pt bold italic; items «- …;» {items} pt; last "
                        "«- Lưu: VT, …."), "§2.11; PL I Mục II.9", "error", _noi_nhan,
         {"label": SIZES["noi_nhan_label"], "items": SIZES["noi_nhan"]}),
    Rule("signature", N_("TM./KT./Q./TL./TUQ. and titles in capitals, bold; KT. with the deputy's "
                         "title; name bold"), "§2.9; PL I Mục II.7", "error", _signature),
    Rule("page-number", N_("page number at the top centre, not on page 1"), "§1; PL I Mục I",
         "error", _page_number),
    Rule("table-header", N_("appendix tables repeat their header row on every page"),
         "§2.12 [practice]", "warning", _table_headers),
    Rule("nfc", N_("text in precomposed Unicode (NFC, TCVN 6909)"), "§1; PL I Mục I", "error",
         _nfc),
]  # fmt: skip
