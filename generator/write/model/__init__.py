"""Stage 3: turn a validated config into the document model: every label, number, date, ký hiệu
and standard sentence computed, every paragraph's text and style decided. Rendering only lays it
out. One builder per part: header, outline (with fields), appendices, signature."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from ...config.validate import Config
from ...errors import ConfigError
from ...i18n import _
from ...vocabulary import Kind, kind_of
from .address import kinh_gui, vv_lines
from .appendix import appendix
from .articles import articles, issuer
from .attached import attached
from .header import header
from .meeting import meeting, plan_agencies
from .outline import outline
from .scope import Scope
from .signature import signature
from .text import closed, emphasis, para, templates_dir, with_end
from .types import (
    AppendixModel,
    AttachedText,
    Cell,
    DocModel,
    Header,
    Para,
    Run,
    Signature,
    TableModel,
    TableRow,
    TaskItem,
)

__all__ = [
    "AppendixModel", "Cell", "DocModel", "Header", "Para", "Run", "Signature", "TableModel",
    "TableRow", "TaskItem", "build", "templates_dir",
]  # fmt: skip


def _text_context(scope: Scope, kind: Kind, head: Header) -> dict[str, Any]:
    """What the standard sentences may refer to."""
    doc = scope.doc
    return {
        "kind": {"name": kind.name, "title": kind.title},
        "year": head.year,
        "ward": doc.ward.model_dump(),
        "agency": {**doc.agency.model_dump(), "full_name": head.full_name},
        "subject": " ".join(doc.subject),
        "number_text": head.number_text,
        "date_text": head.date_text,
        "vars": doc.vars,
        "signer": doc.signer.model_dump(),
    }


def _template(scope: Scope) -> Path:
    doc = scope.doc
    if not doc.template:
        return templates_dir() / "van_ban.docx"
    template = Path(doc.template)
    if not template.is_absolute():
        template = Path(scope.src.file).parent / template
    if not template.is_file():
        scope.problem(("template",), _("No such file: {path}").format(path=template))
    elif not _is_docx(template):
        scope.problem(("template",), _(
            "{path} is not a Word .docx file: give a copy of templates/van_ban.docx saved from "
            "Word as .docx"
        ).format(path=template))  # fmt: skip
    return template


def _is_docx(path: Path) -> bool:
    """Whether ``path`` is a zip that holds a Word document (read only the directory)."""
    try:
        with zipfile.ZipFile(path) as z:
            return "word/document.xml" in z.namelist()
    except (OSError, zipfile.BadZipFile):
        return False


def _closed(p: Para) -> Para:
    """``p`` ending with the closing mark "./." (on its last run)."""
    last = p.runs[-1]
    return Para(p.style, (*p.runs[:-1], Run(closed(last.text), last.bold, last.italic)))


def build(config: Config) -> DocModel:
    """The document model of a validated config; raises ConfigError listing every problem."""
    doc = config.doc
    scope = Scope(doc, config.src)
    kind = kind_of(doc.kind)
    head = header(doc, kind)
    context = _text_context(scope, kind, head)
    body = articles(scope) if kind.body == "articles" else outline(scope)
    invited = _invited(config, scope)
    body = [*meeting(doc, kind, invited), *body]  # a giấy mời: its meeting, then the rest

    if doc.opening is not None:
        opening_texts = [p for p in doc.opening if p.strip()]
    else:
        opening_texts = [scope.standard_text(kind.opening, context, ("opening",))]
    if doc.closing is not None:
        closing_texts = [p for p in doc.closing if p.strip()]
    else:
        text = scope.standard_text(kind.closing, context, ("closing",))
        closing_texts = [p for p in text.split("\n") if p.strip()]
    closing = [para("VBNoiDung", p) for p in [*closing_texts, *doc.contact] if p.strip()]
    if closing:
        closing[-1] = _closed(closing[-1])
    elif body and isinstance(body[-1], Para):
        body[-1] = _closed(body[-1])

    basis = [with_end(b, ";") for b in doc.basis]
    if basis:
        basis[-1] = with_end(basis[-1], ";" if doc.proposal else ".")  # "Theo đề nghị" follows

    appendices = [
        appendix(scope, i, len(doc.appendices), a, context, ("appendices", i - 1))
        for i, a in enumerate(doc.appendices, start=1)
    ]
    template = _template(scope)
    kinh_line, kinh_list = kinh_gui(doc, kind)
    issued = _issued(config, scope, context)
    if scope.problems:
        raise ConfigError(scope.problems)
    return DocModel(
        kind=kind,
        template=template,
        number=doc.number,
        ward=doc.ward.name,
        header=head,
        title=doc.title or kind.title,
        subject=list(doc.subject),
        basis=[para("VBCanCu", b) for b in basis],
        proposal=[para("VBCanCu", with_end(p, ".")) for p in doc.proposal],
        issuer=issuer(doc, kind, head),
        enacts=kind.enacts,
        opening=[para("VBNoiDung", p) for p in opening_texts if p],
        body=body,
        closing=closing,
        signature=signature(doc, kind),
        appendices=appendices,
        task_count=len(scope.used_tasks) + scope.inline_tasks,
        tasks=scope.items,
        footnotes={
            **(issued.footnotes if issued else {}),
            **{k: [emphasis(p) for p in v] for k, v in doc.footnotes.items()},
        },
        vv=vv_lines(kind, list(doc.subject)),
        kinh_gui_line=kinh_line,
        kinh_gui_list=kinh_list,
        attached=issued,
    )


def _invited(config: Config, scope: Scope) -> list[str]:
    """A giấy mời's invitees when it names them not: the agencies of its ``plan``."""
    m = config.doc.meeting
    if m is None or m.invitees or config.plan is None or config.doc.plan is None:
        return []
    plan = build(config.plan)
    found = plan_agencies(plan.tasks, config.plan.doc.aliases)
    if not found:
        scope.problem(("meeting", "invitees"), _(
            "The plan's tasks name no agency to invite: write the invitees here"))  # fmt: skip
    return found


def _issued(config: Config, scope: Scope, context: dict[str, Any]) -> AttachedText | None:
    """The plan a decision issues (``issues:``), laid out to follow it."""
    if config.plan is None or config.doc.issues is None:
        return None
    plan = build(config.plan)
    kind = kind_of(config.doc.kind)
    note = scope.standard_text(kind.appendix_note, context, ("issues",))
    own_basis = list(config.doc.basis) != list(config.plan.doc.basis)
    defaults = [a.note is None for a in config.plan.doc.appendices]
    return attached(plan, note, own_basis, defaults)
