"""Layered configs for bulk runs: a base config shared by every ward, and per-ward data from
YAML files (which override the base) or from a table, CSV or XLSX, one row per ward.

Merging: mappings merge deeply, lists replace, and a key written ``name+`` appends its list to
the base's (``recipients+: [Phòng Kinh tế]``). Values from a table are data, never templates.
"""

from __future__ import annotations

import csv
import datetime as dt
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import nd30
from ..errors import ConfigError, Problem
from ..i18n import _
from .load import (
    BAD_CHAR,
    INVISIBLE,
    Data,
    Path_,
    Source,
    bad_character_message,
    invisible_character_message,
    load,
)

# Friendly column names; any other column is a dotted key path (signer.name, vars.x …).
COLUMN_ALIASES = {
    "ward": "ward.name",
    "name": "ward.name",
    "kind": "ward.kind",
    "place": "ward.place",
    "province": "ward.province",
}
APPEND = "+"


@dataclass(frozen=True)
class Ward:
    """One ward's layer: a label for messages and reports, and its override."""

    label: str
    province: str | None
    source: Source


def merge(base: Source, layer: Source) -> Source:
    """``layer`` over ``base``: the merged data, each key keeping the origin it came from."""
    origins = dict(base.origins)

    def drop(prefix: Path_) -> None:  # a replaced subtree forgets the base's lines
        for key in [k for k in origins if k[: len(prefix)] == prefix and len(k) > len(prefix)]:
            del origins[key]

    def copy_origins(src_path: Path_, dst_path: Path_) -> None:
        n = len(src_path)
        for key, origin in layer.origins.items():
            if key[:n] == src_path:
                origins[dst_path + key[n:]] = origin

    def walk(old: Any, new: dict, path: Path_) -> dict:
        out = dict(old) if isinstance(old, dict) else {}
        for raw_key, value in new.items():
            key = raw_key[:-1] if isinstance(raw_key, str) and raw_key.endswith(APPEND) else raw_key
            here = (*path, key)
            if key != raw_key and isinstance(value, list) and isinstance(out.get(key), list):
                start = len(out[key])
                out[key] = [*out[key], *value]
                for i in range(len(value)):
                    copy_origins((*path, raw_key, i), (*here, start + i))
                continue
            if isinstance(value, dict) and isinstance(out.get(key), dict):
                out[key] = walk(out[key], value, here)
                origins[here] = layer.origins.get((*path, raw_key), origins.get(here))
                continue
            out[key] = value
            drop(here)
            copy_origins((*path, raw_key), here)
        return out

    data = walk(base.data, layer.data, ())
    return Source(layer.file, data, origins)


# --- ward tables ---------------------------------------------------------------------------
def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).strip()


def _date(text: str) -> str:
    """dd/mm/yyyy (as clerks type it) -> yyyy-mm-dd; anything else is left to validation."""
    m = nd30.SHORT_DATE.fullmatch(text)
    return f"{m['year']}-{int(m['month']):02d}-{int(m['day']):02d}" if m else text


def _rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) of a CSV or XLSX table, the header row first, read as a stream."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook
        from openpyxl.utils.exceptions import InvalidFileException

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except (zipfile.BadZipFile, InvalidFileException):
            message = _("not an Excel workbook (.xlsx): a CSV file must be named .csv")
            raise ConfigError([Problem(str(path), None, "", message)]) from None
        try:
            rows = book.worksheets[0].iter_rows(values_only=True)
            for i, row in enumerate(rows, start=1):
                yield i, [_cell(v) for v in row]
        finally:
            book.close()
        return
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        for row in reader:
            yield reader.line_num, [_cell(v) for v in row]


def iter_table(path: Path) -> Iterator[Ward | Problem]:
    """The wards of a table, one row at a time; a row with a problem yields the problem."""
    file = str(path)
    rows = _rows(path)
    try:
        header_line, header = next(rows)
    except StopIteration:
        raise ConfigError([Problem(file, None, "", _("the table is empty"))]) from None
    except (OSError, csv.Error, UnicodeDecodeError, ValueError, KeyError) as exc:
        raise ConfigError(
            [Problem(file, None, "", _("cannot read the table: {reason}").format(reason=exc))]
        ) from None
    columns = [COLUMN_ALIASES.get(h, h) for h in header]
    if "ward.name" not in columns:
        raise ConfigError(
            [Problem(file, header_line, "", _("the table needs a 'ward' column (the ward's name)"))]
        )
    try:
        for line, cells in rows:
            if any(cells):
                yield _row(file, line, columns, cells)
    except (OSError, csv.Error, UnicodeDecodeError, ValueError) as exc:
        raise ConfigError(
            [Problem(file, None, "", _("cannot read the table: {reason}").format(reason=exc))]
        ) from None


def _row(file: str, line: int, columns: list[str], cells: list[str]) -> Ward | Problem:
    data: dict[str, Any] = {}
    origins: dict[Path_, tuple[str, int | None]] = {(): (file, line)}
    extra = [c for c in cells[len(columns) :] if c]
    if extra:
        return Problem(file, line, "", _(
            "{n} cell(s) more than the header has columns: «{cell}» belongs to no column"
        ).format(n=len(cells) - len(columns), cell=extra[0]))  # fmt: skip
    warnings = []
    for column, value in zip(columns, cells, strict=False):
        if not value or not column:
            continue
        m = BAD_CHAR.search(value)
        if m:
            return Problem(file, line, column, bad_character_message(m.group()))
        m = INVISIBLE.search(value)
        if m:
            warnings.append(Problem(file, line, column, invisible_character_message(m.group())))
        path = tuple(column.split("."))
        node = data
        for part in path[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                return Problem(file, line, column, _("conflicts with another column"))
        node[path[-1]] = Data(_date(value) if column == "date" else value)
        for i in range(1, len(path) + 1):
            origins[path[:i]] = (file, line)
    name = data.get("ward", {}).get("name")
    if not name:
        return Problem(file, line, "ward.name", _("required"))
    src = Source(file, data, origins, warnings)
    return Ward(str(name), data["ward"].get("province"), src)


def iter_wards(paths: list[Path]) -> Iterator[Ward | Problem]:
    """Wards from tables and folders of per-ward YAML files, in the order given (the files of
    a folder in name order), as a stream. A ward that cannot be read yields its problem."""
    for path in paths:
        if path.is_dir():
            for file in sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml")):
                try:
                    src = load(file)
                except ConfigError as exc:
                    yield from exc.problems
                    continue
                ward = src.data.get("ward") if isinstance(src.data.get("ward"), dict) else {}
                yield Ward(str(ward.get("name") or file.stem), ward.get("province"), src)
        elif path.suffix.lower() in (".csv", ".xlsx", ".xlsm"):
            yield from iter_table(path)
        else:
            raise ConfigError(
                [
                    Problem(
                        str(path),
                        None,
                        "",
                        _("--wards takes a CSV or XLSX table or a folder of YAML files"),
                    )
                ]
            )
