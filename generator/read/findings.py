"""What the rules share: a finding's excerpt, and the checks of a line's formatting and of the
short rule under a block."""

from __future__ import annotations

import re

from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from .. import nd30, textwidth
from ..i18n import _
from .reader import Line, Structure, squash

Finding = tuple[str, str]  # (offending text, value found)


def excerpt(text: str, n: int = 60) -> str:
    text = squash(text)
    return text if len(text) <= n else text[: n - 1] + "…"


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
    text = excerpt(line.text)
    out = []
    for _r, f in d.runs(line) or [(None, d.fmt.run(line.para))]:
        if f.size is None or not size.allows(f.size):
            found = f"{f.size:g}" if f.size else "?"
            out.append((text, _("size {size} pt, expected {expected}").format(
                size=found, expected=size)))  # fmt: skip
        if bold is not None and f.bold != bold:
            out.append((text, _("bold") if f.bold else _("not bold")))
        if italic is not None and f.italic != italic:
            out.append((text, _("italic") if f.italic else _("not italic")))
        if out:
            break
    if caps and line.text.upper() != line.text:
        out.append((text, _("not in capitals")))
    found_align = d.fmt.paragraph(line.para).align or "left"
    if align and found_align != align:
        out.append((text, _("aligned {found}, expected {expected}").format(
            found=found_align, expected=align)))  # fmt: skip
    return out


def rule_under(
    d: Structure, lines: list[Line], allowed: nd30.Allowed, size: float, bold: bool
) -> list[Finding]:
    """A solid line under ``lines``: a paragraph border or a drawn line, not underscores."""
    if not lines:
        return [("", _("not found"))]
    last = lines[-1].para
    siblings = [s for s in list(last._p.itersiblings())[:2] if s.tag == qn("w:p")]
    candidates = [last] + [Paragraph(s, last._parent) for s in siblings]
    for p in candidates:
        if re.search(r"_{3,}|-{4,}", p.text):
            return [(excerpt(p.text), _("a line typed with underscores or dashes"))]
    for p in candidates:
        fmt = d.fmt.paragraph(p)
        side = fmt.border.get("bottom") or (fmt.border.get("top") if p is not last else None)
        if side and side.get("val") not in (None, "nil", "none"):
            return _rule_length(p, lines, allowed, size, bold)
        if p._p.xpath(".//w:drawing|.//w:pict"):
            return []  # a drawn line: its length is not measured
    return [(excerpt(lines[-1].text), _("no line under it"))]


def _rule_length(
    rule: Paragraph, lines: list[Line], allowed: nd30.Allowed, size: float, bold: bool
) -> list[Finding]:
    width = getattr(rule._parent, "width", None)  # the cell's
    if width is None:
        return []
    ind = rule.paragraph_format
    length_pt = (width - (ind.left_indent or 0) - (ind.right_indent or 0)) / 12700
    text_pt = max(textwidth.text_width_pt(line.text, size, bold) for line in lines)
    if text_pt and not allowed.allows(length_pt / text_pt):
        found = _("line {length:.0f} pt long under text of {text:.0f} pt")
        return [(excerpt(lines[-1].text), found.format(length=length_pt, text=text_pt))]
    return []


def _is_bold(d: Structure, line: Line) -> bool:
    runs = d.runs(line)
    return all(f.bold for _r, f in runs) if runs else d.fmt.run(line.para).bold


def issuing(d: Structure) -> list[Line]:
    """The issuing agency's lines: the bold ones (a chủ quản line above them is not bold)."""
    return [line for line in d.agency if _is_bold(d, line)] or d.agency[-1:]
