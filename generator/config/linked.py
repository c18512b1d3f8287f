"""Documents written from a plan's config, named by a key of their own:

- a quyết định that issues it (Mẫu 1.3), ``issues: ke-hoach.yaml``: the plan is printed after
  the decision (the model's ``attached``);
- a giấy mời to its hội nghị triển khai, ``plan: ke-hoach.yaml``: the invitees default to the
  plan's agencies (the model finds them in its tasks).

The plan's config is validated on its own (its problems are reported with its file and line)
and gives the document what it does not say itself: the ward, agency, signer, archive and
template, and the words that name the plan (trích yếu, articles, the meeting's title)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from .. import nd30
from ..errors import ConfigError
from ..i18n import _
from ..vocabulary import ATTACHED_TITLES, kind_of
from .expand import literal
from .load import Source, load
from .sandbox import lower_first

_BLANK = "…"  # what a draft plan's number or day reads in running text
ISSUES, PLAN = "issues", "plan"  # the keys: a decision's, a giấy mời's
# what the document takes from the plan, as the plan's config writes it, when it has none
_SAME = ("ward", "agency", "signer", "archive", "year")


def key_of(data: Any) -> str | None:
    """The key that names a plan in ``data``, when its kind takes one."""
    if not isinstance(data, dict) or not isinstance(data.get("kind"), str):
        return None
    kind = kind_of(data["kind"])
    key = ISSUES if kind.enacts else PLAN if kind.key == "giay_moi" else None
    return key if key in data else None


def linked(src: Source, validate: Callable[[Source], Any]) -> tuple[Source, Any]:
    """``src`` with the defaults its plan gives, and the plan's validated config."""
    key = key_of(src.data)
    assert key is not None
    name = src.data.get(key)
    if not isinstance(name, str) or not name.strip():
        raise ConfigError([src.problem((key,), _("must be the file name of the plan's config"))])
    path = Path(src.file).parent / name.strip()
    if not path.is_file():
        raise ConfigError([src.problem((key,), _("no such file: {path}").format(path=path))])
    plan_src = load(path)
    if key_of(plan_src.data) is not None:
        raise ConfigError([src.problem((key,), _(
            "{path} itself names another document («issues» or «plan»): name the plan itself"
        ).format(path=path))])  # fmt: skip
    plan = validate(plan_src)
    kind = kind_of(plan.doc.kind)
    if kind.title not in ATTACHED_TITLES or kind.enacts:
        raise ConfigError([src.problem((key,), _(
            "{path} is a {kind}: name a plan or a programme (KẾ HOẠCH, CHƯƠNG TRÌNH)"
        ).format(path=path, kind=kind.name))])  # fmt: skip
    data, origins = _same(src, plan_src, plan)
    if key == ISSUES:
        _decision(data, plan)
    else:
        _invitation(data, plan)
    return replace(src, data=data, origins=origins), plan


def _same(src: Source, plan_src: Source, plan: Any) -> tuple[dict[str, Any], dict]:
    """The document's data with the plan's ward, agency, signer … where it has none."""
    data = dict(src.data)
    origins = dict(src.origins)
    for key in (*_SAME, "date") if key_of(data) == ISSUES else _SAME:
        if key not in data and key in plan_src.data:
            data[key] = plan_src.data[key]
            origins.update({p: o for p, o in plan_src.origins.items() if p[:1] == (key,)})
    if "template" not in data and plan.doc.template:
        data["template"] = str((Path(plan_src.file).parent / plan.doc.template).resolve())
    return data, origins


def _about(plan: Any) -> str:
    """The plan as running text names it: "Kế hoạch thực hiện …"."""
    return f"{kind_of(plan.doc.kind).name} {lower_first(' '.join(plan.doc.subject))}"


def _decision(data: dict[str, Any], plan: Any) -> None:
    doc = plan.doc
    data.setdefault("subject", [literal(f"Ban hành {_about(plan)}")])
    data.setdefault("basis", [literal(b) for b in doc.basis])
    data.setdefault("recipients", [literal(r) for r in doc.recipients])
    data.setdefault("body", articles(_about(plan), doc.ward.kind))


def articles(about: str, ward_kind: str) -> list[dict[str, Any]]:
    """The usual articles of a decision that issues a plan: issue it, in force, who carries it
    out."""
    return [
        {"text": [literal(f"Ban hành kèm theo Quyết định này {about}.")]},
        {"text": ["Quyết định này có hiệu lực kể từ ngày ký."]},
        {"text": [
            f"Chánh Văn phòng HĐND và UBND {ward_kind}, Thủ trưởng các cơ quan, đơn vị và các "
            "cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này."
        ]},
    ]  # fmt: skip


def plan_reference(plan: Any) -> str:
    """ "Kế hoạch số 164/KH-UBND ngày 07/5/2026 của Ủy ban nhân dân phường Nhị Chiểu"."""
    doc = plan.doc
    kind = kind_of(doc.kind)
    number = nd30.number_text(doc.number, kind.abbreviation, doc.agency.abbreviation)
    number = number.replace(nd30.DRAFT_BLANK, _BLANK)  # a draft: "…/KH-UBND"
    d = doc.date
    day = f"{nd30.format_day(d.day) if d.day else _BLANK}/" if d.month else ""
    month = f"{nd30.format_month(d.month)}/" if d.month else ""
    agency = doc.agency.full_name or f"Ủy ban nhân dân {doc.ward.kind} {doc.ward.name}"
    return f"{kind.name} số {number} ngày {day}{month}{d.year} của {agency}"


def _invitation(data: dict[str, Any], plan: Any) -> None:
    """A giấy mời to the plan's hội nghị triển khai: its trích yếu, the meeting's title and,
    without a date of its own, the month of the meeting (the day is the signer's)."""
    data.setdefault("subject", [literal(f"Dự Hội nghị triển khai {_about(plan)}")])
    meeting = data.get("meeting")
    if not isinstance(meeting, dict):
        return  # validation says what is missing
    meeting = dict(meeting)
    meeting.setdefault("title", literal(f"Hội nghị triển khai {plan_reference(plan)}"))
    data["meeting"] = meeting
    if "date" not in data:
        from .schema import _as_date_parts

        try:
            day = dt.date(**_as_date_parts(meeting.get("date")))
            data["date"] = {"year": day.year, "month": day.month}
        except (ValueError, TypeError):
            data["date"] = plan.doc.date.model_dump(exclude_none=True)
