"""The reading side: any .docx, ours or typed by hand in Word, as a document structure.

The reader walks the body once and puts each line of text in its place: the header block
(agency, Quốc hiệu, tiêu ngữ, số/ký hiệu, date, a công văn's "V/v" trích yếu), the title and
trích yếu, "Kính gửi", the body, Nơi nhận and the signature, the appendix tables. A *line* is a
paragraph, or the part of one between line breaks (a header or a Nơi nhận typed with
Shift+Enter) or between tabs or long runs of spaces (a header laid out with tabs). Its text is
NFC, and a paragraph numbered by Word carries the label Word shows. Formatting is resolved as
Word does it (:mod:`effective`); the checker's rules and the importer consume the structure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from docx.document import Document
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from .. import nd30
from ..vocabulary import title_kind
from .effective import Resolver, RunFormat
from .lines import (
    P_TAG,
    RENDERED_BREAK,
    T_TAG,
    Line,
    blocks,
    cell_paragraphs,
    leaf_cells,
    lines_of,
    may_hold_blocks,
    one_cell,
    runs_of,
    squash,
    table_paragraphs,
    text_of,
)
from .numbering import Numbering
from .package import saved_pages

# The right-hand parts of a header line pushed apart with spaces: "PHƯỜNG X       Độc lập - …"
_RIGHT_PART = re.compile(r"\s{2,}(?=CỘNG H|Độc lập|ĐỘC LẬP|[^\s,][^,]*,\s*ngày\b)")
_APPENDIX = re.compile(r"(PHỤ LỤC|Phụ lục)\b")
# A line that opens the body's structure: "Phần thứ nhất", "PHẦN I", "Chương I", "Điều 1."
STRUCTURE = re.compile(r"(Phần|PHẦN|Chương|CHƯƠNG|Điều|ĐIỀU)\s+(thứ|THỨ|[IVXLC]+\b|\d+)")
TYPED_RULE = re.compile(r"[_\-–—=]{4,}")
# What stands in a signature for the hand that signs: "(Đã ký)", "(Ký, ghi rõ họ tên)", "Đã ký"
SIGNED = re.compile(
    r"\(?\s*((đã )?ký( số| tên)?( và đóng dấu| ghi rõ họ tên|, ghi rõ họ tên"
    r"| và ghi rõ họ tên|, đóng dấu)?|signed)\s*\)?\.?",
    re.IGNORECASE,
)


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
    subject: list[Line] = field(default_factory=list)  # trích yếu (a công văn's "V/v …")
    attachment: Line | None = None  # "(Kèm theo Quyết định số …)"
    kinh_gui: list[Line] = field(default_factory=list)
    body: list[Line] = field(default_factory=list)
    noi_nhan: Line | None = None
    recipients: list[Line] = field(default_factory=list)
    signer: list[Line] = field(default_factory=list)  # authority and titles, then the name
    recipients_note: Line | None = None  # "(thay b/c)" under the recipients
    appendix_tables: list[Table] = field(default_factory=list)
    body_tables: list[tuple[int, Table]] = field(default_factory=list)  # (body lines before it)
    tail: list[Line | Table] = field(default_factory=list)  # after the signature: appendices
    tables: int = 0
    pages: int | None = None  # as Word counted them when it last saved the file
    # what kinds.detect decides
    kind: str | None = None
    applicable: bool = True
    reason: str | None = None
    _runs: dict = field(default_factory=dict, repr=False)

    def runs_in(self, p: Paragraph) -> list[Run]:
        """:func:`runs_of` ``p``, read once per document."""
        key = id(p._p)
        if key not in self._runs:
            self._runs[key] = (p._p, runs_of(p))  # the element is kept, so its id stays unique
        return self._runs[key][1]

    def runs(self, line: Line) -> list[tuple[Run, RunFormat]]:
        """The runs of ``line`` that show letters or digits, with their effective formatting
        (the weight of a lone comma or space is invisible)."""
        return [(r, self.fmt.run(line.para, r)) for r in line.runs if _visible(r.text)]


def _turned_first(p: Paragraph) -> bool:
    """Whether Word's last layout turned the page before the paragraph's first text."""
    first = next(p._p.iter(RENDERED_BREAK, T_TAG), None)
    return first is not None and first.tag == RENDERED_BREAK


def _visible(text: str) -> bool:
    return any(c.isalnum() for c in text)


class _Walker:
    """The state of one walk through a document's body."""

    def __init__(self, d: Structure):
        self.d = d
        self.stage = "header"
        self.index = 0
        # pages are known in a document Word saved: it marks where it turned each page
        self.page = int(next(d.doc.element.body.iter(RENDERED_BREAK), None) is not None)
        self.numbering = Numbering(d.doc, d.fmt.styles)

    def para(self, p: Paragraph, cell: _Cell | None = None, tabs: bool = False) -> list[Line]:
        """The lines of the next paragraph, numbered, with Word's label if it has one."""
        self.index += 1
        label = self.numbering.label(p)
        page = self.page
        self._turn(p)
        if page and page < self.page and _turned_first(p):
            page += 1  # Word turned the page before its first letter
        return lines_of(p, cell, tabs, self.index, label, self.d.runs_in(p), page,
                        self.numbering.glyph if label else "")  # fmt: skip

    def _turn(self, p: Paragraph) -> None:
        """Count the pages Word turned inside ``p`` when it last laid the document out."""
        if self.page:
            self.page += sum(1 for _b in p._p.iter(RENDERED_BREAK))

    def skip(self, paragraphs: list[Paragraph]) -> None:
        """Count paragraphs whose lines are not needed (Word's list counters move on)."""
        self.index += len(paragraphs)
        for p in paragraphs if self.page else ():
            self._turn(p)
        if self.numbering.used:
            for p in paragraphs:
                self.numbering.label(p)


