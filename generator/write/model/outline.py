"""The body outline: labels computed per depth (I. / 1. / a) / - / +, decimal 5.1.), headings,
paragraphs, and each item's "Label: value" field lines."""

from __future__ import annotations

import re

from ... import nd30
from ...config import schema
from ...config.load import Path_
from ...i18n import _
from .scope import Scope
from .tables import free_table, table_of
from .text import as_bullet, para, sentence
from .types import Para, Run, TableModel

HEADING_STYLES = {1: "VBMuc", 2: "VBKhoan"}  # deeper headings: VBDiem


def outline(scope: Scope) -> list[Para | TableModel]:
    """The paragraphs and tables of the body."""
    out: list[Para | TableModel] = []
    _items(scope, scope.doc.body, 1, scope.doc.numbering, "", ("body",), out, scope.doc.bullet)
    return out


def fields_of(scope: Scope, node: schema.Node, task: schema.Task | None) -> list[tuple[str, str]]:
    """(label, value) of every field of ``node``, falling back on its task's."""
    defaults = {key: f.label for key, f in schema.TASK_FIELDS.items()}
    labels = {**defaults, **scope.doc.fields.labels, **node.labels}
    pairs = []
    for key in schema.TASK_FIELDS:
        value = getattr(node, key) or (getattr(task, key) if task else None)
        if value:  # several lines are joined in a field line
            pairs.append((labels[key], ", ".join(value) if isinstance(value, list) else value))
    return pairs + list(node.fields.items())


def _items(
    scope: Scope,
    nodes: list[schema.Node],
    depth: int,
    style: str | None,
    parent_number: str,
    path: Path_,
    out: list[Para | TableModel],
    glyph: str | None = None,
) -> None:
    style = style or nd30.DEPTH_STYLES[min(depth, len(nd30.DEPTH_STYLES)) - 1]
    if style == "decimal":
        if nodes and not re.fullmatch(r"\d+(\.\d+)*", parent_number):
            scope.problem(
                path[:-1], _("Decimal numbering (5.1, 5.2 ...) needs a parent numbered 1., 2. ...")
            )
        depth -= 1  # 5.1, 5.2 sit at the level of 5.: their points are a), b) ...
    for i, node in enumerate(nodes, start=1):
        label, number = nd30.label(style, i, parent_number)
        scope.trail.append(f"({i})" if label in ("-", "+") else label)
        first = len(out)
        scope.bullets.append(glyph or nd30.BULLET_GLYPH if style == "bullet" else "")
        try:
            _node(scope, node, depth, label, number, (*path, i - 1), out)
            if style == "bullet":  # Word draws the label: the first paragraph carries it
                _as_bullet(out, first, _chain(scope.bullets))
        finally:
            scope.trail.pop()
            scope.bullets.pop()


def _chain(glyphs: list[str]) -> tuple[str, ...]:
    """The glyphs of the innermost run of bullet items: the lists a bullet sits in."""
    at = max((i for i, g in enumerate(glyphs) if not g), default=-1)
    return tuple(glyphs[at + 1 :])


def _as_bullet(out: list[Para | TableModel], at: int, glyph: tuple[str, ...]) -> None:
    """The item's first paragraph (at ``at``) with Word's bullet in place of its typed "- "."""
    p = out[at] if at < len(out) else None
    if isinstance(p, Para):
        out[at] = as_bullet(p, glyph)


def _node(
    scope: Scope, node: schema.Node, depth: int, label: str, number: str, path: Path_,
    out: list[Para | TableModel],
) -> None:  # fmt: skip
    task = scope.task(node.task)
    has_fields = any(getattr(node, f) for f in schema.TASK_FIELDS)
    if not task and has_fields:
        scope.inline_tasks += 1
    if len(scope.trail) == 1:
        scope.section = node.heading or ""
    if task or has_fields:
        content = task.content if task else (node.heading or " ".join(node.text))
        scope.add_item(_printed(scope.trail), scope.section, content, node, task)
    _contents(scope, node, task, depth, label, number, path, out)


def _printed(trail: list[str]) -> str:
    """An item's number with its parents' labels: II. 1. a) -> II.1.a); the second bullet
    under 1. -> 1.(2)."""
    labels: list[str] = []
    for t in trail:
        if not t:
            continue
        if labels and t.startswith(labels[-1]):  # decimal 5.1. extends 5.
            labels[-1] = t
        else:
            labels.append(t)
    return "".join(labels) or "-"


def _contents(
    scope: Scope, node: schema.Node, task: schema.Task | None, depth: int, label: str,
    number: str, path: Path_, out: list[Para | TableModel],
) -> None:  # fmt: skip
    prefix = f"{label} " if label else ""
    if node.heading:
        out.append(para(HEADING_STYLES.get(depth, "VBDiem"), node.heading, prefix))
        prefix = ""
    paragraphs = [task.content] if task else list(node.text)
    for text in paragraphs:
        out.append(para("VBNoiDung", text, prefix))
        prefix = ""
    if prefix:  # no heading and no text: the label stands alone above the children
        out.append(Para("VBNoiDung", (Run(prefix.strip()),)))
    if table_of(node) is not None:  # in the portrait flow, one step smaller than the body
        out.append(free_table(table_of(node), nd30.TEXT_WIDTH_MM))

    # children first, then the "Label: value" lines (a task, its points, who and when)
    fields = fields_of(scope, node, task)
    field_style = node.field_style or scope.doc.fields.style
    end = node.end if node.end is not None else scope.doc.fields.end
    children_path = (*path, "children")
    if field_style == "letter":
        # lettered fields continue the children's sequence: a) ... then a field as d)
        items = list(node.children) + [schema.Node(text=[f"{k}: {sentence(v)}"]) for k, v in fields]
        _items(scope, items, depth + 1, node.numbering or "letter", number, children_path, out)
        return
    _items(scope, node.children, depth + 1, node.numbering, number, children_path, out,
           node.bullet)  # fmt: skip
    if field_style == "none":
        return
    for k, v in fields:
        out.append(para("VBNoiDung", f"{k}: {sentence(v, end)}", "- " if field_style in
                        ("dash", "bullet") else ""))  # fmt: skip
        if field_style == "bullet":  # Word draws the bullet: its glyph, the item's or the plan's
            glyph = node.bullet or scope.doc.bullet or nd30.BULLET_GLYPH
            _as_bullet(out, len(out) - 1, (glyph,))
