"""A thin layer over raw WordprocessingML: paragraphs, runs, tables and section breaks as XML
strings, every text escaped. Formatting comes from the template's named styles.

Word is stricter than LibreOffice about the schema: the children of a property element
(``w:pPr``, ``w:rPr``, ``w:tblPr`` …) must come in the order ECMA-376 gives. Every property
element is written through :func:`props` (for strings) or reordered by :func:`sort_properties`
(for a tree, in the template builder), both from the one table ``SCHEMA_ORDER``.
"""

from __future__ import annotations

import functools
import re
from xml.sax.saxutils import escape

from .. import nd30, textwidth

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# ECMA-376 Part 1 (transitional), the sequences of the property elements vanban writes.
SCHEMA_ORDER: dict[str, tuple[str, ...]] = {
    "pPr": (
        "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
        "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku",
        "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi",
        "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents",
        "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap",
        "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange",
    ),
    "rPr": (
        "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
        "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden",
        "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect",
        "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout",
        "specVanish", "oMath", "rPrChange",
    ),
    "tblPr": (
        "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
        "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
        "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription", "tblPrChange",
    ),
    "tcPr": (
        "cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
        "textDirection", "tcFitText", "vAlign", "hideMark", "headers", "cellIns", "cellDel",
        "cellMerge", "tcPrChange",
    ),
    "sectPr": (
        "headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
        "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign",
        "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid",
        "printerSettings", "sectPrChange",
    ),
    "style": (
        "name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority",
        "semiHidden", "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose",
        "personalReply", "rsid", "pPr", "rPr", "tblPr", "trPr", "tcPr", "tblStylePr",
    ),
    "pBdr": ("top", "left", "bottom", "right", "between", "bar"),
    "tblBorders": ("top", "left", "start", "bottom", "right", "end", "insideH", "insideV"),
    "tblCellMar": ("top", "left", "start", "bottom", "right", "end"),
}  # fmt: skip
_RANK = {parent: {tag: i for i, tag in enumerate(seq)} for parent, seq in SCHEMA_ORDER.items()}
_TAG = re.compile(r"<w:(\w+)")


@functools.lru_cache(maxsize=4096)
def props(name: str, *children: str) -> str:
    """``<w:name>`` holding the XML strings ``children`` in schema order ("" if there are
    none). Children of the same tag keep their order."""
    if not children:
        return ""
    rank = _RANK[name]
    ordered = sorted(children, key=lambda c: rank[_TAG.match(c).group(1)])  # type: ignore[union-attr]
    return f"<w:{name}>{''.join(ordered)}</w:{name}>"


def sort_properties(root) -> None:  # an lxml element
    """Reorder, in place, the children of every property element below ``root`` (inclusive)
    into schema order; an element the table does not know keeps its place at the end."""
    for parent, rank in _RANK.items():
        for element in root.iter(f"{{{W_NS}}}{parent}"):
            children = list(element)
            key = {id(c): rank.get(_local(c), len(rank)) for c in children}
            ordered = sorted(children, key=lambda c: key[id(c)])
            if ordered != children:
                for child in children:
                    element.remove(child)
                element.extend(ordered)


def _local(element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def twips(mm: float) -> int:
    """Millimetres to twentieths of a point."""
    return round(mm / 25.4 * 1440)


_BREAKS = re.compile(r"[ \t\r\n]+")


def oneline(value: str) -> str:
    """Text for one paragraph: line breaks, tabs and runs of spaces become one space (a
    non-breaking space, such as a draft's blanks, is kept)."""
    return _BREAKS.sub(" ", value)


def run(text: str, bold: bool = False, italic: bool = False, size_pt: float | None = None) -> str:
    emphasis = (("<w:b/>", "<w:bCs/>") if bold else ()) + (("<w:i/>", "<w:iCs/>") if italic else ())
    if size_pt:
        emphasis += (
            f'<w:sz w:val="{round(2 * size_pt)}"/>',
            f'<w:szCs w:val="{round(2 * size_pt)}"/>',
        )
    rpr = props("rPr", *emphasis)
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(oneline(text))}</w:t></w:r>'


