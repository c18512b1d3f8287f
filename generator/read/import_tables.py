"""Tables read into config: every grid column kept and every cell in its place. A header of
merged cells (``gridSpan``, ``vMerge``, two header rows) becomes the free table's ``head``; a
table whose columns name task fields becomes task columns and rows, the other columns kept by
their titles."""

from __future__ import annotations

import math
import re
from typing import Any

from docx.table import Table

from .. import nd30
from ..config.expand import literal
from ..config.load import Path_
from ..i18n import _
from ..vocabulary import column_of
from .grid import Place, grid, header_rows
from .imported import Imported
from .lines import cell_text, squash, text_of


def _lines(place: Place) -> list[str]:
    if place.cell is None or not place.origin:
        return []
    texts = (squash(text_of(p)) for p in place.cell.paragraphs)
    return [literal(t) for t in texts if t]


def _titles(places: list[list[Place]], count: int) -> list[str]:
    """Each column's title: the text of the lowest header cell over it."""
    titles = [""] * len(places[0]) if places else []
    for row in places[:count]:
        for c, p in enumerate(row):
            if p.cell is not None and (p.origin or p.span > 1 or titles[c] == ""):
                origin = next((q for q in row[: c + 1][::-1] if q.origin and q.cell is p.cell), p)
                text = squash(cell_text(origin.cell)) if origin.cell is not None else ""
                titles[c] = text or titles[c]
    return titles


def _widths(places: list[list[Place]], table: Table, path: Path_) -> list[float | None]:
    """Each grid column's width in mm; scaled down (as vanban prints them) to the page's
    room, portrait in the body, landscape in an appendix, so that they read back the same."""
    cols = table._tbl.tblGrid.findall("{*}gridCol") if table._tbl.tblGrid is not None else []
    twips = [int(c.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}w", 0))
             for c in cols]  # fmt: skip
    mm = [t * 25.4 / 1440 for t in twips]
    room = nd30.LANDSCAPE_TEXT_WIDTH_MM if path[:1] == ("appendices",) else nd30.TEXT_WIDTH_MM
    full = bool(mm) and all(mm)
    if full and sum(mm) > room:  # a little under the room: not scaled again
        out: list[float | None] = [math.floor(w * (room - 0.2) / sum(mm) * 10) / 10 for w in mm]
    else:
        out = [round(w, 1) if w else None for w in mm]
        if full and sum(out) > room:  # type: ignore[arg-type]
            out = [math.floor(w * 10) / 10 for w in mm]
    return (out + [None] * len(places[0]))[: len(places[0])]


def _head(places: list[list[Place]], count: int) -> list[list[Any]]:
    head = []
    for row in places[:count]:
        cells: list[Any] = []
        for p in row:
            if not p.origin:
                continue
            text = literal(" ".join(_lines(p)))
            down = min(p.down, count - places.index(row))
            extra = {**({"span": p.span} if p.span > 1 else {}),
                     **({"rows": down} if down > 1 else {})}  # fmt: skip
            cells.append({"text": text, **extra} if extra else text)
        head.append(cells)
    return head


def free_table(table: Table, path: Path_, out: Imported) -> dict[str, Any]:
    """A free table: the column titles (or ``head``), widths, and rows cell by cell."""
    places = grid(table)
    if not places or not places[0]:
        return {"columns": [{"title": "…"}], "rows": []}
    count = header_rows(places)
    titles = _titles(places, count)
    widths = _widths(places, table, path)
    columns = [{"title": literal(t) or "…", **({"width": w} if w else {})}
               for t, w in zip(titles, widths, strict=True)]  # fmt: skip
    result: dict[str, Any] = {"columns": columns}
    if count > 1 or any(p.origin and (p.span > 1 or p.down > 1) for p in places[0]):
        result["head"] = _head(places, count)
        out.review(path, _("A header of merged cells: check its «head»"))
    out_rows: list[Any] = []
    merged = False
    for row in places[count:]:
        origins = [p for p in row if p.origin and p.cell is not None]
        if len(origins) == 1 and origins[0].span == len(row) and len(row) > 1:
            out_rows.append({"group": " ".join(_lines(origins[0]))})
            continue
        merged = merged or any(not p.origin for p in row)
        texts = [_lines(p) or [""] for p in row]
        out_rows.append([t[0] if len(t) == 1 else t for t in texts])
    result["rows"] = out_rows
    if merged:
        out.review(path, _("Cells merged in the rows: each kept in its own column, unmerged"))
    return result


