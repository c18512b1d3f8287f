"""Roll last year's config forward: the same plan as a draft for a new year.

The YAML is edited round-trip (ruamel.yaml), so comments, key order and layout survive. Every
year in the text is classified by its context:

- part of a cited document (its number, its date, its title: "Chỉ thị số 33/CT-TTg ngày
  26/11/2021 …") — kept; a yearly cited document ("… danh mục nhiệm vụ … năm 2025") is flagged as
  probably superseded;
- a multi-year period ("giai đoạn 2026-2030") — kept; flagged when the new year has left it;
- the plan's own year, or the year before or after it, in a period, deadline or theme ("6 tháng
  cuối năm 2025", "Quý I năm 2026", "trước ngày 10/3/2026", "Tháng 6, 11/2026", "chủ đề năm
  2026") — moved by the number of years rolled;
- a horizon after that ("đến năm 2040") — kept;
- anything else (a date or year in the past, a bare year) — kept and flagged.

Strings written with ``{{ year }}`` need nothing: the new year flows through.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError

from .. import nd30
from ..errors import ConfigError, Problem
from ..i18n import _, language
from ..vocabulary import kind_of
from .expand import plan_year
from .load import Path_, load_text
from .text import Review, round_trip_yaml, with_review_comments
from .validate import validate

_YEAR = nd30.YEAR
_TOKEN = re.compile(
    rf"""
    (?P<period>(?P<p1>{_YEAR})\s*[-–]\s*(?P<p2>{_YEAR}))(?![\d/])
  | /(?P<symbol>{_YEAR})/                                       # 59/2023/NĐ-CP
  | (?P<date>{nd30.SHORT_DATE.pattern})                          # 10/3/2026
  | (?i:ngày)\s+\d{{1,2}}\s+(?i:tháng)\s+\d{{1,2}}\s+(?i:năm)\s+(?P<longdate>{_YEAR})(?!\d)
  | (?<![\d/])\d{{1,2}}/(?P<monthyear>{_YEAR})(?![\d/])          # 11/2026
  | (?i:năm)\s+(?P<nam>{_YEAR})(?!\d)                             # năm 2026, NĂM 2026
  | (?<![\d/])(?P<bare>{_YEAR})(?![\d/])
