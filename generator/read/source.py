"""Opening a file that claims to be a Word document, whatever it really is.

A document we read may be anything: a .docx, a .doc from an older Word (converted through
LibreOffice when it is installed), a PDF or a text file renamed .docx, an OpenDocument file, a
password-protected file, an empty file, a zip bomb, a zip with a member twice, a part that is not
XML or declares entities, a page of impossible size. Each gets one clear line that says what it
is and what to do; only a sound .docx reaches python-docx.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import zipfile
import zlib
from collections import Counter
from pathlib import Path

from lxml import etree

from ..errors import VanbanError
from ..i18n import _
from .package import load

MAX_UNPACKED = 200 * 1024 * 1024  # bytes a .docx may unpack to (a 12-page plan: under 1 MB)
MAX_XML = 40 * 1024 * 1024  # bytes of one XML part (a 300-page plan: about 10 MB)
MAX_RATIO = 200  # how much smaller than its content a part may be compressed
MAX_PARAGRAPHS = 20_000  # paragraphs of a document read (a 30-page plan: 600; 300 pages: 6,000)
CONVERT_TIMEOUT = 120  # seconds for LibreOffice to turn a .doc into a .docx
# Word's own bounds of a page side, in twentieths of a point: 0.1 to 22 inches
PAGE_TWIPS = (144, 31680)
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")  # the stream of a password-protected .docx
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARAGRAPH = re.compile(rb"<w:p[ >/]")
_STRICT = b"purl.oclc.org/ooxml/wordprocessingml/main"
_ODF = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}


def open_docx(path: Path):
    """The python-docx Document at ``path``; a clear VanbanError for anything else."""
    data = _read_head(path)
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2: Word 97-2003 .doc, or an encrypted .docx
        if _encrypted(path):
            raise _password(path)
        return _load(_convert_doc(path), path)
    if data.startswith(b"%PDF"):
        raise VanbanError(_("{path}: this is a PDF, not a Word document: check the .docx that "
                            "the PDF was made from").format(path=path))  # fmt: skip
    if data.lstrip().startswith((b"{\\rtf", b"<")):
        raise VanbanError(_("{path}: this is an RTF or HTML file, not a .docx: open it in Word "
                            "and save it as .docx").format(path=path))  # fmt: skip
    if not data.startswith(b"PK"):
        raise VanbanError(_("{path}: not a Word document (.docx)").format(path=path))
    _check_package(path)
    return _load(path, path)


def _load(path: Path, shown: Path):
    """python-docx's Document of a checked package, its pages checked too."""
    try:
        document = load(path)
    except etree.LxmlError:
        diagnose(path, shown)  # names the part that is not XML
        raise
    except KeyError as exc:  # a part named in [Content_Types].xml or a relationship is missing
        raise VanbanError(_("{path}: a damaged .docx: a part is missing ({detail}): open it in "
                            "Word and save it again").format(path=shown, detail=exc.args[0])
                          ) from None  # fmt: skip
    except Exception as exc:  # a sound zip of XML that python-docx still cannot read
        raise VanbanError(_("{path}: a damaged .docx ({detail}): open it in Word and save it "
                            "again as .docx").format(path=shown, detail=exc)) from None  # fmt: skip
    unwrap_controls(document)
    _drop_empty_rows(document)
    _check_pages(document, shown)
    return document


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


def _password(path: Path) -> VanbanError:
    return VanbanError(_("{path}: the file is password-protected: unlock it in Word (remove the "
                         "password), then save it again").format(path=path))  # fmt: skip


def _encrypted(path: Path) -> bool:
    """Whether an OLE2 file holds an encrypted Office document (its EncryptedPackage stream)."""
    with path.open("rb") as f:
        tail = b""
        while chunk := f.read(1 << 20):
            if _ENCRYPTED in tail + chunk:
                return True
            tail = chunk[-len(_ENCRYPTED) :]
    return False


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f}"


def _check_package(path: Path) -> None:
    """A zip that holds a Word document, unpacks to a sane size (no zip bomb), holds each member
    once, and whose XML parts are XML without entities."""
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            _check_members(path, z, infos)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError,
            RuntimeError, zlib.error):  # fmt: skip
        message = _("{path}: a damaged .docx (not a readable zip)").format(path=path)
        raise VanbanError(message) from None


