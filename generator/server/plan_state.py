"""What the city's dashboard shows of a ward plan besides its text: the số and date it was
issued with (told by the ward's leader, once approved) and the report sent for a period."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy.orm import Session

from ..i18n import _
from .accounts import Account
from .db import now
from .documents import Refused
from .revise import plan_of

PERIOD = re.compile(r"[\w /.,-]{1,40}")


def issued(session: Session, account: Account, doc_id: Any, number: Any, date: Any) -> dict:
    """The approved plan was issued as số ``number`` on ``date`` (YYYY-MM-DD)."""
    doc, plan = plan_of(session, account, doc_id)
    if not account.can_approve(doc.unit_id):
        raise Refused(_("Only a leader of the unit can say the plan was issued"), 403)
    if doc.approved is None:
        raise Refused(_("Approve the plan before saying it was issued"), 409)
    if not isinstance(number, str) or not number.strip() or len(number) > 60:
        raise Refused(_("Give the số the plan was issued with"), 400)
    try:
        day = dt.date.fromisoformat(str(date))
    except ValueError:
        raise Refused(_("Give the date the plan was issued on (YYYY-MM-DD)"), 400) from None
    plan.issued_number, plan.issued_on, plan.updated_at = " ".join(number.split()), day, now()
    return {"id": doc.id, "number": plan.issued_number, "issued_on": day.isoformat()}


def report_sent(session: Session, account: Account, doc_id: Any, period: Any) -> dict:
    """The ward's report on the plan for ``period`` (e.g. "6 tháng") was sent to the city."""
    doc, plan = plan_of(session, account, doc_id)
    if not account.can_write(doc.unit_id):
        raise Refused(_("You may read this document but not change it"), 403)
    if not isinstance(period, str) or not PERIOD.fullmatch(period.strip()):
        raise Refused(_("Give the report's period (e.g. 6 tháng)"), 400)
    plan.report_sent_at, plan.report_period = now(), period.strip()
    plan.updated_at = plan.report_sent_at
    return {"id": doc.id, "report_period": plan.report_period,
            "report_sent_at": plan.report_sent_at.isoformat()}  # fmt: skip
