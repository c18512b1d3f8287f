"""`vanban track`: the plan's task list as a tracking workbook (.xlsx), one row per task in the
plan's order, with the columns a clerk fills in over the year; `--update` follows a changed
plan without losing what was typed. The report reads the same workbook back (``progress``)."""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import nd30
from ..errors import VanbanError
from ..files import write_file
from ..i18n import _
from ..read.source import MAX_UNPACKED
from ..vocabulary import tracked_fields
from ..write.model import DocModel, TaskItem
from ..write.model.text import emphasis

# Tiến độ: the list a cell may take (data validation), in order
NOT_STARTED, IN_PROGRESS, DONE = "Chưa thực hiện", "Đang thực hiện", "Hoàn thành"
PROGRESS = (NOT_STARTED, IN_PROGRESS, DONE)
_CANONICAL = {p.lower(): p for p in PROGRESS}
SHEET = "Theo dõi"
REMOVED_SHEET = "Đã bỏ khỏi kế hoạch"  # rows of removed tasks that had something typed in
# (key, header, width in characters); the plan's columns, then the clerk's, then the row's key
_WIDTHS = {"timeline": 16}  # characters; a field's column is 22 wide unless given here
PLAN_COLUMNS = [
    ("number", "STT", 9), ("content", "Nội dung nhiệm vụ", 50),
    *[(f.key, f.label, _WIDTHS.get(f.key, 22)) for f in tracked_fields()],
    ("deadline", "Hạn hoàn thành", 12),
]  # fmt: skip
TYPED_COLUMNS = [("progress", "Tiến độ", 16), ("result", "Kết quả", 32),
                 ("evidence", "Minh chứng", 18), ("note", "Ghi chú", 14)]  # fmt: skip
KEY_COLUMN = ("key", "Mã", 14)
COLUMNS = [*PLAN_COLUMNS, *TYPED_COLUMNS, KEY_COLUMN]
TYPED = [key for key, _h, _w in TYPED_COLUMNS]
HEADER_ROW = 3  # rows 1-2: the plan's title
SIMILAR = 0.8  # an edited task keeps its row when its text is this close to the old one


@dataclass
class Progress:
    """What was typed in for one task."""

    progress: str = ""
    result: str = ""
    evidence: str = ""
    note: str = ""
    extra: dict[str, str] = field(default_factory=dict)  # the rest of the row, for the record

    @property
    def typed(self) -> bool:
        return any((self.result, self.evidence, self.note)) or self.progress not in (
            "",
            NOT_STARTED,
        )

    @property
    def done(self) -> bool:
        return self.progress == DONE


# --- deadlines --------------------------------------------------------------------------------
_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?:/(\d{4}))?(?![\d/])")
_LONG_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+(\d{4}))?", re.I)
_MONTHS = re.compile(r"tháng\s+((?:\d{1,2}\s*(?:,|và|-)\s*)*\d{1,2})(?:\s*(?:/|năm)\s*(\d{4}))?",
                     re.I)  # fmt: skip
_QUARTERS = re.compile(r"quý\s+([IV]+)(?:\s*(?:/|năm)\s*(\d{4}))?", re.I)
_YEAR_AFTER = re.compile(r"(?:/|năm)\s*(\d{4})")


def deadline(text: str, year: int) -> dt.date | None:
    """The last day ``text`` allows when it names a date, a month or a quarter ("Trước ngày
    10/3/2026", "Tháng 6, 11/2026", "Quý I, Quý II năm 2026"); None for "Thường xuyên", a year
    or a period. A month or quarter without its year is in the plan's ``year``."""
    text = unicodedata.normalize("NFC", text)
    found: list[dt.date] = []

    def add(y: int, m: int, d: int | None = None) -> None:
        if 1 <= m <= 12 and 1945 <= y <= 2200:
            last = calendar.monthrange(y, m)[1]
            if d is None or 1 <= d <= last:
                found.append(dt.date(y, m, d or last))

    spans = []
    for pattern in (_LONG_DATE, _DATE):
        for m in pattern.finditer(text):
            add(int(m[3] or year), int(m[2]), int(m[1]))
            spans.append(m.span())
    rest = "".join(" " if any(a <= i < b for a, b in spans) else c for i, c in enumerate(text))
    for m in _MONTHS.finditer(rest):
        later = m[2] or _first_year(rest[m.end() :])
        for month in re.findall(r"\d{1,2}", m[1]):
            add(int(later or year), int(month))
    for m in _QUARTERS.finditer(rest):
        quarter = nd30.roman_value(m[1].upper())
        if 1 <= quarter <= 4:
            add(int(m[2] or _first_year(rest[m.end() :]) or year), quarter * 3)
    return max(found) if found else None


def _first_year(text: str) -> str | None:
    """The year a list of months or quarters ends with: "Quý I, Quý II năm 2026" -> 2026."""
    m = _YEAR_AFTER.search(text[:40])
    return m[1] if m else None


