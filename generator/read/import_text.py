"""One line of a plan as config text: its words with their emphasis (``*…*``, ``**…**``,
``***…***``, whole words, never nested), its footnote references (``[^n]``), its typed label
left out."""

from __future__ import annotations

import re
import unicodedata

from ..config.expand import literal
from .footnotes import references
from .lines import Line
from .reader import Structure

_SPACE = re.compile(r"(\s+)")
_NOTE = re.compile(r"\[\^[^\]\s]+\]")  # a footnote reference in a config's text
_MARKS = {(True, True): "***", (True, False): "**", (False, True): "*"}


def _words(d: Structure, line: Line, label: str) -> list[tuple[str, bool, bool]]:
    """The line's words with the bold and italic most of each word's letters have; the first
    ``len(label)`` letters (a typed label) left out."""
    skip = len(label.replace(" ", ""))
    words: list[tuple[str, bool, bool]] = []
    word: list[tuple[str, bool, bool]] = []

    def flush() -> None:
        if word:
            size = sum(len(t) for t, _b, _i in word)
            bold = sum(len(t) for t, b, _i in word if b) * 2 > size
            italic = sum(len(t) for t, _b, i in word if i) * 2 > size
            text = unicodedata.normalize("NFC", "".join(t for t, _b, _i in word))
            words.append((text, bold, italic))
            word.clear()

    refs = references(line.para)
    if None in refs and line.runs:  # a reference before any text: after the first word
        refs = {**refs, line.runs[0]._r: refs[None] + refs.get(line.runs[0]._r, [])}
    for r in line.runs:
        text = r.text
        while skip and text:  # the typed label's letters
            text = text.lstrip()
            take = min(skip, len(text.split(None, 1)[0]) if text.split() else 0)
            if not take:
                break
            text, skip = text[take:], skip - take
        if not text:
            continue
        f = d.fmt.run(line.para, r)
        for piece in _SPACE.split(text):
            if not piece:
                continue
            if piece.isspace():
                flush()
            else:
                word.append((piece, f.bold, f.italic))
        for note in refs.get(r._r, []):  # "[^n]" glued to the word before it
            if word or not words:
                word.append((f"[^{note}]", *_state(word)))
            else:
                words[-1] = (f"{words[-1][0]}[^{note}]", *words[-1][1:])
    flush()
    return words


def _state(word: list[tuple[str, bool, bool]]) -> tuple[bool, bool]:
    return (word[-1][1], word[-1][2]) if word else (False, False)


def text_of_line(
    d: Structure, line: Line, label: str = "", base: tuple[bool, bool] | None = None
) -> str:
    """The line's text with its emphasis written as ``*…*`` / ``**…**`` / ``***…***`` where
    words differ from ``base`` (the paragraph's printed formatting; default: what most of the
    line has), whole words only, never nested; asterisks escaped, Jinja markup kept literal.
    ``label``: a typed label at the start, left out; a Word label is never in the runs."""
    plain = line.text[len(label) :].strip() if label else line.text
    states = {(f.bold, f.italic) for r in line.runs if r.text.strip()
              for f in [d.fmt.run(line.para, r)]}  # fmt: skip
    if len(states) <= 1 and not references(line.para):  # one formatting: marked whole, or not
        state = states.pop() if states else (False, False)
        base = base or state
        mark = _MARKS.get((state[0] and not base[0], state[1] and not base[1]), "")
        text = plain.replace("*", "\\*")
        out = f"{mark}{text}{mark}" if mark and text else text
        if line.auto_label and not label and line.text.split(" ", 1)[0] not in out[:8]:
            out = f"{line.text.split(' ', 1)[0]} {out}"
        return literal(out)
    words = _words(d, line, "" if line.auto_label else label)
    if _NOTE.sub("", "".join(w for w, _b, _i in words)) != plain.replace(" ", ""):
        return literal(plain)  # runs shared with other lines (tabs): the text without emphasis
    if base is None:
        weight: dict[tuple[bool, bool], int] = {}
        for w, b, i in words:
            weight[(b, i)] = weight.get((b, i), 0) + len(w)
        base = max(weight, key=weight.get)  # type: ignore[arg-type]
    parts: list[str] = []
    open_mark = ""
    for w, b, i in words:
        mark = _MARKS.get((b and not base[0], i and not base[1]), "")
        if mark != open_mark:
            if open_mark:
                parts[-1] += open_mark
            w = mark + w.replace("*", "\\*")
            open_mark = mark
        else:
            w = w.replace("*", "\\*")
        parts.append(w)
    if open_mark:
        parts[-1] += open_mark
    out = " ".join(parts)
    if line.auto_label and not label and line.text.split(" ", 1)[0] not in out[:8]:
        out = f"{line.text.split(' ', 1)[0]} {out}"
    return literal(out)
