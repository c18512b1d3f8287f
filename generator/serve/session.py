"""What the editor's page asks of a config: its data for the form, its problems by key path,
its preview, and its YAML text after a form edit with the comments kept (ruamel round trip)."""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import io
import json
import re
import threading
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from ..config import years
from ..config.expand import plan_year
from ..config.load import load_data, load_text
from ..config.text import reviews_in
from ..config.text import round_trip_yaml as _yaml
from ..errors import ConfigError, VanbanError
from ..pipeline import model_of
from ..write.html import html_of
from ..write.model import DocModel
from .labels import labels
from .wording import plain_problems


def version_of(text: str | None) -> str | None:
    """What a save compares: the digest of the file's text as the page last saw it."""
    return None if text is None else hashlib.sha256(text.encode("utf-8")).hexdigest()


class Roundtrip:
    """YAML text -> ruamel's commented tree, kept for the last texts seen, so that a form edit
    costs one merge and one dump."""

    def __init__(self, size: int = 8):
        self._trees: dict[str, Any] = {}
        self._size = size
        self._lock = threading.Lock()
        self.years: dict[str, int] = {}  # the plan's year each document was last seen with

    def apply(self, text: str, data: Any) -> str:
        """``text`` with its values replaced by ``data``; comments, order and the layout of
        the values that did not change are kept."""
        with self._lock:
            tree = self._trees.pop(text, None)
            if tree is None:
                tree = _yaml().load(text) if text.strip() else CommentedMap()
            tree = merge(tree, data)
            out = io.StringIO()
            _yaml().dump(tree, out)
            new = out.getvalue()
            self._trees[new] = tree
            while len(self._trees) > self._size:
                self._trees.pop(next(iter(self._trees)))
            return new


def _plain(value: Any) -> Any:
    """A ruamel value as JSON data (dates as ISO text)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _sig(value: Any) -> str:
    return json.dumps(_plain(value), sort_keys=True, ensure_ascii=False, default=str)


def merge(old: Any, new: Any) -> Any:
    """``new`` built from ``old``'s nodes where they match, so their comments stay."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [k for k in old if k not in new]:
            del old[key]
        for key, value in new.items():
            old[key] = merge(old[key], value) if key in old else value
        return old
    if isinstance(old, list) and isinstance(new, list):
        return _merge_list(old, new)
    if isinstance(old, dt.date) and isinstance(new, str):
        if old.isoformat() == new:
            return old
        try:
            return dt.date.fromisoformat(new)
        except ValueError:
            return new
    if type(old) is not bool and old == new and not isinstance(new, dict | list):
        return old  # the same value keeps its quoting and block style
    return new


def _merge_list(old: list, new: list) -> list:
    """Items aligned on equal content: moved or unchanged items keep their comments; a changed
    item is merged with the one it replaces."""
    matcher = difflib.SequenceMatcher(None, [_sig(x) for x in old], [_sig(x) for x in new],
                                      autojunk=False)  # fmt: skip
    placed: list[tuple[Any, int | None]] = []  # (item, its old index)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            placed += [(old[i], i) for i in range(i1, i2)]
        elif tag in ("replace", "insert"):
            for k in range(j2 - j1):
                i = i1 + k if i1 + k < i2 else None
                placed.append((merge(old[i], new[j1 + k]) if i is not None else new[j1 + k], i))
    if not isinstance(old, CommentedSeq):
        return [item for item, _i in placed]
    comments = old.ca.items
    moved = {
        j: comments[i] for j, (_item, i) in enumerate(placed) if i is not None and i in comments
    }
    old[:] = [item for item, _i in placed]
    old.ca.items.clear()
    old.ca.items.update(moved)
    return old


@dataclass
class Checked:
    """A config as the page sees it."""

    data: Any  # for the form (dates as text); None when the YAML does not parse
    problems: list[dict[str, Any]]  # {path, line, message}
    model: DocModel | None
    notes: list[dict[str, str]] = field(default_factory=list)  # {path, message} to look at


def check(text: str, file: str, data: Any = None) -> Checked:
    """Load, validate and model ``text`` (or the ``data`` it was written from, which skips
    parsing it back); every problem with its key path."""
    try:
        src = load_text(text, file) if data is None else load_data(data, file)
    except ConfigError as exc:
        return Checked(None, _problems(exc), None)
    try:
        model = model_of(src)
    except ConfigError as exc:
        return Checked(src.data, _problems(exc), None)
    except VanbanError as exc:
        return Checked(src.data, [{"path": "", "line": None, "message": str(exc)}], None)
    warnings = [{"path": w.path, "line": w.line, "message": w.message, "warning": True}
                for w in src.warnings]  # fmt: skip
    return Checked(src.data, warnings, model, notes_of(text, src.data, src.origins))


