"""A ward plan's tracking online: one row per task of the plan (the tracking sheet's typed
columns: tiến độ, kết quả, minh chứng, ghi chú), with the due date ``vanban track`` computes
from the task's timeline. Typed in the page (JSON) or uploaded as the ``theo-doi.xlsx``
workbook ``vanban track`` writes (read by its headers; never written back). A task edited in
the plan keeps its row (matched as ``track --update`` matches); a task taken out of the plan
keeps what was typed for it, marked out of the plan. Late: past due and not done."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy import case, func, insert, select
from sqlalchemy import update as update_rows
from sqlalchemy.orm import Session

from ..errors import Problem
from ..i18n import _
from ..tasks.track import (
    DONE,
    IN_PROGRESS,
    PROGRESS,
    TYPED,
    Progress,
    match,
    normal,
    plan_values,
    read_sheet,
)
from . import documents
from .accounts import Account
from .city_db import TrackingRow, WardPlan
from .db import Document, now
from .documents import Refused
from .outputs import model_of_text

MAX_FIELD = 4000  # characters of one typed cell
MAX_UPLOAD = 20 * 1024 * 1024


def _tasks(session: Session, doc: Document) -> list[dict[str, Any]]:
    """The plan's tasks in order: key, number, content, due date."""
    model = model_of_text(documents.revision(session, doc).config)
    out = []
    for task in model.tasks:
        values = plan_values(task, model.year)
        out.append({"key": values["key"], "number": str(values["number"] or ""),
                    "content": values["content"] or "", "due": values["deadline"]})  # fmt: skip
    return out


def sync(session: Session, doc: Document, author: int | None = None) -> list[TrackingRow]:
    """The document's tracking rows following its newest revision's tasks, in plan order."""
    tasks = _tasks(session, doc)
    rows = {r.task_key: r for r in session.scalars(
        select(TrackingRow).where(TrackingRow.document_id == doc.id))}  # fmt: skip
    typed = {k: Progress(r.progress, r.result, r.evidence, r.note) for k, r in rows.items()}
    found, _left = match(_items(tasks), typed, {k: normal(r.content) for k, r in rows.items()})
    by_old = {id(p): k for k, p in typed.items()}
    fresh, t, changed = [], now(), False
    for position, task in enumerate(tasks):
        progress = found.get(task["key"])
        row = rows.pop(by_old[id(progress)]) if progress is not None else None
        values = {"task_key": task["key"], "position": position, "number": task["number"],
                  "content": task["content"], "due": task["due"], "in_plan": True}  # fmt: skip
        if row is None:
            fresh.append({**values, "document_id": doc.id, "unit_id": doc.unit_id,
                          "progress": "", "result": "", "evidence": "", "note": "",
                          "updated_at": t, "updated_by": author})  # fmt: skip
        elif any(getattr(row, k) != v for k, v in values.items()):
            changed = True
            for k, v in values.items():
                setattr(row, k, v)
    for row in rows.values():  # out of the plan: what was typed stays
        changed = changed or row.in_plan
        row.in_plan, row.position = False, len(tasks) + row.position
    session.flush()
    if fresh:
        session.execute(insert(TrackingRow), fresh)
    if fresh or changed:
        recount(session, [doc.id])
    return list(session.scalars(
        select(TrackingRow).where(TrackingRow.document_id == doc.id)
        .order_by(TrackingRow.in_plan.desc(), TrackingRow.position)))  # fmt: skip


def recount(session: Session, documents: list[int] | None = None) -> None:
    """The ward plans' task counts (what the city's dashboard reads: tasks, done, in
    progress, the last typed change) counted again from their tracking rows, in one statement;
    all plans, or those of ``documents``."""
    t = TrackingRow

    def counted(what: Any) -> Any:
        return (
            select(what)
            .where(t.document_id == WardPlan.document_id, t.in_plan.is_(True))
            .scalar_subquery()
        )

    def number(progress: str) -> Any:
        return counted(func.coalesce(func.sum(case((t.progress == progress, 1), else_=0)), 0))

    statement = update_rows(WardPlan).values(
        tasks=counted(func.count()), done=number(DONE), in_progress=number(IN_PROGRESS),
        typed_at=counted(func.max(t.updated_at)),
    )  # fmt: skip
    if documents is not None:
        statement = statement.where(WardPlan.document_id.in_(documents))
    session.execute(statement.execution_options(synchronize_session=False))


class _Item:
    """What :func:`match` reads of a task: its key (``id``) and its text."""

    def __init__(self, key: str, content: str) -> None:
        self.id, self.content = key, content


def _items(tasks: list[dict[str, Any]]) -> list[Any]:
    return [_Item(t["key"], t["content"]) for t in tasks]


