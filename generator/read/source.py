"""Opening a file that claims to be a Word document, whatever it really is.

A document we read may be anything: a .docx, a .doc from an older Word (converted through
LibreOffice when it is installed), a PDF or a text file renamed .docx, an empty file, a zip bomb.
Each gets its own clear message; only a real .docx reaches python-docx.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from ..errors import VanbanError
from ..i18n import _
from .package import load

MAX_UNPACKED = 200 * 1024 * 1024  # bytes a .docx may unpack to (a 12-page plan: under 1 MB)
MAX_RATIO = 200  # how much smaller than its content a part may be compressed
CONVERT_TIMEOUT = 120  # seconds for LibreOffice to turn a .doc into a .docx


def open_docx(path: Path):
    """The python-docx Document at ``path``; a clear VanbanError for anything else."""

    data = _read_head(path)
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2: Word 97-2003 .doc (or .xls …)
        return load(_convert_doc(path))
    if data.startswith(b"%PDF"):
        raise VanbanError(_("{path}: this is a PDF, not a Word document: check the .docx that "
                            "the PDF was made from").format(path=path))  # fmt: skip
    if data.lstrip().startswith((b"{\\rtf", b"<")):
        raise VanbanError(_("{path}: this is an RTF or HTML file, not a .docx: open it in Word "
                            "and save it as .docx").format(path=path))  # fmt: skip
    if not data.startswith(b"PK"):
        raise VanbanError(_("{path}: not a Word document (.docx)").format(path=path))
    _check_package(path)
    try:
        return load(path)
    except Exception as exc:  # a zip that python-docx cannot read as a document
        raise VanbanError(
            _("{path}: not a .docx file: {detail}").format(path=path, detail=exc)
        ) from None


def _read_head(path: Path) -> bytes:
    try:
        with path.open("rb") as f:
            head = f.read(8)
    except FileNotFoundError:
        raise VanbanError(_("{path}: no such file").format(path=path)) from None
    except IsADirectoryError:
        raise VanbanError(_("{path}: is a folder, not a file").format(path=path)) from None
    except OSError as exc:
        raise VanbanError(
            _("{path}: cannot read: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from None
    if not head:
        raise VanbanError(_("{path}: the file is empty").format(path=path))
    return head


def _check_package(path: Path) -> None:
    """A zip that holds a Word document and unpacks to a sane size (no zip bomb)."""
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError):
        message = _("{path}: a damaged .docx (not a readable zip)").format(path=path)
        raise VanbanError(message) from None
    names = {i.filename for i in infos}
    if "word/document.xml" not in names:
        what = _("a zip file")
        if "xl/workbook.xml" in names:
            what = _("an Excel workbook")
        elif "ppt/presentation.xml" in names:
            what = _("a PowerPoint file")
        raise VanbanError(_("{path}: {what}, not a Word document").format(path=path, what=what))
    total = sum(i.file_size for i in infos)
    ratio = max((i.file_size / max(i.compress_size, 1) for i in infos), default=0)
    if total > MAX_UNPACKED or ratio > MAX_RATIO:
        raise VanbanError(_("{path}: unpacks to {mb} MB: too large for a document, not read")
                          .format(path=path, mb=total // 1_000_000))  # fmt: skip


def _convert_doc(path: Path) -> Path:
    """A .doc converted to .docx by LibreOffice, in a temporary folder kept for the process."""
    command = shutil.which("soffice") or shutil.which("libreoffice")
    if not command:
        raise VanbanError(
            _(
                "{path}: a Word 97-2003 .doc file: open it in Word and save it as .docx (or "
                "install LibreOffice to convert it)"
            ).format(path=path)
        )
    out = Path(tempfile.mkdtemp(prefix="vanban-doc-"))
    profile = f"-env:UserInstallation={(out / 'profile').as_uri()}"
    try:
        subprocess.run([command, profile, "--headless", "--norestore", "--convert-to", "docx",
                        "--outdir", str(out), str(path)], capture_output=True,
                       timeout=CONVERT_TIMEOUT, start_new_session=True)  # fmt: skip
    except subprocess.TimeoutExpired:
        message = _("{path}: LibreOffice did not finish in time").format(path=path)
        raise VanbanError(message) from None
    converted = out / f"{path.stem}.docx"
    if not converted.is_file():
        raise VanbanError(_("{path}: LibreOffice could not convert this .doc").format(path=path))
    _check_package(converted)
    return converted
