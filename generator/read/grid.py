"""A table as Word lays it out: every row as many cells as the table has grid columns, a cell
merged across columns (``gridSpan``) or down rows (``vMerge``) at each place it covers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docx.oxml.ns import qn
from docx.table import Table, _Cell

from .lines import cell_text, squash


@dataclass(frozen=True)
class Place:
    """One grid place: the cell that covers it, whether the cell starts here (its top-left
    place), and the cell's span across columns and down rows."""

    cell: _Cell | None
    origin: bool = True
    span: int = 1
    down: int = 1
    below: bool = False  # covered by a cell merged down from a row above

    @property
    def text(self) -> str:
        return squash(cell_text(self.cell)) if self.cell is not None and self.origin else ""


_MAX_COLUMNS = 63  # Word's own limit


def _count(element: Any, default: int) -> int:
    """A w:val count, 0 … 63 (a hostile or broken file may say anything)."""
    try:
        value = int(element.get(qn("w:val"), default)) if element is not None else default
    except ValueError:
        return default
    return max(0, min(value, _MAX_COLUMNS))


def grid(table: Table) -> list[list[Place]]:
    """The places of ``table`` row by row, each row as wide as the grid."""
    width = min(len(table._tbl.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}")), _MAX_COLUMNS)
    out: list[list[Place]] = []
    for tr in table._tbl.findall(qn("w:tr")):
        row: list[Place] = []
        for _n in range(_count(tr.find(f"{qn('w:trPr')}/{qn('w:gridBefore')}"), 0)):
            row.append(Place(None))
        for tc in tr.findall(qn("w:tc")):
            if len(row) >= _MAX_COLUMNS:
                break
            pr = tc.find(qn("w:tcPr"))
            span = max(1, _count(pr.find(qn("w:gridSpan")) if pr is not None else None, 1))
            merge = pr.find(qn("w:vMerge")) if pr is not None else None
            col = len(row)
            above = out[-1][col] if out and col < len(out[-1]) else None
            if merge is not None and merge.get(qn("w:val"), "continue") == "continue" and above:
                row += [Place(above.cell, False, span, 1, True)] * span
                _grow(out, col, above.cell)
                continue
            cell = _Cell(tc, table)
            row.append(Place(cell, True, span))
            row += [Place(cell, False, span)] * (span - 1)
        row = row[:_MAX_COLUMNS]
        row += [Place(None)] * (max(width, len(row)) - len(row))
        out.append(row)
    widest = max((len(r) for r in out), default=0)
    return [r + [Place(None)] * (widest - len(r)) for r in out]


def _grow(out: list[list[Place]], col: int, cell: _Cell | None) -> None:
    """The cell ``cell`` starting above, in column ``col``, covers one more row."""
    for r in reversed(out):
        top = r[col]
        if top.origin and top.cell is not None and cell is not None and top.cell._tc is cell._tc:
            r[col] = Place(top.cell, True, top.span, top.down + 1)
            return


def header_rows(places: list[list[Place]]) -> int:
    """How many rows make the header: the first, and the rows below it that a header cell
    reaches down into or that split a header cell merged across columns."""
    if not places:
        return 0
    count = 1
    while count < len(places):
        last = places[count - 1]
        reaches = any(p.origin and i + p.down > count
                      for i, row in enumerate(places[:count]) for p in row)  # fmt: skip
        splits = any(p.origin and p.span > 1 for p in last) and not any(
            p.origin and p.span > 1 for p in places[count]
        )
        if not (reaches or splits) or count >= 4:
            break
        count += 1
    return count