# --- the rows ---------------------------------------------------------------------------------
def plain(text: str) -> str:
    """Config text without its emphasis markup."""
    return "".join(r.text for r in emphasis(text))


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", plain(text)).lower().split())


def key_of(task: TaskItem) -> str:
    """A task's row key: its id, else a digest of its text (so a reordered plan keeps rows)."""
    return task.id or _digest(task.content)


def _digest(content: str) -> str:
    return hashlib.sha1(_normal(content).encode()).hexdigest()[:10]


def match(tasks: list[TaskItem], rows: dict[str, Progress], texts: dict[str, str]
          ) -> tuple[dict[str, Progress], list[str]]:  # fmt: skip
    """Pair every task with its old row: by key, else by text at least SIMILAR alike (an edited
    task). Returns the progress by task key, and the keys of the old rows left over."""
    left = dict(rows)
    found: dict[str, Progress] = {}
    unmatched = []
    for task in tasks:
        key = key_of(task)
        if key in left:
            found[key] = left.pop(key)
        else:
            unmatched.append(task)
    for task in unmatched:
        words = _normal(task.content)
        best, score = None, SIMILAR
        for old in left:
            ratio = difflib.SequenceMatcher(None, words, texts.get(old, "")).ratio()
            if ratio >= score:
                best, score = old, ratio
        if best is not None:
            found[key_of(task)] = left.pop(best)
    return found, list(left)


def _title(model: DocModel) -> list[str]:
    head = model.header
    return [
        f"THEO DÕI THỰC HIỆN {model.title} SỐ {head.number_text} {head.date_text.upper()}".replace(
            "  ", " "
        ),
        " ".join(model.subject),
    ]


def workbook(model: DocModel, kept: dict[str, Progress] | None = None,
             removed: list[Progress] | None = None) -> bytes:  # fmt: skip
    """The tracking workbook of ``model``, with ``kept`` typed values by task key."""
    from openpyxl import Workbook
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    kept = kept or {}
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    font, bold = Font(name=nd30.FONT, size=12), Font(name=nd30.FONT, size=12, bold=True)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    last_column = get_column_letter(len(COLUMNS))
    for row, text in enumerate(_title(model), start=1):
        sheet.cell(row, 1, text).font = bold if row == 1 else Font(name=nd30.FONT, size=12,
                                                                    italic=True)  # fmt: skip
        sheet.cell(row, 1).alignment = Alignment(horizontal="center", wrap_text=True)
        sheet.merge_cells(f"A{row}:{last_column}{row}")
    for col, (_key, header, width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(HEADER_ROW, col, header)
        cell.font, cell.border = bold, box
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.row_dimensions[HEADER_ROW].height = LINE_PT * 2 + 3
    sheet.column_dimensions[get_column_letter(len(COLUMNS))].hidden = True

    first = HEADER_ROW + 1
    for row, task in enumerate(model.tasks, start=first):
        typed = kept.get(key_of(task), Progress(progress=NOT_STARTED))
        values = {
            **{f.key: task.value(f.key) for f in tracked_fields()},
            "number": task.number, "content": plain(task.content), "lead": task.owner,
            "deadline": deadline(task.value("timeline"), model.year), "progress": typed.progress or
            NOT_STARTED, "result": typed.result, "evidence": typed.evidence, "note": typed.note,
            "key": key_of(task),
        }  # fmt: skip
        lines = 1
        for col, (key, _h, width) in enumerate(COLUMNS, start=1):
            cell = sheet.cell(row, col, values[key] or None)
            cell.font, cell.border, cell.alignment = font, box, wrap
            if key == "deadline":
                cell.number_format = "dd/mm/yyyy"
            elif isinstance(values[key], str) and key != "key":
                lines = max(lines, _lines(values[key], width))
        sheet.row_dimensions[row].height = LINE_PT * lines + 3  # spreadsheets do not fit rows
    last = max(first, HEADER_ROW + len(model.tasks))
    cols = {key: get_column_letter(i) for i, (key, _h, _w) in enumerate(COLUMNS, start=1)}

    choices = DataValidation(type="list", formula1='"' + ",".join(PROGRESS) + '"',
                             allow_blank=True, showErrorMessage=True)  # fmt: skip
    choices.errorTitle = "Tiến độ"
    choices.error = "Chọn một trong: " + ", ".join(PROGRESS)
    sheet.add_data_validation(choices)
    choices.add(f"{cols['progress']}{first}:{cols['progress']}{last}")

    area = f"A{first}:{last_column}{last}"
    d, p = f"${cols['deadline']}{first}", f"${cols['progress']}{first}"
    sheet.conditional_formatting.add(area, FormulaRule(
        formula=[f'AND(ISNUMBER({d}),{d}<TODAY(),{p}<>"{DONE}")'], stopIfTrue=True,
        fill=PatternFill("solid", bgColor="FFC7CE"), font=Font(color="9C0006"),
    ))  # fmt: skip
    sheet.conditional_formatting.add(area, FormulaRule(
        formula=[f'{p}="{DONE}"'], fill=PatternFill("solid", bgColor="E2EFDA"),
    ))  # fmt: skip

    sheet.freeze_panes = f"C{first}"
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last_column}{last}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True

    if removed:
        gone = book.create_sheet(REMOVED_SHEET)
        headers = [h for _k, h, _w in PLAN_COLUMNS[:2]] + [h for _k, h, _w in TYPED_COLUMNS]
        gone.append(headers)
        for old in removed:
            gone.append([old.extra.get("number"), old.extra.get("content"), old.progress,
                         old.result, old.evidence, old.note])  # fmt: skip
        for col, (_h, width) in enumerate(
            zip(headers, (9, 60, 16, 40, 24, 18), strict=True), start=1
        ):
            gone.column_dimensions[get_column_letter(col)].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


