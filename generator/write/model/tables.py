"""Tables: free tables (any columns, numbers summed in a total row) and the widths of any
table's columns, in millimetres, scaled down to the room the page leaves."""

from __future__ import annotations

from babel.numbers import format_decimal

from ...config import schema
from ...vocabulary import MEMBER_COLUMNS
from .text import emphasis
from .types import Cell, Run, TableModel, TableRow

MIN_COLUMN_MM = 10.0


def widths(requested: list[float | None], weights: list[float], room_mm: float) -> list[float]:
    """Column widths: those asked for, the others sharing what is left by ``weights``; all
    scaled down together when they add up to more than ``room_mm``."""
    if not any(requested):
        return [room_mm * w / sum(weights) for w in weights]
    given = sum(w for w in requested if w)
    missing = [wt for w, wt in zip(requested, weights, strict=True) if not w]
    rest = max(room_mm - given, MIN_COLUMN_MM * len(missing))
    out = [w if w else rest * wt / sum(missing) for w, wt in zip(requested, weights, strict=True)]
    total = sum(out)
    return [w * room_mm / total for w in out] if total > room_mm else out


def number(value: int | float) -> str:
    """15000000 -> 15.000.000, the Vietnamese digit grouping."""
    return format_decimal(value, locale="vi")


def lines(value: list[str] | int | float | None) -> tuple[tuple[Run, ...], ...]:
    """A cell's paragraphs: one per line, with emphasis; a number with its digit grouping."""
    if value is None:
        return ((Run(""),),)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return ((Run(number(value)),),)
    return tuple(emphasis(str(line)) for line in value) or ((Run(""),),)


def _align(column: schema.FreeColumn, value: object) -> str | None:
    if column.align:
        return column.align
    return "right" if isinstance(value, int | float) and not isinstance(value, bool) else None


def _head_rows(table: schema.FreeTable) -> list[TableRow]:
    """The header rows: the column titles, or ``head`` with its merged cells."""
    if not table.head:
        return [TableRow(tuple(Cell((emphasis(c.title),), "VBBangTieuDe") for c in table.columns),
                         header=True, keep=True)]  # fmt: skip
    count = len(table.columns)
    layout = schema.head_layout(table.head, count)
    grid: list[list[Cell | None]] = [[None] * count for _ in table.head]
    for r, (row, places) in enumerate(zip(table.head, layout, strict=True)):
        for cell, (col, down) in zip(row, places, strict=True):
            merge = "restart" if down > 1 else ""
            grid[r][col] = Cell((emphasis(cell.text),), "VBBangTieuDe", cell.span, None, merge)
            for dr in range(1, down):
                grid[r + dr][col] = Cell(((Run(""),),), "VBBangTieuDe", cell.span, None,
                                         "continue")  # fmt: skip
    return [TableRow(tuple(c for c in row if c is not None), header=True, keep=True)
            for row in grid]  # fmt: skip


def free_table(table: schema.FreeTable, room_mm: float) -> TableModel:
    """The model of a free table ``table`` in a page ``room_mm`` wide."""
    columns = table.columns
    count = len(columns)
    rows = _head_rows(table)
    sums = [0.0] * count
    for row in table.rows:
        if isinstance(row, schema.GroupRow):
            rows.append(TableRow((Cell((emphasis(row.group),), "VBBangNhom", count),),
                                 keep=table.keep_rows))  # fmt: skip
            continue
        cells = []
        for i, (column, value) in enumerate(zip(columns, row, strict=False)):
            if column.sum and isinstance(value, int | float) and not isinstance(value, bool):
                sums[i] += value
            cells.append(Cell(lines(value), "VBBang", 1, _align(column, value)))
        cells += [Cell(lines(None)) for _ in range(count - len(cells))]
        rows.append(TableRow(tuple(cells), keep=table.keep_rows))
    if table.total is not None:
        rows.append(TableRow(_total(table, sums), keep=True))
    requested = [c.width for c in columns]
    return TableModel(widths(requested, [1.0] * count, room_mm), rows)


def _total(table: schema.FreeTable, sums: list[float]) -> tuple[Cell, ...]:
    """The total row: the label across the columns before the first sum, then the sums."""
    cells: list[Cell] = []
    span = 0
    for column, total in zip(table.columns, sums, strict=True):
        if not column.sum:
            span += 1
            continue
        if span:
            label = table.total if not cells else ""
            cells.append(Cell((emphasis(label),), "VBBangTieuDe", span, "center"))
            span = 0
        value = int(total) if float(total).is_integer() else total
        cells.append(Cell(((Run(number(value)),),), "VBBangTieuDe", 1, column.align or "right"))
    if span:
        cells.append(Cell((emphasis(table.total if not cells else ""),), "VBBangTieuDe", span))
    return tuple(cells)


def members_table(members: list[schema.Member]) -> schema.FreeTable:
    """The table a decision setting up a Ban Chỉ đạo carries: STT, Họ và tên, Chức vụ, Nhiệm
    vụ trong Ban, one row per member in the order given."""
    return schema.FreeTable(
        columns=[schema.FreeColumn(title=t, width=w, align=a) for t, w, a in MEMBER_COLUMNS],
        rows=[[[str(i)], [m.name], [m.position], [m.role]] for i, m in enumerate(members, 1)],
        keep_rows=True,
    )


def table_of(item: schema.Node | schema.Appendix) -> schema.FreeTable | None:
    """An item's (or appendix's) free table: its ``table``, or its ``members``' table."""
    return members_table(item.members) if item.members else item.table
