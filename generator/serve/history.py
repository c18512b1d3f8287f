"""The versions a save replaced: each save keeps the file's previous text in a hidden folder
beside it (``.vanban/lich-su/<name>/<time>.yaml``), never in an output folder; the page lists
them, shows one and restores one (as a new edit, saved only when she saves)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ..errors import VanbanError
from ..files import write_file
from ..i18n import _

FOLDER = Path(".vanban") / "lich-su"
_ID = re.compile(r"\d{8}-\d{6}-\d{6}")


def folder_of(path: Path) -> Path:
    """Where the earlier versions of ``path`` are kept."""
    return path.parent / FOLDER / path.stem


def keep(path: Path, text: str) -> Path:
    """Keep ``text``, the version of ``path`` a save is about to replace."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    return write_file(folder_of(path) / f"{stamp}.yaml", text.encode("utf-8"))


def versions(path: Path) -> list[dict[str, str]]:
    """The kept versions of ``path``, newest first: their id and when they were replaced."""
    folder = folder_of(path)
    found = sorted((p.stem for p in folder.glob("*.yaml") if _ID.fullmatch(p.stem)), reverse=True)
    return [{"id": stem, "time": _when(stem)} for stem in found]


def _when(stem: str) -> str:
    at = dt.datetime.strptime(stem[:15], "%Y%m%d-%H%M%S")
    return at.strftime("%d/%m/%Y %H:%M:%S")


def version(path: Path, ident: str) -> str:
    """The text of the kept version ``ident`` of ``path``."""
    file = folder_of(path) / f"{ident}.yaml"
    if not _ID.fullmatch(ident) or not file.is_file():
        raise VanbanError(_("this saved version no longer exists"))
    return file.read_text(encoding="utf-8")
