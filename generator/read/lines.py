"""A document's text as lines: the paragraphs and tables of its body, the runs that show text
(in hyperlinks, content controls and fields too), and each paragraph split into lines at line
breaks and tabs. NFC text; a paragraph numbered by Word carries the label Word shows."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

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

    def in_cell_of(self, other: Line | None) -> bool:
        """Whether this line sits in the same table cell as ``other``."""
        return bool(other and self.cell and other.cell and self.cell._tc is other.cell._tc)


def blocks(doc: Document) -> Iterator[Paragraph | Table]:
    """The paragraphs and tables of the body, in order."""
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, doc)
        elif child.tag == qn("w:tbl"):
            yield Table(child, doc)


def cells(table: Table) -> list[_Cell]:
    """The cells of ``table`` row by row, a merged cell once."""
    return [cell for row in rows(table) for cell in row]


def rows(table: Table) -> list[list[_Cell]]:
    """The cells of each row, a cell merged across columns once."""
    out, seen = [], set()
    for row in table.rows:
        here = []
        for cell in row.cells:
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                here.append(cell)
        out.append(here)
    return out


def paragraphs(doc: Document) -> Iterator[Paragraph]:
    """Every paragraph of the body, those in tables included, in order."""
    for block in blocks(doc):
        if isinstance(block, Paragraph):
            yield block
        else:
            for cell in cells(block):
                yield from cell.paragraphs


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SKIP = {f"{_W}txbxContent", f"{_W}del", f"{_W}moveFrom",
         "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}  # fmt: skip


class TextRun(Run):
    """A run whose text is read once, straight from the XML (python-docx's is slow)."""

    @property
    def text(self) -> str:  # type: ignore[override]
        cached = getattr(self, "_text", None)
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
    label: str | None = None, runs: list[Run] | None = None,
) -> list[Line]:  # fmt: skip
    """The lines of ``p``: split at line breaks, and at tabs (or 3+ spaces) when ``tabs``."""
    parts: list[list[tuple[list[Run], list[str]]]] = [[([], [])]]
    pattern = _SPLIT_TABS if tabs else _SPLIT_LINES
    for run in runs_of(p) if runs is None else runs:
        for part in pattern.split(run.text):
            if part == "\n":
                parts.append([([], [])])
            elif pattern.fullmatch(part):
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
                out.append(Line(text, p, tuple(runs), column, cell, index, bool(label) and not out))
    return out
