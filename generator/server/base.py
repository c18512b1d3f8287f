"""The city's base plan published to its wards: each ward gets its own document, the base
filled from its row of the ward table as ``vanban bulk`` fills it, recorded with the base
revision it came from. Each revision of the base is kept; publishing the same base again
changes nothing; a revised base reaches the wards that already have a plan as a three-way
merge (:mod:`revise`). New documents are written in batches (one statement per table)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from ..config.expand import has_markup
from ..config.layers import Ward, iter_table
from ..errors import ConfigError, Problem, VanbanError
from ..i18n import _
from .city_db import BaseRevision, WardPlan
from .db import Document, Revision, Unit, now
from .filler_pool import Target, fill_all
from .filling import FilledBase, plain
from .units import _city_kind


@dataclass
class Published:
    """What one publish did for one city."""

    city: str
    base: int  # the base revision the wards now come from
    new_base: bool = False
    created: int = 0
    merged: int = 0
    pending: int = 0
    unchanged: int = 0
    documents: list[int] = field(default_factory=list)  # the new ones


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_table(table: Path) -> dict[str, list[Ward]]:
    """The wards of ``table`` by city (its ``province`` column); every problem at once: a row
    that cannot be read, a ward without a city, a ward listed twice, a cell with template
    braces (a table cell is data)."""
    problems: list[Problem] = []
    cities: dict[str, list[Ward]] = {}
    seen: dict[tuple[str, str], int | None] = {}
    for item in iter_table(table):
        if isinstance(item, Problem):
            problems.append(item)
            continue
        line = item.source.origins.get((), (None, None))[1]
        city = " ".join((item.province or "").split())
        if not city:
            problems.append(Problem(str(table), line, "province",
                                    _("No city: give a 'province' column")))  # fmt: skip
            continue
        key = (city.casefold(), " ".join(item.label.split()).casefold())
        if key in seen:
            problems.append(Problem(str(table), line, "ward", _(
                "Listed twice: the first, at {file}:{line}, is the one written"
            ).format(file=table, line=seen[key])))  # fmt: skip
            continue
        seen[key] = line
        problems += _markup(str(table), line, item.source.data, ())
        cities.setdefault(city, []).append(item)
    if problems:
        raise ConfigError(problems)
    return cities


def _markup(file: str, line: int | None, data: Any, path: tuple) -> list[Problem]:
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in _markup(file, line, v, (*path, k))]
    if isinstance(data, str) and has_markup(data):
        message = _("A table cell is data, not an expression: «{text}» would print its braces; "
                    "remove them").format(text=data[:60])  # fmt: skip
        return [Problem(file, line, ".".join(map(str, path)), message)]
    return []


def ensure_units(
    session: Session, city: str, wards: list[Ward], table: str
) -> tuple[int, list[Target]]:
    """The city and its wards as units (new ones added, every row's data kept as the ward's
    layer), in two queries and one insert per kind; the wards as publish targets."""
    city_id = session.scalar(select(Unit.id).where(Unit.name == city, Unit.parent_id.is_(None)))
    if city_id is None:
        city_id = session.execute(
            insert(Unit).returning(Unit.id),
            [{"name": city, "kind": _city_kind(city), "parent_id": None, "layer": {}}],
        ).scalar_one()
    stored = {
        name: (uid, layer)
        for name, uid, layer in session.execute(
            select(Unit.name, Unit.id, Unit.layer).where(Unit.parent_id == city_id)
        )
    }
    known = {name: uid for name, (uid, _layer) in stored.items()}
    rows = [(" ".join(w.label.split()), plain(w.source.data), w) for w in wards]
    moved = [{"id": known[n], "layer": layer} for n, layer, _w in rows
             if n in stored and stored[n][1] != layer]  # fmt: skip
    if moved:
        session.execute(update(Unit), moved)
    missing = [
        {"name": n, "kind": str(layer.get("ward", {}).get("kind") or ""), "parent_id": city_id,
         "layer": layer}
        for n, layer, _w in rows if n not in known
    ]  # fmt: skip
    if missing:
        ids = session.execute(
            insert(Unit).returning(Unit.id, sort_by_parameter_order=True), missing
        ).scalars()
        known.update(zip([m["name"] for m in missing], ids, strict=True))
    return city_id, [
        Target(known[n], n, layer, table, w.source.origins.get((), (None, None))[1])
        for n, layer, w in rows
    ]


def publish_table(
    session: Session, base_path: Path, table: Path, author: int | None = None
) -> list[Published]:
    """``vanban server base publish``: the base to every ward of ``table``, city by city; the
    new wards of every city filled in one pass (one pool of workers)."""
    text = _read(base_path)
    cities = read_table(table)
    base = FilledBase(text, str(base_path))
    steps = [_prepare(session, *ensure_units(session, city, wards, str(table)), text)
             for city, wards in cities.items()]  # fmt: skip
    filled = iter(fill_all(base, [t for step in steps for t in step.fresh]))
    return [
        _store(session, step, base, [next(filled) for _t in step.fresh], author) for step in steps
    ]


def _read(path: Path) -> str:
    from ..serve.guard import yaml_text

    if not path.is_file():
        raise VanbanError(_("No such file: {path}").format(path=path))
    return yaml_text(path.read_bytes(), str(path))


def targets_of(session: Session, city_id: int) -> list[Target]:
    """The wards loaded under the city, with the row each was loaded from (the page's
    publish: the table was loaded with ``vanban server units load``)."""
    rows = session.execute(
        select(Unit.id, Unit.name, Unit.layer).where(Unit.parent_id == city_id).order_by(Unit.name)
    )
    return [
        Target(uid, name, plain(layer or {"ward": {"name": name}})) for uid, name, layer in rows
    ]


@dataclass
class _Step:
    """What a publish does for one city: the wards to create, the ones to merge into."""

    city_id: int
    text: str
    targets: list[Target]
    latest: BaseRevision | None
    plans: dict[int, WardPlan]
    new_base: bool
    todo: list[Target]
    fresh: list[Target]


def _prepare(session: Session, city_id: int, targets: list[Target], text: str) -> _Step:
    latest = session.scalars(
        select(BaseRevision).where(BaseRevision.unit_id == city_id)
        .order_by(BaseRevision.number.desc()).limit(1)
    ).first()  # fmt: skip
    plans = _plans(session, city_id)
    new_base = latest is None or latest.sha256 != sha(text)
    todo = [t for t in targets if t.unit_id not in plans or _changed(plans[t.unit_id], t, new_base)]
    fresh = [t for t in todo if t.unit_id not in plans]
    return _Step(city_id, text, targets, latest, plans, new_base, todo, fresh)


def publish(
    session: Session, city_id: int, text: str, file: str, targets: list[Target],
    author: int | None = None, workers: int | None = None,
) -> Published:  # fmt: skip
    """``text`` published to ``targets`` (wards of the city ``city_id``); ``workers``: the
    processes that fill a large table (1 inside the web server)."""
    base = FilledBase(text, file)
    step = _prepare(session, city_id, targets, text)
    filled = fill_all(base, step.fresh, workers)  # every problem before anything is stored
    return _store(session, step, base, filled, author)


def _store(
    session: Session, step: _Step, base: FilledBase, filled: list, author: int | None
) -> Published:
    city = session.get(Unit, step.city_id)
    number = (step.latest.number if step.latest else 0) + (1 if step.new_base else 0)
    if step.new_base:
        session.add(BaseRevision(unit_id=step.city_id, number=number, sha256=sha(step.text),
                                 config=step.text, author_id=author))  # fmt: skip
        session.flush()
    done = Published(city.name if city else "", number, step.new_base)
    texts, titles = [f.text for f in filled], [f.title for f in filled]
    done.documents = _create(session, step.city_id, number, step.fresh, texts, titles, author)
    done.created = len(step.fresh)
    if len(step.todo) > len(step.fresh):
        from .revise import revise_all

        again = [t for t in step.todo if t not in step.fresh]
        outcome = revise_all(session, step.city_id, base, number, again, step.plans, author)
        done.merged, done.pending = outcome.merged, outcome.pending
    done.unchanged = len(step.targets) - len(step.todo)
    return done


def _plans(session: Session, city_id: int) -> dict[int, WardPlan]:
    """The city's ward plans by ward (the newest, when a ward has several)."""
    rows = session.scalars(
        select(WardPlan).where(WardPlan.city_id == city_id).order_by(WardPlan.id)
    )
    return {p.unit_id: p for p in rows}


