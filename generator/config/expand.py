"""Stage 2a: evaluate the Jinja expressions of a loaded config over the config's own values
(``{{ year }}``, ``{{ ward.name }}``, ``{{ vars.units }}``), in the sandbox."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .. import nd30
from ..errors import Problem
from ..i18n import _
from ..vocabulary import KINDS
from . import schema
from .load import Data, Path_, Source
from .sandbox import has_markup, render_string, template_problem


def plan_year(data: Any) -> int | None:
    """The year of the plan a raw config describes: ``year``, else the issue date's year."""
    if isinstance(data.get("year"), int):
        return data["year"]
    date = data.get("date")
    if isinstance(date, dt.date):
        return date.year
    if isinstance(date, dict) and isinstance(date.get("year"), int):
        return date["year"]
    if isinstance(date, str):
        m = nd30.SHORT_DATE.fullmatch(date.strip()) or re.match(r"\s*(?P<year>\d{4})\b", date)
        return int(m["year"]) if m else None
    return None


# Defaults of the sections a config string may refer to, as the schema gives them.
_CONTEXT_DEFAULTS = {
    key: {
        name: f.default
        for name, f in schema.Document.model_fields[key].annotation.model_fields.items()
        if not f.is_required()
    }
    for key in ("ward", "agency", "signer")
}


_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}(.*?)\{%-?\s*endraw\s*-?%\}", re.DOTALL)


class _Cycle(Exception):
    """vars that refer to each other in a circle."""

    def __init__(self, names: list[str]):
        super().__init__(" → ".join(f"vars.{n}" for n in names))
        self.names = names


class _Vars(dict):
    """``vars`` as expressions see it: each var expanded on first use, through the others."""

    def __init__(self, resolve: Any):
        super().__init__()
        self._resolve = resolve

    def __getitem__(self, name: str) -> Any:
        return self._resolve(name)


def _raw_texts(value: Any) -> set[str]:
    """What the config's ``{% raw %}`` blocks ask to print as it is."""
    if isinstance(value, str):
        return set(_RAW.findall(value))
    if isinstance(value, dict):
        return {t for v in value.values() for t in _raw_texts(v)}
    if isinstance(value, list):
        return {t for v in value for t in _raw_texts(v)}
    return set()


def literal(text: str) -> str:
    """Text that a config prints as it is: Jinja markup wrapped in a raw block."""
    if "{{" in text or "{%" in text or "{#" in text:
        return "{% raw %}" + text + "{% endraw %}"
    return text


def _number_and_date(data: Data, agency: dict[str, Any]) -> dict[str, str]:
    """``{{ number_text }}`` (05/KH-UBND), ``{{ date_text }}`` (ngày 07 tháng 5 năm 2026) as
    the header prints them, and ``{{ date_short }}`` (07/5/2026), so that a line such as an
    appendix's "kèm theo" follows the plan's number and date; nothing when the config does
    not give them in a usable form."""
    kind = KINDS.get(data.get("kind")) if isinstance(data.get("kind"), str) else None
    date = data.get("date")
    if not isinstance(date, dict):  # 2026-05-07 or 07/05/2026 as one value
        try:
            date = schema._as_date_parts(date)
        except ValueError:
            return {}
    number = data.get("number")
    if kind is None or not isinstance(date, dict) or not isinstance(number, int | None):
        return {}
    parts = [date.get(k) for k in ("day", "month", "year")]
    if not all(isinstance(p, int) or p is None for p in parts) or not isinstance(parts[2], int):
        return {}
    abbreviation = agency.get("abbreviation")
    day, month, year = parts
    return {"number_text": nd30.number_text(number, kind.abbreviation, str(abbreviation)),
            "date_text": nd30.date_phrase(*parts),
            "date_short": f"{nd30.format_day(day)}/{nd30.format_month(month)}/{year}"}  # fmt: skip