def _check_members(path: Path, z: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    names = [i.filename for i in infos]
    main = _main_part(z, set(names))
    if main is None:
        raise VanbanError(_not_word(path, z, set(names)))
    twice = sorted(n for n, times in Counter(names).items() if times > 1)
    if twice:
        raise VanbanError(_("{path}: a damaged .docx: the zip holds {part} twice: open it in Word "
                            "and save it again").format(path=path, part=twice[0]))  # fmt: skip
    total = sum(i.file_size for i in infos)
    if total > MAX_UNPACKED:
        raise VanbanError(_("{path}: unpacks to {mb} MB: too large for a document, not read")
                          .format(path=path, mb=_mb(total)))  # fmt: skip
    for info in infos:
        if info.file_size > 1_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise VanbanError(_("{path}: {part} unpacks from {small} to {mb} MB (a zip bomb?): "
                                "not read").format(path=path, part=info.filename,
                                                   small=_mb(info.compress_size),
                                                   mb=_mb(info.file_size)))  # fmt: skip
    for info in infos:
        if info.filename.endswith((".xml", ".rels")):
            _check_xml(path, z, info, main=main)


def diagnose(path: Path, shown: Path | None = None) -> None:
    """Parse every XML part of the package at ``path`` in full, and raise the VanbanError that
    names the first one that is not XML or declares entities; nothing when all are sound. Run
    when reading failed, so that a sound file is parsed only once."""
    if not zipfile.is_zipfile(path):  # a .doc, converted: its own .docx was checked
        return
    try:
        with zipfile.ZipFile(path) as z:
            for info in z.infolist():
                if info.filename.endswith((".xml", ".rels")):
                    _check_xml(shown or path, z, info, full=True)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, zlib.error):
        raise VanbanError(_("{path}: a damaged .docx (not a readable zip)").format(
            path=shown or path)) from None  # fmt: skip


