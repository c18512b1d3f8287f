"""What the page says, in her words: no file path, no parser English, no internal value. The
server's messages pass through :func:`plain` before they reach the page; a problem keeps its key
path (the page finds the field by it and names it as the form labels it, never showing it)."""

from __future__ import annotations

import re
from typing import Any

from .. import vocabulary
from ..i18n import _

# an absolute path (POSIX or Windows), or a config's file name before a colon
_PATH = re.compile(r"(?:[A-Za-z]:)?[\\/](?:[^\s\\/:'\"«»]+[\\/])+([^\s\\/:'\"«»]+)")
_FILE = re.compile(r"[^\s:'\"«»]+\.ya?ml(?::\d+)?:\s*")
_PARSER = re.compile(r"YAML|did not find|could not find|mapping values|while (parsing|scanning)")
_VIETNAMESE = re.compile(r"[^\x00-\x7f]")
_CHOICE = re.compile(r"'([^'\n]{1,40})'")
_NAMES = {key: kind.name for key, kind in vocabulary.KINDS.items()}


def plain(message: str, line: int | None = None) -> str:
    """``message`` without paths or file names; a parser's English as "the text cannot be read
    at line N"."""
    if _PARSER.search(message):
        return unreadable(line)
    text = _FILE.sub("", _PATH.sub(r"\1", message)).strip()
    # a choice's internal values as the form names them: 'cong_van' -> «Công văn»
    text = _CHOICE.sub(lambda m: f"«{_NAMES.get(m[1], m[1])}»", text)
    text = re.sub(r"» or «", "» hoặc «", text)
    if text and not _VIETNAMESE.search(text) and re.search(r"[A-Za-z]{3,} [A-Za-z]{3,}", text):
        return unreadable(line)  # a library's English that was not translated
    return text


def unreadable(line: int | None) -> str:
    if line:
        return _("The text cannot be read at line {line}").format(line=line)
    return _("The text cannot be read")


def plain_problems(problems: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The problems with their messages made plain (the key path stays, for the page)."""
    return [{**p, "message": plain(str(p.get("message", "")), p.get("line"))} for p in problems]
