"""Opening a .docx for reading, with python-docx, a little faster for a batch.

Documents made from one template share their styles part byte for byte (a vanban plan's is
350 KB, five times its text). The checker only reads it, so the parsed styles of the last few
distinct parts are kept and shared by every document that carries the same bytes. Nothing else
changes: python-docx's own factory makes every other part, and with python-docx's internals
changed this falls back to ``docx.Document``.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from pathlib import Path
from typing import Any

_KEEP = 4  # distinct styles parts kept
# the main parts of a macro-enabled document and of templates: read like a .docx's
OTHER_MAINS = (
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)
_styles: OrderedDict[bytes, Any] = OrderedDict()


def load(path: Path) -> Any:
    """The python-docx Document at ``path``, opened for reading only."""
    import docx

    try:
        from docx.opc.constants import CONTENT_TYPE as CT
        from docx.opc.package import Unmarshaller
        from docx.opc.part import PartFactory
        from docx.opc.pkgreader import PackageReader
        from docx.oxml.parser import parse_xml
        from docx.package import Package
        from docx.parts.document import DocumentPart
        from docx.parts.styles import StylesPart
    except ImportError:  # another python-docx: its own way
        return docx.Document(str(path))

    def factory(partname, content_type, reltype, blob, package):  # type: ignore[no-untyped-def]
        if content_type != CT.WML_STYLES:
            return PartFactory(partname, content_type, reltype, blob, package)
        element = _styles.get(blob)
        if element is None:
            element = _styles[blob] = parse_xml(blob)
            while len(_styles) > _KEEP:
                _styles.popitem(last=False)
        return StylesPart(partname, content_type, element, package)

    for content_type in OTHER_MAINS:  # python-docx knows only a .docx's main part
        PartFactory.part_type_for.setdefault(content_type, DocumentPart)
    package = Package()
    Unmarshaller.unmarshal(PackageReader.from_file(str(path)), package, factory)
    part = package.main_document_part
    if part.content_type not in (CT.WML_DOCUMENT_MAIN, *OTHER_MAINS):
        raise ValueError(f"file '{path}' is not a Word file, content type is '{part.content_type}'")
    return part.document


_PAGES = re.compile(rb"<(?:\w+:)?Pages>(\d+)</(?:\w+:)?Pages>")
_APPLICATION = re.compile(rb"<(?:\w+:)?Application>([^<]*)</")


def saved_pages(doc: Any) -> int | None:
    """The number of pages Word (or WPS) counted when it last saved the document, from its
    extended properties; None when another program wrote them or they are missing."""
    for part in doc.part.package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            blob = part.blob
            application = _APPLICATION.search(blob)
            pages = _PAGES.search(blob)
            if application and pages and re.search(rb"Word|WPS", application[1]):
                return int(pages[1])
    return None
