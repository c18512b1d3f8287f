"""`vanban report`: the BÁO CÁO on a plan (sơ kết 6 or 9 months, tổng kết the year), written as
a config of kind ``bao_cao`` from the plan's task list and its tracking workbook, then rendered
like any config. The config is kept beside the .docx so the clerk can finish it and re-render."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import nd30
from ..config.expand import literal
from ..config.load import load_text
from ..config.sandbox import lower_first
from ..config.text import round_trip_yaml
from ..config.validate import Config, validate
from ..files import output_name, refuse_overwrite, write_file
from ..i18n import _
from ..pipeline import write_document
from ..vocabulary import TASK_FIELDS
from ..write.model import DocModel, TaskItem, build
from ..write.model.text import sentence
from .track import (
    DONE,
    IN_PROGRESS,
    NOT_STARTED,
    Progress,
    deadline,
    key_of,
    match,
    read_sheet,
    require_tasks,
)

PLACEHOLDER = "…"  # where the clerk writes what no tracking sheet said
# period: (what the report covers, what comes next, the month it ends)
PERIODS = {
    "6m": ("6 tháng đầu năm {year}", "6 tháng cuối năm {year}", 6),
    "9m": ("9 tháng đầu năm {year}", "3 tháng cuối năm {year}", 9),
    "year": ("năm {year}", "năm {next}", 12),
}
# Nơi nhận of a report: the plan's superiors (those it reports to) go first
_SUPERIOR = re.compile(
    r"b/c|báo cáo|^(UBND|Ủy ban nhân dân|Uỷ ban nhân dân) (tỉnh|thành phố)|^(Sở|Bộ|Ban) |"
    r"^(Thường trực|TT|Ban Thường vụ|BTV)\b|^(Đảng ủy|Đảng uỷ|Tỉnh ủy|Thành ủy|HĐND|Hội đồng)|"
    r"^(Chính phủ|Thủ tướng|Văn phòng UBND (tỉnh|thành phố))",
    re.IGNORECASE,
)


def superiors_first(recipients: list[str]) -> list[str]:
    """The plan's recipients with those it reports to first, each group in the plan's order."""
    up = [r for r in recipients if _SUPERIOR.search(r.strip(" -"))]
    return up + [r for r in recipients if r not in up]


def _short_date(parts: Any) -> str:
    return f"{nd30.format_day(parts.day)}/{nd30.format_month(parts.month)}/{parts.year}"


def _counts(n: int) -> str:
    return f"{n:02d}"


def _item(task: TaskItem, fields: dict[str, str]) -> dict[str, Any]:
    """A task of the plan as an item of the report, with ``fields`` as its lines."""
    node: dict[str, Any] = {"text": [literal(sentence(task.content))]}
    if task.owner:
        node["lead"] = literal(task.owner)
    return node | {"fields": {k: literal(v) for k, v in fields.items()}}


def _sections(plan: DocModel, progress: dict[str, Progress], covered: str,
              end: dt.date) -> tuple[list[Any], list[Any], str]:  # fmt: skip
    """Each task with its result, the tasks carried over (not done) and the summary sentence
    of the period ``covered``, which ends on ``end``."""
    results, carried = [], []
    done = started = late = 0
    year = plan.year
    for task in plan.tasks:
        typed = progress.get(key_of(task), Progress())
        state = typed.progress or NOT_STARTED
        result = "; ".join(line.strip() for line in typed.result.splitlines() if line.strip())
        fields = {"Kết quả": result or PLACEHOLDER}
        if typed.progress:
            fields["Tiến độ"] = state
        results.append(_item(task, fields))
        if state == DONE:
            done += 1
            continue
        started += state == IN_PROGRESS
        timeline = task.value("timeline")
        due = deadline(timeline, year)
        late += bool(due and due <= end)
        label = TASK_FIELDS["timeline"].label
        carried.append(_item(task, {label: timeline} if timeline else {}))
    total = len(plan.tasks)
    if not progress:
        return results, carried, PLACEHOLDER
    summary = (
        f"Trong {covered}, {plan.header.full_name} đã hoàn thành "
        f"{_counts(done)}/{_counts(total)} nhiệm vụ của {plan.kind.name}; {_counts(started)} "
        f"nhiệm vụ đang thực hiện, {_counts(total - done - started)} nhiệm vụ chưa thực hiện"
        + (f"; {_counts(late)} nhiệm vụ đã quá thời hạn." if late else ".")
    )
    return results, carried, summary


def report_data(config: Config, plan: DocModel, period: str,
                progress: dict[str, Progress]) -> dict[str, Any]:  # fmt: skip
    """The config of the report on ``plan`` for ``period``, with what was typed in
    ``progress`` (by task key)."""
    doc = config.doc
    year = plan.year
    covered, following, month = PERIODS[period]
    covered, following = covered.format(year=year), following.format(year=year, next=year + 1)
    # a draft plan's blanks become the clerk's "…"
    number = re.sub(f"{nd30.DRAFT_BLANK}\\s*", PLACEHOLDER, plan.header.number_text).strip()
    when = re.sub(f"{nd30.DRAFT_BLANK}\\s*", PLACEHOLDER, _short_date(doc.date))
    ref = f"{plan.kind.name} số {number} ngày {when} của {plan.header.full_name}"
    subject = f"Kết quả thực hiện {ref} {covered}"
    plan_subject = lower_first(" ".join(doc.subject))
    about = plan_subject if plan_subject.startswith("về ") else f"về {plan_subject}"

    end = dt.date(year, month, 31 if month == 12 else 30)
    results, carried, summary = _sections(plan, progress, covered, end)
    body = [
        {"heading": "KẾT QUẢ THỰC HIỆN", "children": results},
        {"heading": "ĐÁNH GIÁ CHUNG", "children": [
            {"heading": "Kết quả đạt được", "text": [summary]},
            {"heading": "Tồn tại, hạn chế", "text": [PLACEHOLDER]},
            {"heading": "Nguyên nhân", "text": [PLACEHOLDER]},
        ]},
        {"heading": f"PHƯƠNG HƯỚNG, NHIỆM VỤ {following.upper()}",
         **({"children": carried} if carried else {"text": [PLACEHOLDER]})},
        {"heading": "ĐỀ XUẤT, KIẾN NGHỊ", "text": [PLACEHOLDER]},
    ]  # fmt: skip
    data: dict[str, Any] = {
        "kind": "bao_cao",
        "date": {"year": year, "month": month},  # a draft: the day is the signer's
        "ward": doc.ward.model_dump(exclude_none=True),
        "agency": doc.agency.model_dump(exclude_defaults=True),
        "subject": [subject],
        "opening": literal(
            f"Thực hiện {ref} {about}, {plan.header.full_name} báo cáo kết quả "
            f"thực hiện {covered} như sau:"
        ),
        "fields": {"style": "dash"},
        "body": body,
        "recipients": superiors_first(list(doc.recipients)),
        "signer": doc.signer.model_dump(exclude_defaults=True),
    }
    return from_plan(data, doc, plan)


def from_plan(data: dict[str, Any], doc: Any, plan: DocModel) -> dict[str, Any]:
    """A document derived from the plan (a report, a công văn) keeps the plan's archive line
    and template, and its agency only where the plan gave one."""
    if doc.archive:
        data["archive"] = doc.archive
    if doc.template:
        data["template"] = str(plan.template.resolve())
    if not data["agency"]:
        del data["agency"]
    return data


def to_yaml(data: dict[str, Any], plan_file: str, period: str) -> str:
    """The report's config as YAML, headed by where it came from."""
    buffer = io.StringIO()
    round_trip_yaml().dump(data, buffer)
    head = "# " + _("Written by vanban report from {plan} ({period}); fill in each “…”, then "
                    "vanban render this file").format(plan=plan_file, period=period)  # fmt: skip
    return head + "\n" + buffer.getvalue()


@dataclass(frozen=True)
class Written:
    docx: Path
    sha256: str  # of the .docx
    config: Path
    model: DocModel


def write_report(config: Config, plan: DocModel, period: str, out_dir: Path,
                 sheet: Path | None = None, stem: str | None = None, replace: bool = True
                 ) -> Written:  # fmt: skip
    """Write the report's config and .docx into ``out_dir``; typed results come from the
    tracking workbook ``sheet`` when given. Without ``replace``, a report already there (which
    the clerk may have filled in) is refused."""
    require_tasks(plan)
    progress: dict[str, Progress] = {}
    if sheet is not None:
        old = read_sheet(sheet)
        progress, _left = match(plan.tasks, old.rows, old.texts)
    data = report_data(config, plan, period, progress)
    text = to_yaml(data, config.src.file, period)
    model = build(validate(load_text(text, "report.yaml")))
    name = Path(output_name(model, stem))
    for existing in (out_dir / name.with_suffix(".yaml"), out_dir / name):
        refuse_overwrite(existing, replace)
    config_path = write_file(out_dir / name.with_suffix(".yaml"), text.encode("utf-8"))
    docx = write_document(model, out_dir, stem)
    return Written(docx.path, docx.sha256, config_path, model)
