"""Stage 3: turn a validated config into the document model: every label, number, date, ký hiệu
and standard sentence computed, every paragraph's text and style decided. Rendering only lays it
out."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import nd30, schema
from .errors import ConfigError, Problem
from .i18n import _
from .load import Path_
from .validate import Config, compile_template, template_problem

DEFAULT_FIELD_LABELS = {
    "lead": "Cơ quan chủ trì",
    "executing": "Cơ quan thực hiện",
    "coordinating": "Cơ quan phối hợp",
    "form": "Hình thức thực hiện",
    "timeline": "Thời gian thực hiện",
}
DEFAULT_COLUMN_HEADERS = {"tt": "TT", "content": "Nhiệm vụ", **DEFAULT_FIELD_LABELS}
DEFAULT_COLUMNS = ["tt", "content", "lead", "coordinating", "timeline"]
COLUMN_WEIGHTS = {"tt": 0.55, "content": 4.0, "timeline": 1.6}  # others: 2.0

_END_PUNCT = ".;:!?…"


@functools.lru_cache(maxsize=1)
def templates_dir() -> Path:
    """The bundled templates: inside the installed package, or the checkout's ``templates/``."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "templates", here.parent / "templates"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("vanban templates folder not found")


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Para:
    """One paragraph: a style of the template and its runs."""

    style: str
    runs: tuple[Run, ...]

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class Cell:
    text: str
    style: str = "VBBang"
    span: int = 1


@dataclass(frozen=True)
class TableRow:
    cells: tuple[Cell, ...]
    header: bool = False


@dataclass
class AppendixModel:
    heading: str
    title: list[str]
    note: str
    paragraphs: list[Para]
    widths_mm: list[float]
    rows: list[TableRow]


@dataclass
class DocModel:
    """Everything the renderer prints, already worded and numbered."""

    kind: nd30.Kind
    template: Path
    year: int
    number: int | None
    ward: str
    agency_parent: str | None
    agency_lines: list[str]
    number_text: str
    place_date: str
    title: str
    subject: list[str]
    basis: list[str]
    opening: str
    body: list[Para]
    closing: list[str]
    recipients: list[str]
    recipients_note: str | None
    signer_lines: list[str]
    signer_name: str
    appendices: list[AppendixModel] = field(default_factory=list)
    task_count: int = 0  # distinct tasks in the body and the appendix tables


def with_end(text: str, end: str) -> str:
    """``text`` with its trailing punctuation replaced by ``end``."""
    return re.sub(r"[\s;,.]*$", "", text) + end


def closed(text: str) -> str:
    """``text`` ending with the closing mark "./." of a document body."""
    return re.sub(r"[\s;,.]*(\./\.|\. */ *\.?)?\s*$", "", text) + "./."


def sentence(text: str) -> str:
    """``text`` ending with a full stop unless it already ends in punctuation."""
    text = text.rstrip()
    return text if not text or text[-1] in _END_PUNCT else text + "."


@functools.lru_cache(maxsize=64)
def _text_template(path: Path) -> Any:
    """A standard-sentence template, read and compiled once per process."""
    return compile_template(path.read_text(encoding="utf-8"))


