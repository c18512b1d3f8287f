"""Each ward's text filled and checked, in worker processes for a large table: the base is
parsed once per worker; a ward's config is validated as ``vanban bulk`` validates it before
writing (a problem of the base stops the publish at its first ward)."""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..config.layers import merge
from ..config.load import Source
from ..config.validate import validate
from ..errors import ConfigError, Problem
from .filling import FilledBase, plan_title

POOL_FROM = 200  # wards: fewer are filled here (a worker's start costs more than they do)


@dataclass(frozen=True)
class Target:
    """A ward to publish to: its unit, its name, its row of the table (and where that is)."""

    unit_id: int
    label: str
    layer: dict[str, Any]
    file: str = ""
    line: int | None = None


@dataclass(frozen=True)
class Filled:
    """A ward's text, its title for lists, its problems."""

    text: str
    title: str = ""
    problems: tuple[Problem, ...] = ()


_base: FilledBase | None = None  # the workers' (inherited by fork)


def fill_one(target: Target, base: FilledBase | None = None) -> Filled:
    """The ward's text and data, and the problems its config has."""
    base = base or _base
    assert base is not None
    origins = {(): (target.file or target.label, target.line)}
    layer = Source(target.file or target.label, target.layer, origins)
    try:
        validate(merge(base.source, layer))
    except ConfigError as exc:
        return Filled("", "", tuple(exc.problems))
    text, data = base.fill(target.layer)
    return Filled(text, plan_title(data))


def fill_all(base: FilledBase, targets: list[Target], workers: int | None = None) -> list[Filled]:
    """Every target filled, in order; a :class:`ConfigError` with every problem when any has
    one (nothing is filled further when the first ward shows a problem of the base)."""
    if not targets:
        return []
    first = fill_one(targets[0], base)
    if any(p.file == base.source.file for p in first.problems):
        raise ConfigError(list(first.problems))
    out = [first, *_rest(base, targets[1:], workers)]
    problems = [p for f in out for p in f.problems]
    if problems:
        raise ConfigError(problems)
    return out


def _rest(base: FilledBase, targets: list[Target], workers: int | None) -> Iterator[Filled]:
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(targets) < POOL_FROM or "fork" not in mp.get_all_start_methods():
        yield from (fill_one(t, base) for t in targets)
        return
    global _base
    _base = base
    try:
        with mp.get_context("fork").Pool(workers) as pool:
            yield from pool.imap(fill_one, targets, chunksize=32)
    finally:
        _base = None
