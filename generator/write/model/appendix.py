"""Appendices: heading, title, subtitle, the "(Kèm theo …)" line, and a table: task columns
(group rows numbered 1, 2 …, task rows 1.1, 1.2 …, subtasks a, b, c …) or a free table."""

from __future__ import annotations

from typing import Any

from ... import nd30
from ...config import schema
from ...config.load import Path_
from ...vocabulary import DEFAULT_COLUMNS, column_headers, kind_of
from .scope import Scope
from .tables import free_table, lines, table_of, widths
from .text import emphasis, para
from .types import AppendixModel, Cell, Run, TableModel, TableRow

COLUMN_HEADERS = column_headers()
COLUMN_WEIGHTS = {"tt": 0.55, "content": 4.0, "timeline": 1.6}  # others: 2.0
CENTRED_COLUMNS = ("tt", "timeline")


def appendix(
    scope: Scope, index: int, count: int, appendix: schema.Appendix, context: dict[str, Any],
    path: Path_,
) -> AppendixModel:  # fmt: skip
    """The ``index``-th of ``count`` appendices."""
    heading = appendix.heading
    if heading is None:  # "" prints none
        heading = "Phụ lục" if count == 1 else f"Phụ lục {nd30.roman(index)}"
    if appendix.note is not None:
        note = appendix.note
    else:
        kind = kind_of(scope.doc.kind)
        note = scope.standard_text(kind.appendix_note, context, (*path, "note"))
    room = nd30.LANDSCAPE_TEXT_WIDTH_MM
    scope.section = heading or (appendix.title[0] if appendix.title else "")
    if table_of(appendix) is not None:
        table: TableModel | None = free_table(table_of(appendix), room)
    elif appendix.rows or appendix.columns:
        table = _task_table(scope, appendix, room)
    else:
        table = None
    return AppendixModel(
        heading=heading,
        title=[para("VBTieuDePhuLuc", line) for line in appendix.title],
        subtitle=[para("VBTieuDePhuLuc", line) for line in appendix.subtitle],
        note=para("VBKemTheo", note) if note else None,
        paragraphs=[para("VBNoiDung", t) for t in appendix.text],
        table=table,
    )


def _task_table(scope: Scope, appendix: schema.Appendix, room: float) -> TableModel:
    columns = appendix.columns or [schema.Column(key=k) for k in DEFAULT_COLUMNS]
    keys = [c.key or f"={c.title}" for c in columns]  # "=Sản phẩm": a column of row.cells
    labels = {**COLUMN_HEADERS, **{c.key: c.header for c in columns if c.header},
              **{f"={c.title}": c.title for c in columns if c.title}}  # fmt: skip
    aligns = {k: c.align for k, c in zip(keys, columns, strict=True)}
    weights = [COLUMN_WEIGHTS.get(k, 2.0) for k in keys]
    header = TableRow(tuple(Cell((emphasis(labels[k]),), "VBBangTieuDe") for k in keys),
                      header=True, keep=True)  # fmt: skip
    rows = [header]
    _rows(scope, appendix.rows, keys, aligns, "", appendix.keep_rows, rows)
    return TableModel(widths([c.width for c in columns], weights, room), rows)


def _rows(
    scope: Scope, items: list[schema.Row], keys: list[str], aligns: dict[str, str | None],
    parent: str, keep: bool, out: list[TableRow],
) -> None:  # fmt: skip
    for i, row in enumerate(items, start=1):
        computed = f"{parent}.{i}" if parent else str(i)  # what a sub-row's number extends
        number = row.tt or computed
        if row.group is not None:
            group = emphasis(row.group)
            cells = [Cell((group,), "VBBangNhom", span=len(keys))]
            if "tt" in keys:
                cells = [Cell(((Run(number),),), "VBBangTieuDe"),
                         Cell((group,), "VBBangNhom", span=len(keys) - 1)]  # fmt: skip
            out.append(TableRow(tuple(cells), keep=keep))
            _rows(scope, row.rows, keys, aligns, computed, keep, out)
            continue
        task = scope.task(row.task)
        if not task:
            scope.inline_tasks += 1 + len(row.subtasks)
        out.append(_task_row(row, task, number, keys, aligns, keep))
        scope.add_item(number, scope.section, row.content or (task.content if task else ""),
                       row, task)  # fmt: skip
        subtasks = row.subtasks or (task.subtasks if task else [])
        for k, sub in enumerate(subtasks, start=1):
            out.append(_task_row(sub, None, sub.tt or nd30.letter(k), keys, aligns, keep))
            scope.add_item(f"{number}.{nd30.letter(k)}", scope.section, sub.content, sub, None)


def _task_row(
    row: Any, task: schema.Task | None, number: str, keys: list[str],
    aligns: dict[str, str | None], keep: bool,
) -> TableRow:  # fmt: skip
    def cell(key: str) -> Cell:
        style = "VBBangGiua" if key in CENTRED_COLUMNS else "VBBang"
        if key == "tt":
            return Cell(((Run(number),),), style, 1, aligns[key])
        if key.startswith("="):
            value = getattr(row, "cells", {}).get(key[1:])
        else:
            value = getattr(row, key, None) or (getattr(task, key, None) if task else None)
        if isinstance(value, str):
            value = [value]
        return Cell(lines(value), style, 1, aligns[key])

    return TableRow(tuple(cell(k) for k in keys), keep=keep)