def table_config(table: Table, path: Path_, out: Imported) -> dict[str, Any]:
    """An appendix's table: task columns and rows where the headers name task fields (the
    content and at least one more), a free table otherwise."""
    places = grid(table)
    count = header_rows(places) if places else 0
    if count != 1:
        return {"table": free_table(table, path, out)}
    header = _titles(places, count)
    keys = _column_keys(header)
    if "content" not in keys or not set(keys) - {"tt", "content", None}:
        out.review(path, _("A table whose columns are not all task fields: kept as a free table"))
        return {"table": free_table(table, path, out)}
    if None in keys:
        others = ", ".join(h for h, k in zip(header, keys, strict=True) if k is None)
        out.review(path, _("A task table: its rows are the plan's tasks; columns kept as they "
                           "are: {titles}").format(titles=others))  # fmt: skip
    return _task_table(places, _widths(places, table, path), keys, header)


def _column_keys(header: list[str]) -> list[str | None]:
    """Each header's task field; None for a column that is none, or names one already taken."""
    keys: list[str | None] = []
    for h in header:
        key = column_of(h)
        keys.append(None if key in keys or not h else key)
    return keys


def _task_table(
    places: list[list[Place]], widths: list[float | None], keys: list[str | None],
    header: list[str],
) -> dict[str, Any]:  # fmt: skip
    """Task columns and rows: group rows, task rows, lettered sub-rows; a column that is no
    task field keeps its title and each row's ``cells``. A task field merged down several rows
    is each row's."""
    columns = []
    for key, title, width in zip(keys, header, widths, strict=True):
        column: dict[str, Any] = {key: literal(title)} if key else {"title": literal(title)}
        if width:
            column["width"] = width
        columns.append(column)
    out: list[dict[str, Any]] = []
    group: dict[str, Any] | None = None
    last: dict[str, Any] | None = None
    for row in places[1:]:
        values: dict[str, list[str]] = {}
        for k, t, p in zip(keys, header, row, strict=True):
            if not p.origin and (not p.below or k in ("tt", "content", None)):
                continue
            origin = Place(p.cell) if p.cell is not None else p
            values.setdefault(k or f"={t}", _lines(origin))
        origins = [p for p in row if p.origin and p.cell is not None]
        content = " ".join(values.get("content", []))
        others = [v for k, v in values.items() if k not in ("tt", "content") and v]
        tt = " ".join(values.get("tt", []))
        if len(origins) < 2 or (not others and content and not re.fullmatch(r"\d+", tt)):
            everything = " ".join(t for p in origins for t in _lines(p))
            group = {**({"tt": tt} if tt else {}), "group": content or everything, "rows": []}
            out.append(group)
            continue
        item: dict[str, Any] = {"content": content or "…", **({"tt": tt} if tt else {})}
        for k, v in values.items():
            if k not in ("tt", "content") and v:
                value = v[0] if len(v) == 1 else v
                if k.startswith("="):
                    item.setdefault("cells", {})[k[1:]] = value
                else:
                    item[k] = value
        if re.fullmatch(r"[a-zđ]", tt) and last is not None:
            last.setdefault("subtasks", []).append(item)
            continue
        last = item
        (group["rows"] if group is not None else out).append(item)
    _numbers_as_typed(out, "")
    return {"columns": columns, "rows": out}


def _numbers_as_typed(items: list[dict[str, Any]], parent: str) -> None:
    """Drop each typed TT that is what vanban prints (1, 1.1, a …); keep the others."""
    for i, item in enumerate(items, start=1):
        number = f"{parent}.{i}" if parent else str(i)
        if item.get("tt") == number:
            del item["tt"]
        for k, sub in enumerate(item.get("subtasks", []), start=1):
            if sub.get("tt") == nd30.letter(k):
                del sub["tt"]
        _numbers_as_typed(item.get("rows", []), number)
