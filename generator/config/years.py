"""The plan's years in a config's text, classified as rollover classifies them
(:func:`.rollover.years_in`):

- derived: "năm 2026", "6 tháng đầu năm 2026", "Quý I năm 2027", the plan's year or one next to
  it outside any citation. An import writes them ``{{ year }}`` (``{{ year - 1 }}`` …) so that
  they follow the plan's year; a config that still holds them literally has them moved when
  the year changes in the editor;
- typed: a date or a month ("15/01/2026", "tháng 6/2026", "ngày 10 tháng 3 năm 2026") of the
  plan's years, and the years rollover would flag. They are kept as typed and listed, by key
  path, for the clerk to look at.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from ..i18n import _
from ..vocabulary import kind_of
from .expand import plan_year
from .load import Path_, format_path
from .rollover import _KEEP_KEYS, Year, years_in

_DERIVED = "nam"  # the token kind of "năm 2026"


def strings(data: Any, path: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    """Every string of the config's text, with its key path; the keys whose values never move
    with the year (the ward, the signer, the number and date …) are skipped."""
    items = data.items() if isinstance(data, dict) else enumerate(data)
    for key, value in items:
        if isinstance(key, str) and key.rstrip("+") in _KEEP_KEYS:
            continue
        if isinstance(value, dict | list):
            yield from strings(value, (*path, key))
        elif isinstance(value, str) and "{% raw" not in value:
            yield (*path, key), value


def _set(data: Any, path: Path_, value: str) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


def _rewrite(data: Any, year: int, own: tuple[int, int],
             edit: Callable[[Year], str | None]) -> int:  # fmt: skip
    """Replace each derived year of the config's text by ``edit(token)`` (None: kept)."""
    count = 0
    for path, text in list(strings(data)):
        out = text
        for y in reversed(years_in(text, year, year, own)):
            if y.kind == _DERIVED and y.action == "move" and (new := edit(y)) is not None:
                out = out[: y.start] + new + out[y.start + 4 :]
                count += 1
        if out != text:
            _set(data, path, out)
    return count


def derive(data: dict[str, Any]) -> int:
    """Write the derived years of ``data``'s text as ``{{ year }}``, ``{{ year - 1 }}`` …, so
    that they follow the plan's year; returns how many. In place."""
    year = plan_year(data)
    if year is None:
        return 0
    own = kind_of(data.get("kind")).own_years

    def expression(y: Year) -> str:
        shift = y.year - year
        sign = "+" if shift > 0 else "-"
        return "{{ year }}" if not shift else f"{{{{ year {sign} {abs(shift)} }}}}"

    return _rewrite(data, year, own, expression)


def stated_year(data: dict[str, Any]) -> int | None:
    """The year a plan is of, as its text says it: the one its trích yếu names ("… năm 2026"),
    outside any citation; else the one its text names most often, when that is twice as often
    as its date's year (a plan dated 12/2025 for 2026). None: the text does not say."""
    date_year = plan_year(data)
    if date_year is None:
        return None
    subject = data.get("subject")
    for line in subject if isinstance(subject, list) else [subject]:
        if isinstance(line, str):
            for y in years_in(line, date_year, date_year, (-1, 1)):
                if y.kind == _DERIVED and y.action == "move":
                    return y.year
    counts = Counter(y.year for _path, text in strings(data)
                     for y in years_in(text, date_year, date_year, (-1, 1))
                     if y.kind == _DERIVED and y.action == "move")  # fmt: skip
    if counts:
        year, n = counts.most_common(1)[0]
        if year != date_year and n >= 2 * counts[date_year]:
            return year
    return None


def follows(data: dict[str, Any], old: int, new: int) -> bool:
    """Whether the derived years of ``data``'s text are of ``old`` rather than ``new`` (after
    an undo the text and the year agree again: nothing to move)."""
    own = kind_of(data.get("kind")).own_years
    found = [y.year for _p, text in strings(data) for y in years_in(text, old, old, own)
             if y.kind == _DERIVED and y.action == "move"]  # fmt: skip
    return found.count(old) > found.count(new)


def move(data: dict[str, Any], old: int, new: int) -> list[dict[str, str]]:
    """Move the derived years still written literally in ``data``'s text from ``old`` to
    ``new`` (in place); the notes of what moved, by key path."""
    own = kind_of(data.get("kind")).own_years
    moved: list[dict[str, str]] = []
    for path, text in list(strings(data)):
        out = text
        for y in reversed(years_in(text, old, old, own)):
            if y.kind == _DERIVED and y.action == "move":
                out = out[: y.start] + str(y.year + new - old) + out[y.start + 4 :]
        if out != text:
            _set(data, path, out)
            moved.append(note(path, _("The plan's year changed from {old} to {new} here")
                                    .format(old=old, new=new)))  # fmt: skip
    return moved


def typed(data: dict[str, Any]) -> list[dict[str, str]]:
    """The typed years and dates of ``data``'s text to look at when the plan's year is set:
    dates and months of the plan's years, and the years rollover would flag."""
    year = plan_year(data)
    if year is None:
        return []
    own = kind_of(data.get("kind")).own_years
    out = []
    for path, text in strings(data):
        for y in years_in(text, year, year, own):
            if y.action == "move" and y.kind != _DERIVED:
                out.append(note(path, _("A date typed for {year}: check it: «{text}»").format(
                    year=y.year, text=_around(text, y.start))))  # fmt: skip
            elif y.action == "review" and y.note:
                out.append(note(path, y.note))
    return out


def _around(text: str, at: int) -> str:
    """The words around position ``at`` of ``text``."""
    start = text.rfind(" ", 0, max(0, at - 30)) + 1 if at > 30 else 0
    end = text.find(" ", at + 12)
    end = len(text) if end < 0 else end
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def note(path: Path_ | str, message: str) -> dict[str, str]:
    """A note for the page: the key path of the string it is about ("" for the whole
    document) and its message."""
    where = path if isinstance(path, str) else format_path(path)
    return {"path": where, "message": message}
