"""What the rules share: where a finding is, and the checks of a line's formatting and of the
short rule under a block (a paragraph border, a drawn shape, or typed underscores)."""

from __future__ import annotations

import re

from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree

from ... import nd30, textwidth
from ...i18n import _
from ..lines import Line, squash, text_of
from ..reader import Structure

Finding = tuple[str, str]  # (where and the offending text, value found)
A4_TEXT_PT = (nd30.PAGE_WIDTH_MM - 30 - 15) / 25.4 * 72  # an A4 page less the usual margins

_NS = {
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "v": "urn:schemas-microsoft-com:vml",
}
_EXTENT = etree.XPath(".//wp:extent/@cx", namespaces=_NS)
_VML_LINE = etree.XPath(".//v:line", namespaces=_NS)
_COORD = re.compile(r"(-?\d*\.?\d+)(pt|in|cm|mm|px|)$")


def excerpt(text: str, n: int = 60) -> str:
    text = squash(text)
    return text if len(text) <= n else text[: n - 1] + "…"


def at(line: Line, n: int = 60) -> str:
    """Where ``line`` is and how it begins: "¶12 «Căn cứ Nghị quyết…»", with its page first
    when Word's last layout of the document tells it: "p. 3 ¶12 «…»"."""
    text = f"«{excerpt(line.text, n)}»"
    where = f"¶{line.index} {text}" if line.index else text
    return _("p. {page}").format(page=line.page) + " " + where if line.page else where


def style(
    d: Structure,
    line: Line | None,
    size: nd30.Allowed,
    bold: bool | None,
    italic: bool | None,
    caps: bool = False,
    align: str | None = None,
    what: str = "",
) -> list[Finding]:
    """Size, emphasis, capitals and alignment of ``line``: the first run that differs."""
    if line is None:
        return [(what, _("not found"))]
    where = at(line)
    out = []
    for _r, f in d.runs(line) or [(None, d.fmt.run(line.para))]:
        if f.size is None or not size.allows(f.size):
            found = f"{f.size:g}" if f.size else "?"
            out.append((where, _("size {size} pt, expected {expected}").format(
                size=found, expected=size)))  # fmt: skip
        if bold is not None and f.bold != bold:
            out.append((where, _("bold") if f.bold else _("not bold")))
        if italic is not None and f.italic != italic:
            out.append((where, _("italic") if f.italic else _("not italic")))
        if out:
            break
    if caps and line.text.upper() != line.text:
        out.append((where, _("not in capitals")))
    found_align = d.fmt.paragraph(line.para).align or "left"
    if align and found_align != align and not (align == "center" and _looks_centred(d, line)):
        out.append((where, _("aligned {found}, expected {expected}").format(
            found=found_align, expected=align)))  # fmt: skip
    return out


def _looks_centred(d: Structure, line: Line) -> bool:
    """A line that prints centred all the same: pushed to the middle of its column with spaces,
    an indent or a centred tab stop, as clerks do, or justified while it fills its column."""
    text = text_of(line.para)
    indent = line.para.paragraph_format.left_indent or 0
    if text.startswith("   ") or indent > 0 or line.column > 0:
        return True
    if text.startswith("\t") and _centre_tab(line.para):
        return True
    runs = d.runs(line)
    size = runs[0][1].size if runs and runs[0][1].size else 13
    bold = bool(runs and runs[0][1].bold)
    fills = textwidth.text_width_pt(line.text, size, bold) >= 0.85 * _room(line)
    return d.fmt.paragraph(line.para).align in ("both", "distribute") and fills


def _centre_tab(p: Paragraph) -> bool:
    """Whether the paragraph's first tab stop (its own or its style's) centres the text."""
    stops = p._p.xpath("./w:pPr/w:tabs/w:tab")
    style = p.style if not stops else None
    while not stops and style is not None:
        stops = style.element.xpath("./w:pPr/w:tabs/w:tab")
        style = style.base_style
    stops = [t for t in stops if t.get(qn("w:val")) not in ("clear",)]
    return bool(stops) and stops[0].get(qn("w:val")) == "center"


