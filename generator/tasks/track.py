"""`vanban track`'s workbook (.xlsx): the plan's task list, one row per task in the plan's order,
with the columns a clerk fills in over the year. `--update` (:mod:`track_update`) follows a
changed plan in the clerk's own workbook; the report reads it back (:func:`read_sheet`)."""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .. import nd30
from ..errors import VanbanError
from ..i18n import _
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


def normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", plain(text)).lower().split())


def key_of(task: TaskItem) -> str:
    """A task's row key: its id, else a digest of its text (so a reordered plan keeps rows)."""
    return task.id or digest(task.content)


def digest(content: str) -> str:
    return hashlib.sha1(normal(content).encode()).hexdigest()[:10]


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
        words = normal(task.content)
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


def plan_values(task: TaskItem, year: int) -> dict:
    """The plan's columns of a task's row (and its key)."""
    return {
        **{f.key: task.value(f.key) for f in tracked_fields()},
        "number": task.number, "content": plain(task.content), "lead": task.owner,
        "deadline": deadline(task.value("timeline"), year), "key": key_of(task),
    }  # fmt: skip


def cell_style(cell, key: str) -> None:
    """The look of a cell of the task table in column ``key``."""
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin")
    cell.font = Font(name=nd30.FONT, size=12)
    cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    if key == "deadline":
        cell.number_format = "dd/mm/yyyy"


def row_lines(values: dict) -> int:
    """About how many lines the row of ``values`` is high."""
    widths = {key: width for key, _h, width in COLUMNS}
    return max([1] + [_lines(v, widths[k]) for k, v in values.items()
                      if isinstance(v, str) and k != "key" and k in widths])  # fmt: skip


def workbook(model: DocModel) -> bytes:
    """A new tracking workbook of ``model``."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    from .book import put

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    bold = Font(name=nd30.FONT, size=12, bold=True)
    thin = Side(style="thin")
    for col, (_key, header, width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(HEADER_ROW, col, header)
        cell.font, cell.border = bold, Border(left=thin, right=thin, top=thin, bottom=thin)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.row_dimensions[HEADER_ROW].height = LINE_PT * 2 + 3
    sheet.column_dimensions[get_column_letter(len(COLUMNS))].hidden = True
    title_rows(sheet, model, HEADER_ROW, merge=True)
    where = {key: i for i, (key, _h, _w) in enumerate(COLUMNS, start=1)}
    for row, task in enumerate(model.tasks, start=HEADER_ROW + 1):
        values = plan_values(task, model.year) | {"progress": NOT_STARTED}
        for key, col in where.items():
            cell = sheet.cell(row, col)
            cell_style(cell, key)
            put(cell, values.get(key) or None)
        sheet.row_dimensions[row].height = LINE_PT * row_lines(values) + 3
    add_rules(sheet, HEADER_ROW, max(HEADER_ROW + 1, HEADER_ROW + len(model.tasks)), where)
    sheet.freeze_panes = f"C{HEADER_ROW + 1}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def title_rows(sheet, model: DocModel, header: int, merge: bool = False) -> None:
    """The plan's title above the header row (rows 1-2), when the sheet has them there."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from .book import put

    if header != HEADER_ROW:
        return
    for row, text in enumerate(_title(model), start=1):
        cell = sheet.cell(row, 1)
        if merge:
            cell.font = Font(name=nd30.FONT, size=12, bold=row == 1, italic=row == 2)
            cell.alignment = Alignment(horizontal="center", wrap_text=True)
            sheet.merge_cells(f"A{row}:{get_column_letter(len(COLUMNS))}{row}")
        put(cell, text)


def add_rules(sheet, header: int, last: int, where: dict[str, int], replace: bool = False) -> None:
    """Tiến độ's drop-down list and the overdue / done colours over the task rows (``replace``:
    vanban's earlier ones are taken away first; the clerk's own stay)."""
    from openpyxl.formatting.formatting import ConditionalFormattingList
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    listed = '"' + ",".join(PROGRESS) + '"'
    if replace:
        validations = sheet.data_validations.dataValidation
        validations[:] = [v for v in validations if v.formula1 != listed]
        rules = ConditionalFormattingList()
        for cf in sheet.conditional_formatting:
            for rule in cf.rules:
                if not any(f'"{DONE}"' in f for f in rule.formula or []):
                    rules.add(cf.sqref, rule)
        sheet.conditional_formatting = rules
    first = header + 1
    cols = {key: get_column_letter(col) for key, col in where.items()}
    last_column = get_column_letter(max(where.values(), default=1))
    if "progress" in cols:
        choices = DataValidation(type="list", formula1=listed, allow_blank=True,
                                 showErrorMessage=True)  # fmt: skip
        choices.errorTitle = "Tiến độ"
        choices.error = "Chọn một trong: " + ", ".join(PROGRESS)
        sheet.add_data_validation(choices)
        choices.add(f"{cols['progress']}{first}:{cols['progress']}{last}")
    if "progress" in cols and "deadline" in cols:
        area = f"A{first}:{last_column}{last}"
        d, p = f"${cols['deadline']}{first}", f"${cols['progress']}{first}"
        sheet.conditional_formatting.add(area, FormulaRule(
            formula=[f'AND(ISNUMBER({d}),{d}<TODAY(),{p}<>"{DONE}")'], stopIfTrue=True,
            fill=PatternFill("solid", bgColor="FFC7CE"), font=Font(color="9C0006"),
        ))  # fmt: skip
        sheet.conditional_formatting.add(area, FormulaRule(
            formula=[f'{p}="{DONE}"'], fill=PatternFill("solid", bgColor="E2EFDA"),
        ))  # fmt: skip
    sheet.auto_filter.ref = f"A{header}:{last_column}{last}"
    sheet.print_title_rows = f"{header}:{header}"


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


def add_row(found: dict[str, Progress], texts: dict[str, str], cell: dict[str, str]) -> None:
    """One row of a tracking sheet (its cells by column key) into what was read: its progress
    by task key, and its task's text to match by; a duplicated row: the first."""
    key = cell.get("key") or digest(cell.get("content", ""))
    typed = [cell.get(k, "") for k in TYPED]
    typed[0] = _CANONICAL.get(typed[0].lower(), typed[0])  # "hoàn thành" is Hoàn thành
    found.setdefault(key, Progress(*typed, extra=cell))
    texts.setdefault(key, normal(cell.get("content", "")))


def read_sheet(path: Path) -> Sheet:
    """Read a tracking workbook, even one a clerk has sorted, filtered or added columns to:
    columns are found by their headers. A formula typed in a cell is read as its text, never
    evaluated."""
    from .book import grid, locate, open_book, text

    book = open_book(path)
    if SHEET not in book.sheetnames:
        raise VanbanError(_("{path}: no sheet named '{sheet}'").format(path=path, sheet=SHEET))
    sheet = book[SHEET]
    at, where = locate(sheet, path, {h: k for k, h, _w in COLUMNS})
    found: dict[str, Progress] = {}
    texts: dict[str, str] = {}
    for number, cells in sorted(grid(sheet).items()):
        if number <= at:
            continue
        cell = {k: text(cells[i].value) if i in cells else "" for k, i in where.items()}
        if not cell.get("content") and not any(cell.get(k) for k in TYPED):
            continue
        add_row(found, texts, cell)
    return Sheet(found, texts)


def require_tasks(model: DocModel) -> None:
    """A plan without tasks gives no workbook, no report and no assignments: say so."""
    if not model.tasks:
        raise VanbanError(_("The plan has no tasks (items with a lead, executing or "
                            "coordinating agency, a form or a timeline)"))  # fmt: skip
