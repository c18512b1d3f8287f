"""The config format, as pydantic models. Unknown keys are refused; README documents each key."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    create_model,
    model_validator,
)

from ..i18n import _
from ..nd30 import LABEL_STYLES, SHORT_DATE
from ..vocabulary import (
    AUTHORITIES,
    ROW_COLUMNS,
    TASK_FIELDS,
    WARD_KINDS,
    kind_of,
    written_kinds,
)

LabelStyle = Literal[LABEL_STYLES]  # type: ignore[valid-type]
FieldStyle = Literal["dash", "plain", "letter", "bullet", "none"]
FieldKey = Literal[tuple(TASK_FIELDS)]  # type: ignore[valid-type]
ColumnKey = Literal[(*ROW_COLUMNS, *TASK_FIELDS)]  # type: ignore[valid-type]


def _as_list(value: Any) -> Any:
    """Accept one string where a list of strings is expected."""
    return [value] if isinstance(value, str) else value


def _keys_as_text(value: Any) -> Any:
    """``{1: …}`` as ``{"1": …}``: a footnote's key as the text references it."""
    return {str(k): v for k, v in value.items()} if isinstance(value, dict) else value


def _as_lines(value: Any) -> Any:
    """Accept a block of text where a list of lines is expected (one line per line)."""
    if isinstance(value, str):
        return [line.strip() for line in value.strip().splitlines() if line.strip()]
    return value


_ISO_DATE = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})")


def _as_date_parts(value: Any) -> Any:
    """Accept 2026-05-07 or 07/05/2026 (the clerk's habit) as date parts, with a clear message
    for a date that does not exist."""
    if isinstance(value, dt.date):
        return {"year": value.year, "month": value.month, "day": value.day}
    if isinstance(value, int | float) or (isinstance(value, str) and not value.strip()):
        raise ValueError(_DATE_FORMS())
    if not isinstance(value, str):
        return value
    text = value.strip()
    m = _ISO_DATE.fullmatch(text) or SHORT_DATE.fullmatch(text)
    if not m:
        raise ValueError(_DATE_FORMS())
    year, month, day = int(m["year"]), int(m["month"]), int(m["day"])
    if not 1 <= month <= 12:
        raise ValueError(_("{text}: there is no month {month}").format(text=text, month=month))
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ValueError(
            _("{text}: month {month} of {year} has {last} days").format(
                text=text, month=month, year=year, last=last
            )
        )
    return {"year": year, "month": month, "day": day}


def _DATE_FORMS() -> str:
    return _(
        "must be a date such as 2026-05-07 or 07/05/2026, or {year: 2026, month: 2} for a draft"
    )


def _as_column(value: Any) -> Any:
    """``lead``, ``{lead: Cơ quan chủ trì}`` or ``{lead: Chủ trì, width: 30, align: center}``
    -> ``{key: lead, header: …, width: …, align: …}``."""
    if isinstance(value, str):
        return {"key": value}
    if isinstance(value, dict) and "key" not in value and "title" not in value:
        keys = [k for k in value if k not in ("width", "align", "header")]
        if len(keys) == 1:
            rest = {k: v for k, v in value.items() if k != keys[0]}
            return {"key": keys[0], "header": value[keys[0]], **rest}
    return value


def _glyph(value: str) -> str:
    if not 1 <= len(value) <= 2 or any(c.isspace() for c in value):
        raise ValueError(_("must be one bullet sign, such as • or -"))
    return value


