"""`vanban extract --by lead`: one task sheet per agency, cut from the plan's task list: the tasks
it leads, then those it supports, each with its number in the plan and its deadline.

The sheet is a phân công table "(Trích Kế hoạch số …)", not a công văn: it quotes the signed
plan, so it needs no number, signature or stamp of its own and can go out with the plan the
day it is signed (a công văn per agency would be twenty more documents to sign)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import nd30
from ..agencies import agencies, normal
from ..config import schema
from ..errors import VanbanError
from ..files import slug, write_file
from ..i18n import _
from ..vocabulary import tracked_fields
from ..write.model import AppendixModel, DocModel, TaskItem
from ..write.model.tables import free_table
from ..write.model.text import para
from ..write.render import render_sheets
from .track import require_tasks

# the sheet of the tasks that name no agency at all, so that every task is on a sheet
UNASSIGNED = "Nhiệm vụ chưa giao cơ quan"


@dataclass(eq=False)  # one per agency: the same only as itself
class Assignment:
    """The tasks of one agency: those it leads and those it supports."""

    name: str  # as the plan first spells it (or as the alias table names it)
    leads: list[TaskItem] = field(default_factory=list)
    supports: list[TaskItem] = field(default_factory=list)


def assignments(tasks: list[TaskItem], aliases: dict[str, str]) -> list[Assignment]:
    """Every agency of ``tasks``, in the order the plan first names it; names are matched after
    normalisation, and ``aliases`` maps other spellings to one name."""
    canonical = {normal(k): v for k, v in aliases.items()}
    found: dict[str, Assignment] = {}

    def of(name: str) -> Assignment:
        name = canonical.get(normal(name), name)
        a = found.setdefault(normal(name), Assignment(name))
        if len(name) > len(a.name) and normal(name) not in canonical:
            a.name = name  # the spelling in full: "Ủy ban MTTQ phường" over "UB MTTQ phường"
        return a

    for task in tasks:
        leaders = [of(name) for name in agencies(task.owner)]
        if not leaders and not agencies(task.value("coordinating")):
            leaders = [of(UNASSIGNED)]  # no agency named: on a sheet all the same
        for a in leaders:
            if task not in a.leads:
                a.leads.append(task)
        for a in map(of, agencies(task.value("coordinating"))):
            if a not in leaders and task not in a.supports:
                a.supports.append(task)
    return list(found.values())


_WIDTHS = {"timeline": 35}  # mm; a field's column is 45 wide unless given here
COLUMNS = [("TT", 16), ("Nhiệm vụ", 120),
           *[(f.label, _WIDTHS.get(f.key, 45)) for f in tracked_fields()]]  # fmt: skip


def sheet(plan: DocModel, a: Assignment) -> AppendixModel:
    """The task sheet of one agency."""
    head = plan.header
    rows: list[list[schema.Value] | schema.GroupRow] = []
    for title, tasks in (("I. NHIỆM VỤ CHỦ TRÌ", a.leads), ("II. NHIỆM VỤ PHỐI HỢP", a.supports)):
        if not tasks:
            continue
        rows.append(schema.GroupRow(group=title))
        rows += [[t.number, t.content, *(t.owner if f.key == "lead" else t.value(f.key)
                                         for f in tracked_fields())] for t in tasks]  # fmt: skip
    table = schema.FreeTable(
        columns=[schema.FreeColumn(title=t, width=w) for t, w in COLUMNS], rows=rows
    )
    date = head.date_text.replace("ngày ", "", 1)
    note = f"(Trích {plan.kind.name} số {head.number_text} ngày {date} của {head.full_name})"
    return AppendixModel(
        heading="PHÂN CÔNG NHIỆM VỤ",
        title=[para("VBTieuDePhuLuc", a.name.upper())],
        subtitle=[],
        note=para("VBKemTheo", note),
        paragraphs=[],
        table=free_table(table, nd30.LANDSCAPE_TEXT_WIDTH_MM),
    )


def extract(
    plan: DocModel, aliases: dict[str, str], out_dir: Path
) -> list[tuple[Path, Assignment]]:
    """Write one .docx per agency into ``out_dir``: NV-<agency>-<number>-<year>.docx."""
    require_tasks(plan)
    written = []
    number = nd30.format_number(plan.number) if plan.number else "du-thao"
    stems: set[str] = set()
    for a in assignments(plan.tasks, aliases):
        stem = slug(a.name)
        while stem in stems:  # two names with the same ASCII spelling
            stem += "-2"
        stems.add(stem)
        data = render_sheets(plan.template, [sheet(plan, a)], a.name, plan.year)
        written.append((write_file(out_dir / f"NV-{stem}-{number}-{plan.year}.docx", data), a))
    return written


def summary(plan: DocModel, written: list[tuple[Path, Assignment]]) -> str:
    """The run's last line: how many of the plan's tasks are on the sheets, and on how many."""
    on = {id(t) for _p, a in written for t in (*a.leads, *a.supports)}
    missing = [t.number for t in plan.tasks if id(t) not in on]
    if missing:  # every task has an agency or the sheet of the unassigned: a bug if not
        raise VanbanError(_("Tasks on no sheet: {numbers}").format(numbers=", ".join(missing)))
    return _("{tasks} task(s) of the plan on {sheets} sheet(s): every task is on at least one "
             "sheet").format(tasks=len(plan.tasks), sheets=len(written))  # fmt: skip
