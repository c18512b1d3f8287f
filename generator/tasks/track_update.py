"""`vanban track`: a new tracking workbook, or (``--update``) the clerk's own workbook changed in
place for a changed plan.

An update keeps everything the clerk added: her columns (with their cells' styles, comments and
links), her sheets, the rows she duplicated, the macros of a .xlsm, her own validations and
conditional formats. Only the plan's columns of each row are written again; rows follow the new
plan's order; a removed task whose row holds anything typed moves to the sheet "Đã bỏ khỏi kế
hoạch". What openpyxl cannot carry through a save is refused with a message (see :mod:`book`).
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from ..errors import VanbanError
from ..files import write_file
from ..i18n import _
from ..write.model import DocModel
from .book import Snap, grid, locate, open_book, put
from .book import text as cell_text
from .track import (
    COLUMNS,
    LINE_PT,
    NOT_STARTED,
    PLAN_COLUMNS,
    REMOVED_SHEET,
    SHEET,
    TYPED,
    TYPED_COLUMNS,
    Progress,
    add_rules,
    cell_style,
    digest,
    key_of,
    match,
    plan_values,
    require_tasks,
    row_lines,
    title_rows,
    workbook,
)
from .track import normal as normal_text

PLAN_KEYS = {key for key, _h, _w in PLAN_COLUMNS} | {"key"}


@dataclass(frozen=True)
class Update:
    path: Path
    sha256: str
    added: int
    removed: int
    kept: int


@dataclass
class OldRow:
    """A row of the clerk's sheet: its cells as she left them, what was typed, its key."""

    number: int
    cells: dict[int, Snap]
    progress: Progress
    height: float | None


def track(model: DocModel, out: Path, update: Path | None = None) -> Update:
    """Write the tracking workbook of ``model`` to ``out``; with ``update``, that workbook
    changed in place, keeping all that was typed and added in it."""
    require_tasks(model)
    if update is None:
        data = workbook(model)
        return Update(write_file(out, data), hashlib.sha256(data).hexdigest(),
                      len(model.tasks), 0, 0)  # fmt: skip
    book = open_book(update, keep=True)
    if SHEET not in book.sheetnames:
        raise VanbanError(_("{path}: no sheet named '{sheet}'").format(path=update, sheet=SHEET))
    sheet = book[SHEET]
    header, where = locate(sheet, update, {h: k for k, h, _w in COLUMNS})
    old = _old_rows(sheet, header, where)
    by_key: dict[str, list[OldRow]] = {}
    for row in old:
        by_key.setdefault(row.progress.extra["_key"], []).append(row)
    firsts = {k: rows[0].progress for k, rows in by_key.items()}
    texts = {k: normal_text(p.extra.get("content", "")) for k, p in firsts.items()}
    found, left = match(model.tasks, firsts, texts)
    owner = {id(p): k for k, p in firsts.items()}
    _clear(sheet, header)
    at = header + 1
    for task in model.tasks:
        progress = found.get(key_of(task))
        rows = by_key[owner[id(progress)]] if progress is not None else [None]
        for row in rows:
            _write_row(sheet, at, row, plan_values(task, model.year), where)
            at += 1
    last = max(at - 1, header + 1)
    add_rules(sheet, header, last, where, replace=True)
    title_rows(sheet, model, header)
    gone = [row for k in left for row in by_key[k] if _anything(row, where)]
    if gone:
        _set_aside(book, sheet, header, gone, where)
    out_bytes = io.BytesIO()
    book.save(out_bytes)
    data = out_bytes.getvalue()
    return Update(write_file(out, data), hashlib.sha256(data).hexdigest(),
                  len(model.tasks) - len(found), len(left), len(found))  # fmt: skip


def _old_rows(sheet, header: int, where: dict[str, int]) -> list[OldRow]:
    rows = []
    for number, cells in sorted(grid(sheet).items()):
        if number <= header or all(c.value is None for c in cells.values()):
            continue
        values = {k: cell_text(cells[c].value) if c in cells else "" for k, c in where.items()}
        typed = [values.get(k, "") for k in TYPED]
        values["_key"] = values.get("key") or digest(values.get("content", ""))
        height = sheet.row_dimensions[number].height
        rows.append(OldRow(number, {c: Snap.of(cell) for c, cell in cells.items()},
                           Progress(*typed, extra=values), height))  # fmt: skip
    return rows


def _clear(sheet, header: int) -> None:
    """Empty every row under the header (its cells were kept as snaps)."""
    merged = [m for m in sheet.merged_cells.ranges if m.max_row > header]
    if merged:
        raise VanbanError(_("Cells are merged under the header row ({range}): unmerge them, "
                            "then update again").format(range=merged[0].coord))  # fmt: skip
    for key in [k for k in sheet._cells if k[0] > header]:
        del sheet._cells[key]
    for number in [n for n in sheet.row_dimensions if n > header]:
        del sheet.row_dimensions[number]


def _write_row(sheet, at: int, row: OldRow | None, values: dict, where: dict[str, int]) -> None:
    if row is not None:
        for column, snap in row.cells.items():
            snap.restore(sheet.cell(at, column))
        if row.height is not None:
            sheet.row_dimensions[at].height = row.height
    for key, column in where.items():
        cell = sheet.cell(at, column)
        if row is None:
            cell_style(cell, key)
            if key == "progress":
                put(cell, NOT_STARTED)
        if key in PLAN_KEYS:
            put(cell, values[key] or None)
    if row is None:
        sheet.row_dimensions[at].height = LINE_PT * row_lines(values) + 3


def _anything(row: OldRow, where: dict[str, int]) -> bool:
    """Whether a row holds something typed: a typed column, or any cell of the clerk's own."""
    ours = {where[k] for k in PLAN_KEYS if k in where}
    if row.progress.typed:
        return True
    progress = where.get("progress")
    return any(s.value not in (None, "") for c, s in row.cells.items()
               if c not in ours and c != progress)  # fmt: skip


def _set_aside(book, sheet, header: int, rows: list[OldRow], where: dict[str, int]) -> None:
    """Rows of removed tasks, with every cell as it was, under the headers of the removed
    sheet (a column of the clerk's own gets its header there too; the plan's own columns but
    the number and the task's text are left out)."""
    skip = {where[k] for k in PLAN_KEYS - {"number", "content"} if k in where}
    names = {c: cell_text(cell.value) for c, cell in grid(sheet).get(header, {}).items()}
    if REMOVED_SHEET in book.sheetnames:
        gone = book[REMOVED_SHEET]
    else:
        gone = book.create_sheet(REMOVED_SHEET)
        gone.append([h for _k, h, _w in PLAN_COLUMNS[:2]] + [h for _k, h, _w in TYPED_COLUMNS])
    top = grid(gone).get(1, {})
    columns = {cell_text(c.value): col for col, c in top.items() if c.value is not None}
    at = max((r for r in grid(gone)), default=1) + 1
    for row in rows:
        for column, snap in row.cells.items():
            name = names.get(column, "")
            if column in skip or (not name and snap.value is None):
                continue
            if name not in columns:
                columns[name] = max(columns.values(), default=0) + 1
                put(gone.cell(1, columns[name]), name or "…")
            snap.restore(gone.cell(at, columns[name]))
        at += 1