def rule_under(
    d: Structure, lines: list[Line], allowed: nd30.Allowed, size: float, bold: bool,
    anchors: list[Line] = (),  # type: ignore[assignment]
) -> list[Finding]:  # fmt: skip
    """A solid line under ``lines``: a paragraph border or a drawn line, not underscores. A
    drawn line may be anchored to any paragraph of the block (``anchors``, ``lines``), to the
    two after it, or to the cell below."""
    if not lines:
        return [("", _("not found"))]
    last = lines[-1].para
    siblings = [s for s in list(last._p.itersiblings())[:2] if s.tag == qn("w:p")]
    candidates = [last] + [Paragraph(s, last._parent) for s in siblings]
    candidates += _cell_below(lines[-1])[:2]  # a line drawn in the next row's cell
    candidates += [ln.para for ln in [*anchors, *lines[:-1]]]
    for p in candidates:
        if re.search(r"_{3,}|-{4,}|[–—]{3,}", text_of(p)):
            return [(at(lines[-1]), _("a line typed with underscores or dashes"))]
    underlined = [r for r in lines[-1].runs if r.text.strip() and _underlined(r)]
    if underlined and len(underlined) == len([r for r in lines[-1].runs if r.text.strip()]):
        return _length(lines, 0.0, allowed, size, bold, underlined=True)
    for p in candidates:
        fmt = d.fmt.paragraph(p)
        side = fmt.border.get("bottom") or (fmt.border.get("top") if p is not last else None)
        if p is not last and p._p in [ln.para._p for ln in lines]:
            side = None  # a border under an earlier line of the block is not under the block
        if side and side.get("val") not in (None, "nil", "none"):
            width = getattr(p._parent, "width", None)  # the cell's
            if width is None:
                return []
            ind = p.paragraph_format
            length = (width - (ind.left_indent or 0) - (ind.right_indent or 0)) / 12700
            return _length(lines, length, allowed, size, bold)
        shape = _shape_length(p._p, _target(lines[-1], allowed, size, bold))
        if shape is not None:
            return _length(lines, shape, allowed, size, bold)
    border = _cell_bottom(lines[-1])
    if border is not None:  # a trích yếu in a box whose bottom edge is the line
        return _length(lines, border, allowed, size, bold)
    return [(at(lines[-1]), _("no line under it"))]


def _target(line: Line, allowed: nd30.Allowed, size: float, bold: bool) -> float:
    """The length a line drawn under ``line`` should have."""
    return allowed.value * last_printed_pt(line.text, size, bold, _room(line))


def _cell_bottom(line: Line) -> float | None:
    """The width in points of ``line``'s cell when the cell is the only one of its table and has
    a bottom border."""
    if line.cell is None:
        return None
    tc = line.cell._tc
    tbl = tc.getparent().getparent()
    if len(tbl.xpath("./w:tr/w:tc")) != 1:
        return None
    sides = tc.xpath("./w:tcPr/w:tcBorders/w:bottom/@w:val")
    sides += tbl.xpath("./w:tblPr/w:tblBorders/w:bottom/@w:val")
    if not sides or sides[0] in ("nil", "none"):
        return None
    return _room(line)


def _cell_below(line: Line) -> list[Paragraph]:
    """The paragraphs of the table cell under ``line``'s cell (same column, next row)."""
    if line.cell is None:
        return []
    tc = line.cell._tc
    tr = tc.getparent()
    column = tr.findall(qn("w:tc")).index(tc) if tc in tr.findall(qn("w:tc")) else -1
    below = tr.getnext()
    while below is not None and below.tag != qn("w:tr"):
        below = below.getnext()
    if below is None or column < 0:
        return []
    tcs = below.findall(qn("w:tc"))
    if column >= len(tcs):
        return []
    return [Paragraph(p, line.cell) for p in tcs[column].findall(qn("w:p"))]


