"""Any file read as a document: opened safely (:mod:`source`), walked into its structure
(:mod:`reader`) and told what kind of document it is (:mod:`kinds`)."""

from __future__ import annotations

from pathlib import Path

from .kinds import detect
from .reader import Structure, structure
from .source import open_docx


def read(path: Path) -> Structure:
    """The structure of the file at ``path`` (any file: see :mod:`source`), with its kind."""
    d = structure(open_docx(path), path)
    detect(d)
    return d