LINE_PT = 15.75  # the height of a line of 12 pt text in a cell


def _lines(text: str, width: int) -> int:
    """About how many lines ``text`` wraps to in a column ``width`` characters wide."""
    per_line = max(int(width * 1.2), 1)  # Times New Roman is narrower than the width's unit
    return sum(max(1, -(-len(line) // per_line)) for line in text.splitlines() or [""])


@dataclass
class Sheet:
    """A tracking workbook read back: what was typed, by row key, and each row's text."""

    rows: dict[str, Progress]
    texts: dict[str, str]  # normalised content by key, to follow an edited task
    removed: list[Progress]  # rows already set aside by an earlier update


def read_sheet(path: Path) -> Sheet:
    """Read a tracking workbook, even one a clerk has sorted, filtered or added columns to:
    columns are found by their headers."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    def refuse(reason: object) -> VanbanError:
        return VanbanError(_("{path}: not a tracking workbook (.xlsx): {reason}").format(
            path=path, reason=reason))  # fmt: skip

    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
        if sum(i.file_size for i in infos) > MAX_UNPACKED:  # a zip bomb is not opened
            raise refuse(_("too large"))
        book = load_workbook(path, data_only=True)
    except (OSError, zipfile.BadZipFile, InvalidFileException, KeyError, ValueError) as exc:
        raise refuse(getattr(exc, "strerror", None) or exc) from None
    if SHEET not in book.sheetnames:
        raise VanbanError(_("{path}: no sheet named '{sheet}'").format(path=path, sheet=SHEET))
    sheet = book[SHEET]
    headers = {h: k for k, h, _w in COLUMNS}
    rows = list(sheet.iter_rows(values_only=True))
    at = next((i for i, r in enumerate(rows[:20]) if "Tiến độ" in [_text(v) for v in r]), None)
    if at is None:
        raise VanbanError(_("{path}: no header row with 'Tiến độ'").format(path=path))
    where = {headers[_text(v)]: i for i, v in enumerate(rows[at]) if _text(v) in headers}
    found: dict[str, Progress] = {}
    texts: dict[str, str] = {}
    for values in rows[at + 1 :]:
        cell = {k: _text(values[i]) if i < len(values) else "" for k, i in where.items()}
        if not cell.get("content") and not any(cell.get(k) for k in TYPED):
            continue
        key = cell.get("key") or _digest(cell.get("content", ""))
        typed = [cell.get(k, "") for k in TYPED]
        typed[0] = _CANONICAL.get(typed[0].lower(), typed[0])  # "hoàn thành" is Hoàn thành
        found[key] = Progress(*typed, extra=cell)
        texts[key] = _normal(cell.get("content", ""))
    removed = []
    if REMOVED_SHEET in book.sheetnames:
        for values in list(book[REMOVED_SHEET].iter_rows(values_only=True))[1:]:
            number, content, *typed = [_text(v) for v in values] + [""] * 6
            removed.append(Progress(*typed[:4], extra={"number": number, "content": content}))
    return Sheet(found, texts, removed)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    return unicodedata.normalize("NFC", str(value)).strip()


@dataclass(frozen=True)
class Update:
    path: Path
    sha256: str
    added: int
    removed: int
    kept: int


def require_tasks(model: DocModel) -> None:
    """A plan without tasks gives no workbook, no report and no assignments: say so."""
    if not model.tasks:
        raise VanbanError(_("the plan has no tasks (items with a lead, executing or "
                            "coordinating agency, a form or a timeline)"))  # fmt: skip


def track(model: DocModel, out: Path, update: Path | None = None) -> Update:
    """Write the tracking workbook of ``model`` to ``out``; with ``update``, carry over what was
    typed in that workbook (rows of removed tasks move to a sheet of their own)."""
    require_tasks(model)
    kept: dict[str, Progress] = {}
    removed: list[Progress] = []
    left: list[str] = []
    if update is not None:
        old = read_sheet(update)
        kept, left = match(model.tasks, old.rows, old.texts)
        removed = old.removed + [old.rows[k] for k in left if old.rows[k].typed]
    data = workbook(model, kept, removed)
    path = write_file(out, data)
    return Update(path, hashlib.sha256(data).hexdigest(), len(model.tasks) - len(kept), len(left),
                  len(kept))  # fmt: skip
