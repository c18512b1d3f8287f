"""Units: the wards of a ward table (the format ``vanban bulk --wards`` reads) and the city
above them (the table's ``province`` column, or the name given)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..config.layers import Ward, iter_table
from ..errors import ConfigError, Problem, VanbanError
from ..i18n import _
from .db import Unit

CITY_KINDS = ("thành phố", "tỉnh")


def _norm(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


def _city_kind(name: str) -> str:
    low = _norm(name)
    return next((k for k in CITY_KINDS if low.startswith(k)), "")


def _upsert(session: Session, name: str, kind: str, parent: int | None, layer: dict) -> Unit:
    unit = session.scalar(
        select(Unit).where(
            Unit.name == name,
            Unit.parent_id.is_(None) if parent is None else Unit.parent_id == parent,
        )
    )
    if unit is None:
        unit = Unit(name=name, kind=kind, parent_id=parent, layer=layer)
        session.add(unit)
    else:
        unit.kind, unit.layer = kind or unit.kind, layer or unit.layer
    session.flush()
    return unit


def load_units(session: Session, table: Path, city: str | None = None) -> tuple[int, int]:
    """The wards of ``table`` under their city; a second load updates them. Returns (cities,
    wards). Every problem of the table at once, and nothing stored, when it has any."""
    wards: list[Ward] = []
    problems: list[Problem] = []
    for item in iter_table(table):
        (problems if isinstance(item, Problem) else wards).append(item)  # type: ignore[arg-type]
    for ward in wards:
        if not (city or ward.province):
            problems.append(
                Problem(
                    str(table),
                    ward.source.origins.get((), (None, None))[1],
                    "province",
                    _("no city: give a 'province' column or --city"),
                )
            )
    if problems:
        raise ConfigError(problems)
    cities: dict[str, Unit] = {}
    for ward in wards:
        city_name = " ".join((city or ward.province or "").split())
        if city_name not in cities:
            cities[city_name] = _upsert(session, city_name, _city_kind(city_name), None, {})
        data = {k: v for k, v in ward.source.data.items()}
        kind = str(data.get("ward", {}).get("kind") or "")
        _upsert(session, " ".join(ward.label.split()), kind, cities[city_name].id, data)
    return len(cities), len(wards)


def find_unit(session: Session, name: str) -> Unit:
    """The unit called ``name`` ("Nhị Chiểu", or "Nhị Chiểu, thành phố Hải Phòng" when two
    cities have a ward of that name), or a message listing what was meant."""
    ward, _sep, city = name.partition(",")
    units = [u for u in session.scalars(select(Unit)) if _norm(u.name) == _norm(ward)]
    if city.strip():
        parents = {u.id: u for u in session.scalars(select(Unit).where(Unit.parent_id.is_(None)))}
        units = [
            u
            for u in units
            if u.parent_id in parents and _norm(parents[u.parent_id].name) == _norm(city)
        ]
    if len(units) == 1:
        return units[0]
    if not units:
        raise VanbanError(
            _(
                "no unit named {name}: load the ward table first (vanban server units load TABLE)"
            ).format(name=name)
        )
    raise VanbanError(
        _("several units are named {name}: write it as 'ward, city'").format(name=name)
    )
