"""The city's dashboard: one row per ward of the city, with the ward's name, its plan's state
(drafting, approved, issued with số and date), its tasks done / in progress / late from the
tracking rows, its last update and whether its report was sent. One query, bounded to the
city's wards, sorted and filtered by the request's parameters. The tracking rows are counted
in the database: tasks, done and in progress by :mod:`tracking` when they change (one GROUP
BY over the plan's rows), the late ones of the day here (a GROUP BY over the open tasks past
due, a range of an index)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import and_, case, func, literal, select
from sqlalchemy.orm import Session

from ..i18n import _
from ..tasks.track import DONE
from .accounts import Account
from .city_db import TrackingRow, WardPlan
from .city_page import city_only
from .db import Document, Revision, Unit
from .documents import Refused

STATES = ("none", "drafting", "approved", "issued")
SORTS = ("name", "state", "done", "in_progress", "late", "tasks", "updated", "report")
MAX_ROWS = 10_000


def _late(city: int, today: dt.date):
    """Per document of the city's ward plans: its open tasks past due (the tracking rows'
    other counts are kept on the ward plan)."""
    t = TrackingRow
    plans = select(WardPlan.document_id).where(WardPlan.city_id == city)
    return (
        select(t.document_id.label("document_id"), func.count().label("late"))
        .where(t.in_plan.is_(True), t.progress != DONE, t.due < today,
               t.document_id.in_(plans))
        .group_by(t.document_id)
        .subquery("late")
    )  # fmt: skip


def _query(account: Account, today: dt.date):
    """Bounded to the wards right under the account's city (which are among the units the
    account may read: :func:`accounts.readable_units`); on PostgreSQL the policies per unit
    hold as well."""
    latest = (
        select(WardPlan.unit_id, func.max(WardPlan.id).label("plan_id"))
        .where(WardPlan.city_id == account.unit_id)
        .group_by(WardPlan.unit_id)
        .subquery("latest")
    )
    late = _late(account.unit_id, today)
    state = case(
        (WardPlan.issued_number.is_not(None), literal("issued")),
        (Document.approved.is_not(None), literal("approved")),
        (Document.id.is_not(None), literal("drafting")),
        else_=literal("none"),
    ).label("state")
    updated = case(
        (and_(WardPlan.typed_at.is_not(None), WardPlan.typed_at > Revision.created_at),
         WardPlan.typed_at),
        else_=Revision.created_at,
    ).label("updated")  # fmt: skip
    columns = {
        "ward_id": Unit.id, "name": Unit.name, "kind": Unit.kind, "document": Document.id,
        "state": state, "number": WardPlan.issued_number, "issued_on": WardPlan.issued_on,
        "tasks": func.coalesce(WardPlan.tasks, 0), "done": func.coalesce(WardPlan.done, 0),
        "in_progress": func.coalesce(WardPlan.in_progress, 0),
        "late": func.coalesce(late.c.late, 0), "updated": updated,
        "report_sent_at": WardPlan.report_sent_at, "report_period": WardPlan.report_period,
        "waiting": WardPlan.pending.is_not(None),
    }  # fmt: skip
    query = (
        select(*(c.label(k) for k, c in columns.items()))
        .select_from(Unit)
        .outerjoin(latest, latest.c.unit_id == Unit.id)
        .outerjoin(WardPlan, WardPlan.id == latest.c.plan_id)
        .outerjoin(Document, Document.id == WardPlan.document_id)
        .outerjoin(
            Revision, and_(Revision.document_id == Document.id, Revision.number == Document.head)
        )
        .outerjoin(late, late.c.document_id == Document.id)
        .where(Unit.parent_id == account.unit_id)
    )
    return query, columns


def rows(session: Session, account: Account, params: Mapping[str, str]) -> list[dict[str, Any]]:
    """The dashboard's rows for the city ``account`` belongs to, as ``params`` ask: ``state``
    (none, drafting, approved, issued), ``late`` (1: only wards with late tasks), ``report``
    (sent, missing), ``q`` (part of the name); ``sort`` (name, state, done, in_progress, late,
    tasks, updated, report) and ``order`` (asc, desc); ``limit`` and ``offset``."""
    city_only(account)
    query, columns = _query(account, today())
    query = _filtered(query, columns, params)
    key = params.get("sort", "name")
    if key not in SORTS:
        raise Refused(_("Unknown sort {key}: one of {keys}").format(key=key,
                      keys=", ".join(SORTS)), 400)  # fmt: skip
    column = columns["report_sent_at"] if key == "report" else columns[key]
    ordered = column.desc() if params.get("order") == "desc" else column.asc()
    query = query.order_by(ordered, Unit.name, Unit.id)
    query = query.limit(_int(params, "limit", MAX_ROWS, MAX_ROWS)).offset(
        _int(params, "offset", 0, 10**9)
    )
    return [_row(dict(r._mapping)) for r in session.execute(query)]  # fmt: skip


def _int(params: Mapping[str, str], name: str, default: int, most: int) -> int:
    raw = params.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise Refused(_("{name} must be a whole number").format(name=name), 400) from None
    return max(0, min(value, most))


def _filtered(query, columns: dict[str, Any], params: Mapping[str, str]):
    state = params.get("state")
    if state:
        if state not in STATES:
            raise Refused(_("Unknown state {state}: one of {states}").format(
                state=state, states=", ".join(STATES)), 400)  # fmt: skip
        query = query.where(columns["state"] == state)
    if params.get("late") in ("1", "true", "yes"):
        query = query.where(columns["late"] > 0)
    report = params.get("report")
    if report == "sent":
        query = query.where(WardPlan.report_sent_at.is_not(None))
    elif report == "missing":
        query = query.where(WardPlan.report_sent_at.is_(None))
    words = " ".join((params.get("q") or "").split())[:100]
    if words:
        query = query.where(func.lower(Unit.name).contains(words.lower(), autoescape=True))
    return query


def _row(row: dict[str, Any]) -> dict[str, Any]:
    for key in ("issued_on", "updated", "report_sent_at"):
        if row[key] is not None:
            row[key] = row[key].isoformat()
    row["report_sent"] = row["report_sent_at"] is not None
    row["waiting"] = bool(row["waiting"])
    return row


def today() -> dt.date:
    from .db import now

    return now().date()
