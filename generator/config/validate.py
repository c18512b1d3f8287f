"""Stage 2: validate an expanded config against the schema and the rules that span several keys,
collecting every problem with its file, line and key path before anything is rendered."""

from __future__ import annotations

import calendar
import difflib
import re
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from .. import nd30
from ..errors import ConfigError, Problem
from ..i18n import _
from ..vocabulary import INVITES, ISSUER, KINH_GUI, TITLE, kind_of
from . import linked, schema
from .expand import expand
from .load import Path_, Source


@dataclass(frozen=True)
class Config:
    """A validated config and the source it came from (for locating later problems)."""

    doc: schema.Document
    src: Source
    plan: Config | None = None  # the plan it issues (``issues:``) or invites to (``plan:``)


def _model_at(loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The pydantic model that validates the mapping at ``loc``."""
    model: Any = schema.Document
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) if isinstance(model, type) else None
        if field is None:
            return None
        annotation = field.annotation
        while True:  # unwrap Optional[...] / list[...] / Annotated[...]
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                break
            if not args:
                return None
            annotation = args[0]
        model = annotation
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _message(err: dict[str, Any]) -> str:
    kind = err["type"]
    loc = err["loc"]
    if kind == "missing":
        return _("required")
    if kind == "extra_forbidden":
        msg = _("unknown key")
        model = _model_at(tuple(loc[:-1]))
        if model is not None:
            hint = difflib.get_close_matches(str(loc[-1]), list(model.model_fields), n=1)
            if hint:
                msg += " " + _("(did you mean '{key}'?)").format(key=hint[0])
        return msg
    if kind == "string_type":
        return _("must be text")
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return _("must be a whole number")
    if kind == "list_type":
        return _("must be a list")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return _("must be a mapping of keys to values")
    if kind == "literal_error":
        return _("must be one of: {expected}").format(expected=err["ctx"]["expected"])
    if kind == "value_error":  # raised by our own validators, already worded
        return str(err["ctx"]["error"])
    if kind == "too_short":
        return _("must not be empty")
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = err["ctx"].get("ge", err["ctx"].get("le"))
        op = "≥" if kind == "greater_than_equal" else "≤"
        return _("must be {op} {bound}").format(op=op, bound=bound)
    return err["msg"]


def _check(doc: schema.Document, src: Source) -> list[Problem]:
    """Rules that span several keys: dates, outline items and rows, signature forms."""
    problems: list[Problem] = []
    add = lambda path, msg: problems.append(src.problem(path, msg))  # noqa: E731

    d = doc.date
    if d.day is not None and d.month is None:
        add(("date", "day"), _("a day needs a month"))
    elif (
        d.day is not None
        and d.month is not None
        and d.day > calendar.monthrange(d.year, d.month)[1]
    ):
        add(("date", "day"), _("no such day in that month"))

    def nodes(items: list[schema.Node], path: Path_) -> None:
        for i, node in enumerate(items):
            here = (*path, i)
            if node.task is not None and node.text:
                add((*here, "text"), _("an item with 'task' takes its text from the task"))
            if not (
                node.heading
                or node.text
                or node.task
                or node.children
                or node.fields
                or node.table
                or any(getattr(node, f) for f in schema.TASK_FIELDS)
            ):
                add(here, _("empty item: give it a heading, text, a task or children"))
            nodes(node.children, (*here, "children"))

    def rows(items: list[schema.Row], path: Path_, titles: set[str]) -> None:
        for i, row in enumerate(items):
            here = (*path, i)
            for title in set(row.cells) - titles:
                add((*here, "cells", title), _("no column has this title"))
            if sum(getattr(row, k) is not None for k in ("group", "task", "content")) != 1:
                add(here, _("a row needs exactly one of 'group', 'task' or 'content'"))
            if row.rows and row.group is None:
                add((*here, "rows"), _("only a group row has rows"))
            rows(row.rows, (*here, "rows"), titles)

    nodes(doc.body, ("body",))

    def table(t: schema.FreeTable | None, path: Path_) -> None:
        if t is not None:
            _table(t, path, add)

    def tables(items: list[schema.Node], path: Path_) -> None:
        for i, node in enumerate(items):
            table(node.table, (*path, i, "table"))
            tables(node.children, (*path, i, "children"))

    tables(doc.body, ("body",))
    for a, appendix in enumerate(doc.appendices):
        here = ("appendices", a)
        keys = [c.key or c.title for c in appendix.columns]
        rows(appendix.rows, (*here, "rows"), {c.title for c in appendix.columns if c.title})
        if len(set(keys)) != len(keys):
            add((*here, "columns"), _("a column is listed twice"))
        if appendix.table is not None and (appendix.rows or appendix.columns):
            add((*here, "table"), _("an appendix has either a free «table» or task «columns» "
                                    "and «rows», not both"))  # fmt: skip
        table(appendix.table, (*here, "table"))
        if not appendix.title and not appendix.heading:
            add(here, _("an appendix needs a «title» or a «heading»"))

    problems += _kind_parts(doc, src)
    s = doc.signer
    if s.authority in nd30.NEEDS_SIGNER_TITLE and not s.signer_title:
        add(("signer", "signer_title"), _("required with KT. (the deputy's own title)"))
    if s.signer_title and s.authority is None:
        add(("signer", "signer_title"), _("only used with KT., TL. or TUQ."))
    return problems


def _table(t: schema.FreeTable, path: Path_, add: Any) -> None:
    """The problems of a free table: rows wider than the columns, a header that does not fill
    them, a total without a column to add up."""
    for i, row in enumerate(t.rows):
        if isinstance(row, list) and len(row) > len(t.columns):
            add((*path, "rows", i), _("{n} cells for {m} columns").format(
                n=len(row), m=len(t.columns)))  # fmt: skip
    try:
        schema.head_layout(t.head, len(t.columns))
    except ValueError as row:
        add((*path, "head", row.args[0]), _("the header cells do not fill the {n} columns "
                                            "exactly").format(n=len(t.columns)))  # fmt: skip
    if t.total is not None and not any(c.sum for c in t.columns):
        add((*path, "total"), _("a total row needs a column with «sum: true»"))


_NOTE = re.compile(r"\[\^([^\]\s]+)\]")


def _check_notes(data: dict[str, Any], src: Source) -> list[Problem]:
    """Every footnote reference ``[^key]`` has its text under ``footnotes``."""
    notes = data.get("footnotes")
    keys = {str(k) for k in notes} if isinstance(notes, dict) else set()
    problems: list[Problem] = []

    def walk(value: Any, path: Path_) -> None:
        if isinstance(value, str):
            for key in _NOTE.findall(value):
                if key not in keys:
                    msg = _("the footnote [^{key}] has no text under «footnotes»")
                    problems.append(src.problem(path, msg.format(key=key)))
        elif isinstance(value, dict):
            for k, v in value.items():
                if path or k != "footnotes":
                    walk(v, (*path, k))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, (*path, i))

    walk(data, ())
    return problems


def _kind_parts(doc: schema.Document, src: Source) -> list[Problem]:
    """Keys that only some kinds have: a tên loại, Kính gửi, an AGENCY-UNIT ký hiệu."""
    kind = kind_of(doc.kind)
    problems = []
    if doc.title is not None and not kind.has(TITLE):
        problems.append(src.problem(("title",), _("{kind} has no tên loại").format(
            kind=kind.name)))  # fmt: skip
    if doc.kinh_gui and not kind.has(KINH_GUI):
        problems.append(src.problem(("kinh_gui",), _(
            "only a công văn is addressed with «Kính gửi:»")))  # fmt: skip
    if doc.issuer is not None and not kind.has(ISSUER):
        problems.append(src.problem(("issuer",), _(
            "only a quyết định names its issuing authority under the trích yếu")))  # fmt: skip
    if doc.proposal and not kind.enacts:
        problems.append(src.problem(("proposal",), _(
            "only a quyết định has «Theo đề nghị của …» before its articles")))  # fmt: skip
    if doc.plan is not None and not kind.has(INVITES):
        problems.append(src.problem(("plan",), _(
            "only a giấy mời to a plan's hội nghị triển khai names the plan")))  # fmt: skip
    if kind.has(INVITES) and doc.meeting is not None and not doc.meeting.invitees and not doc.plan:
        problems.append(src.problem(("meeting", "invitees"), _(
            "required, unless «plan» names the plan whose agencies are invited")))  # fmt: skip
    if kind.has(INVITES) and doc.meeting is None:
        problems.append(src.problem(("meeting",), _("required: the meeting a giấy mời invites to")))
    elif doc.meeting is not None and not kind.has(INVITES):
        problems.append(src.problem(("meeting",), _("only a giấy mời has a meeting")))
    elif doc.meeting is not None and (
        doc.meeting.date.day is None or doc.meeting.date.month is None
    ):
        problems.append(src.problem(("meeting", "date"), _("a meeting needs its day and month")))
    if doc.issues is not None and not kind.enacts:
        problems.append(src.problem(("issues",), _(
            "only a quyết định issues a plan «kèm theo» it")))  # fmt: skip
    elif doc.issues is not None and doc.appendices:
        problems.append(src.problem(("appendices",), _(
            "a quyết định that issues a plan has no appendices of its own: put them in the "
            "plan")))  # fmt: skip
    if doc.unit is not None and kind.symbol != "agency-unit":
        problems.append(src.problem(("unit",), _(
            "only a công văn's ký hiệu names the drafting unit (125/UBND-VHXH); {kind}'s is "
            "TYPE-AGENCY").format(kind=kind.name)))  # fmt: skip
    return problems


def _members(doc: schema.Document, src: Source) -> list[Problem]:
    """An item or appendix has ``members`` or a ``table``, not both."""
    both: list[Path_] = []

    def walk(items: list[schema.Node], path: Path_) -> None:
        for i, node in enumerate(items):
            if node.members and node.table is not None:
                both.append((*path, i))
            walk(node.children, (*path, i, "children"))

    walk(doc.body, ("body",))
    both += [("appendices", i) for i, a in enumerate(doc.appendices) if a.members and a.table]
    return [src.problem(p, _("give «members» or «table», not both")) for p in both]


def _check_references(data: dict[str, Any], src: Source) -> list[Problem]:
    """Task ids are unique and every ``task:`` names one. Works on the raw data, so that these
    problems are reported together with the schema's."""
    problems: list[Problem] = []
    ids: set[str] = set()
    tasks = data.get("tasks")
    for i, task in enumerate(tasks if isinstance(tasks, list) else []):
        task_id = task.get("id") if isinstance(task, dict) else None
        if not isinstance(task_id, str):
            problems.append(
                src.problem(("tasks", i, "id"), _("required (tasks are referred to by id)"))
            )
        elif task_id in ids:
            problems.append(
                src.problem(("tasks", i, "id"), _("duplicate task id '{id}'").format(id=task_id))
            )
        else:
            ids.add(task_id)

    def walk(value: Any, path: Path_) -> None:
        if isinstance(value, dict):
            ref = value.get("task")
            if isinstance(ref, str) and ref not in ids:
                msg = _("no task with id '{id}'").format(id=ref)
                hint = difflib.get_close_matches(ref, sorted(ids), n=1)
                if hint:
                    msg += " " + _("(did you mean '{key}'?)").format(key=hint[0])
                problems.append(src.problem((*path, "task"), msg))
            for key in ("children", "rows"):
                walk(value.get(key), (*path, key))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, (*path, i))

    walk(data.get("body"), ("body",))
    problems += _check_notes(data, src)
    appendices = data.get("appendices")
    for a, appendix in enumerate(appendices if isinstance(appendices, list) else []):
        if isinstance(appendix, dict):
            walk(appendix.get("rows"), ("appendices", a, "rows"))
    return problems


def validate(src: Source) -> Config:
    """Expand and validate ``src``; raise :class:`ConfigError` listing every problem."""
    plan = None
    if linked.key_of(src.data) is not None:
        src, plan = linked.linked(src, validate)
    data, problems = expand(src)
    problems += _check_references(data, src)
    try:
        doc = schema.Document.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            problems.append(src.problem(tuple(err["loc"]), _message(err)))
        raise ConfigError(problems) from None
    problems += _check(doc, src) + _members(doc, src)
    if problems:
        raise ConfigError(problems)
    return Config(doc, src, plan)