def expand(src: Source) -> tuple[Any, list[Problem]]:
    """Render every config string that holds Jinja markup, over the config's own values.

    A var may use other vars and the config's values (``{{ year }}``); a circle of vars is a
    problem. No markup survives into the result unless a ``{% raw %}`` block asked for it, and
    a value from a ward table (data, never a template) that holds markup is refused."""
    run = _Expansion(src)
    expanded = {}
    for key, value in src.data.items():
        if key == "template":
            expanded[key] = value
        elif key == "vars" and run.raw_vars:
            expanded[key] = {name: run.var(name) for name in run.raw_vars}
        else:
            expanded[key] = run.walk(value, (key,))
    return expanded, run.problems


class _Expansion:
    """The state of one config's expansion: its vars as they resolve, and its problems."""

    def __init__(self, src: Source):
        data = src.data
        self.src = src
        self.raw_vars = data.get("vars") if isinstance(data.get("vars"), dict) else {}
        self.resolved: dict[str, Any] = {}
        self.resolving: list[str] = []
        self.problems: list[Problem] = []
        self.cycles: set[frozenset[str]] = set()
        self.printable = _raw_texts(data)
        self.context = {**data, "year": plan_year(data)}
        for key, defaults in _CONTEXT_DEFAULTS.items():  # {{ ward.kind }} is "phường" unless set
            self.context[key] = {**defaults, **(data[key] if isinstance(data.get(key), dict)
                                                else {})}  # fmt: skip
        self.context |= _number_and_date(data, self.context["agency"])
        self.context["vars"] = _Vars(self.resolve)

    def resolve(self, name: str) -> Any:
        if name in self.resolved:
            return self.resolved[name]
        if name not in self.raw_vars:
            raise KeyError(name)  # an undefined name for Jinja
        if name in self.resolving:
            raise _Cycle([*self.resolving[self.resolving.index(name) :], name])
        self.resolving.append(name)
        try:
            value = self.walk(self.raw_vars[name], ("vars", name))
        finally:
            self.resolving.pop()
        self.resolved[name] = value
        return value

    def render(self, value: str, path: Path_) -> str:
        try:
            out = render_string(value, self.context)
        except _Cycle as exc:
            if self.resolving:  # reported once, where the circle was entered
                raise
            if frozenset(exc.names) not in self.cycles:
                self.cycles.add(frozenset(exc.names))
                self.problems.append(self.src.problem(("vars", exc.names[0]), _(
                    "{cycle}: these vars refer to each other in a circle"
                ).format(cycle=exc)))  # fmt: skip
            return value
        except Exception as exc:  # any Jinja failure is the config's problem
            self.problems.append(self.src.problem(path, template_problem(exc)))
            return value
        leftover = out
        for text in self.printable:
            leftover = leftover.replace(text, "")
        if has_markup(leftover):
            self.problems.append(self.src.problem(path, _(
                "the document would print Jinja markup «{text}»: to print braces, write "
                "{{% raw %}}…{{% endraw %}}"
            ).format(text=_excerpt(leftover))))  # fmt: skip
        return out

    def walk(self, value: Any, path: Path_) -> Any:
        if isinstance(value, Data):  # from a ward table: data, never a template
            if has_markup(value):
                self.printable.add(value)  # reported here, not again where it is used
                self.problems.append(self.src.problem(path, _(
                    "a table cell is data, not an expression: «{text}» would print its braces; "
                    "remove them"
                ).format(text=_excerpt(value))))  # fmt: skip
            return value
        if isinstance(value, str):
            return self.render(value, path)
        if isinstance(value, dict):
            return {k: self.walk(v, (*path, k)) for k, v in value.items()}
        if isinstance(value, list):
            return [self.walk(v, (*path, i)) for i, v in enumerate(value)]
        return value

    def var(self, name: str) -> Any:
        try:
            return self.resolve(name)
        except _Cycle:  # reported by the string that closed the circle
            return self.raw_vars[name]


def _excerpt(text: str, n: int = 40) -> str:
    m = re.search(r"\{[{%#]", text)
    start = max(0, m.start() - 5) if m else 0
    part = " ".join(text[start:].split())
    return part if len(part) <= n else part[: n - 1] + "…"
