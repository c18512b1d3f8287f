"""The công văn đôn đốc of a ward plan's late tasks, written from its tracking rows online as
``vanban remind`` writes them from the tracking workbook: one per lead agency with a late task
(past due and not done, as the dashboard counts them), returned together as one zip."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from sqlalchemy.orm import Session

from ..config.load import load_text
from ..config.text import round_trip_yaml
from ..config.validate import validate
from ..files import output_name, slug
from ..i18n import _
from ..tasks.extract import UNASSIGNED, assignments
from ..tasks.remind import overdue, reminder_data
from ..tasks.track import Progress
from ..write.model import build
from ..write.render import render_bytes
from . import documents
from .accounts import Account
from .db import Unit
from .documents import Refused
from .outputs import model_of_text
from .tracking import sync, today


def letters(session: Session, account: Account, doc_id: Any) -> list[tuple[str, bytes]]:
    """(file name, .docx) of each công văn đôn đốc of the plan ``doc_id`` today, one per lead
    agency with a late task, in the order the plan first names the agencies."""
    doc = documents.document(session, account, doc_id)
    text = documents.revision(session, doc).config
    model_of_text(text)  # a plan with problems: a 422 naming them
    config = validate(load_text(text, f"{doc.id}.yaml"))
    plan = build(config)
    progress = {r.task_key: Progress(r.progress, r.result, r.evidence, r.note)
                for r in sync(session, doc, account.user_id) if r.in_plan}  # fmt: skip
    on = today()
    late = {id(d.task): d for d in overdue(plan, progress, on) if d.due < on}
    out: list[tuple[str, bytes]] = []
    for agency in assignments(plan.tasks, config.doc.aliases):
        mine = [late[id(t)] for t in agency.leads if id(t) in late]
        if not mine or agency.name == UNASSIGNED:
            continue
        out.append(_letter(reminder_data(config, plan, agency, mine, on), agency.name, out))
    if not out:
        raise Refused(_("No task of this plan with a lead agency is late: there is no "
                        "reminder to write."), 404)  # fmt: skip
    return out


def _letter(data: dict[str, Any], agency: str, made: list[tuple[str, bytes]]) -> tuple[str, bytes]:
    buffer = io.StringIO()
    round_trip_yaml().dump(data, buffer)
    stem = "don-doc-" + slug(agency)
    names = {name for name, _data in made}
    model = build(validate(load_text(buffer.getvalue(), f"{stem}.yaml")))
    name = output_name(model, stem)
    while name in names:
        stem += "-2"
        name = output_name(model, stem)
    return name, render_bytes(model)


def zipped(session: Session, account: Account, doc_id: Any) -> tuple[bytes, str]:
    """The công văn of :func:`letters` in one zip, and its file name."""
    made = letters(session, account, doc_id)
    doc = documents.document(session, account, doc_id)
    unit = session.get(Unit, doc.unit_id)
    out = io.BytesIO()
    stamp = dt.datetime.now().timetuple()[:6]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in made:
            archive.writestr(zipfile.ZipInfo(name, stamp), data, zipfile.ZIP_DEFLATED)
    return out.getvalue(), f"don-doc-{slug(unit.name if unit else str(doc.id))}.zip"