def footnote_reference(note_id: int) -> str:
    """The superscript number of footnote ``note_id`` in the text."""
    return (f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:footnoteReference w:id="{note_id}"/></w:r>')  # fmt: skip


FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
_NOTE_PPR = '<w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
_NOTE_SIZE = f'<w:sz w:val="{2 * nd30.FOOTNOTE_PT}"/><w:szCs w:val="{2 * nd30.FOOTNOTE_PT}"/>'
# a footnote's paragraph: justified, its mark (and the number LibreOffice draws) at the note's size
_NOTE_PARA = f'<w:pPr><w:jc w:val="both"/><w:rPr>{_NOTE_SIZE}</w:rPr></w:pPr>'


def footnotes(notes: list[list[str]]) -> str:
    """word/footnotes.xml: the separators, then one footnote per item of ``notes`` (ids 1,
    2 …), each its paragraphs' runs XML (made with ``size_pt=nd30.FOOTNOTE_PT``), its
    number first."""
    out = [f"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
           f'<w:footnotes xmlns:w="{W_NS}">'
           f'<w:footnote w:type="separator" w:id="-1"><w:p>{_NOTE_PPR}<w:r><w:separator/></w:r>'
           f"</w:p></w:footnote>"
           f'<w:footnote w:type="continuationSeparator" w:id="0"><w:p>{_NOTE_PPR}<w:r>'
           f"<w:continuationSeparator/></w:r></w:p></w:footnote>"]  # fmt: skip
    for i, paras in enumerate(notes, start=1):
        first, *rest = paras or [""]
        out.append(f'<w:footnote w:id="{i}"><w:p>{_NOTE_PARA}'
                   f'<w:r><w:rPr>{_NOTE_SIZE}<w:vertAlign w:val="superscript"/></w:rPr>'
                   f'<w:footnoteRef/></w:r><w:r><w:rPr>{_NOTE_SIZE}</w:rPr>'
                   f'<w:t xml:space="preserve"> </w:t></w:r>{first}</w:p>')  # fmt: skip
        out += [f"<w:p>{_NOTE_PARA}{p}</w:p>" for p in rest]
        out.append("</w:footnote>")
    out.append("</w:footnotes>")
    return "".join(out)


BREAK = "<w:r><w:br/></w:r>"  # a line break inside a paragraph

_JC = {"left": "left", "center": "center", "right": "right", "justify": "both"}


def paragraph(
    style: str,
    runs: str = "",
    *,
    indent_twips: int | None = None,
    align: str | None = None,
    num_pr: str = "",
) -> str:
    """A paragraph of ``style``; ``indent_twips`` indents both sides (for short rules);
    ``align`` overrides the style's alignment; ``num_pr`` puts it in a Word list."""
    children = [f'<w:pStyle w:val="{style}"/>', *([num_pr] if num_pr else [])]
    if indent_twips is not None:
        children.append(f'<w:ind w:left="{indent_twips}" w:right="{indent_twips}"/>')
    if align:
        children.append(f'<w:jc w:val="{_JC[align]}"/>')
    return f"<w:p>{props('pPr', *children)}{runs}</w:p>"


def rule(width_mm: float, length_pt: float) -> str:
    """A short solid rule of ``length_pt``, centred in a column ``width_mm`` wide.

    The line is the bottom border of an empty, small paragraph of the "VB Đường kẻ" style.
    """
    length_twips = round(length_pt * 20)
    indent = max(0, (twips(width_mm) - length_twips) // 2)
    return paragraph("VBDuongKe", indent_twips=indent)


_TINY = props("rPr", '<w:sz w:val="2"/>', '<w:szCs w:val="2"/>')


def section_break(sect_pr: str) -> str:
    """An empty, tiny paragraph; it ends a section with properties ``sect_pr`` if given."""
    spacing = '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
    children = (spacing, _TINY, sect_pr) if sect_pr else (spacing, _TINY)
    return f"<w:p>{props('pPr', *children)}</w:p>"


_SECT = re.compile(r"(<w:sectPr\b[^>]*>)(.*)</w:sectPr>", re.DOTALL)
_CHILD = re.compile(r"<w:(\w+)\b(?:[^>]*?/>|.*?</w:\1>)", re.DOTALL)


def landscape(sect_pr: str) -> str:
    """The landscape variant of a portrait section, its page numbers restarting at 1."""
    m = _SECT.fullmatch(sect_pr)
    size = re.search(r'<w:pgSz w:w="(\d+)" w:h="(\d+)"[^>]*/>', sect_pr)
    if not m or not size:
        raise ValueError("template section has no page size")
    width, height = size.groups()
    children = [c.group(0) for c in _CHILD.finditer(m.group(2))]
    children = [c for c in children if not c.startswith(("<w:pgNumType", "<w:pgSz"))]
    children += [
        f'<w:pgSz w:w="{height}" w:h="{width}" w:orient="landscape"/>',
        '<w:pgNumType w:start="1"/>',
    ]
    return props("sectPr", *children).replace("<w:sectPr>", m.group(1), 1)


def restarted(sect_pr: str) -> str:
    """The same section, its page numbers restarting at 1 (a text attached to a decision)."""
    m = _SECT.fullmatch(sect_pr)
    if not m:
        raise ValueError("template section has no properties")
    children = [c.group(0) for c in _CHILD.finditer(m.group(2))]
    children = [c for c in children if not c.startswith("<w:pgNumType")]
    children.append('<w:pgNumType w:start="1"/>')
    return props("sectPr", *children).replace("<w:sectPr>", m.group(1), 1)


_BORDERS = props("tblBorders", *(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")
))  # fmt: skip
_CELL_MARGINS = props(
    "tblCellMar", '<w:left w:w="85" w:type="dxa"/>', '<w:right w:w="85" w:type="dxa"/>'
)


# paragraphs' runs XML, style, span, align, merge down ("restart", "continue" or "")
Cell = tuple[list[str], str, int, str | None, str]


def table(widths_mm: list[float], rows: list[tuple[list[Cell], bool, bool]]) -> str:
    """A bordered table. ``rows``: (cells, is_header_row, keep_whole). A cell holds one
    paragraph per line. Header rows repeat on every page; a kept row never splits."""
    grid = "".join(f'<w:gridCol w:w="{twips(w)}"/>' for w in widths_mm)
    tbl_pr = props(
        "tblPr",
        f'<w:tblW w:w="{sum(twips(w) for w in widths_mm)}" w:type="dxa"/>',
        '<w:jc w:val="center"/>',
        _BORDERS,
        '<w:tblLayout w:type="fixed"/>',
        _CELL_MARGINS,
    )
    out = [f"<w:tbl>{tbl_pr}<w:tblGrid>{grid}</w:tblGrid>"]
    for cells, header, keep in rows:
        trpr = ("<w:cantSplit/>" if keep or header else "") + ("<w:tblHeader/>" if header else "")
        out.append(f"<w:tr><w:trPr>{trpr}</w:trPr>" if trpr else "<w:tr>")  # a choice group
        col = 0
        for lines, style, span, align, merge in cells:
            width = sum(twips(w) for w in widths_mm[col : col + span])
            cell = [f'<w:tcW w:w="{width}" w:type="dxa"/>']
            if span > 1:
                cell.append(f'<w:gridSpan w:val="{span}"/>')
            if merge:
                cell.append('<w:vMerge w:val="restart"/>' if merge == "restart" else "<w:vMerge/>")
            cell.append('<w:vAlign w:val="center"/>')
            body = "".join(paragraph(style, runs, align=align) for runs in lines or [""])
            out.append(f"<w:tc>{props('tcPr', *cell)}{body}</w:tc>")
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