def structure(doc: Document, path: Path = Path("-")) -> Structure:
    """The structure of an opened document."""
    d = Structure(path, doc, Resolver(doc))
    w = _Walker(d)
    for block in blocks(doc):
        if isinstance(block, Table):
            d.tables += 1
            _table(w, block)
            continue
        d.paragraphs.append(block)
        if w.stage in ("recipients", "signature") and block._p.xpath("./w:pPr/w:sectPr"):
            w.stage = "appendix"  # a section ends the signed document: appendices follow
            continue
        starts_noi_nhan = squash("".join(r.text for r in d.runs_in(block))).startswith("Nơi nhận")
        if w.stage == "body" and not starts_noi_nhan:
            lines = [ln for ln in w.para(block) if not TYPED_RULE.fullmatch(ln.text)]
            if lines:
                text = " ".join(line.text for line in lines)
                runs = tuple(r for line in lines for r in line.runs)
                first = lines[0]
                d.body.append(Line(text, block, runs, 0, None, w.index, first.auto_label,
                                   first.page, first.bullet))  # fmt: skip
            continue
        tabs = w.stage in ("header", "recipients", "signature") or starts_noi_nhan
        for line in w.para(block, tabs=tabs):
            w.stage = _place(d, line, w.stage)
    for section in doc.sections:  # header and footer paragraphs count for fonts and NFC
        for part in (section.header, section.first_page_header, section.footer):
            if not part.is_linked_to_previous:
                d.paragraphs += [Paragraph(p, part) for p in part._element.iter(P_TAG)]
    d.signer = [ln for ln in d.signer if not SIGNED.fullmatch(ln.text)]
    d.pages = saved_pages(doc)
    return d


def _table(w: _Walker, table: Table) -> None:
    d = w.d
    if w.stage in ("title", "subject") and one_cell(table):
        for p in cell_paragraphs(table.rows[0].cells[0]):  # a trích yếu typed in a box
            d.paragraphs.append(p)
            for line in w.para(p, table.rows[0].cells[0]):
                w.stage = _place(d, line, w.stage)
        return
    if not may_hold_blocks(table, w.stage):  # a data table: counted and numbered, no lines needed
        paras = table_paragraphs(table)
        d.paragraphs += paras
        w.skip(paras)
        return _data_table(w, table)
    lines_by_cell = []
    for column, count, cell in leaf_cells(table):
        paras = cell_paragraphs(cell)
        d.paragraphs += paras
        lines = [ln for p in paras for ln in w.para(p, cell, tabs=True)]
        lines_by_cell.append((column, count, lines))
    texts = [ln.text.upper() for _c, _n, lines in lines_by_cell for ln in lines]
    if w.stage == "header" and any("CỘNG HÒA XÃ HỘI" in t or "CỘNG HOÀ XÃ HỘI" in t for t in texts):
        for _column, _n, lines in lines_by_cell:
            for line in lines:
                _header_part(d, line, in_table=True, beside=line.in_cell_of(d.quoc_hieu))
        w.stage = "title"
    elif any(t.startswith("NƠI NHẬN") for t in texts) and w.stage != "appendix":
        for column, count, lines in lines_by_cell:
            # the left column holds Nơi nhận, the right one the signature, over every row
            here = any(ln.text.startswith("Nơi nhận") for ln in lines)
            if here or (column == 0 and count > 1):
                for line in lines:
                    if not _recipient(d, line) and line.text.startswith("("):
                        d.recipients_note = line
            else:
                d.signer += lines
        w.stage = "appendix"
    else:
        _data_table(w, table)
    return None


def _data_table(w: _Walker, table: Table) -> None:
    """A table of data: an appendix's after the signature, else one in the body."""
    d = w.d
    if w.stage in ("appendix", "recipients", "signature"):
        d.appendix_tables.append(table)
        d.tail.append(table)
        w.stage = "appendix"
    else:  # a table in the body (the table-header rule looks at the long ones too)
        d.body_tables.append((len(d.body), table))
        if len(table.rows) > 1:
            d.appendix_tables.append(table)


