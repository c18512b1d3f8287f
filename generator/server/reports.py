"""A ward's BÁO CÁO on its plan, drafted from its tracking rows online: the config `vanban
report` writes from the tracking workbook, stored as a new document of the ward, which the
clerk completes in the editor like any other."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ..config.load import load_text
from ..config.validate import validate
from ..i18n import _
from ..tasks.report import PERIODS, report_data, to_yaml
from ..tasks.track import Progress
from ..write.model import build
from .accounts import Account
from .db import Unit
from .documents import Refused, add_document, revision
from .tracking import _writable, sync


def draft(session: Session, account: Account, doc_id: Any, period: Any) -> dict[str, Any]:
    """The report for ``period`` (6m, 9m, year) on the plan ``doc_id``, as a new document."""
    doc = _writable(session, account, doc_id)
    if period not in PERIODS:
        raise Refused(_("The period is one of: {periods}").format(periods=", ".join(PERIODS)),
                      400)  # fmt: skip
    config = validate(load_text(revision(session, doc).config, f"{doc.id}.yaml"))
    plan = build(config)
    progress = {r.task_key: Progress(r.progress, r.result, r.evidence, r.note)
                for r in sync(session, doc, account.user_id) if r.in_plan}  # fmt: skip
    text = to_yaml(report_data(config, plan, period, progress), doc.title, period)
    unit = session.get(Unit, doc.unit_id)
    report = add_document(session, unit, text, account.user_id, note=f"report {period}")
    return {"id": report.id, "revision": report.head, "title": report.title}
