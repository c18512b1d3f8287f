"""Appendices: heading, title, the "Ban hành kèm theo" line and the task table (group rows
numbered 1, 2 …, task rows 1.1, 1.2 …, subtasks a, b, c …)."""

from __future__ import annotations

from typing import Any

from ... import nd30
from .. import schema
from ..load import Path_
from .scope import Scope
from .types import AppendixModel, Cell, Para, Run, TableRow

COLUMN_HEADERS = {"tt": "TT", "content": "Nhiệm vụ", **schema.TASK_FIELDS}
DEFAULT_COLUMNS = ["tt", "content", "lead", "coordinating", "timeline"]
COLUMN_WEIGHTS = {"tt": 0.55, "content": 4.0, "timeline": 1.6}  # others: 2.0
CENTRED_COLUMNS = ("tt", "timeline")


def appendix(
    scope: Scope, index: int, count: int, appendix: schema.Appendix, context: dict[str, Any],
    path: Path_,
) -> AppendixModel:  # fmt: skip
    """The ``index``-th of ``count`` appendices."""
    heading = appendix.heading or ("Phụ lục" if count == 1 else f"Phụ lục {nd30.roman(index)}")
    if appendix.note is not None:
        note = appendix.note
    else:
        kind = nd30.KINDS[scope.doc.kind]
        note = scope.standard_text(kind.appendix_note, context, (*path, "note"))
    keys = [c.key for c in appendix.columns] or DEFAULT_COLUMNS
    labels = {**COLUMN_HEADERS, **{c.key: c.header for c in appendix.columns if c.header}}
    weights = [COLUMN_WEIGHTS.get(k, 2.0) for k in keys]
    widths = [nd30.LANDSCAPE_TEXT_WIDTH_MM * w / sum(weights) for w in weights]
    rows = [TableRow(tuple(Cell(labels[k], "VBBangTieuDe") for k in keys), header=True)]
    _rows(scope, appendix.rows, keys, "", rows)
    paragraphs = [Para("VBNoiDung", (Run(t),)) for t in appendix.text]
    return AppendixModel(heading, list(appendix.title), note, paragraphs, widths, rows)


def _rows(
    scope: Scope, items: list[schema.Row], keys: list[str], parent: str, out: list[TableRow]
) -> None:
    for i, row in enumerate(items, start=1):
        number = f"{parent}.{i}" if parent else str(i)
        if row.group is not None:
            cells = [Cell(row.group, "VBBangNhom", span=len(keys))]
            if "tt" in keys:
                cells = [
                    Cell(number, "VBBangTieuDe"),
                    Cell(row.group, "VBBangNhom", span=len(keys) - 1),
                ]
            out.append(TableRow(tuple(cells)))
            _rows(scope, row.rows, keys, number, out)
            continue
        task = scope.task(row.task)
        if not task:
            scope.inline_tasks += 1 + len(row.subtasks)
        out.append(_task_row(row, task, number, keys))
        subtasks = row.subtasks or (task.subtasks if task else [])
        for k, sub in enumerate(subtasks, start=1):
            out.append(_task_row(sub, None, nd30.letter(k), keys))


def _task_row(row: Any, task: schema.Task | None, number: str, keys: list[str]) -> TableRow:
    def value(key: str) -> str:
        if key == "tt":
            return number
        return getattr(row, key, None) or (getattr(task, key, None) if task else None) or ""

    return TableRow(
        tuple(Cell(value(k), "VBBangGiua" if k in CENTRED_COLUMNS else "VBBang") for k in keys)
    )
