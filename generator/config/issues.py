"""A quyết định that issues a plan (Mẫu 1.3): ``issues: ke-hoach.yaml`` names the plan's config,
which is validated on its own, and gives the decision what it does not say itself: the ward,
agency, signer, date, archive and template, its trích yếu ("Ban hành Kế hoạch …"), căn cứ,
Nơi nhận and the usual three articles. The plan is printed after the decision (the model's
``attached``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..i18n import _
from ..vocabulary import ATTACHED_TITLES, kind_of
from .expand import literal
from .load import Source, load
from .sandbox import lower_first

KEY = "issues"
# what the decision takes from the plan, as the plan's config writes it, when it has none
_SAME = ("ward", "agency", "signer", "date", "archive", "year")


def issued(src: Source, validate: Callable[[Source], Any]) -> tuple[Source, Any]:
    """``src`` with the defaults its plan gives, and the plan's validated config. A problem
    of the plan is reported with the plan's file and line; a missing or unfit plan at
    ``issues``."""
    data = src.data
    name = data.get(KEY)
    if not isinstance(name, str) or not name.strip():
        raise ConfigError([src.problem((KEY,), _("must be the file name of the plan's config"))])
    path = Path(src.file).parent / name.strip()
    if not path.is_file():
        raise ConfigError([src.problem((KEY,), _("no such file: {path}").format(path=path))])
    plan_src = load(path)
    if isinstance(plan_src.data, dict) and KEY in plan_src.data:
        raise ConfigError([src.problem((KEY,), _(
            "{path} itself issues a text: a decision issues a plan, not another decision"
        ).format(path=path))])  # fmt: skip
    plan = validate(plan_src)
    kind = kind_of(plan.doc.kind)
    if kind.title not in ATTACHED_TITLES or kind.enacts:
        raise ConfigError([src.problem((KEY,), _(
            "{path} is a {kind}: a decision issues a plan or a programme (KẾ HOẠCH, CHƯƠNG TRÌNH)"
        ).format(path=path, kind=kind.name))])  # fmt: skip
    return _with_defaults(src, plan_src, plan), plan


def _with_defaults(src: Source, plan_src: Source, plan: Any) -> Source:
    doc = plan.doc
    data = dict(src.data)
    origins = dict(src.origins)
    for key in _SAME:
        if key not in data and key in plan_src.data:
            data[key] = plan_src.data[key]
            origins.update({p: o for p, o in plan_src.origins.items() if p[:1] == (key,)})
    if "template" not in data and doc.template:
        data["template"] = str((Path(plan_src.file).parent / doc.template).resolve())
    kind = kind_of(doc.kind)
    about = lower_first(" ".join(doc.subject))
    data.setdefault("subject", [literal(f"Ban hành {kind.name} {about}")])
    data.setdefault("basis", [literal(b) for b in doc.basis])
    data.setdefault("recipients", [literal(r) for r in doc.recipients])
    data.setdefault("body", articles(kind.name, about, doc.ward.kind))
    return replace(src, data=data, origins=origins)


def articles(name: str, about: str, ward_kind: str) -> list[dict[str, Any]]:
    """The usual articles of a decision that issues a plan: issue it, in force, who carries it
    out."""
    return [
        {"text": [literal(f"Ban hành kèm theo Quyết định này {name} {about}.")]},
        {"text": ["Quyết định này có hiệu lực kể từ ngày ký."]},
        {"text": [
            f"Chánh Văn phòng HĐND và UBND {ward_kind}, Thủ trưởng các cơ quan, đơn vị và các "
            "cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này."
        ]},
    ]  # fmt: skip
