"""Any file read as a document: opened safely (:mod:`source`), walked into its structure
(:mod:`reader`) and told what kind of document it is (:mod:`kinds`)."""

from __future__ import annotations

import os
from pathlib import Path

from lxml import etree

from ..errors import VanbanError
from ..i18n import _
from .kinds import detect
from .reader import Structure, structure
from .source import diagnose, open_docx

# What a package that passed source's checks may still raise from python-docx, deep inside a
# damaged part (a relationship to a missing part, an attribute that is not a number …)
DAMAGED = (KeyError, ValueError, AttributeError, TypeError, IndexError, etree.LxmlError)


def read(path: Path) -> Structure:
    """The structure of the file at ``path`` (any file: see :mod:`source`), with its kind."""
    document = open_docx(path)
    try:
        d = structure(document, path)
        detect(d)
    except DAMAGED as exc:
        diagnose(path)  # a part that is not XML or declares entities: named
        if os.environ.get("VANBAN_DEBUG"):
            raise
        if isinstance(exc, KeyError):  # a relationship to a part that is not there
            message = _("{path}: a damaged .docx: a part is missing ({detail}): open it in "
                        "Word and save it again").format(path=path, detail=exc.args[0])  # fmt: skip
        else:
            message = _(
                "{path}: a damaged .docx ({detail}): open it in Word and save it again as .docx"
            ).format(path=path, detail=repr(exc))
        raise VanbanError(message) from None
    return d