class _Builder:
    def __init__(self, config: Config):
        self.doc = config.doc
        self.src = config.src
        self.problems: list[Problem] = []
        self.tasks = {t.id: t for t in self.doc.tasks if t.id}
        self.kind = nd30.KINDS[self.doc.kind]
        self.used_tasks: set[str] = set()  # ids of the shared tasks printed
        self.inline_tasks = 0  # tasks written in place (an item with fields, a table row)

    def problem(self, path: Path_, message: str) -> None:
        self.problems.append(self.src.problem(path, message))

    # --- header --------------------------------------------------------------------------
    def header(self) -> dict[str, Any]:
        doc, ward = self.doc, self.doc.ward
        year = doc.year or doc.date.year
        lines = doc.agency.name or ["ỦY BAN NHÂN DÂN", f"{ward.kind} {ward.name}".upper()]
        full_name = doc.agency.full_name or f"Ủy ban nhân dân {ward.kind} {ward.name}"
        number_text = (
            f"{nd30.format_number(doc.number)}/{self.kind.abbreviation}-{doc.agency.abbreviation}"
        )
        date_text = nd30.date_phrase(doc.date.day, doc.date.month, doc.date.year)
        place = ward.place or ward.name
        return {
            "year": year,
            "agency_lines": [line.upper() for line in lines],
            "full_name": full_name,
            "number_text": number_text,
            "date_text": date_text,
            "place_date": f"{place}, {date_text}",
        }

    def text_context(self, head: dict[str, Any]) -> dict[str, Any]:
        doc = self.doc
        return {
            "kind": {"name": self.kind.name, "title": self.kind.title},
            "year": head["year"],
            "ward": doc.ward.model_dump(),
            "agency": {**doc.agency.model_dump(), "full_name": head["full_name"]},
            "subject": " ".join(doc.subject),
            "number_text": head["number_text"],
            "date_text": head["date_text"],
            "vars": doc.vars,
        }

    def standard_text(self, name: str, context: dict[str, Any], path: Path_) -> str:
        """Render the kind's standard sentence ``name`` (templates/<kind>/<name>.j2)."""
        template = templates_dir() / self.doc.kind / f"{name}.j2"
        try:
            return _text_template(template).render(context).strip()
        except Exception as exc:  # a user-edited template failed
            self.problem(path, f"{template}: {template_problem(exc)}")
            return ""

    # --- body ----------------------------------------------------------------------------
    def field_labels(self, node: schema.Node) -> dict[str, str]:
        return {**DEFAULT_FIELD_LABELS, **self.doc.fields.labels, **node.labels}

    def outline(
        self,
        nodes: list[schema.Node],
        depth: int,
        style: str | None,
        parent_number: str,
        path: Path_,
        out: list[Para],
    ) -> None:
        style = style or nd30.DEPTH_STYLES[min(depth, len(nd30.DEPTH_STYLES)) - 1]
        if style == "decimal":
            if nodes and not re.fullmatch(r"\d+(\.\d+)*", parent_number):
                self.problem(
                    path[:-1],
                    _("decimal numbering (5.1, 5.2 ...) needs a parent numbered 1., 2. ..."),
                )
            depth -= 1  # 5.1, 5.2 sit at the level of 5.: their points are a), b) ...
        for i, node in enumerate(nodes, start=1):
            label, number = nd30.label(style, i, parent_number)
            self.node(node, depth, label, number, (*path, i - 1), out)

    def node(
        self, node: schema.Node, depth: int, label: str, number: str, path: Path_, out: list[Para]
    ) -> None:
        task = self.tasks.get(node.task) if node.task else None
        if task:
            self.used_tasks.add(node.task)
        elif any(getattr(node, f) for f in schema.TASK_FIELDS):
            self.inline_tasks += 1
        prefix = f"{label} " if label else ""
        if node.heading:
            style = "VBMuc" if depth == 1 else "VBKhoan" if depth == 2 else "VBDiem"
            out.append(Para(style, (Run(prefix + node.heading),)))
            prefix = ""
        paragraphs = [task.content] if task else list(node.text)
        for k, text in enumerate(paragraphs):
            runs = (Run(prefix), Run(text)) if k == 0 and prefix else (Run(text),)
            out.append(Para("VBNoiDung", runs))
            prefix = ""
        if prefix:  # no heading and no text: the label stands alone above the children
            out.append(Para("VBNoiDung", (Run(prefix.strip()),)))

        # children first, then the "Label: value" lines (a task, its points, who and when)
        child_style = node.numbering
        fields = self.fields_of(node, task)
        field_style = node.field_style or self.doc.fields.style
        if field_style == "none":
            fields = []
        elif field_style == "letter":
            # lettered fields continue the children's sequence: a) ... then a field as d)
            items = list(node.children) + [
                schema.Node(text=[f"{k}: {sentence(v)}"]) for k, v in fields
            ]
            self.outline(
                items, depth + 1, child_style or "letter", number, (*path, "children"), out
            )
            return
        self.outline(node.children, depth + 1, child_style, number, (*path, "children"), out)
        for k, v in fields:
            text = f"{k}: {sentence(v)}"
            out.append(Para("VBNoiDung", (Run(f"- {text}" if field_style == "dash" else text),)))

    def fields_of(self, node: schema.Node, task: schema.Task | None) -> list[tuple[str, str]]:
        labels = self.field_labels(node)
        pairs = []
        for key in schema.TASK_FIELDS:
            value = getattr(node, key) or (getattr(task, key) if task else None)
            if value:
                pairs.append((labels[key], value))
        pairs += list(node.fields.items())
        return pairs

    # --- appendices ----------------------------------------------------------------------
    def appendix(
        self,
        index: int,
        count: int,
        appendix: schema.Appendix,
        context: dict[str, Any],
        path: Path_,
    ) -> AppendixModel:
        heading = appendix.heading or ("Phụ lục" if count == 1 else f"Phụ lục {nd30.roman(index)}")
        if appendix.note is not None:
            note = appendix.note
        else:
            note = self.standard_text("appendix_note", context, (*path, "note"))
        keys = [c.key for c in appendix.columns] or DEFAULT_COLUMNS
        headers = {c.key: c.header for c in appendix.columns if c.header}
        labels = {**DEFAULT_COLUMN_HEADERS, **headers}
        weights = [COLUMN_WEIGHTS.get(k, 2.0) for k in keys]
        widths = [nd30.LANDSCAPE_TEXT_WIDTH_MM * w / sum(weights) for w in weights]
        rows = [TableRow(tuple(Cell(labels[k], "VBBangTieuDe") for k in keys), header=True)]
        self.table_rows(appendix.rows, keys, "", rows)
        return AppendixModel(
            heading,
            list(appendix.title),
            note,
            [Para("VBNoiDung", (Run(t),)) for t in appendix.text],
            widths,
            rows,
        )

    def table_rows(
        self, items: list[schema.Row], keys: list[str], parent: str, out: list[TableRow]
    ) -> None:
        for i, row in enumerate(items, start=1):
            number = f"{parent}.{i}" if parent else str(i)
            if row.group is not None:
                cells = [Cell(row.group, "VBBangNhom", span=len(keys))]
                if "tt" in keys:
                    cells = [
                        Cell(number, "VBBangTieuDe"),
                        Cell(row.group, "VBBangNhom", span=len(keys) - 1),
                    ]
                out.append(TableRow(tuple(cells)))
                self.table_rows(row.rows, keys, number, out)
                continue
            task = self.tasks.get(row.task) if row.task else None
            if task:
                self.used_tasks.add(row.task)
            else:
                self.inline_tasks += 1 + len(row.subtasks)
            out.append(self.task_row(row, task, number, keys))
            subtasks = row.subtasks or (task.subtasks if task else [])
            for k, sub in enumerate(subtasks, start=1):
                out.append(self.task_row(sub, None, nd30.letter(k), keys))

    @staticmethod
    def task_row(row: Any, task: schema.Task | None, number: str, keys: list[str]) -> TableRow:
        def value(key: str) -> str:
            if key == "tt":
                return number
            return getattr(row, key, None) or (getattr(task, key, None) if task else None) or ""

        return TableRow(
            tuple(
                Cell(value(k), "VBBangGiua" if k in ("tt", "timeline") else "VBBang") for k in keys
            )
        )

    # --- whole document ------------------------------------------------------------------
    def build(self) -> DocModel:
        doc = self.doc
        head = self.header()
        context = self.text_context(head)
        body: list[Para] = []
        self.outline(doc.body, 1, None, "", ("body",), body)

        opening = (
            doc.opening
            if doc.opening is not None
            else self.standard_text("opening", context, ("opening",))
        )
        if doc.closing is not None:
            closing = [p for p in doc.closing if p.strip()]
        else:
            closing = [
                p
                for p in self.standard_text("closing", context, ("closing",)).split("\n")
                if p.strip()
            ]
        if closing:
            closing[-1] = closed(closing[-1])
        elif body:
            last = body[-1]
            body[-1] = Para(last.style, (*last.runs[:-1], Run(closed(last.runs[-1].text))))

        basis = [with_end(b, ";") for b in doc.basis]
        if basis:
            basis[-1] = with_end(basis[-1], ".")

        items = [with_end(re.sub(r"^\s*-\s*", "", r), ";") for r in doc.recipients]
        archive = nd30.ARCHIVE_PREFIX + (f", {doc.archive.strip()}" if doc.archive else "")
        recipients = [f"- {r}" for r in [*items, with_end(archive, ".")]]

        s = doc.signer
        signer_lines = [f"TM. {s.collective.upper()}"] if s.collective else []
        signer_lines.append(f"{s.authority} {s.title.upper()}" if s.authority else s.title.upper())
        if s.signer_title:
            signer_lines.append(s.signer_title.upper())

        appendices = [
            self.appendix(i, len(doc.appendices), a, context, ("appendices", i - 1))
            for i, a in enumerate(doc.appendices, start=1)
        ]
        template = Path(doc.template) if doc.template else templates_dir() / "van_ban.docx"
        if doc.template and not template.is_absolute():
            template = Path(self.src.file).parent / template
        if not template.is_file():
            self.problem(("template",), _("no such file: {path}").format(path=template))
        if self.problems:
            raise ConfigError(self.problems)
        return DocModel(
            kind=self.kind,
            template=template,
            year=head["year"],
            number=doc.number,
            ward=doc.ward.name,
            agency_parent=doc.agency.parent.upper() if doc.agency.parent else None,
            agency_lines=head["agency_lines"],
            number_text=head["number_text"],
            place_date=head["place_date"],
            title=doc.title or self.kind.title,
            subject=list(doc.subject),
            basis=basis,
            opening=opening,
            body=body,
            closing=closing,
            recipients=recipients,
            recipients_note=doc.recipients_note,
            signer_lines=signer_lines,
            signer_name=s.name,
            appendices=appendices,
            task_count=len(self.used_tasks) + self.inline_tasks,
        )


def build(config: Config) -> DocModel:
    """The document model of a validated config."""
    return _Builder(config).build()