def _changed(plan: WardPlan, target: Target, new_base: bool) -> bool:
    return new_base or json.dumps(plan.layer, sort_keys=True) != json.dumps(
        target.layer, sort_keys=True
    )


def _create(
    session: Session, city_id: int, number: int, targets: list[Target], texts: list[str],
    titles: list[str], author: int | None,
) -> list[int]:  # fmt: skip
    """The new documents, their first revisions and their ward plans: one insert each."""
    if not targets:
        return []
    t = now()
    ids = list(session.execute(
        insert(Document).returning(Document.id, sort_by_parameter_order=True),
        [{"unit_id": w.unit_id, "title": title, "head": 1, "created_at": t}
         for w, title in zip(targets, titles, strict=True)],
    ).scalars())  # fmt: skip
    note = f"base {number}"
    session.execute(insert(Revision), [
        {"document_id": d, "unit_id": w.unit_id, "number": 1, "base": None, "config": text,
         "author_id": author, "note": note, "created_at": t}
        for d, w, text in zip(ids, targets, texts, strict=True)
    ])  # fmt: skip
    session.execute(insert(WardPlan), [
        {"document_id": d, "unit_id": w.unit_id, "city_id": city_id, "base_number": number,
         "layer": w.layer, "pending": None, "updated_at": t}
        for d, w in zip(ids, targets, strict=True)
    ])  # fmt: skip
    return ids


def base_revisions(session: Session, city_id: int) -> list[dict[str, Any]]:
    """Every revision of the city's base, oldest first."""
    rows = session.execute(
        select(BaseRevision.number, BaseRevision.sha256, BaseRevision.created_at,
               func.length(BaseRevision.config))
        .where(BaseRevision.unit_id == city_id).order_by(BaseRevision.number)
    )  # fmt: skip
    return [
        {"number": n, "sha256": s, "published_at": at.isoformat(), "length": length}
        for n, s, at, length in rows
    ]
