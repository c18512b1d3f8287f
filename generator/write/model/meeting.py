"""A giấy mời's parts (Mẫu 1.7): whom it invites, to what, who chairs, when (the Vietnamese
way: "14 giờ 00 phút, thứ Tư, ngày 15/7/2026"), where, its notes; and "Như thành phần mời"
first in its Nơi nhận."""

from __future__ import annotations

import datetime as dt
import re

from ... import nd30
from ...agencies import agencies, normal
from ...config import schema
from ...vocabulary import INVITES, Kind
from .text import as_bullet, para, sentence, with_end
from .types import Para, TaskItem

AS_INVITED = "Như thành phần mời"


def meeting_time(day: dt.date, hour: int, minute: int) -> str:
    """ "14 giờ 00 phút, thứ Tư, ngày 15/7/2026"."""
    weekday = nd30.WEEKDAYS[day.weekday()]
    date = f"{nd30.format_day(day.day)}/{nd30.format_month(day.month)}/{day.year}"
    return f"{hour:02d} giờ {minute:02d} phút, {weekday}, ngày {date}"


def plan_agencies(tasks: list[TaskItem], aliases: dict[str, str]) -> list[str]:
    """The agencies a plan's tasks name, leads and supports, each once, in the plan's order
    (two spellings of one name are one agency; ``aliases`` gives the name for another)."""
    canonical = {normal(k): v for k, v in aliases.items()}
    found: dict[str, str] = {}
    for task in tasks:
        for name in [*agencies(task.owner), *agencies(task.value("coordinating"))]:
            name = canonical.get(normal(name), name)
            found.setdefault(normal(name), name)
    return list(found.values())


def meeting(doc: schema.Document, kind: Kind, invited: list[str] | None = None) -> list[Para]:
    """The invitation's paragraphs, between its opening ("… trân trọng kính mời:") and the
    rest of its body; ``invited`` when the config names no invitees."""
    m = doc.meeting
    if m is None or not kind.has(INVITES):
        return []
    names = [re.sub(r"^\s*[-–+]\s*", "", n) for n in (m.invitees or invited or [])]
    out = [para("VBNoiDung", f"- {with_end(n, ';' if i < len(names) else '.')}")
           for i, n in enumerate(names, start=1)]  # fmt: skip
    if m.bullet:  # the invitees were Word's automatic bullets
        out = [as_bullet(p, (m.bullet,)) for p in out]
    out.append(para("VBNoiDung", sentence(f"Tới dự {m.title[:1].lower()}{m.title[1:]}")))
    if m.chair:
        out.append(para("VBNoiDung", sentence(f"Chủ trì: {m.chair}")))
    day = dt.date(m.date.year, m.date.month or 1, m.date.day or 1)
    out.append(para("VBNoiDung", f"Thời gian: {meeting_time(day, m.time[0], m.time[1])}."))
    out.append(para("VBNoiDung", sentence(f"Địa điểm: {m.place}")))
    out += [para("VBNoiDung", sentence(n)) for n in m.notes]
    return out


def as_invited(kind: Kind, recipients: list[str]) -> list[str]:
    """Nơi nhận of an invitation: "Như thành phần mời" first."""
    if not kind.has(INVITES) or (recipients and AS_INVITED in recipients[0]):
        return recipients
    return [AS_INVITED, *recipients]
