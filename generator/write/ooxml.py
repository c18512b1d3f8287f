"""A thin layer over raw WordprocessingML: paragraphs, runs, tables and section breaks as XML
strings, every text escaped. Formatting comes from the template's named styles."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from .. import nd30, textwidth

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def twips(mm: float) -> int:
    """Millimetres to twentieths of a point."""
    return round(mm / 25.4 * 1440)


_BREAKS = re.compile(r"[ \t\r\n]+")


def oneline(value: str) -> str:
    """Text for one paragraph: line breaks, tabs and runs of spaces become one space (a
    non-breaking space, such as a draft's blanks, is kept)."""
    return _BREAKS.sub(" ", value)


def run(text: str, bold: bool = False, italic: bool = False) -> str:
    props = ("<w:b/><w:bCs/>" if bold else "") + ("<w:i/><w:iCs/>" if italic else "")
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(oneline(text))}</w:t></w:r>'


def paragraph(style: str, runs: str = "", *, indent_twips: int | None = None) -> str:
    """A paragraph of ``style``; ``indent_twips`` indents both sides (for short rules)."""
    ind = (
        f'<w:ind w:left="{indent_twips}" w:right="{indent_twips}"/>'
        if indent_twips is not None
        else ""
    )
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{ind}</w:pPr>{runs}</w:p>'


def rule(width_mm: float, length_pt: float) -> str:
    """A short solid rule of ``length_pt``, centred in a column ``width_mm`` wide.

    The line is the bottom border of an empty, small paragraph of the "VB Đường kẻ" style.
    """
    length_twips = round(length_pt * 20)
    indent = max(0, (twips(width_mm) - length_twips) // 2)
    return paragraph("VBDuongKe", indent_twips=indent)


def section_break(sect_pr: str) -> str:
    """An empty, tiny paragraph; it ends a section with properties ``sect_pr`` if given."""
    return (
        '<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
        f'<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr>{sect_pr}</w:pPr></w:p>'
    )


def landscape(sect_pr: str) -> str:
    """The landscape variant of a portrait section, its page numbers restarting at 1."""
    m = re.search(r'<w:pgSz w:w="(\d+)" w:h="(\d+)"[^>]*/>', sect_pr)
    if not m:
        raise ValueError("template section has no page size")
    width, height = m.groups()
    out = sect_pr.replace(
        m.group(0), f'<w:pgSz w:w="{height}" w:h="{width}" w:orient="landscape"/>'
    )
    out = re.sub(r"<w:pgNumType[^>]*/>", "", out)
    return out.replace("<w:cols", '<w:pgNumType w:start="1"/><w:cols', 1)


def table(widths_mm: list[float], rows: list[tuple[list[tuple[str, str, int]], bool]]) -> str:
    """A bordered table. ``rows``: (cells as (text, style, span), is_header_row).

    Header rows repeat on every page; no row is split across pages.
    """
    grid = "".join(f'<w:gridCol w:w="{twips(w)}"/>' for w in widths_mm)
    border = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    borders = "".join(
        border.format(side) for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    out = [
        f'<w:tbl><w:tblPr><w:tblW w:w="{sum(twips(w) for w in widths_mm)}" w:type="dxa"/>'
        f'<w:jc w:val="center"/><w:tblBorders>{borders}</w:tblBorders>'
        '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="85" w:type="dxa"/>'
        '<w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>"
    ]
    for cells, header in rows:
        trpr = "<w:cantSplit/>" + ("<w:tblHeader/>" if header else "")
        out.append(f"<w:tr><w:trPr>{trpr}</w:trPr>")
        col = 0
        for text, style, span in cells:
            width = sum(twips(w) for w in widths_mm[col : col + span])
            span_xml = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
            out.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span_xml}'
                f'<w:vAlign w:val="center"/></w:tcPr>{paragraph(style, run(text))}</w:tc>'
            )
            col += span
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def text_width_mm_to_pt(mm: float) -> float:
    return mm / 25.4 * 72


def subject_rule(lines: list[str], width_mm: float = nd30.TEXT_WIDTH_MM) -> str:
    """The rule under a centred block (trích yếu, appendix title) of ``lines``."""
    size = nd30.STYLES["VBTrichYeu"].size
    length = min(
        textwidth.rule_length_pt(lines, size, True, nd30.SUBJECT_RULE.value),
        text_width_mm_to_pt(width_mm) * nd30.SUBJECT_RULE.value,
    )
    return rule(width_mm, length)
