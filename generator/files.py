"""Where documents are written: their file names, and writing a file atomically."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from . import nd30
from .errors import VanbanError
from .i18n import _

if TYPE_CHECKING:
    from .write.model import DocModel


def slug(text: str) -> str:
    """ASCII file-name part: 'Nhị Chiểu' -> 'nhi-chieu'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "don-vi"


def output_name(model: DocModel, stem: str | None = None) -> str:
    """File name from kind, ward (or ``stem``), number and year: KH-nhi-chieu-164-2026.docx.

    Only ASCII letters, digits and "-": valid on Windows and never outside the output folder.
    """
    number = nd30.format_number(model.number) if model.number else "du-thao"
    return f"{model.kind.abbreviation}-{stem or slug(model.ward)}-{number}-{model.year}.docx"


@contextlib.contextmanager
def atomic_open(target: Path, mode: str = "wb", **kwargs: Any) -> Iterator[IO[Any]]:
    """A file that appears at ``target`` only when the block ends without error (a temporary
    file in the same folder, then a rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".vanban-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, mode, **kwargs) as f:
            yield f
        os.replace(tmp, target)
    except OSError as exc:
        raise VanbanError(
            _("cannot write {path}: {reason}").format(path=target, reason=exc.strerror or exc)
        ) from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_file(target: Path, data: bytes) -> Path:
    """Write ``data`` to ``target`` atomically."""
    with atomic_open(target) as f:
        f.write(data)
    return target
