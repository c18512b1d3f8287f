"""`vanban remind`: one công văn đôn đốc per agency whose tasks are due and not done on a day,
"V/v đôn đốc thực hiện Kế hoạch số …", listing each task with its deadline and what the
tracking workbook says of it (Tiến độ, Kết quả, Ghi chú, as typed). Each is written as a config
beside its .docx, like the công văn of `extract --as cong_van`."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import nd30
from ..config.expand import literal
from ..config.load import load_text
from ..config.text import round_trip_yaml
from ..config.validate import Config, validate
from ..files import output_name, slug, write_files
from ..i18n import _
from ..write.model import DocModel, TaskItem, build
from ..write.render import render_bytes
from .dispatch import cong_van_data
from .extract import UNASSIGNED, Assignment, assignments
from .progress import fold, read_progress
from .track import Progress, deadline, key_of, match, require_tasks

# what a clerk types for a task that is done
_DONE = {"hoan thanh", "da hoan thanh", "xong", "da xong", "da thuc hien xong"}


@dataclass(frozen=True)
class Due:
    """A task due on or before the day and not done, with what the workbook says of it."""

    task: TaskItem
    due: dt.date
    typed: Progress


def done(typed: Progress) -> bool:
    return fold(typed.progress) in _DONE


def overdue(plan: DocModel, progress: dict[str, Progress], on: dt.date) -> list[Due]:
    """The tasks of ``plan`` whose deadline (as ``track`` computes it) is ``on`` or earlier and
    that the workbook does not say are done, in the plan's order."""
    out = []
    for task in plan.tasks:
        due = deadline(task.value("timeline"), plan.year)
        typed = progress.get(key_of(task), Progress())
        if due is not None and due <= on and not done(typed):
            out.append(Due(task, due, typed))
    return out


def _day(d: dt.date) -> str:
    return f"{nd30.format_day(d.day)}/{nd30.format_month(d.month)}/{d.year}"


def _as_typed(value: str) -> str:
    """Workbook text printed as typed: one line, its asterisks not read as emphasis."""
    lines = [line.strip() for line in value.splitlines() if line.strip()]
    return literal("; ".join(lines).replace("*", "\\*"))


def _item(d: Due, on: dt.date) -> dict[str, Any]:
    """One late task: its text and number, deadline, and the workbook's Tiến độ, Kết quả and
    Ghi chú."""
    task, typed = d.task, d.typed
    late = (on - d.due).days
    timeline = task.value("timeline").strip().rstrip(".;")
    when = [] if _day(d.due) in timeline else [f"hạn cuối ngày {_day(d.due)}"]
    when.append(f"đã quá hạn {late} ngày" if late else "đến hạn")
    fields = {"Thời hạn": literal(f"{timeline} ({', '.join(when)})")}
    fields["Tiến độ"] = _as_typed(typed.progress) if typed.progress.strip() else "chưa cập nhật"
    for label, value in (("Kết quả", typed.result), ("Ghi chú", typed.note)):
        if value.strip():
            fields[label] = _as_typed(value)
    content = task.content.rstrip().rstrip(".;:")
    return {"text": literal(f"{content} (nhiệm vụ {task.number.rstrip(')')})."),
            "fields": fields}  # fmt: skip


def reminder_data(config: Config, plan: DocModel, a: Assignment, late: list[Due],
                  on: dt.date) -> dict[str, Any]:  # fmt: skip
    """The config of the công văn đôn đốc to ``a`` about its ``late`` tasks on ``on``."""
    data = cong_van_data(config, plan, a)
    ref = data["subject"][0].removeprefix("triển khai thực hiện ")
    head = plan.header
    data["date"] = {"year": on.year, "month": on.month}  # the signer's day
    data["subject"] = [f"đôn đốc thực hiện {ref}"]
    data["opening"] = literal(
        f"Thực hiện {ref} của {head.full_name}, theo dõi đến ngày {_day(on)}, {a.name} còn "
        f"{len(late):02d} nhiệm vụ đến hạn nhưng chưa hoàn thành, cụ thể như sau:"
    )
    data.pop("fields", None)
    data["body"] = [_item(d, on) for d in late]
    data["closing"] = [literal(
        f"{head.full_name} đề nghị {a.name} khẩn trương tập trung thực hiện các nhiệm vụ trên, "
        f"cập nhật tiến độ và báo cáo kết quả về {head.full_name}; trường hợp có khó khăn, "
        "vướng mắc, kịp thời báo cáo để được hướng dẫn, giải quyết."
    )]  # fmt: skip
    return data


@dataclass(frozen=True)
class Reminder:
    agency: Assignment
    late: list[Due]
    docx: Path
    config: Path
    text: str  # the config
    data: bytes  # the .docx


def reminders(config: Config, plan: DocModel, sheet: Path, on: dt.date, out_dir: Path
              ) -> tuple[list[Reminder], list[Due]]:  # fmt: skip
    """The công văn đôn đốc of ``plan`` on ``on``, one per lead agency with a late task, built
    but not written; and the late tasks that name no agency."""
    require_tasks(plan)
    book = read_progress(sheet)
    progress, _left = match(plan.tasks, book.rows, book.texts)
    late = {id(d.task): d for d in overdue(plan, progress, on)}
    out: list[Reminder] = []
    unassigned: list[Due] = []
    stems: set[str] = set()
    for a in assignments(plan.tasks, config.doc.aliases):
        mine = [late[id(t)] for t in a.leads if id(t) in late]
        if not mine:
            continue
        if a.name == UNASSIGNED:
            unassigned += mine
            continue
        stem = "don-doc-" + slug(a.name)
        while stem in stems:
            stem += "-2"
        stems.add(stem)
        buffer = io.StringIO()
        round_trip_yaml().dump(reminder_data(config, plan, a, mine, on), buffer)
        head = "# " + _("Written by vanban remind from {plan} and {sheet}; edit it, then "
                        "vanban render this file").format(plan=config.src.file,
                                                          sheet=sheet.name)  # fmt: skip
        text = head + "\n" + buffer.getvalue()
        model = build(validate(load_text(text, f"{stem}.yaml")))
        docx = out_dir / output_name(model, stem)
        out.append(Reminder(a, mine, docx, docx.with_suffix(".yaml"), text, render_bytes(model)))
    return out, unassigned


def write_reminders(written: list[Reminder], force: bool) -> None:
    """Write each reminder's config and .docx; one the clerk changed is refused (see
    :func:`files.write_files`)."""
    write_files([f for r in written for f in ((r.config, r.text.encode("utf-8")),
                                              (r.docx, r.data))], force)  # fmt: skip
