"""Where documents are written: their file names, the output folder (locked while a run writes
into it, on Windows as on POSIX, and cleared of what a killed run left behind), writing a file
atomically, and never replacing a file that may hold typed work without being told to."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
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

TEMP_PREFIX = ".vanban-"  # temporary files and folders: .vanban-….tmp, .vanban-pdf-…
MAX_STEM = 60  # characters of a ward's name in a file name (file systems allow 255 bytes)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


FILE_MODE = 0o666 & ~_umask()  # what open() would give: usually 0644, so a shared folder works


def slug(text: str) -> str:
    """ASCII file-name part: 'Nhị Chiểu' -> 'nhi-chieu'. A long name is cut, and keeps a short
    hash of the whole so that two long names stay apart."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "don-vi"
    if len(out) > MAX_STEM:
        digest = hashlib.sha256(out.encode()).hexdigest()[:8]
        out = f"{out[: MAX_STEM - 9].rstrip('-')}-{digest}"
    return out


def output_name(model: DocModel, stem: str | None = None) -> str:
    """File name from kind, ward (or ``stem``), number and year: KH-nhi-chieu-164-2026.docx.

    Only ASCII letters, digits and "-": valid on Windows and never outside the output folder.
    """
    number = nd30.format_number(model.number) if model.number else "du-thao"
    tag = model.kind.abbreviation or model.kind.file_tag
    kind = unicodedata.normalize("NFKD", tag.replace("Đ", "D"))
    kind = re.sub(r"[^A-Za-z0-9]", "", kind) or "VB"  # QĐ -> QD; a công văn has none
    return f"{kind}-{stem or slug(model.ward)}-{number}-{model.year}.docx"


@contextlib.contextmanager
def atomic_open(target: Path, mode: str = "wb", **kwargs: Any) -> Iterator[IO[Any]]:
    """A file that appears at ``target`` only when the block ends without error (a temporary
    file in the same folder, then a rename)."""
    tmp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, mode, **kwargs) as f:
            yield f
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, target)
    except OSError as exc:
        raise VanbanError(
            _("Cannot write {path}: {reason}").format(path=target, reason=exc.strerror or exc)
        ) from None
    finally:
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)


def write_file(target: Path, data: bytes) -> Path:
    """Write ``data`` to ``target`` atomically."""
    with atomic_open(target) as f:
        f.write(data)
    return target


def write_files(files: list[tuple[Path, bytes]], force: bool, forcible: bool = True) -> None:
    """Write every file of a derived set (a công văn's .yaml and .docx …). A file already there
    that holds other bytes (the clerk may have edited it) is refused, every one named, before
    anything is written, unless ``force``; one that holds the same bytes is written again, so a
    second run is safe. ``forcible``: the command has a --force to name."""
    changed = [str(path) for path, data in files
               if not force and path.exists() and not _holds(path, data)]  # fmt: skip
    if changed:
        message = (_("{paths} already exist(s) and may hold what was typed in: give another "
                     "folder with -o, or --force to replace them; nothing was written")
                   if forcible else
                   _("{paths} already exist(s) and may hold what was typed in: give another "
                     "folder with -o; nothing was written"))  # fmt: skip
        raise VanbanError(message.format(paths=", ".join(changed)))
    for path, data in files:
        write_file(path, data)


def _holds(path: Path, data: bytes) -> bool:
    """Whether ``path`` holds ``data`` (rendering is reproducible: a second run writes the same
    bytes)."""
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


@contextlib.contextmanager
def output_folder(out_dir: Path) -> Iterator[Path]:
    """``out_dir``, created if needed and locked while the block runs: a second vanban run into
    the same folder is refused. What a killed run left behind (temporary files and folders) is
    removed first; no other run can be using it while the lock is held. The lock file lives in
    the system's temporary folder, named after the output folder, so none is left in it. A
    folder made here and left empty by a failed run is removed again."""
    made = not out_dir.exists()
    from filelock import FileLock, Timeout

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        locks = Path(tempfile.gettempdir()) / "vanban-locks"
        locks.mkdir(exist_ok=True)
        key = hashlib.sha256(str(out_dir.resolve()).encode()).hexdigest()[:32]
        lock = FileLock(locks / f"{key}.lock", timeout=0)
        lock.acquire()
    except Timeout:
        raise VanbanError(
            _(
                "Another vanban run is writing into {path}: wait for it to finish, "
                "or choose another folder with -o"
            ).format(path=out_dir)
        ) from None
    except OSError as exc:
        raise VanbanError(
            _("Cannot use the output folder {path}: {reason}").format(
                path=out_dir, reason=exc.strerror or exc
            )
        ) from None
    try:
        for stale in out_dir.glob(f"{TEMP_PREFIX}*"):
            if stale.is_dir():
                shutil.rmtree(stale, ignore_errors=True)
            elif stale.suffix == ".tmp":
                stale.unlink(missing_ok=True)
        try:
            yield out_dir
        except BaseException:
            if made:
                with contextlib.suppress(OSError):
                    out_dir.rmdir()  # only if empty: nothing was written
            raise
    finally:
        lock.release()


def refuse_overwrite(path: Path, force: bool, update: bool = False) -> None:
    """Refuse to replace ``path``, which may hold what a clerk typed, unless ``force`` is
    given; ``update`` names the --update that keeps what was typed."""
    if force or not path.exists():
        return
    if update:
        message = _(
            "{path} already exists and may hold what was typed in it: give --update {path} to "
            "follow the plan in it, or --force to replace it"
        )
    else:
        message = _(
            "{path} already exists and may hold what was typed in it: give another name with "
            "-o, or --force to replace it"
        )
    raise VanbanError(message.format(path=path))