def notes_of(text: str, data: Any, origins: dict) -> list[dict[str, str]]:
    """What the clerk should look at, by key path: the review comments of the text, then the
    typed years and dates of the plan's text (each once)."""
    found = [years.note(r.path, r.message) for r in reviews_in(text, origins)]
    found += years.typed(data) if isinstance(data, dict) else []
    return [dict(t) for t in dict.fromkeys(tuple(n.items()) for n in found)]


def _problems(exc: ConfigError) -> list[dict[str, Any]]:
    return [{"path": p.path, "line": p.line, "message": p.message} for p in exc.problems]


# The plan's year of each document as last previewed in this process (opened, uploaded, edited
# in the YAML tab): what a form edit's year changes from when its editor has not seen it yet.
_PREVIEWED: dict[str, int] = {}


def preview(
    text: str, file: str, seen: dict[str, int] | None = None, data: Any = None
) -> dict[str, Any]:
    """What the page shows after an edit: the form's data, the problems, the preview. The
    plan's year is remembered (in ``seen`` too) for a later change of it."""
    checked = check(text, file, data)
    year = plan_year(checked.data) if isinstance(checked.data, dict) else None
    if year is not None:
        for memo in (_PREVIEWED, seen if seen is not None else {}):
            memo.pop(file, None)
            memo[file] = year
        while len(_PREVIEWED) > 256:
            _PREVIEWED.pop(next(iter(_PREVIEWED)))
    return {
        "yaml": text,
        "data": checked.data,
        "problems": plain_problems(checked.problems),
        "html": html_of(checked.model) if checked.model else None,
        "labels": labels(checked.data),  # the outline's printed labels: II.1.a)
        "notes": checked.notes,
    }


# In a JSON text, the characters YAML would read otherwise (a line break, a C1 control) are
# written as escapes, which YAML's double quotes read back as they were.
_UNSAFE = re.compile("[\u0080-\u009f\u2028\u2029\ufeff]")


_DIRECT = 1_000_000  # characters: a form's data up to this size is checked as data


def as_yaml(data: Any) -> str:
    """The form's data as YAML text: JSON, which YAML reads (every string double-quoted), and
    written fifty times faster than YAML's own emitter."""
    text = json.dumps(data, ensure_ascii=False)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def preview_data(data: Any, file: str, seen: dict[str, int] | None = None) -> dict[str, Any]:
    """The preview of a form's data, without its YAML text: the data is written as plain YAML
    (libyaml, a few ms) and goes through the same load, validation and model as a file, so it
    gets the same checks. Problems carry their key paths; their lines would be this text's, so
    they are dropped. The text with the comments kept is made apart (``Roundtrip.apply``).

    ``seen``: the plan's year each document was last previewed with. When the year changed
    and the text still writes its derived years literally ("năm 2026"), they move with it: the
    answer's ``data`` is then the form's new data (else None), and ``notes`` says where."""
    moved = year_changed(data, file, seen) if seen is not None else []
    text = as_yaml(data)
    small = len(text) < _DIRECT  # a huge one goes through the loader's limits as text
    out = preview(text, file, data=data if small and isinstance(data, dict) else None)
    for problem in out["problems"]:
        problem["line"] = None
    return {**out, "yaml": None, "data": data if moved else None, "notes": moved + out["notes"]}


def year_changed(data: Any, file: str, seen: dict[str, int]) -> list[dict[str, str]]:
    """Move the literal derived years of ``data`` (in place) when its plan's year is not the
    one ``file`` was last seen with; the notes of what moved."""
    new = plan_year(data) if isinstance(data, dict) else None
    if new is None or not 1900 <= new <= 2099:  # a year half typed: wait for the rest
        return []
    old, seen[file] = seen.get(file, _PREVIEWED.get(file)), new
    if old is None or old == new or not years.follows(data, old, new):
        return []
    return years.move(data, old, new)


def parses(text: str) -> YAMLError | None:
    """None if ``text`` is YAML, else the parser's error."""
    try:
        _yaml().load(text)
    except YAMLError as exc:
        return exc
    return None


def problem_line(exc: YAMLError) -> int | str:
    """The line (1-based) a parser's error points at, "?" when it names none."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return mark.line + 1 if mark is not None else "?"
