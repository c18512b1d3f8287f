"""A document's text as lines: the paragraphs and tables of its body, the runs that show text
(in hyperlinks, content controls and fields too), and each paragraph split into lines at line
breaks and tabs. NFC text; a paragraph numbered by Word carries the label Word shows."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from docx.document import Document
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

_SPLIT_TABS = re.compile(r"(\n|\t)")
_SPLIT_LINES = re.compile(r"(\n)")


def squash(text: str) -> str:
    """``text`` as NFC, with every run of white space (tabs, line breaks) as one space."""
    return unicodedata.normalize("NFC", " ".join(text.split()))


@dataclass(frozen=True)
class Line:
    """One line of text: its text (NFC, squashed; a Word label first), its paragraph, the runs
    that carry it, its column (0, 1 … for the parts of a tab-separated line), the table cell it
    sits in and its cell's column, and the paragraph's number in the document (1-based)."""

    text: str
    para: Paragraph
    runs: tuple[Run, ...]
    column: int = 0
    cell: _Cell | None = None
    index: int = 0
    auto_label: bool = False  # the label is Word's automatic numbering, not typed
    page: int = 0  # the page it starts on, as Word last laid it out; 0: not known
    bullet: str = ""  # the glyph of Word's automatic bullet before it ("•", "◦" …), if any

    def in_cell_of(self, other: Line | None) -> bool:
        """Whether this line sits in the same table cell as ``other``."""
        return bool(other and self.cell and other.cell and self.cell._tc is other.cell._tc)


def blocks(doc: Document) -> Iterator[Paragraph | Table]:
    """The paragraphs and tables of the body, in order (those in content controls too)."""
    for child in _children(doc.element.body):
        if child.tag == P_TAG:
            yield Paragraph(child, doc)
        else:
            yield Table(child, doc)


def _children(element) -> Iterator:
    """The w:p and w:tbl children of ``element``, through block content controls (w:sdt)."""
    for child in element.iterchildren(P_TAG, TBL_TAG, SDT_TAG):
        if child.tag == SDT_TAG:
            for content in child.iterchildren(SDT_CONTENT_TAG):
                yield from _children(content)
        else:
            yield child


def child_paragraphs(element, parent) -> list[Paragraph]:
    """The paragraphs directly in ``element`` (a cell, a header), through content controls."""
    return [Paragraph(c, parent) for c in _children(element) if c.tag == P_TAG]


def cells(table: Table) -> list[_Cell]:
    """The cells of ``table`` row by row, a merged cell once."""
    return [cell for row in rows(table) for cell in row]


def rows(table: Table) -> list[list[_Cell]]:
    """The cells of each row, a cell merged across columns once, a cell merged down from the
    row above left out (read straight from the XML: python-docx's cell grid is slow)."""
    out = []
    for tr in table._tbl.iterchildren(f"{_W}tr"):
        here = []
        for tc in tr.iterchildren(f"{_W}tc"):
            merge = tc.find(_VMERGE)
            if merge is not None and merge.get(f"{_W}val", "continue") == "continue":
                continue
            here.append(_Cell(tc, table))
        out.append(here)
    return out


def nested_tables(cell: _Cell) -> list[Table]:
    """The tables typed inside ``cell``."""
    return [Table(t, cell) for t in cell._tc.iterchildren(TBL_TAG)]


def paragraphs(doc: Document) -> Iterator[Paragraph]:
    """Every paragraph of the body, those in tables included, in order."""
    for block in blocks(doc):
        if isinstance(block, Paragraph):
            yield block
        else:
            for cell in cells(block):
                yield from cell.paragraphs


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
P_TAG, TBL_TAG, SDT_TAG, SDT_CONTENT_TAG = f"{_W}p", f"{_W}tbl", f"{_W}sdt", f"{_W}sdtContent"
_VMERGE = f"{_W}tcPr/{_W}vMerge"
RENDERED_BREAK = f"{_W}lastRenderedPageBreak"  # where Word's last layout turned the page
_SKIP = {f"{_W}txbxContent", f"{_W}del", f"{_W}moveFrom",
         "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}  # fmt: skip


class TextRun:
    """A run as the reader needs it: its element, its paragraph and its text, read once
    straight from the XML (python-docx's Run objects and text are slow)."""

    __slots__ = ("_parent", "_r", "_text")

    def __init__(self, r, parent: Paragraph) -> None:
        self._r, self._parent, self._text = r, parent, None

    @property
    def text(self) -> str:  # type: ignore[override]
        cached = self._text
        if cached is None:
            parts = []
            for child in self._r:
                tag = child.tag
                if tag == _T:
                    parts.append(child.text or "")
                elif tag == _TAB:
                    parts.append("\t")
                elif tag in _BREAKS:
                    parts.append("\n")
            cached = self._text = "".join(parts)
        return cached


_T, _TAB = f"{_W}t", f"{_W}tab"
T_TAG = _T
_BREAKS = (f"{_W}br", f"{_W}cr")


def runs_of(p: Paragraph) -> list[Run]:
    """The runs that show text in ``p``, those inside hyperlinks, smart tags, content controls,
    fields and tracked insertions included (python-docx sees only direct ones); a text box's
    own paragraphs and deleted text excluded."""
    out = []
    for r in p._p.iter(f"{_W}r"):
        parent = r.getparent()
        while parent is not None and parent is not p._p and parent.tag not in _SKIP:
            parent = parent.getparent()
        if parent is p._p:
            out.append(TextRun(r, p))
    return out


def text_of(p: Paragraph) -> str:
    """The text of ``p``, as :func:`runs_of` reads it."""
    return "".join(r.text for r in runs_of(p))


def cell_text(cell: _Cell) -> str:
    """The text of a table cell's paragraphs, as :func:`runs_of` reads them, one per line."""
    return "\n".join(text_of(p) for p in cell.paragraphs)


def lines_of(
    p: Paragraph, cell: _Cell | None = None, tabs: bool = True, index: int = 0,
    label: str | None = None, runs: list[Run] | None = None, page: int = 0, bullet: str = "",
) -> list[Line]:  # fmt: skip
    """The lines of ``p``: split at line breaks, and at tabs (or 3+ spaces) when ``tabs``."""
    parts: list[list[tuple[list[Run], list[str]]]] = [[([], [])]]
    pattern = _SPLIT_TABS if tabs else _SPLIT_LINES
    for run in runs_of(p) if runs is None else runs:
        for part in pattern.split(run.text):
            if part == "\n":
                parts.append([([], [])])
            elif part == "\t" and tabs:
                parts[-1].append(([], []))
            elif part:
                runs, texts = parts[-1][-1]
                if not runs or runs[-1] is not run:
                    runs.append(run)
                texts.append(part)
    out = []
    for row in parts:
        for column, (runs, texts) in enumerate(row):  # column: the tabs before it
            text = squash("".join(texts))
            if text:
                if label and not out:
                    text = f"{label} {text}"
                auto = bool(label) and not out
                out.append(Line(text, p, tuple(runs), column, cell, index, auto, page,
                                bullet if auto else ""))  # fmt: skip
    return out


class ElementParagraph:
    """A paragraph known by its element only: one of a data table, read for its runs' fonts,
    colours and text, never laid out (python-docx's objects are slow to make by the thousand)."""

    __slots__ = ("_p",)

    def __init__(self, p) -> None:
        self._p = p


_TABLE_PARAGRAPHS = etree.XPath(
    ".//w:p[not(ancestor::w:txbxContent)]", namespaces={"w": _W[1:-1]})  # fmt: skip


def table_paragraphs(table: Table) -> list[ElementParagraph]:
    """Every paragraph of ``table`` (nested tables' too), in order, text boxes' left out."""
    return [ElementParagraph(p) for p in _TABLE_PARAGRAPHS(table._tbl)]


def may_hold_blocks(table: Table, stage: str) -> bool:
    """Whether ``table``, met at reading ``stage``, may hold the header block or Nơi nhận and
    the signature (a data table is only counted)."""
    text = unicodedata.normalize("NFC", "".join(table._tbl.itertext(T_TAG))).upper()
    if stage == "header" and "CỘNG H" in text:
        return True
    return stage != "appendix" and "NƠI NHẬN" in text


def one_cell(table: Table) -> bool:
    """A box: a table of one short cell (a trích yếu typed in a frame)."""
    tcs = table._tbl.xpath("./w:tr/w:tc")
    return len(tcs) == 1 and len(_cell_text(tcs[0])) < 400


def _cell_text(tc) -> str:
    return "".join(t.text or "" for t in tc.iter(T_TAG))


def leaf_cells(table: Table) -> list[tuple[int, int, _Cell]]:
    """(column, cells in its row, cell) for each cell, row by row; a table nested in a cell
    gives its own cells, in the outer cell's column when the outer row has several."""
    out = []
    for row in rows(table):
        for column, cell in enumerate(row):
            out.append((column, len(row), cell))
            for inner in nested_tables(cell):
                for c, n, leaf in leaf_cells(inner):
                    out.append((column, len(row), leaf) if len(row) > 1 else (c, n, leaf))
    return out


def cell_paragraphs(cell: _Cell) -> list[Paragraph]:
    """The cell's own paragraphs (a nested table's are its own cells')."""
    return child_paragraphs(cell._tc, cell)
