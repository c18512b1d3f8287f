"""Configs written back as text: round-trip YAML (comments, order and layout kept) and the
review comments that mark what a person must check by hand."""

from __future__ import annotations

from dataclasses import dataclass

from ruamel.yaml import YAML

from ..i18n import _
from .load import Path_, format_path, load_text


@dataclass(frozen=True)
class Review:
    """Something the clerk must check by hand."""

    path: Path_
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.line}: " if self.line else ""
        return f"{where}{format_path(self.path)}: {self.message}"


def round_trip_yaml() -> YAML:
    """ruamel's round-trip YAML as vanban writes configs: lines never re-wrapped, quotes kept,
    2-space mappings and 4-space sequences."""
    y = YAML()
    y.preserve_quotes = True
    y.width = 4096  # never re-wrap a line
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def review_mark() -> str:
    """The words that open a review comment, in the user's language: «# REVIEW:». One place,
    so that what the commands announce is what they write."""
    return "# " + _("REVIEW") + ":"


def count_reviews(text: str) -> int:
    """How many review comments ``text`` holds."""
    mark = review_mark()
    return sum(1 for line in text.split("\n") if line.lstrip().startswith(mark))


def with_review_comments(text: str, reviews: list[Review], file: str) -> str:
    """``text`` with a comment line «# REVIEW: …» above each reviewed key, a message once."""
    src = load_text(text, file)
    lines = text.split("\n")
    inserts: dict[int, list[str]] = {}
    for review in reviews:
        line = src.origin_of(review.path)[1]
        if line is None:
            continue
        target = lines[line - 1]
        indent = len(target) - len(target.lstrip(" "))
        comment = f"{' ' * indent}{review_mark()} {review.message}"
        if comment not in inserts.setdefault(line, []):
            inserts[line].append(comment)
    out = []
    for number, line in enumerate(lines, start=1):
        out += inserts.get(number, [])
        out.append(line)
    return "\n".join(out)


def reviews_in(text: str, origins: dict[Path_, tuple[str, int | None]]) -> list[Review]:
    """The review comments of ``text`` (in either language), each with the key path of the
    line under it (``origins``: a loaded config's key path → (file, line))."""
    from ..i18n import _catalog

    marks = tuple({"# REVIEW:", "# " + _catalog("vi").gettext("REVIEW") + ":", review_mark()})
    at_line: dict[int, Path_] = {}
    for path, (_file, line) in origins.items():
        if line is not None and len(path) >= len(at_line.get(line, ())):
            at_line[line] = path
    found: list[Review] = []
    waiting: list[str] = []
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        mark = next((m for m in marks if stripped.startswith(m)), None)
        if mark:
            waiting.append(stripped[len(mark) :].strip())
        elif stripped and not stripped.startswith("#"):
            found += [Review(at_line.get(number, ()), m, number) for m in waiting]
            waiting = []
    return found + [Review((), m) for m in waiting]