def _main_part(z: zipfile.ZipFile, names: set[str]) -> str | None:
    """The name of the document's main part (word/document.xml, or where the package's own
    relationship says), or None for a zip that holds no Word document."""
    if "word/document.xml" in names:
        return "word/document.xml"
    if "_rels/.rels" not in names or z.getinfo("_rels/.rels").file_size > 1_000_000:
        return None
    try:
        rels = etree.fromstring(z.read("_rels/.rels"), _PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return None
    for rel in rels:
        if str(rel.get("Type", "")).endswith("/officeDocument"):
            target = str(rel.get("Target", "")).lstrip("/")
            if target in names and target.endswith(".xml"):
                return target
    return None


def _check_xml(path: Path, z: zipfile.ZipFile, info: zipfile.ZipInfo, full: bool = False,
               main: str = "word/document.xml") -> None:  # fmt: skip
    """One XML part: not too large, with no DTD (Word never writes one: a DTD is how entity
    bombs and external entities come in), the document not too long; with ``full``, parsed
    to see that it is XML."""
    part = info.filename
    if info.file_size > MAX_XML:
        raise VanbanError(_("{path}: its text ({part}) is {mb} MB, more than {max} MB: too large "
                            "to read; split the document").format(
            path=path, part=part, mb=_mb(info.file_size), max=_mb(MAX_XML)))  # fmt: skip
    with z.open(info) as f:
        head = f.read(65536)
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head or b"<\0!\0D\0O\0C" in head:
        raise _dtd(path, part)
    if part == main:
        if _STRICT in head:
            raise VanbanError(_("{path}: a Strict Open XML document: open it in Word and save it "
                                "as a Word Document (.docx)").format(path=path))  # fmt: skip
        count = len(_PARAGRAPH.findall(z.read(info)))
        if count > MAX_PARAGRAPHS:
            raise VanbanError(_("{path}: {n} paragraphs, more than the {max} a document read "
                                "here may have: split it").format(
                path=path, n=f"{count:,}", max=f"{MAX_PARAGRAPHS:,}"))  # fmt: skip
    if not full:
        return
    try:
        tree = etree.fromstring(z.read(info), _PARSER).getroottree()
    except (etree.XMLSyntaxError, ValueError):  # not XML, or an empty part
        message = _(
            "{path}: a damaged .docx: {part} is not valid XML: open it in Word and save it again"
        ).format(path=path, part=part)
        raise VanbanError(message) from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise _dtd(path, part)


def _dtd(path: Path, part: str) -> VanbanError:
    return VanbanError(_("{path}: {part} declares entities (a DTD), which Word never writes: "
                         "not read").format(path=path, part=part))  # fmt: skip


def _not_word(path: Path, z: zipfile.ZipFile, names: set[str]) -> str:
    """What a zip that holds no Word document is."""
    if "mimetype" in names:
        with z.open("mimetype") as f:
            kind = _ODF.get(f.read(100).strip(), "")
        if kind == "odt":
            return _("{path}: an OpenDocument file (.odt): open it and save it as .docx").format(
                path=path
            )
        if kind:
            return _("{path}: an OpenDocument file (.{ext}), not a text document").format(
                path=path, ext=kind
            )
    what = _("a zip file")
    if "xl/workbook.xml" in names:
        what = _("an Excel workbook")
    elif "ppt/presentation.xml" in names:
        what = _("a PowerPoint file")
    return _("{path}: {what}, not a Word document").format(path=path, what=what)


def unwrap_controls(document) -> None:
    """Put the content of every content control (``w:sdt``) and custom XML element in its
    place, in the body, headers and footers: their paragraphs, rows, cells and runs are then
    read like any other. The document is only read, never saved."""
    for part in {id(p): p for p in document.part.package.iter_parts()}.values():
        root = getattr(part, "_element", None)
        if root is None or not hasattr(root, "iter"):
            continue
        for wrapper in list(root.iter(f"{_W}sdt", f"{_W}customXml")):
            parent = wrapper.getparent()
            if parent is None:
                continue
            content = wrapper.find(f"{_W}sdtContent") if wrapper.tag == f"{_W}sdt" else wrapper
            at = parent.index(wrapper)
            children = [
                c for c in (content if content is not None else [])
                if c.tag not in (f"{_W}customXmlPr", f"{_W}sdtPr", f"{_W}sdtEndPr")
            ]  # fmt: skip
            parent.remove(wrapper)
            for offset, child in enumerate(children):
                parent.insert(at + offset, child)


def _drop_empty_rows(document) -> None:
    """Table rows without a cell, and tables without a row, taken out: Word shows nothing for
    them, and what reads tables counts on a first row with cells."""
    body = document.element.body
    for row in list(body.iter(f"{_W}tr")):
        if row.find(f"{_W}tc") is None and row.getparent() is not None:
            row.getparent().remove(row)
    for table in list(body.iter(f"{_W}tbl")):
        if table.find(f"{_W}tr") is None and table.getparent() is not None:
            table.getparent().remove(table)


def _check_pages(document, path: Path) -> None:
    """Every section's page size and margins are numbers Word could show."""
    low, high = PAGE_TWIPS
    for n, sect in enumerate(document.element.body.iter(f"{_W}sectPr"), start=1):
        size, margins = sect.find(f"{_W}pgSz"), sect.find(f"{_W}pgMar")
        sides = [_twips(size, k) for k in ("w", "h")]
        edges = [_twips(margins, k) for k in ("top", "bottom", "left", "right")]
        if any(v is not None and not low <= v <= high for v in sides) or any(
            v is not None and abs(v) > high for v in edges
        ):
            raise VanbanError(_("{path}: section {n} has an impossible page size or margins: open "
                                "it in Word, set the paper to A4 and save it again").format(
                path=path, n=n))  # fmt: skip


def _twips(el, name: str) -> int | None:
    """A measure in twips; None when it is not given, an impossible one when it is not a whole
    number."""
    raw = el.get(f"{_W}{name}") if el is not None else None
    if raw is None:
        return None
    try:
        return int(raw)
    except ValueError:
        return 10**9


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
        raise VanbanError(_("{path}: LibreOffice could not convert this .doc (a damaged or "
                            "password-protected file?): open it in Word and save it as .docx")
                          .format(path=path))  # fmt: skip
    _check_package(converted)
    return converted