def row_json(row: TrackingRow, today: dt.date) -> dict[str, Any]:
    done = row.progress == DONE
    return {
        "key": row.task_key, "number": row.number, "content": row.content,
        "due": row.due.isoformat() if row.due else None, "in_plan": row.in_plan,
        "progress": row.progress, "result": row.result, "evidence": row.evidence,
        "note": row.note, "done": done, "in_progress": row.progress == IN_PROGRESS,
        "late": bool(row.in_plan and row.due and row.due < today and not done),
        "updated_at": row.updated_at.isoformat(),
    }  # fmt: skip


def today() -> dt.date:
    return now().date()


def rows_of(session: Session, account: Account, doc_id: Any) -> dict[str, Any]:
    doc = documents.document(session, account, doc_id)
    rows = sync(session, doc, account.user_id)
    return {"id": doc.id, "revision": doc.head, "rows": [row_json(r, today()) for r in rows]}


def _writable(session: Session, account: Account, doc_id: Any) -> Document:
    doc = documents.document(session, account, doc_id)
    if not account.can_write(doc.unit_id):
        raise Refused(_("You may read this document but not change it"), 403)
    return doc


def update(session: Session, account: Account, doc_id: Any, changes: Any) -> dict[str, Any]:
    """``changes``: [{key, progress?, result?, evidence?, note?}]; every problem at once,
    nothing saved when there is one."""
    doc = _writable(session, account, doc_id)
    if not isinstance(changes, list):
        raise Refused(_("Send the rows as a list"), 400)
    rows = {r.task_key: r for r in sync(session, doc, account.user_id)}
    problems, t = [], now()
    for i, change in enumerate(changes):
        where = f"rows[{i}]"
        if not isinstance(change, dict) or change.get("key") not in rows:
            problems.append(Problem(where, None, "key", _("No such task in the plan")))
            continue
        for field in TYPED:
            value = change.get(field)
            if value is None:
                continue
            if not isinstance(value, str) or len(value) > MAX_FIELD:
                message = _("Must be text (at most {n} characters)").format(n=MAX_FIELD)
                problems.append(Problem(where, None, field, message))
            elif field == "progress" and value not in ("", *PROGRESS):
                problems.append(Problem(where, None, field, _("Must be one of: {choices}").format(
                    choices=", ".join(PROGRESS))))  # fmt: skip
    if problems:
        raise Refused(_("Not saved: {n} problem(s)").format(n=len(problems)), 422,
                      problems=[{"row": p.file, "field": p.path, "message": p.message}
                                for p in problems])  # fmt: skip
    for change in changes:
        row = rows[change["key"]]
        for field in TYPED:
            if isinstance(change.get(field), str):
                setattr(row, field, change[field])
        row.updated_at, row.updated_by = t, account.user_id
    session.flush()
    recount(session, [doc.id])
    return rows_of(session, account, doc.id)


def upload(session: Session, account: Account, doc_id: Any, raw: bytes, name: str) -> dict:
    """The ``theo-doi.xlsx`` workbook's typed columns taken in, row by row (each task found by
    its key, else by its text, as ``track --update`` finds it)."""
    doc = _writable(session, account, doc_id)
    if len(raw) > MAX_UPLOAD:
        raise Refused(_("The file is too large"), 413)
    with tempfile.TemporaryDirectory(prefix="vanban-track-") as tmp:
        path = Path(tmp) / (Path(name).name or "theo-doi.xlsx")
        if path.suffix.lower() not in (".xlsx", ".xlsm"):
            path = path.with_suffix(".xlsx")
        path.write_bytes(raw)
        sheet = read_sheet(path)
    rows = {r.task_key: r for r in sync(session, doc, account.user_id)}
    tasks = [_Item(r.task_key, r.content) for r in rows.values() if r.in_plan]
    found, left = match(tasks, sheet.rows, sheet.texts)
    t = now()
    for key, progress in found.items():
        row = rows[key]
        for field in TYPED:
            setattr(row, field, getattr(progress, field)[:MAX_FIELD])
        row.updated_at, row.updated_by = t, account.user_id
    _keep_others(session, doc, account, {k: sheet.rows[k] for k in left if k not in rows})
    session.flush()
    recount(session, [doc.id])
    out = rows_of(session, account, doc.id)
    return {**out, "taken": len(found), "not_in_plan": len(left)}


def _keep_others(
    session: Session, doc: Document, account: Account, others: dict[str, Progress]
) -> None:
    """Rows of the workbook that are no task of the plan: kept, out of the plan, with what
    was typed in them (nothing a clerk typed is dropped)."""
    t = now()
    fresh = [
        {"document_id": doc.id, "unit_id": doc.unit_id, "task_key": key[:80], "position": 10**6,
         "number": str(p.extra.get("number", ""))[:40], "content": p.extra.get("content", ""),
         "due": None, "in_plan": False, "updated_at": t, "updated_by": account.user_id,
         **{f: getattr(p, f)[:MAX_FIELD] for f in TYPED}}
        for key, p in others.items() if p.typed
    ]  # fmt: skip
    if fresh:
        session.execute(insert(TrackingRow), fresh)
