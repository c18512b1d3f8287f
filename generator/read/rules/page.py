"""Rules of the whole document: paper and margins per section, fonts, page numbers, table
header rows, Unicode."""

from __future__ import annotations

import unicodedata

from docx.text.run import Run

from ... import nd30
from ...i18n import _
from ..lines import child_paragraphs
from ..reader import Structure
from .common import Finding, excerpt

# The slots Vietnamese text is drawn with: ascii and hAnsi. The East Asian and complex-script
# slots show only Chinese, Japanese, Arabic … text, which a Vietnamese plan does not hold.
SHOWN = ("ascii", "hAnsi")
MARGINS = "/".join(str(a) for a in nd30.MARGINS_MM.values())
LANDSCAPE = "/".join(str(a) for a in nd30.LANDSCAPE_MARGINS_MM.values())


def page(d: Structure) -> list[Finding]:
    out = []
    for i, s in enumerate(d.doc.sections, start=1):
        where = _("section {n}").format(n=i)
        if s.page_width is None or s.page_height is None:
            out.append((where, _("no page size given (Word then uses its own, not A4)")))
            continue
        width, height = round(s.page_width.mm), round(s.page_height.mm)
        if tuple(sorted((width, height))) != (nd30.PAGE_WIDTH_MM, nd30.PAGE_HEIGHT_MM):
            out.append((where, _("page {w}×{h} mm, not A4").format(w=width, h=height)))
            continue
        found = [round(x.mm) if x is not None else 0 for x in (
            s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)]  # fmt: skip
        allowed = [nd30.MARGINS_MM]
        if width > height:  # landscape: bound at the top, or like the portrait pages
            allowed.append(nd30.LANDSCAPE_MARGINS_MM)
        if not any(all(a.allows(m) for m, a in zip(found, ranges.values(), strict=True))
                   for ranges in allowed):  # fmt: skip
            either = _("{portrait} or {landscape}").format(portrait=MARGINS, landscape=LANDSCAPE)
            expected = MARGINS if width < height else either
            out.append((where, _("margins top/bottom/left/right {m} mm, expected {expected}")
                        .format(m="/".join(map(str, found)), expected=expected)))  # fmt: skip
    return out[:3]


def fonts(d: Structure) -> list[Finding]:
    for p in d.paragraphs:
        for r in d.runs_in(p):
            if not r.text.strip():
                continue
            f = d.fmt.run(p, r)
            wrong = {s: f.fonts[s] for s in SHOWN if f.fonts[s] != nd30.FONT}
            if wrong:
                found = ", ".join(f"{s}: {v or _('not set')}" for s, v in wrong.items())
                return [(f"«{excerpt(r.text)}»", found)]
    return []


def page_number(d: Structure) -> list[Finding] | None:
    if d.pages == 1:  # the decree numbers pages from the second: a one-page text has none
        return None
    s = d.doc.sections[0]
    if not _has_page_field(s.header._element):
        where = _("in the footer") if _has_page_field(s.footer._element) else _("no page number")
        return [("", where)]
    if not s.different_first_page_header_footer or _has_page_field(s.first_page_header._element):
        return [("", _("the page number shows on page 1"))]
    paragraphs = child_paragraphs(s.header._element, s.header)  # in content controls too
    p = next((p for p in paragraphs if _has_page_field(p._p)), None)
    if p is None:  # in a table or a text box of the header: not measured
        return []
    out = []
    if (d.fmt.paragraph(p).align or "left") != "center" and not _tab_centred(p):
        out.append(("", _("not centred")))
    runs = [r for r in d.runs_in(p) if r.text.strip()] or [
        Run(r, p) for r in p._p.xpath(".//w:r[w:instrText]")]  # fmt: skip
    size = d.fmt.run(p, runs[0] if runs else None).size
    if size is not None and not nd30.SIZES["page_number"].allows(size):
        out.append(("", _("size {size} pt, expected {expected}").format(
            size=f"{size:g}", expected=nd30.SIZES["page_number"])))  # fmt: skip
    return out


def _tab_centred(p) -> bool:
    """A page number pushed to the middle with a centred tab stop."""
    stops = p._p.xpath("./w:pPr/w:tabs/w:tab/@w:val")
    return bool(stops) and stops[0] == "center" and bool(p._p.xpath(".//w:r/w:tab"))


def _has_page_field(element) -> bool:
    """A PAGE field (complex or simple) inside ``element``."""
    codes = element.xpath(".//w:instrText/text()|.//w:fldSimple/@w:instr")
    return any(code.split()[:1] == ["PAGE"] for code in codes)


def table_headers(d: Structure) -> list[Finding] | None:
    tables = [t for t in d.appendix_tables if len(t.rows) > 3]  # a data table, not a box
    if not tables:
        return None
    return [
        (excerpt(" | ".join(c.text for c in t.rows[0].cells)), _("header row not repeated"))
        for t in tables
        if not t.rows[0]._tr.xpath("./w:trPr/w:tblHeader")
    ][:3]


def nfc(d: Structure) -> list[Finding]:
    for p in d.paragraphs:
        text = "".join(r.text for r in d.runs_in(p))
        if not unicodedata.is_normalized("NFC", text):
            return [(f"«{excerpt(unicodedata.normalize('NFC', text))}»",
                     _("decomposed (NFD) Unicode: letters and accents stored apart"))]  # fmt: skip
    return []