def _place(d: Structure, line: Line, stage: str) -> str:
    """Put a line outside tables in its place; returns the next stage."""
    text = line.text
    if stage == "header" and _header_part(d, line, in_table=False):
        return stage
    if stage not in ("recipients", "signature") and TYPED_RULE.fullmatch(text):
        return stage  # a rule typed with underscores or dashes: the line rules report it
    if stage in ("header", "title"):
        if _is_title(text, stage):
            d.title = line
            return "subject"
        if text.startswith("V/v"):
            d.subject.append(line)
            return "title"
        if text.startswith("Kính gửi"):
            d.kinh_gui.append(line)
            return "kinh_gui"
        if stage == "title":
            d.body.append(line)
            return "body"
    if stage == "subject":
        if text.startswith("(") and "kèm theo" in text.lower():
            d.attachment = line
            return stage
        if text.startswith("Kính gửi"):
            d.kinh_gui.append(line)
            return "kinh_gui"
        previous = d.subject[-1].text if d.subject else ""
        after_lower = previous and text == text.upper() and previous != previous.upper()
        ends = _is_label(text) or after_lower or STRUCTURE.match(text)
        if d.fmt.paragraph(line.para).align == "center" and not ends:
            d.subject.append(line)  # (a line in capitals after them: a decision's authority)
            return stage
        d.body.append(line)
        return "body"
    if stage == "kinh_gui":
        if text.startswith(("-", "+")) or (len(text) < 80 and not text.endswith(".")):
            d.kinh_gui.append(line)
            return stage
        d.body.append(line)
        return "body"
    if stage == "body":
        if text.startswith("Nơi nhận"):
            d.noi_nhan = line
            return "recipients"
        d.body.append(line)
        return stage
    if stage in ("recipients", "signature"):
        if line.column == 0 and _recipient(d, line):
            return stage
        if line.column == 0 and text.startswith("(") and d.noi_nhan is not None:
            d.recipients_note = line  # a note under the recipients: "(thay b/c)"
            return stage
        if stage == "signature" and _APPENDIX.match(text):
            d.tail.append(line)
            return "appendix"
        d.signer.append(line)
        return "signature"
    if stage == "appendix":
        d.tail.append(line)
    return stage


def _recipient(d: Structure, line: Line) -> bool:
    """Nơi nhận, or one of its items; False for a line that belongs to neither."""
    if line.text.startswith("Nơi nhận"):
        d.noi_nhan = line
        return True
    if line.text.startswith(("-", "+")) and d.noi_nhan is not None:
        d.recipients.append(line)
        return True
    return False


def _header_part(
    d: Structure, line: Line, in_table: bool, beside: bool = False, whole: bool = True
) -> bool:
    """Put ``line`` in its place in the header block; False if it is not part of it. A
    paragraph that holds both columns, pushed apart with spaces, is taken as two lines."""
    raw = text_of(line.para)
    split = _RIGHT_PART.search(raw) if whole and squash(raw) == line.text else None
    if split and raw[: split.start()].strip():
        left = replace(line, text=squash(raw[: split.start()]))
        right = replace(line, text=squash(raw[split.end() :]), column=1)
        for part in (left, right):
            _header_part(d, part, in_table, beside, whole=False)
        return True
    text = line.text
    upper = text.upper()
    if "CỘNG H" in upper and "VIỆT NAM" in upper:
        d.quoc_hieu = line
    elif "ĐỘC LẬP" in upper and "TỰ DO" in upper:
        d.tieu_ngu = line
    elif re.match(r"^Số\b", text):
        d.number = line
    elif re.search(r",\s*ngày\b.*\bnăm\b", text):
        d.date = line
    elif text.startswith("V/v") or (in_table and d.subject and line.in_cell_of(d.subject[-1])):
        d.subject.append(line)  # a công văn's trích yếu, under its number
    elif set(text) <= set("_-–—. "):
        pass  # a typed line; the line rules report it
    elif beside or (not in_table and (d.number or d.date or _is_title(text, "header"))):
        return False
    elif upper == text:
        d.agency.append(line)
    else:
        return in_table
    return True


def _is_label(text: str) -> bool:
    return bool(nd30.OUTLINE_LABEL.match(text))


def _is_title(text: str, stage: str) -> bool:
    """A tên loại: a type of Phụ lục III (alone or leading the line: "KẾ HOẠCH, NHIỆM VỤ"), or,
    after the header block, a short line in capitals."""
    if title_kind(text):
        return True
    return (
        stage == "title"
        and text.upper() == text
        and any(c.isalpha() for c in text)
        and len(text) < 60
        and not _is_label(text)
    )
