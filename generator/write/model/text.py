"""Punctuation of computed text, and the kinds' standard sentences (templates/<kind>/*.j2)."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from ... import nd30
from ..sandbox import compile_template

_END_PUNCT = ".;:!?…"


@functools.lru_cache(maxsize=1)
def templates_dir() -> Path:
    """The bundled templates: inside the installed package, or the checkout's ``templates/``."""
    here = Path(__file__).resolve().parents[2]
    for candidate in (here / "templates", here.parent / "templates"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("vanban templates folder not found")


def with_end(text: str, end: str) -> str:
    """``text`` with its trailing punctuation replaced by ``end``."""
    return re.sub(r"[\s;,.]*$", "", text) + end


def closed(text: str) -> str:
    """``text`` ending with the closing mark "./." of a document body."""
    return re.sub(r"[\s;,.]*(\./\.|\. */ *\.?)?\s*$", "", text) + nd30.CLOSING_MARK


def sentence(text: str) -> str:
    """``text`` ending with a full stop unless it already ends in punctuation."""
    text = text.rstrip()
    return text if not text or text[-1] in _END_PUNCT else text + "."


@functools.lru_cache(maxsize=64)
def _text_template(path: Path) -> Any:
    """A standard-sentence template, read and compiled once per process."""
    return compile_template(path.read_text(encoding="utf-8"))


def standard_text(name: str, context: dict[str, Any]) -> str:
    """Render the standard sentence at ``templates/<name>``; Jinja errors propagate."""
    return _text_template(templates_dir() / name).render(context).strip()
