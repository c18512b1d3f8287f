"""`vanban extract --by lead --as cong_van`: one công văn "V/v triển khai thực hiện Kế hoạch số
…" per lead agency, addressed to it ("Kính gửi:"), listing the tasks it leads and those it
supports with their deadlines. Each is written as a config beside its .docx, so the clerk can
edit and render it again, and is laid out by the same writer as any công văn."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from .. import nd30
from ..config.expand import literal
from ..config.load import load_text
from ..config.sandbox import lower_first
from ..config.text import round_trip_yaml
from ..config.validate import Config, validate
from ..files import output_name, slug, write_files
from ..i18n import _
from ..write.model import DocModel, TaskItem, build
from ..write.render import render_bytes
from .extract import Assignment, assignments
from .report import PLACEHOLDER, _short_date, from_plan
from .track import require_tasks

_UNIT = re.compile(r"[A-ZĐ][A-ZĐ0-9]*")


def _task(task: TaskItem, role: str) -> dict[str, Any]:
    """One task as the công văn lists it: its text, who else, its deadline."""
    item: dict[str, Any] = {"text": literal(f"{task.content} (nhiệm vụ {task.number.rstrip(')')})")}
    other = task.value("coordinating") if role == "lead" else task.owner
    if other:
        item["coordinating" if role == "lead" else "lead"] = literal(other)
    item["timeline"] = literal(task.value("timeline") or PLACEHOLDER)
    return item


def cong_van_data(config: Config, plan: DocModel, a: Assignment) -> dict[str, Any]:
    """The config of the công văn that sends ``a`` its tasks of ``plan``."""
    doc = config.doc
    head = plan.header
    number = re.sub(f"{nd30.DRAFT_BLANK}\\s*", PLACEHOLDER, head.number_text).strip()
    when = re.sub(f"{nd30.DRAFT_BLANK}\\s*", PLACEHOLDER, _short_date(doc.date))
    ref = f"{plan.kind.name} số {number} ngày {when}"
    about = lower_first(" ".join(doc.subject))
    body = []
    for title, tasks, role in (("Nhiệm vụ chủ trì thực hiện", a.leads, "lead"),
                               ("Nhiệm vụ phối hợp thực hiện", a.supports, "support")):  # fmt: skip
        if tasks:
            body.append(
                {
                    "heading": title,
                    "numbering": "letter",
                    "children": [_task(t, role) for t in tasks],
                }
            )
    unit = (doc.archive or "").split(",")[0].strip()
    data: dict[str, Any] = {
        "kind": "cong_van",
        "date": {"year": doc.date.year, "month": doc.date.month},  # the signer's day
        "ward": doc.ward.model_dump(exclude_none=True),
        "agency": doc.agency.model_dump(exclude_defaults=True),
        "unit": unit if _UNIT.fullmatch(unit) else "VP",
        "subject": [f"triển khai thực hiện {ref}"],
        "kinh_gui": [literal(a.name)],
        "opening": literal(
            f"Thực hiện {ref} của {head.full_name} về {about}, {head.full_name} đề nghị "
            f"{a.name} triển khai thực hiện các nhiệm vụ sau:"
        ),
        "numbering": "arabic",
        "fields": {
            "labels": {
                "timeline": "Thời hạn",
                "coordinating": "Cơ quan phối hợp",
                "lead": "Cơ quan chủ trì",
            }
        },
        "body": body,
        "closing": [
            literal(
                f"Đề nghị {a.name} triển khai thực hiện đúng thời hạn; trong quá trình thực hiện, "
                f"nếu có khó khăn, vướng mắc, kịp thời báo cáo {head.full_name} để chỉ đạo."
            )
        ],
        "recipients": [f"Chủ tịch, các Phó Chủ tịch UBND {doc.ward.kind}"],
        "signer": doc.signer.model_dump(exclude_defaults=True),
    }
    return from_plan(data, doc, plan)


def dispatch(config: Config, plan: DocModel, out_dir: Path) -> list[tuple[Path, Assignment]]:
    """Write one công văn (.docx and its .yaml) per agency that leads a task of ``plan``."""
    require_tasks(plan)
    written: list[tuple[Path, Assignment]] = []
    files: list[tuple[Path, bytes]] = []
    stems: set[str] = set()
    for a in assignments(plan.tasks, config.doc.aliases):
        if not a.leads:
            continue  # an agency that only supports hears of it from the lead
        stem = slug(a.name)
        while stem in stems:
            stem += "-2"
        stems.add(stem)
        buffer = io.StringIO()
        round_trip_yaml().dump(cong_van_data(config, plan, a), buffer)
        head = "# " + _("Written by vanban extract --as cong_van from {plan}; edit it, then "
                        "vanban render this file").format(plan=config.src.file)  # fmt: skip
        text = head + "\n" + buffer.getvalue()
        model = build(validate(load_text(text, f"{stem}.yaml")))
        docx = out_dir / output_name(model, stem)
        files += [(docx.with_suffix(".yaml"), text.encode("utf-8")), (docx, render_bytes(model))]
        written.append((docx, a))
    write_files(files, force=False, forcible=False)  # what the clerk edited is never replaced
    return written
