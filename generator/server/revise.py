"""A revised base reaches a ward's plan as a three-way merge (:func:`merge3` of the old base
filled for the ward, the new base filled for the ward, the ward's own config): what only one
side changed is taken and saved as a new revision; when both changed the same thing, or the
plan is approved (frozen), the ward's text stays as it is and the merge waits for the clerk,
who chooses on the merge page. The ward's comments survive (:class:`Roundtrip`)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..config.load import load_text
from ..config.merge3 import Merged, merge3, resolve
from ..errors import ConfigError
from ..i18n import _
from ..serve.session import Roundtrip
from . import documents
from .accounts import Account
from .city_db import BaseRevision, WardPlan
from .db import Document, Revision, now
from .documents import Refused, Saved
from .filler_pool import Target
from .filling import FilledBase, plain

_ROUNDTRIP = Roundtrip()
MERGE_NOTE = "base {n}"


@dataclass
class Outcome:
    merged: int = 0
    pending: int = 0


@lru_cache(maxsize=8)
def _filled(text: str) -> FilledBase:
    return FilledBase(text, "base.yaml")


def base_text(session: Session, city_id: int, number: int) -> str:
    text = session.scalar(
        select(BaseRevision.config).where(
            BaseRevision.unit_id == city_id, BaseRevision.number == number
        )
    )
    if text is None:
        raise Refused(_("No such revision"), 404)
    return text


def config_data(text: str) -> Any:
    """A ward's config as plain data (its YAML as written, when it does not validate)."""
    try:
        return plain(load_text(text, "config.yaml").data)
    except ConfigError:
        try:
            return plain(yaml.safe_load(text) or {})
        except yaml.YAMLError:
            return None


def revise_all(
    session: Session, city_id: int, new: FilledBase, number: int, targets: list[Target],
    plans: dict[int, WardPlan], author: int | None,
) -> Outcome:  # fmt: skip
    """The new base (revision ``number``) merged into each target's plan."""
    out = Outcome()
    for target in targets:
        plan = plans[target.unit_id]
        old = _filled(base_text(session, city_id, plan.base_number))
        if revise_plan(session, plan, old, new, number, target.layer, author):
            out.merged += 1
        else:
            out.pending += 1
    return out


def _head(session: Session, doc: Document) -> Revision:
    return session.scalars(
        select(Revision).where(Revision.document_id == doc.id, Revision.number == doc.head)
    ).one()


def _as_account(author: int | None, doc: Document) -> Account:
    return Account(author, "", "city", doc.unit_id, frozenset({doc.unit_id}), "")  # type: ignore[arg-type]


def revise_plan(
    session: Session, plan: WardPlan, old: FilledBase, new: FilledBase, number: int,
    layer: dict[str, Any], author: int | None,
) -> bool:  # fmt: skip
    """The merge into one plan: True when saved (or nothing to save), False when it waits."""
    doc = session.get(Document, plan.document_id)
    head = _head(session, doc)
    mine, before = config_data(head.config), old.data(plan.layer)
    if mine == before:  # the ward has not edited: the new base as the ward's text
        merged, text = Merged(new.data(layer)), new.text_for(layer)
    elif mine is None:
        merged, text = Merged(None), None
    else:
        merged = merge3(before, new.data(layer), mine)
        text = None if merged.conflicts else _ROUNDTRIP.apply(head.config, merged.data)
    if text is None or doc.approved is not None:
        plan.pending = {
            "base": number, "layer": layer, "head": doc.head, "approved": doc.approved is not None,
            "conflicts": [_conflict(c) for c in merged.conflicts], "unreadable": mine is None,
        }  # fmt: skip
        plan.updated_at = now()
        return False
    if text != head.config:
        documents._append(session, _as_account(author, doc), doc, text, doc.head,
                          MERGE_NOTE.format(n=number))  # fmt: skip
    plan.base_number, plan.layer, plan.pending, plan.updated_at = number, layer, None, now()
    return True


def _conflict(c: Any) -> dict[str, Any]:
    return {"path": c.path, "base": c.base, "city": c.city, "ward": c.ward}


def plan_of(session: Session, account: Account, doc_id: Any) -> tuple[Document, WardPlan]:
    """The document (as :func:`documents.document` finds it) and its ward plan, or 404."""
    doc = documents.document(session, account, doc_id)
    plan = session.scalar(select(WardPlan).where(WardPlan.document_id == doc.id))
    if plan is None:
        raise Refused(_("This document was not published from a base plan"), 404)
    return doc, plan


def recompute(session: Session, doc: Document, plan: WardPlan) -> tuple[Merged, str]:
    """The waiting merge made again on the ward's newest text: (the merge, that text)."""
    pending = plan.pending or {}
    old = _filled(base_text(session, plan.city_id, plan.base_number))
    new = _filled(base_text(session, plan.city_id, int(pending["base"])))
    head = _head(session, doc)
    mine = config_data(head.config)
    if mine is None:
        raise Refused(_("The plan's YAML has an error: fix it in the editor first"), 422)
    return merge3(old.data(plan.layer), new.data(pending["layer"]), mine), head.config


def settle(session: Session, account: Account, doc_id: Any, choices: Any, revision: Any) -> Saved:
    """The clerk's choices (conflict number -> "city" or "ward") applied and saved as a new
    revision; 409 when the plan changed since the page showed the conflicts."""
    doc, plan = plan_of(session, account, doc_id)
    if not account.can_write(doc.unit_id):
        raise Refused(_("You may read this document but not change it"), 403)
    if plan.pending is None:
        raise Refused(_("No change of the city's base plan is waiting for this plan"), 404)
    if not isinstance(choices, dict) or any(v not in ("city", "ward") for v in choices.values()):
        raise Refused(_("Choose the city's or the ward's version for each difference"), 400)
    merged, text = recompute(session, doc, plan)
    shown = [c["path"] for c in plan.pending.get("conflicts", [])]
    if revision != doc.head or [c.path for c in merged.conflicts] != shown:
        plan.pending = {**plan.pending, "head": doc.head,
                        "conflicts": [_conflict(c) for c in merged.conflicts]}  # fmt: skip
        raise Refused(_("The plan changed since this page was opened: reload it and choose "
                        "again"), 409)  # fmt: skip
    paths = {c.path: choices.get(str(i), "ward") for i, c in enumerate(merged.conflicts)}
    data = resolve(merged, paths)
    new_text = _ROUNDTRIP.apply(text, data)
    saved = documents.save(session, account, doc.id, new_text, doc.head)
    plan.base_number, plan.layer = int(plan.pending["base"]), plan.pending["layer"]
    plan.pending, plan.updated_at = None, now()
    return saved