Glyph = Annotated[str, AfterValidator(_glyph)]  # the sign of a Word bullet: •, -, ◦ …
Paragraphs = Annotated[list[str], BeforeValidator(_as_list)]
Lines = Annotated[list[str], BeforeValidator(_as_lines)]
NonEmptyLines = Annotated[list[str], BeforeValidator(_as_lines), Field(min_length=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DateParts(Strict):
    year: int = Field(ge=1945, le=2200)
    month: int | None = Field(default=None, ge=1, le=12)
    day: int | None = Field(default=None, ge=1, le=31)


def _written_kind(value: str) -> str:
    """A kind vanban writes (read from the vocabulary at validation time)."""
    if not kind_of(value).written:
        keys = [repr(k) for k in written_kinds()]
        expected = " or ".join([", ".join(keys[:-1]), keys[-1]] if len(keys) > 1 else keys)
        raise ValueError(_("must be one of: {expected}").format(expected=expected))
    return value


def _has_letters(value: str) -> str:
    if not any(c.isalnum() for c in value):
        raise ValueError(_("must be the ward's name (found «{name}»)").format(name=value))
    return value


class Ward(Strict):
    name: Annotated[str, AfterValidator(_has_letters)]
    kind: Literal[WARD_KINDS] = "phường"  # type: ignore[valid-type]
    place: str | None = None  # địa danh; default: the ward's name
    province: str | None = None  # tỉnh / thành phố, for {{ ward.province }} and bulk reports


class Agency(Strict):
    parent: str | None = None  # tên cơ quan chủ quản, if any
    name: Lines = []  # lines of the issuing agency; default: ỦY BAN NHÂN DÂN / PHƯỜNG X
    abbreviation: str = "UBND"
    full_name: str | None = None  # in running text; default: Ủy ban nhân dân phường X


class FieldSettings(Strict):
    style: FieldStyle = "dash"
    labels: dict[FieldKey, str] = {}
    end: str = "."  # what a field line ends with, unless its value ends in punctuation


def _as_cell(value: Any) -> Any:
    """A cell's lines: a list as it is, a ``|`` block split at its line breaks, a number as
    it is (a free table formats it)."""
    if isinstance(value, str):
        lines = [line.strip() for line in value.strip().splitlines() if line.strip()]
        return lines or [""]
    if not isinstance(value, list):
        raise ValueError(_("must be text, or a list of lines"))
    return value


# Text of a field or a table cell: one line, or several (a list, or a | block).
CellLines = Annotated[list[str], BeforeValidator(_as_cell)]

# lead, executing, coordinating …: each optional, one line or several
TaskFields: type[Strict] = create_model(
    "TaskFields", __base__=Strict, **{key: (CellLines | None, None) for key in TASK_FIELDS}
)


class Task(TaskFields):
    id: str | None = None
    content: str
    subtasks: list[Task] = []  # lettered sub-rows in an appendix table
    cells: dict[str, CellLines] = {}  # an appendix table's columns that are no task field
    tt: str | None = None  # the number in the TT column as typed (default: a, b, c …)


class Member(Strict):
    """A member of a Ban Chỉ đạo (or any board) a decision sets up: one row of its table."""

    name: str  # Ông Nguyễn Văn A
    position: str = ""  # Chủ tịch UBND phường
    role: str = "Thành viên"  # Trưởng ban, Phó Trưởng ban, Thành viên …


class Node(TaskFields):
    heading: str | None = None
    text: Paragraphs = []
    task: str | None = None  # id of a task in ``tasks``
    fields: dict[str, str] = {}  # more "Label: value" lines
    field_style: FieldStyle | None = None
    labels: dict[FieldKey, str] = {}
    numbering: LabelStyle | None = None  # how the children are labelled
    bullet: Glyph | None = None  # numbering or field_style bullet: the glyph Word draws (•)
    end: str | None = None  # what its field lines end with (default: fields.end)
    table: FreeTable | None = None  # a table in the body
    members: list[Member] = []  # a Ban Chỉ đạo's members, printed as their table
    children: list[Node] = []


Align = Literal["left", "center", "right", "justify"]


class Column(Strict):
    key: ColumnKey | None = None
    header: str | None = None
    title: str | None = None  # a column that is no task field: each row's ``cells[title]``
    width: float | None = Field(default=None, gt=0)  # mm
    align: Align | None = None

    @model_validator(mode="after")
    def _key_or_title(self) -> Column:
        if (self.key is None) == (self.title is None):
            raise ValueError(_("a column is a task field (tt, content, lead …) or has a «title»"))
        return self


class FreeColumn(Strict):
    title: str
    width: float | None = Field(default=None, gt=0)  # mm; scaled down to fit the page
    align: Align | None = None
    sum: bool = False  # a total row adds this column up


class HeadCell(Strict):
    text: str = ""
    span: Annotated[int, Field(ge=1)] = 1  # columns it covers
    rows: Annotated[int, Field(ge=1)] = 1  # header rows it covers, down from its own


HeadCellValue = Annotated[HeadCell, BeforeValidator(lambda v: {"text": v} if isinstance(v, str)
                                                    else v)]  # fmt: skip


def head_layout(head: list[list[HeadCell]], count: int) -> list[list[tuple[int, int]]]:
    """Where each header cell starts, row by row: (column, rows below it covers); ValueError
    when a row does not fill the ``count`` columns exactly."""
    covered: dict[tuple[int, int], bool] = {}
    out = []
    for r, row in enumerate(head):
        col, places = 0, []
        for cell in row:
            while covered.get((r, col)):
                col += 1
            if col + cell.span > count or r + cell.rows > len(head):
                raise ValueError(r)
            places.append((col, cell.rows))
            for dr in range(cell.rows):
                for dc in range(cell.span):
                    covered[(r + dr, col + dc)] = True
            col += cell.span
        if sum(covered.get((r, c), False) for c in range(count)) != count:
            raise ValueError(r)
        out.append(places)
    return out


class GroupRow(Strict):
    group: str  # a bold row across the whole table


Value = Annotated[list[str], BeforeValidator(_as_cell)] | int | float | None


class FreeTable(Strict):
    columns: Annotated[list[FreeColumn], Field(min_length=1)]
    head: list[list[HeadCellValue]] = []  # header rows with merged cells, instead of the titles
    rows: list[list[Value] | GroupRow] = []
    total: str | None = None  # the label of a last bold row with the sums
    keep_rows: bool = False  # keep each row whole on its page


Node.model_rebuild()


class Row(TaskFields):
    group: str | None = None  # a bold row spanning the table
    task: str | None = None  # id of a task in ``tasks``
    content: str | None = None
    cells: dict[str, CellLines] = {}  # the columns that are no task field, by their title
    tt: str | None = None  # the number in the TT column as typed (default: 1, 1.1, a …)
    subtasks: list[Task] = []
    rows: list[Row] = []  # the rows of a group


class Appendix(Strict):
    heading: str | None = None  # default: "Phụ lục", or "Phụ lục I", "Phụ lục II" ...
    title: Lines = []  # optional: a heading alone is a one-line heading
    subtitle: Lines = []  # lines under the title
    note: str | None = None  # default: the "(Kèm theo ...)" line; "" for none
    text: Paragraphs = []
    columns: Annotated[
        list[Column],
        BeforeValidator(lambda v: [_as_column(c) for c in v] if isinstance(v, list) else v),
    ] = []
    rows: list[Row] = []
    keep_rows: bool = False  # keep each task row whole on its page
    table: FreeTable | None = None  # a free table instead of task columns and rows
    members: list[Member] = []  # a Ban Chỉ đạo's members, printed as their table


_TIME = re.compile(r"(?P<hour>\d{1,2})\s*(?::|h|giờ)\s*(?P<minute>\d{2})?\s*(?:phút)?", re.I)


def _as_time(value: Any) -> Any:
    """14:00, 14h30, 14 giờ 30 phút -> (14, 30). YAML reads an unquoted 14:00 as 840 minutes."""
    if isinstance(value, bool):
        raise ValueError(_("must be a time such as 14:00 or 14h30"))
    if isinstance(value, int):
        value = f"{value}:00" if value < 24 else f"{value // 60}:{value % 60:02d}"
    m = _TIME.fullmatch(value.strip()) if isinstance(value, str) else None
    if not m or int(m["hour"]) > 23 or int(m["minute"] or 0) > 59:
        raise ValueError(_("must be a time such as 14:00 or 14h30"))
    return (int(m["hour"]), int(m["minute"] or 0))


class Meeting(Strict):
    """What a giấy mời invites to."""

    title: str  # "Hội nghị triển khai …": printed "Tới dự hội nghị triển khai …"
    chair: str | None = None  # who chairs it: "Chủ trì: …"
    date: Annotated[DateParts, BeforeValidator(_as_date_parts)]
    time: Annotated[tuple[int, int], BeforeValidator(_as_time)]
    place: str
    invitees: Lines = []  # the thành phần mời; default: the agencies of ``plan``
    bullet: Glyph | None = None  # the invitees as Word's bullets with this glyph (•, -, …)
    notes: Paragraphs = []  # paragraphs after the place: what to bring, whom to call …


class Signer(Strict):
    collective: str | None = "ỦY BAN NHÂN DÂN"  # after TM.; null when the head signs as head
    authority: Literal[AUTHORITIES] | None = None  # type: ignore[valid-type]
    title: str = "CHỦ TỊCH"
    # the signer's own title under KT./TL./TUQ.; several lines for "TL. CHỦ TỊCH / KT. CHÁNH
    # VĂN PHÒNG / PHÓ CHÁNH VĂN PHÒNG"
    signer_title: Lines | None = None
    name: str


class Lineage(Strict):
    """Where a rolled-over config came from (written by ``vanban rollover``)."""

    source: str
    sha256: str
    year: int


class Document(Strict):
    kind: Annotated[str, AfterValidator(_written_kind)]
    template: str | None = None  # a .docx template instead of the bundled one
    year: int | None = Field(default=None, ge=1945, le=2200)
    number: int | None = Field(default=None, ge=1)
    date: Annotated[DateParts, BeforeValidator(_as_date_parts)]
    ward: Ward
    agency: Agency = Agency()
    title: str | None = None
    unit: str | None = None  # a công văn's ký hiệu: AGENCY-UNIT, 125/UBND-VHXH
    subject: NonEmptyLines
    kinh_gui: Lines = []  # Kính gửi: one recipient on its line, or several as a list
    issuer: str | None = None  # a decision's issuing authority line; default: from the signer
    proposal: Paragraphs = []  # a decision's "Theo đề nghị của …", after the căn cứ
    meeting: Meeting | None = None  # a giấy mời's meeting
    issues: str | None = None  # a decision's plan config, printed "kèm theo" it (Mẫu 1.3)
    plan: str | None = None  # a giấy mời's plan config: its hội nghị triển khai, its agencies
    basis: list[str] = []
    opening: Paragraphs | None = None  # one paragraph or several; "" for none
    fields: FieldSettings = FieldSettings()
    tasks: list[Task] = []
    body: list[Node] = []
    numbering: LabelStyle | None = None  # how the body's top items are labelled (default I.)
    bullet: Glyph | None = None  # numbering: bullet: the glyph Word draws (default •)
    closing: Paragraphs | None = None
    contact: Paragraphs = []  # who to contact, the body's last paragraphs
    appendices: list[Appendix] = []
    recipients: list[str] = []
    recipients_note: str | None = None
    archive: str | None = None
    signer: Signer
    vars: dict[str, Any] = {}
    aliases: dict[str, str] = {}  # another spelling of an agency -> its name (vanban extract)
    # footnotes, by the key that text references as [^key]: printed as Word footnotes
    footnotes: Annotated[dict[str, Paragraphs], BeforeValidator(_keys_as_text)] = {}
    lineage: Lineage | None = None
