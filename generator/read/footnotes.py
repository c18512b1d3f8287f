"""A document's footnotes: their text, and where each is referenced (after which run)."""

from __future__ import annotations

import functools
import re
import unicodedata

from docx.document import Document
from docx.text.paragraph import Paragraph
from lxml import etree

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
_SPACES = re.compile(r"[ \t\r\n]+")
_SAFE = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


@functools.lru_cache(maxsize=8)
def _notes(doc_id: int, blob: bytes) -> dict[str, list[str]]:
    try:
        root = etree.fromstring(blob, _SAFE)
    except etree.XMLSyntaxError:
        return {}
    out = {}
    for note in root.iter(f"{_W}footnote"):
        if note.get(f"{_W}type") not in (None, "normal"):
            continue  # the separators
        paras = []
        for p in note.iter(f"{_W}p"):
            text = "".join(t.text or "" for t in p.iter(f"{_W}t"))
            if text.strip():
                paras.append(_SPACES.sub(" ", text).strip())  # a no-break space kept
        out[note.get(f"{_W}id", "")] = [unicodedata.normalize("NFC", p) for p in paras]
    return out


def notes(doc: Document) -> dict[str, list[str]]:
    """The paragraphs of each footnote of ``doc``, by its id."""
    for rel in doc.part.rels.values():
        if rel.reltype == _FOOTNOTES and not rel.is_external:
            return _notes(id(doc), rel.target_part.blob)
    return {}


def references(p: Paragraph) -> dict[object, list[str]]:
    """The footnotes referenced in ``p``, by the run element that carries the text before the
    reference (None: before any text)."""
    out: dict[object, list[str]] = {}
    last = None
    for r in p._p.iter(f"{_W}r"):
        ref = r.find(f"{_W}footnoteReference")
        if ref is not None:
            out.setdefault(last, []).append(ref.get(f"{_W}id", ""))
        elif r.find(f"{_W}t") is not None:
            last = r
    return out
