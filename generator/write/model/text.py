"""Punctuation of computed text, and the kinds' standard sentences (templates/<kind>/*.j2)."""

from __future__ import annotations

import dataclasses
import functools
import re
from pathlib import Path
from typing import Any

from ... import nd30
from ...config.sandbox import compile_template
from .types import Para, Run

_END_PUNCT = ".;:!?…"
_ESCAPED = "\ue000"  # a literal asterisk while emphasis is parsed
NOTE = re.compile(r"\[\^([^\]\s]+)\]")  # a footnote reference: [^1], [^nguon]
_EMPHASIS = re.compile(r"\*\*\*(.+?)\*\*\*|\*\*(.+?)\*\*|\*(.+?)\*", re.DOTALL)


@functools.lru_cache(maxsize=1)
def templates_dir() -> Path:
    """The bundled templates: inside the installed package, or the checkout's ``templates/``."""
    here = Path(__file__).resolve().parents[2]
    for candidate in (here / "templates", here.parent / "templates"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("vanban templates folder not found")


def emphasis(text: str, bold: bool = False, italic: bool = False) -> tuple[Run, ...]:
    """The runs of ``text`` with its inline emphasis: ``*nghiêng*``, ``**đậm**``,
    ``***cả hai***``; ``\\*`` is a literal asterisk, and a lone ``*`` stays as it is."""
    text = text.replace("\\*", _ESCAPED)
    runs, at = [], 0
    for m in _EMPHASIS.finditer(text):
        if m.start() > at:
            runs.append(Run(text[at : m.start()], bold, italic))
        both, strong, em = m.groups()
        if both is not None:
            runs.append(Run(both, True, True))
        elif strong is not None:
            runs.append(Run(strong, True, italic))
        else:
            runs.append(Run(em, bold, True))
        at = m.end()
    if at < len(text) or not runs:
        runs.append(Run(text[at:], bold, italic))
    out = []
    for r in runs:
        for k, piece in enumerate(NOTE.split(r.text.replace(_ESCAPED, "*"))):
            if k % 2:  # a footnote reference "[^key]"
                out.append(Run("", r.bold, r.italic, piece))
            elif piece or len(runs) == 1:
                out.append(Run(piece, r.bold, r.italic))
    return tuple(out)


def para(style: str, text: str, prefix: str = "") -> Para:
    """A paragraph of ``style``: a plain ``prefix`` (a label), then ``text`` with emphasis."""
    runs = emphasis(text)
    return Para(style, ((Run(prefix),) if prefix else ()) + runs)


def as_bullet(p: Para, glyph: tuple[str, ...]) -> Para:
    """``p`` with Word's bullet in place of its typed "- " (Word draws the label); ``glyph``:
    the glyphs of the bullet lists it sits in, outermost first, its own last."""
    if not (p.runs and p.runs[0].text.startswith("- ")):
        return p
    first = dataclasses.replace(p.runs[0], text=p.runs[0].text[2:])
    return dataclasses.replace(p, runs=((first,) if first.text else ()) + p.runs[1:], bullet=glyph)


def with_end(text: str, end: str) -> str:
    """``text`` with its trailing punctuation replaced by ``end``."""
    return re.sub(r"[\s;,.]*$", "", text) + end


def closed(text: str) -> str:
    """``text`` ending with the closing mark "./." of a document body."""
    return re.sub(r"[\s;,.]*(\./\.|\. */ *\.?)?\s*$", "", text) + nd30.CLOSING_MARK


def sentence(text: str, end: str = ".") -> str:
    """``text`` ending with ``end`` unless it already ends in punctuation."""
    text = text.rstrip()
    return text if not text or text.rstrip("*")[-1:] in tuple(_END_PUNCT) else text + end


@functools.lru_cache(maxsize=64)
def _text_template(path: Path) -> Any:
    """A standard-sentence template, read and compiled once per process."""
    return compile_template(path.read_text(encoding="utf-8"))


def standard_text(name: str, context: dict[str, Any]) -> str:
    """Render the standard sentence at ``templates/<name>``; Jinja errors propagate."""
    return _text_template(templates_dir() / name).render(context).strip()
