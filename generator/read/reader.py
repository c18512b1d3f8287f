"""The reading side: any .docx, ours or typed by hand in Word, as a document structure.

The reader walks the body once and puts each line of text in its place: the header block
(agency, Quốc hiệu, tiêu ngữ, số/ký hiệu, date), the title and trích yếu, the body, Nơi nhận and
the signature, the appendix tables. A *line* is a paragraph, or the part of one between line
breaks (a header or a Nơi nhận typed with Shift+Enter) or between tabs (a header laid out with
tabs). Formatting is resolved as Word does it (:mod:`effective`); the checker's rules and the
importer consume the structure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from .. import nd30
from ..errors import VanbanError
from ..i18n import _
from .effective import Resolver, RunFormat


def squash(text: str) -> str:
    """``text`` with every run of white space (tabs, line breaks) as one space, trimmed."""
    return " ".join(text.split())


@dataclass(frozen=True)
class Line:
    """One line of text: its squashed text, its paragraph, the runs that carry it, its column
    (0, 1 … for the parts of a tab-separated line) and the table cell it sits in."""

    text: str
    para: Paragraph
    runs: tuple[Run, ...]
    column: int = 0
    cell: _Cell | None = None

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
    out, seen = [], set()
    for row in table.rows:
        for cell in row.cells:
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                out.append(cell)
    return out


def paragraphs(doc: Document) -> Iterator[Paragraph]:
    """Every paragraph of the body, those in tables included, in order."""
    for block in blocks(doc):
        if isinstance(block, Paragraph):
            yield block
        else:
            for cell in cells(block):
                yield from cell.paragraphs


def lines_of(p: Paragraph, cell: _Cell | None = None, tabs: bool = True) -> list[Line]:
    """The lines of ``p``: split at line breaks, and at tabs when ``tabs``."""
    rows: list[list[tuple[list[Run], list[str]]]] = [[([], [])]]
    pattern = r"(\n|\t)" if tabs else r"(\n)"
    for run in p.runs:
        for part in re.split(pattern, run.text):
            if part == "\n":
                rows.append([([], [])])
            elif part == "\t":
                rows[-1].append(([], []))
            elif part:
                runs, texts = rows[-1][-1]
                if not runs or runs[-1] is not run:
                    runs.append(run)
                texts.append(part)
    out = []
    for row in rows:
        column = 0
        for runs, texts in row:
            text = squash("".join(texts))
            if text:
                out.append(Line(text, p, tuple(runs), column, cell))
                column += 1
    return out


@dataclass
class Structure:
    """The parts of an administrative document, as lines in their places."""

    path: Path
    doc: Document
    fmt: Resolver
    paragraphs: list[Paragraph] = field(default_factory=list)  # all, headers and footers too
    agency: list[Line] = field(default_factory=list)  # chủ quản and issuing agency lines
    quoc_hieu: Line | None = None
    tieu_ngu: Line | None = None
    number: Line | None = None
    date: Line | None = None
    title: Line | None = None
    subject: list[Line] = field(default_factory=list)
    body: list[Line] = field(default_factory=list)
    noi_nhan: Line | None = None
    recipients: list[Line] = field(default_factory=list)
    signer: list[Line] = field(default_factory=list)
    appendix_tables: list[Table] = field(default_factory=list)

    def runs(self, line: Line) -> list[tuple[Run, RunFormat]]:
        """The runs of ``line`` that hold text, with their effective formatting."""
        return [(r, self.fmt.run(line.para, r)) for r in line.runs if r.text.strip()]


def read(path: Path) -> Structure:
    """The structure of the .docx at ``path``."""
    try:
        doc = docx.Document(str(path))
    except Exception as exc:  # not a .docx at all
        raise VanbanError(
            _("{path}: not a .docx file: {detail}").format(path=path, detail=exc)
        ) from None
    return structure(doc, path)


def structure(doc: Document, path: Path = Path("-")) -> Structure:
    """The structure of an opened document."""
    d = Structure(path, doc, Resolver(doc))
    stage = "header"
    for block in blocks(doc):
        if isinstance(block, Table):
            table_cells = cells(block)
            d.paragraphs += [p for c in table_cells for p in c.paragraphs]
            lines = [line for c in table_cells for p in c.paragraphs for line in lines_of(p, c)]
            texts = [line.text.upper() for line in lines]
            if stage == "header" and any("CỘNG HÒA XÃ HỘI" in t or "CỘNG HOÀ XÃ HỘI" in t
                                         for t in texts):  # fmt: skip
                for line in lines:
                    _header_part(d, line, in_table=True, beside=line.in_cell_of(d.quoc_hieu))
                stage = "title"
            elif any(line.text.startswith("Nơi nhận") for line in lines):
                _signature_block(d, table_cells)
                stage = "appendix"
            elif stage == "appendix" or (len(block.rows) > 1 and stage == "body"):
                d.appendix_tables.append(block)
            continue
        d.paragraphs.append(block)
        if stage == "body" and not squash(block.text).startswith("Nơi nhận"):
            text = squash(block.text)
            if text:
                d.body.append(Line(text, block, tuple(block.runs)))
            continue
        for line in lines_of(block, tabs=stage == "header"):
            stage = _place(d, line, stage)
    for section in doc.sections:  # header and footer paragraphs count for fonts and NFC
        for part in (section.header, section.first_page_header, section.footer):
            if not part.is_linked_to_previous:
                d.paragraphs += part.paragraphs
    return d


def _place(d: Structure, line: Line, stage: str) -> str:
    """Put a line outside tables in its place; returns the next stage."""
    text = line.text
    if stage == "header" and _header_part(d, line, in_table=False):
        return stage
    if stage in ("header", "title") and _is_title(text, stage):
        d.title = line
        return "subject"
    if stage == "subject":
        runs = d.runs(line)
        centred = d.fmt.paragraph(line.para).align == "center"
        if centred and runs and all(f.bold for _r, f in runs):
            d.subject.append(line)
            return stage
        d.body.append(line)
        return "body"
    if stage == "body":
        if text.startswith("Nơi nhận"):
            d.noi_nhan = line
            return "recipients"
        d.body.append(line)
    elif stage == "recipients" and text.startswith("-"):
        d.recipients.append(line)
    return stage


def _header_part(d: Structure, line: Line, in_table: bool, beside: bool = False) -> bool:
    """Put ``line`` in its place in the header block; False if it is not part of it."""
    text = line.text
    upper = text.upper()
    if "CỘNG H" in upper and "VIỆT NAM" in upper:
        d.quoc_hieu = line
    elif "ĐỘC LẬP" in upper:
        d.tieu_ngu = line
    elif re.match(r"^Số\b", text):
        d.number = line
    elif re.search(r",\s*ngày\b.*\bnăm\b", text):
        d.date = line
    elif set(text) <= set("_-–—. "):
        pass  # a typed line; the line rules report it
    elif beside or (not in_table and (d.number or d.date or _is_title(text, "header"))):
        return False
    elif upper == text:
        d.agency.append(line)
    else:
        return in_table
    return True


def _is_title(text: str, stage: str) -> bool:
    """A tên loại: a type of Phụ lục III, or (after the header block) any line in capitals."""
    return text in nd30.TYPE_ABBREVIATIONS or (
        stage == "title" and text.upper() == text and any(c.isalpha() for c in text)
    )


def _signature_block(d: Structure, table_cells: list[_Cell]) -> None:
    """Nơi nhận (left cell) and the signature (right cell) of a signature table."""
    for cell in table_cells:
        lines = [line for p in cell.paragraphs for line in lines_of(p, cell, tabs=False)]
        if lines and lines[0].text.startswith("Nơi nhận"):
            d.noi_nhan = lines[0]
            d.recipients = [line for line in lines[1:] if line.text.startswith(("-", "+"))]
        else:
            d.signer += lines
