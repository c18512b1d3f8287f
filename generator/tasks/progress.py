"""What a tracking workbook says of each task, read without changing it (openpyxl's read-only
mode): the clerk's Tiến độ, Kết quả, Minh chứng and Ghi chú, found by their headers. A header
she renamed a little ("Tiến độ thực hiện", "Ghi chú khác", "Ket qua") or moved, and columns she
added, do no harm."""

from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

from ..errors import VanbanError
from ..i18n import _
from .book import _check_package, refusal, text
from .track import COLUMNS, SHEET, Progress, Sheet, add_row

HEADER_ROWS = 20  # the header row is among the first rows
# key: what its header starts with, folded (no tone marks, lower case); the exact header first
_STARTS = {
    "key": ("ma",),
    "number": ("stt", "tt", "so thu tu"),
    "content": ("noi dung", "nhiem vu", "ten nhiem vu"),
    "progress": ("tien do", "tinh trang", "trang thai"),
    "result": ("ket qua",),
    "evidence": ("minh chung",),
    "note": ("ghi chu",),
}


def fold(value: str) -> str:
    """A header for matching: no tone marks, đ as d, lower case, words only."""
    value = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    value = "".join(c for c in value if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", value).split())


_EXACT = {fold(header): key for key, header, _w in COLUMNS if key in _STARTS}


def columns(headers: dict[int, str]) -> dict[str, int]:
    """The columns of ``headers`` (column -> text) by key: a header as vanban writes it first,
    else the leftmost one that starts with the words of a key ("Tiến độ thực hiện")."""
    folded = {col: fold(h) for col, h in sorted(headers.items()) if h}
    found = {_EXACT[f]: col for col, f in reversed(folded.items()) if f in _EXACT}
    for key, starts in _STARTS.items():
        if key in found:
            continue
        for col, f in folded.items():
            if col not in found.values() and any(f == s or f.startswith(s + " ") for s in starts):
                found[key] = col
                break
    return found


def open_read_only(path: Path) -> Any:
    """The workbook at ``path``, opened read-only after the package is checked; a clear error
    when it is missing or is no workbook."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    if not path.is_file():
        raise VanbanError(_("{path}: no such tracking workbook").format(path=path))
    try:
        with zipfile.ZipFile(path) as z:
            _check_package(path, z)
        return load_workbook(path, read_only=True, data_only=False)
    except (OSError, zipfile.BadZipFile, EOFError, NotImplementedError, InvalidFileException,
            KeyError, ValueError, TypeError, AttributeError, IndexError) as exc:  # fmt: skip
        raise refusal(path, getattr(exc, "strerror", None) or exc) from None


def _rows(sheet: Any) -> list[tuple[int, tuple[Any, ...]]]:
    """The rows of ``sheet`` that hold something, numbered from 1 (only cells that exist)."""
    sheet.reset_dimensions()  # a stray cell far away does not widen every row
    out = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if any(v is not None for v in values):
            out.append((number, values))
    return out


def _header(rows: list[tuple[int, tuple[Any, ...]]]) -> tuple[int, dict[str, int]] | None:
    """The header row (the first with a Tiến độ column) and its columns by key."""
    for number, values in rows:
        if number > HEADER_ROWS:
            break
        found = columns({i: text(v) for i, v in enumerate(values) if v is not None})
        if "progress" in found and ("content" in found or "key" in found):
            return number, found
    return None


def read_progress(path: Path) -> Sheet:
    """What the tracking workbook at ``path`` says of each task, by row key, never writing it.
    The sheet "Theo dõi" is read, else the first sheet with a Tiến độ column."""
    book = open_read_only(path)
    try:
        names = sorted(book.sheetnames, key=lambda n: fold(n) != fold(SHEET))
        for name in names:
            if not hasattr(book[name], "iter_rows"):
                continue  # a chart sheet
            rows = _rows(book[name])
            found = _header(rows)
            if found is not None:
                return _sheet(rows, *found)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, TypeError,
            AttributeError) as exc:  # fmt: skip
        raise refusal(path, exc) from None
    finally:
        book.close()
    raise VanbanError(_("{path}: no header row with 'Tiến độ'").format(path=path))


def _sheet(rows: list[tuple[int, tuple[Any, ...]]], at: int, where: dict[str, int]) -> Sheet:
    found: dict[str, Progress] = {}
    texts: dict[str, str] = {}
    for number, values in rows:
        if number <= at:
            continue
        cell = {k: text(values[i]) if i < len(values) else "" for k, i in where.items()}
        if not cell.get("content") and not cell.get("key"):
            continue
        add_row(found, texts, cell)
    return Sheet(found, texts)
