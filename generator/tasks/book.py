"""A workbook a clerk keeps, opened safely and read cell by cell.

Before openpyxl sees it, the package is checked like a Word file: a readable zip of sane size,
each member once, no part that declares entities, no sheet too large to read. Only the cells that
exist are read, so a stray value in the last cell of a sheet (XFD1048576) costs nothing. Text is
written as text: a value that starts with "=" is never turned into a formula.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import zipfile
from collections import Counter
from copy import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import VanbanError
from ..i18n import N_, _
from ..read.source import MAX_RATIO, MAX_UNPACKED

MAX_PART = 10 * 1024 * 1024  # bytes of one part of a tracking workbook (200 tasks: 60 KB)
MACROS = "xl/vbaProject.bin"
# what openpyxl cannot carry through a save: an update refuses rather than drop it
UNKEPT = {
    "xl/drawings/drawing": N_("drawings, charts or pictures"),  # not the notes' VML
    "xl/media/": N_("drawings, charts or pictures"),
    "xl/charts/": N_("drawings, charts or pictures"),
    "xl/threadedComments/": N_("threaded comments"),
    "xl/ctrlProps/": N_("form controls"),
    "xl/activeX/": N_("form controls"),
    "xl/slicers/": N_("slicers"),
    "xl/timelines/": N_("timelines"),
}


def refusal(path: Path, reason: object) -> VanbanError:
    if isinstance(reason, zipfile.BadZipFile):  # say what it is, not the zip module's words
        reason = _not_a_zip(path)
    return VanbanError(_("{path}: not a tracking workbook (.xlsx): {reason}").format(
        path=path, reason=reason))  # fmt: skip


def _not_a_zip(path: Path) -> str:
    try:
        with path.open("rb") as f:
            head = f.read(8)
    except OSError:
        head = b""
    if head.startswith(b"%PDF"):
        return _("it is a PDF file")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return _("it is an Excel 97-2003 .xls file or a workbook with a password")
    return _("it is not a file Excel saves (.xlsx)")


def open_book(path: Path, keep: bool = False):
    """The openpyxl workbook at ``path``, formulas as written (never evaluated). With ``keep``
    (the workbook will be saved again), one holding what openpyxl would drop is refused, and a
    .xlsm keeps its macros."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with zipfile.ZipFile(path) as z:
            names = _check_package(path, z)
    except (OSError, zipfile.BadZipFile, EOFError, NotImplementedError) as exc:
        raise refusal(path, getattr(exc, "strerror", None) or exc) from None
    macros = MACROS in names
    if keep:
        lost = sorted({what for prefix, what in UNKEPT.items()
                       if any(n.startswith(prefix) for n in names)})  # fmt: skip
        if lost:
            raise VanbanError(_(
                "{path} holds {what}, which vanban cannot keep when it rewrites the workbook: "
                "nothing was changed. Write a new workbook with -o and copy them across"
            ).format(path=path, what=", ".join(_(w) for w in lost)))  # fmt: skip
        if macros and path.suffix.lower() != ".xlsm":
            raise refusal(path, _("it holds macros but is not named .xlsm"))
    try:
        return load_workbook(path, data_only=False, keep_vba=keep and macros, keep_links=True,
                             rich_text=keep)  # fmt: skip
    except (OSError, zipfile.BadZipFile, InvalidFileException, KeyError, ValueError,
            TypeError, AttributeError, IndexError) as exc:  # fmt: skip
        raise refusal(path, getattr(exc, "strerror", None) or exc) from None


def _check_package(path: Path, z: zipfile.ZipFile) -> set[str]:
    infos = z.infolist()
    names = [i.filename for i in infos]
    if "xl/workbook.xml" not in names:
        raise refusal(path, _("no workbook inside"))
    twice = sorted(n for n, times in Counter(names).items() if times > 1)
    if twice:
        raise refusal(path, _("the zip holds {part} twice").format(part=twice[0]))
    total = sum(i.file_size for i in infos)
    if total > MAX_UNPACKED:
        raise refusal(path, _("it unpacks to {mb} MB").format(mb=f"{total / 1e6:.1f}"))
    for info in infos:
        big = info.file_size > MAX_PART and info.filename.endswith(".xml")
        bomb = info.file_size > 1_000_000 and info.file_size > MAX_RATIO * info.compress_size
        if big or bomb:
            raise refusal(path, _("{part} unpacks to {mb} MB, more than a tracking workbook "
                                  "holds").format(part=info.filename,
                                                  mb=f"{info.file_size / 1e6:.1f}"))  # fmt: skip
        if info.filename.endswith((".xml", ".rels", ".vml")):
            with z.open(info) as f:
                head = f.read(65536)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise refusal(path, _("{part} declares entities (a DTD), which Excel never "
                                      "writes").format(part=info.filename))  # fmt: skip
    return set(names)


def grid(sheet) -> dict[int, dict[int, Any]]:
    """The cells that exist on ``sheet``, by row then column (never the empty ones between)."""
    out: dict[int, dict[int, Any]] = {}
    for (row, column), cell in sheet._cells.items():
        out.setdefault(row, {})[column] = cell
    return out


def text(value: object) -> str:
    """A cell's value as the clerk sees it: dates as dd/mm/yyyy, a formula as its own text."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    return unicodedata.normalize("NFC", str(value)).strip()


def put(cell, value: object) -> None:
    """Write ``value`` into ``cell``; text stays text, whatever it starts with (= + - @)."""
    cell.value = value
    if isinstance(value, str) and cell.data_type == "f":
        cell.data_type = "s"


@dataclass
class Snap:
    """One cell as the clerk left it: value and its type, style, link and comment."""

    value: Any
    data_type: str
    style: Any
    hyperlink: Any
    comment: Any

    @classmethod
    def of(cls, cell) -> Snap:
        return cls(cell._value, cell.data_type, copy(cell._style) if cell.has_style else None,
                   copy(cell.hyperlink), copy(cell.comment))  # fmt: skip

    def restore(self, cell) -> None:
        cell._value, cell.data_type = self.value, self.data_type
        if self.style is not None:
            cell._style = copy(self.style)
        if self.hyperlink is not None:
            cell.hyperlink = copy(self.hyperlink)
        if self.comment is not None:
            cell.comment = copy(self.comment)


def locate(sheet, path: Path, headers: dict[str, str]) -> tuple[int, dict[str, int]]:
    """The header row (the one with "Tiến độ", in the first 20) and the columns whose header is
    one of ``headers`` (header -> key), by key."""
    cells = grid(sheet)
    for row in sorted(r for r in cells if r <= 20):
        names = {text(c.value): col for col, c in cells[row].items()}
        if "Tiến độ" in names:
            return row, {headers[n]: col for n, col in names.items() if n in headers}
    raise VanbanError(_("{path}: no header row with 'Tiến độ'").format(path=path))