""",
    re.VERBOSE,
)
_KINDS = ("period", "symbol", "date", "longdate", "monthyear", "nam", "bare")
_ANY_YEAR = re.compile(_YEAR)  # most strings hold none: they are passed over at once
# A clause that cites a document: a number and symbol (33/CT-TTg, 05-NQ/ĐU, 491/SNV-…, 07- CT/QU,
# 59/2023/NĐ-CP) or a law. ("chuyển đổi số 6 tháng" is not a citation.)
_CITATION = re.compile(r"\d+\s?[-/]\s?[A-ZĐ]{2}|\bLuật\b|\bHiến pháp\b")
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_EVENT = re.compile(r"\b(bầu cử|Đại hội|kỷ niệm)\b", re.IGNORECASE)
# Keys whose values do not move: the ward's identity, who signs and who receives the plan.
_KEEP_KEYS = {
    "kind",
    "template",
    "number",
    "date",
    "year",
    "ward",
    "agency",
    "signer",
    "recipients",
    "recipients_note",
    "archive",
    "lineage",
    "id",
    "task",
    "columns",
    "numbering",
    "field_style",
    "style",
}


@dataclass(frozen=True)
class Rolled:
    text: str  # the new config
    reviews: list[Review]
    diff: str
    notes: list[str]  # where a rolled config came from (its lineage); warnings


@dataclass(frozen=True)
class Year:
    """A year found in a text, and what rolling the plan to a new year does with it."""

    start: int  # where its four digits are
    kind: str  # period | symbol | date | longdate | monthyear | nam | bare
    year: int
    action: str  # move (the plan's own) | keep | review
    note: str | None  # why to look at it, for a review


def years_in(
    text: str, old: int, new: int, own_years: tuple[int, int] = (-1, 1)
) -> tuple[Year, ...]:
    """Every year of ``text`` (outside ``{{ … }}``), classified for a plan of ``old`` rolled to
    ``new``. ``own_years``: the years, relative to ``old``, that are the plan's own (its kind's
    rule)."""
    return _years_in(text, old, new, tuple(own_years), language())


@functools.lru_cache(maxsize=8192)  # the editor asks again for each string at each edit
def _years_in(
    text: str, old: int, new: int, own_years: tuple[int, int], lang: str
) -> tuple[Year, ...]:
    """:func:`years_in` in the language ``lang`` (its notes are translated)."""
    if not _ANY_YEAR.search(text):
        return ()
    near = range(old + own_years[0], old + own_years[1] + 1)
    scan = _JINJA.sub(lambda m: "\0" * len(m.group()), text)  # {{ … }} is left alone
    found: list[Year] = []

    def excerpt(m: re.Match) -> str:
        start = max(0, m.start() - 40)
        start = text.rfind(" ", 0, start) + 1 if start else 0
        return ("…" if start else "") + text[start : m.end()].strip()

    for m in _TOKEN.finditer(scan):
        kind = next(k for k in _KINDS if m.group(k))
        clause = scan[max(scan.rfind(";", 0, m.start()), 0) : m.start()]
        cited = bool(_CITATION.search(clause))
        if kind == "period":
            first, last = int(m.group("p1")), int(m.group("p2"))
            note = None if last >= new else _("Period {period} ended before {year}: «{text}»"
                                              ).format(period=f"{first}-{last}", year=new,
                                                       text=excerpt(m))  # fmt: skip
            found.append(Year(m.start(), kind, first, "review" if note else "keep", note))
            continue
        year_at = "year" if kind == "date" else kind  # a short date's year group
        year, start = int(m.group(year_at)), m.start(year_at)
        message = None  # a review's, or None
        action = "keep"
        if kind == "symbol":
            pass
        elif cited:
            if kind == "nam" and year in near and year < new:
                message = _("A yearly document of {old}, probably replaced by the one of "
                            "{new}: «{text}»").format(old=year, new=new,
                                                      text=excerpt(m))  # fmt: skip
        elif kind in ("date", "longdate", "monthyear", "nam") and year in near:
            action = "move"
        elif year > near[-1] and kind in ("nam", "date", "longdate", "monthyear"):
            pass  # a horizon: "đến năm 2040"
        elif kind == "bare":
            message = _("Year {year} not recognised: check it: «{text}»").format(
                year=year, text=excerpt(m))  # fmt: skip
        else:
            message = _("{year} is in the past for a plan of {new}: «{text}»").format(
                year=year, new=new, text=excerpt(m))  # fmt: skip
        action = "review" if message else action
        found.append(Year(start, kind, year, action, message))
    return tuple(found)


def roll_text(
    text: str, old: int, new: int, own_years: tuple[int, int] = (-1, 1)
) -> tuple[str, list[str], bool]:
    """Move the plan's years in ``text`` from ``old`` to ``new``. ``own_years``: the years,
    relative to ``old``, that are the plan's own (its kind's rule).

    Returns the new text, the review messages and whether anything moved.
    """
    out = list(text)
    notes: list[str] = []
    moved = False
    for y in years_in(text, old, new, own_years):
        if y.action == "move":
            out[y.start : y.start + 4] = str(y.year + new - old)
            moved = True
        elif y.note:
            notes.append(y.note)
    return "".join(out), notes, moved


def _walk(
    node: Any, path: Path_, old: int, new: int, own: tuple[int, int], reviews: list[Review]
) -> None:
    """Roll every string below ``node`` in place, collecting reviews."""
    items = node.items() if isinstance(node, dict) else enumerate(node)
    moved_here, events_here = False, False
    for key, value in list(items):
        here = (*path, key)
        if isinstance(node, dict) and isinstance(key, str) and key.rstrip("+") in _KEEP_KEYS:
            continue
        if isinstance(value, dict | list):
            _walk(value, here, old, new, own, reviews)
        elif isinstance(value, str):
            text, notes, moved = roll_text(str(value), old, new, own)
            reviews += [Review(here, n) for n in notes]
            if text != value:
                node[key] = _same_style(value, text)
            moved_here |= moved
            events_here |= bool(_EVENT.search(str(value)))
    if moved_here and events_here and path:
        reviews.append(
            Review(
                path,
                _(
                    "Mentions an event and its dates were moved to {year}: "
                    "check that it happens in {year}"
                ).format(year=new),
            )
        )


def _same_style(old: Any, text: str) -> Any:
    """``text`` as the same kind of YAML scalar as ``old`` (folded, literal, quoted …)."""
    if type(old) is str:
        return text
    new = type(old)(text)
    for attr in ("fold_pos", "comment"):
        if hasattr(old, attr):
            setattr(new, attr, getattr(old, attr))
    return new


def rollover(path: Path, year: int, dest: Path) -> Rolled:
    """The config at ``path`` rolled to ``year``; ``dest`` is where it will be written (for the
    lineage and the diff's header)."""
    raw = path.read_bytes()
    return roll_config(raw.decode("utf-8-sig"), path, year, dest, hashlib.sha256(raw).hexdigest())


def roll_config(
    source: str, path: Path, year: int, dest: Path, sha256: str | None = None
) -> Rolled:
    """The config text ``source`` (of the file ``path``) rolled to ``year``. With ``sha256`` (of
    the file's bytes) the new config names ``path`` as its lineage; without, it has none (a
    config that was never a file, such as one just imported)."""
    validate(load_text(source, str(path)))  # every problem first, with its line
    try:
        data = round_trip_yaml().load(source)
    except YAMLError as exc:
        raise ConfigError(
            [Problem(str(path), None, "", _("Invalid YAML: {detail}").format(detail=exc))]
        ) from None
    old = plan_year(data)
    if old is None:
        raise ConfigError(
            [
                Problem(
                    str(path), None, "date", _("Cannot tell the plan's year: give 'year' or 'date'")
                )
            ]
        )
    kind = kind_of(data.get("kind"))
    notes = [note] if (note := _lineage_note(data.get("lineage"), path)) else []
    if year < old:
        notes.append(_("Warning: {year} is before the plan's year {old}: its years move back")
                     .format(year=year, old=old))  # fmt: skip
    elif year == old:
        notes.append(_("Warning: the plan is already of {year}: only its number and date are "
                       "cleared").format(year=year))  # fmt: skip
    reviews: list[Review] = []
    _walk(data, (), old, year, kind.own_years, reviews)

    # a draft: no number, the day and month left blank; the plan's year moves
    if "number" in data:  # cleared, the line (and its comment) kept: "number:" is a draft
        data["number"] = None
    date = CommentedMap(year=year)
    date.fa.set_flow_style()
    data["date"] = date
    if "year" in data:
        data["year"] = year
    if sha256 is not None:
        lineage = CommentedMap(source=str(path), sha256=sha256, year=old)
        lineage.fa.set_flow_style()
        data["lineage"] = lineage
    else:
        data.pop("lineage", None)

    buffer = io.StringIO()
    round_trip_yaml().dump(data, buffer)
    text = with_review_comments(buffer.getvalue(), reviews, str(dest))
    located = load_text(text, str(dest))
    reviews = [Review(r.path, r.message, located.origin_of(r.path)[1]) for r in reviews]
    diff = "".join(
        difflib.unified_diff(
            source.splitlines(True), text.splitlines(True), fromfile=str(path), tofile=str(dest)
        )
    )
    return Rolled(text, reviews, diff, notes)


def _lineage_note(lineage: Any, path: Path) -> str | None:
    """For a config that was itself rolled over: where it came from, and whether that source has
    changed since (its edits would then be missing here)."""
    if not isinstance(lineage, dict) or not isinstance(lineage.get("source"), str):
        return None
    source = Path(lineage["source"])
    candidates = [source] if source.is_absolute() else [source, path.parent / source.name]
    found = next((c for c in candidates if c.is_file()), None)
    if found is None:
        return _("Rolled from {source}, which is no longer there").format(source=source)
    if hashlib.sha256(found.read_bytes()).hexdigest() != lineage.get("sha256"):
        return _(
            "Warning: {source}, which this config was rolled from, has changed since: "
            "its later edits are not in this config"
        ).format(source=found)
    return _("Rolled from {source}, unchanged since").format(source=found)


def rolled_name(src: Path, year: int) -> Path:
    """001-ke-hoach-2026.yaml -> 001-ke-hoach-2027.yaml; otherwise the year is appended."""
    stem = re.sub(r"(?<!\d)(19|20)\d{2}(?!\d)", str(year), src.stem)
    return src.with_name(f"{stem if stem != src.stem else f'{src.stem}-{year}'}{src.suffix}")