def _shape_length(p, target: float = 0.0) -> float | None:
    """The length in points of a line drawn in paragraph ``p`` (DrawingML, else VML). Of
    several (the agency's and the tiêu ngữ's lines anchored to one paragraph), the one nearest
    ``target``: the other belongs to the neighbouring text."""
    lengths = [int(x) / 12700 for x in _EXTENT(p) if x.isdigit()]
    for line in _VML_LINE(p):
        xs = [_vml_x(line.get(k)) for k in ("from", "to")]
        if None not in xs:
            lengths.append(abs(xs[1] - xs[0]))  # type: ignore[operator]
    lengths = [n for n in lengths if n > 0]
    if lengths:
        return min(lengths, key=lambda n: abs(n - target))
    return 0.0 if p.xpath(".//w:pict|.//w:drawing") else None  # drawn, not measurable


_VML_UNITS = {"pt": 1.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "px": 0.75, "": 1.0}


def _vml_x(point: str | None) -> float | None:
    """The x of a VML point such as "63.7pt,-.05pt", in points."""
    m = _COORD.match((point or "").split(",")[0].strip())
    return float(m[1]) * _VML_UNITS[m[2]] if m else None


def _length(
    lines: list[Line], length_pt: float, allowed: nd30.Allowed, size: float, bold: bool,
    underlined: bool = False,
) -> list[Finding]:  # fmt: skip
    last = lines[-1]  # the line the rule sits under
    room = _room(last)
    text_pt = last_printed_pt(last.text, size, bold, room)
    if underlined:  # the line is the text's own underline: exactly as long as the text
        length_pt = textwidth.text_width_pt(last.text, size, bold)
    elif length_pt:
        # a wrapped paragraph's last printed line is an estimate, and a block of several lines
        # may be measured against its longest: a line that fits either is right
        widths = [min(textwidth.text_width_pt(ln.text, size, bold), _room(ln)) for ln in lines]
        text_pt = max([text_pt, *widths], key=lambda t: allowed.allows(length_pt / t) if t else 0)
    if length_pt and text_pt and not allowed.allows(length_pt / text_pt):
        if underlined:
            found = _("the text is underlined in full, where the decree draws a shorter line")
            return [(at(lines[-1]), found)]
        found = _("line {length:.0f} pt long under text of {text:.0f} pt")
        return [(at(lines[-1]), found.format(length=length_pt, text=text_pt))]
    return []


def last_printed_pt(text: str, size: float, bold: bool, room: float) -> float:
    """The width of the last printed line of ``text`` wrapped word by word at ``room`` points."""
    width, space = 0.0, textwidth.text_width_pt(" ", size, bold)
    for word in text.split():
        w = textwidth.text_width_pt(word, size, bold)
        width = w if width and width + space + w > room else width + (space if width else 0) + w
    return min(width, room)


def _underlined(r) -> bool:
    rpr = r._r.rPr
    u = rpr.find(qn("w:u")) if rpr is not None else None
    return u is not None and u.get(qn("w:val"), "single") not in ("none", "0", "false")


def _room(line: Line) -> float:
    """The widest a printed line can be where ``line`` sits: its cell, or the page's text."""
    width = getattr(line.cell, "width", None) if line.cell is not None else None
    if width:
        return width / 12700
    try:
        s = line.para.part.document.sections[0]
        return (s.page_width - s.left_margin - s.right_margin) / 12700
    except (TypeError, IndexError, AttributeError):  # no page size: an A4 page's text
        return A4_TEXT_PT


def is_bold(d: Structure, line: Line) -> bool:
    runs = d.runs(line)
    return all(f.bold for _r, f in runs) if runs else d.fmt.run(line.para).bold


def issuing(d: Structure) -> list[Line]:
    """The issuing agency's lines: the bold ones (a chủ quản line above them is not bold)."""
    return [line for line in d.agency if is_bold(d, line)] or d.agency[-1:]
