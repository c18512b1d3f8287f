"""Word's automatic bullets (``numbering: bullet``): one single-level bullet list per glyph,
added to the template's numbering part, its label where a typed "- " would sit."""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from .. import nd30
from .ooxml import twips

FIRST_NUM_ID = 9001  # above the template's own lists
MAX_LEVELS = 9  # Word's levels: 0 … 8
# the fonts Word draws its standard bullets in; any other glyph takes the paragraph's font
_FONTS = {"o": "Courier New", "§": "Wingdings", "\uf0a7": "Wingdings", "\uf0d8": "Wingdings"}


def _font(glyph: str) -> str | None:
    if glyph in _FONTS:
        return _FONTS[glyph]
    return "Symbol" if all(0xF000 <= ord(c) <= 0xF0FF for c in glyph) else None


def _level(ilvl: int, glyph: str) -> str:
    first_line = twips(nd30.FIRST_LINE_INDENT_CM.value * 10)
    font = _font(glyph)
    rpr = (f"<w:rPr><w:rFonts w:ascii={quoteattr(font)} w:hAnsi={quoteattr(font)} "
           f'w:hint="default"/></w:rPr>') if font else ""  # fmt: skip
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
        f'<w:suff w:val="space"/><w:lvlText w:val={quoteattr(glyph)}/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="0" w:firstLine="{first_line}"/></w:pPr>{rpr}</w:lvl>'
    )


def _abstract(abstract_id: int, glyphs: list[str]) -> str:
    kind = "singleLevel" if len(glyphs) == 1 else "multilevel"
    levels = "".join(_level(i, g) for i, g in enumerate(glyphs))
    return (f'<w:abstractNum w:abstractNumId="{abstract_id}">'
            f'<w:multiLevelType w:val="{kind}"/>{levels}</w:abstractNum>')  # fmt: skip


def num_id(lists: list[list[str]], chain: tuple[str, ...]) -> tuple[int, int]:
    """(list id, level) of a bullet whose lists' glyphs are ``chain`` (outermost first): one
    Word list per outermost glyph, a level per depth, so that "◦" stays under "•"; a list is
    added to ``lists`` or deepened on first use."""
    chain = chain[:MAX_LEVELS]
    for i, levels in enumerate(lists):
        common = min(len(levels), len(chain))
        if levels[:common] == list(chain[:common]):
            levels += chain[common:]
            return FIRST_NUM_ID + i, len(chain) - 1
    lists.append(list(chain))
    return FIRST_NUM_ID + len(lists) - 1, len(chain) - 1


def num_pr(list_id: int, ilvl: int = 0) -> str:
    """The ``w:numPr`` of a paragraph at level ``ilvl`` of list ``list_id``."""
    return f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{list_id}"/></w:numPr>'


def numbering_xml(template_xml: str, glyphs: list[list[str]]) -> str:
    """The template's numbering part with a bullet list for each of ``glyphs``: the abstract
    lists before the template's first ``w:num``, the lists at the end (the schema's order)."""
    abstracts = "".join(_abstract(FIRST_NUM_ID + i, g) for i, g in enumerate(glyphs))
    nums = "".join(
        f'<w:num w:numId="{FIRST_NUM_ID + i}"><w:abstractNumId w:val="{FIRST_NUM_ID + i}"/></w:num>'
        for i in range(len(glyphs))
    )
    at = template_xml.find("<w:num ")
    if at < 0:
        at = template_xml.rfind("</w:numbering>")
    xml = template_xml[:at] + abstracts + template_xml[at:]
    end = xml.rfind("</w:num>")
    end = end + len("</w:num>") if end >= 0 else xml.rfind("</w:numbering>")
    return xml[:end] + nums + xml[end:]
