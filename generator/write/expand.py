"""Stage 2a: evaluate the Jinja expressions of a loaded config over the config's own values
(``{{ year }}``, ``{{ ward.name }}``, ``{{ vars.units }}``), in the sandbox."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..errors import Problem
from . import schema
from .load import Data, Path_, Source
from .sandbox import render_string, template_problem


def plan_year(data: Any) -> int | None:
    """The year of the plan a raw config describes: ``year``, else the issue date's year."""
    if isinstance(data.get("year"), int):
        return data["year"]
    date = data.get("date")
    if isinstance(date, dt.date):
        return date.year
    if isinstance(date, dict) and isinstance(date.get("year"), int):
        return date["year"]
    if isinstance(date, str) and re.match(r"\d{4}", date):
        return int(date[:4])
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


def expand(src: Source) -> tuple[Any, list[Problem]]:
    """Render every config string that holds Jinja markup, over the config's own values."""
    data = src.data
    context = {**data, "year": plan_year(data)}
    for key, defaults in _CONTEXT_DEFAULTS.items():  # {{ ward.kind }} is "phường" unless set
        context[key] = {**defaults, **(data[key] if isinstance(data.get(key), dict) else {})}
    problems: list[Problem] = []

    def walk(value: Any, path: Path_) -> Any:
        if isinstance(value, Data):  # from a ward table: data, never a template
            return value
        if isinstance(value, str):
            try:
                return render_string(value, context)
            except Exception as exc:  # any Jinja failure is the config's problem
                problems.append(src.problem(path, template_problem(exc)))
                return value
        if isinstance(value, dict):
            return {k: walk(v, (*path, k)) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, (*path, i)) for i, v in enumerate(value)]
        return value

    expanded = {k: (v if k == "template" else walk(v, (k,))) for k, v in data.items()}
    return expanded, problems
