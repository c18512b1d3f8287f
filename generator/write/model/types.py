"""The document model: what the renderer prints, already worded and numbered."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ...vocabulary import Kind


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    note: str | None = None  # a footnote reference: the key of its text in DocModel.footnotes


@dataclass(frozen=True)
class Para:
    """One paragraph: a style of the template and its runs."""

    style: str
    runs: tuple[Run, ...]
    bullet: tuple[str, ...] = ()  # Word's bullet glyphs, outer list first: its own is last

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class Cell:
    """A table cell: one paragraph of runs per line."""

    lines: tuple[tuple[Run, ...], ...]
    style: str = "VBBang"
    span: int = 1
    align: str | None = None  # overrides the style's: left | center | right | justify
    merge: str = ""  # "restart": merged with the cells below marked "continue"

    @property
    def text(self) -> str:
        return "\n".join("".join(r.text for r in line) for line in self.lines)


@dataclass(frozen=True)
class TableRow:
    cells: tuple[Cell, ...]
    header: bool = False  # repeats on every page, never split
    keep: bool = False  # never split across pages


@dataclass(frozen=True)
class TableModel:
    widths_mm: list[float]
    rows: list[TableRow]


@dataclass(frozen=True)
class Header:
    """The header block: agency, số/ký hiệu, place and date."""

    year: int
    agency_parent: str | None
    agency_lines: list[str]
    full_name: str  # the agency in running text
    number_text: str  # 05/KH-UBND
    date_text: str  # ngày 07 tháng 5 năm 2026
    place_date: str  # Nhị Chiểu, ngày 07 tháng 5 năm 2026


@dataclass(frozen=True)
class Signature:
    """Nơi nhận and the signature block."""

    recipients: list[str]
    recipients_note: str | None
    signer_lines: list[str]
    signer_name: str


@dataclass
class AppendixModel:
    heading: str
    title: list[Para]
    subtitle: list[Para]
    note: Para | None
    paragraphs: list[Para]
    table: TableModel | None


@dataclass(frozen=True)
class TaskItem:
    """One task as the plan prints it: what the tracking sheet, the assignments and the report
    are made of. The fields are plain text (several lines joined with ", "), by key."""

    number: str  # as printed, with its parents' labels: II.1.a)  (an appendix row: 1.2)
    section: str  # the top-level heading it sits under, or the appendix's heading
    content: str  # the task's text, with its emphasis markup
    fields: dict[str, str] = field(default_factory=dict)  # by key of vocabulary.TASK_FIELDS
    id: str | None = None  # the shared task's id, when it is one

    def value(self, key: str) -> str:
        """The text of the field ``key`` ("" when it has none)."""
        return self.fields.get(key, "")

    @property
    def owner(self) -> str:
        """Who answers for it: the lead agency, else the executing one."""
        return self.value("lead") or self.value("executing")


@dataclass
class AttachedText:
    """A plan issued with a decision (Mẫu 1.3), printed after it: its title, trích yếu and the
    "(Kèm theo Quyết định số …)" line, then its text; no number, date, Nơi nhận or signature."""

    title: str
    subject: list[str]
    note: Para
    basis: list[Para]
    opening: list[Para]
    body: list[Para | TableModel]
    closing: list[Para]
    appendices: list[AppendixModel]
    footnotes: dict[str, list[tuple[Run, ...]]] = field(default_factory=dict)


@dataclass
class DocModel:
    """Everything the renderer prints, already worded and numbered."""

    kind: Kind
    template: Path
    number: int | None
    ward: str
    header: Header
    title: str
    subject: list[str]
    basis: list[Para]
    opening: list[Para]  # the paragraphs before the body's first item
    body: list[Para | TableModel]
    closing: list[Para]
    signature: Signature
    appendices: list[AppendixModel] = field(default_factory=list)
    task_count: int = 0  # distinct tasks in the body and the appendix tables
    tasks: list[TaskItem] = field(default_factory=list)  # in the order printed
    footnotes: dict[str, list[tuple[Run, ...]]] = field(default_factory=dict)  # paragraphs
    vv: list[str] = field(default_factory=list)  # a công văn's "V/v …" lines, under the number
    kinh_gui_line: str | None = None  # "Kính gửi: X" (one recipient)
    kinh_gui_list: list[str] = field(default_factory=list)  # "- X;" … "- Y." (several)
    issuer: str | None = None  # a decision's issuing authority, under the trích yếu
    proposal: list[Para] = field(default_factory=list)  # "Theo đề nghị của …", after căn cứ
    enacts: str = ""  # "QUYẾT ĐỊNH:" above the articles
    attached: AttachedText | None = None  # the plan it issues (Mẫu 1.3)

    @property
    def year(self) -> int:
        return self.header.year
