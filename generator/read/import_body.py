"""The body of a plan read into config: its outline (labels give the levels, bold short lines
are headings, "Label: value" lines become task fields), its tables."""

from __future__ import annotations

import re
from typing import Any

from docx.table import Table

from .. import nd30
from ..config.load import Path_
from ..i18n import _
from ..vocabulary import TASK_FIELDS, field_of
from .import_tables import free_table
from .import_text import text_of_line
from .imported import Imported
from .lines import Line
from .reader import Structure

PART = re.compile(r"(Phần|PHẦN)\s+(thứ\s+\S+|THỨ\s+\S+|[IVXLC]+\b|\d+\b)")
_SAMPLE = {
    "roman": "I.",
    "arabic": "1.",
    "decimal": "1.1.",
    "letter": "a)",
    "paren": "(1)",
    "dash": "-",
    "plus": "+",
}
_LEVEL = {"part": 0, "roman": 1, "arabic": 2, "decimal": 2, "letter": 3, "paren": 3.5, "dash": 4,
          "plus": 5}  # fmt: skip
_FIELD_LINE = re.compile(r"^(?P<label>[^:]{3,60}):\s*(?P<value>.+)$")


def _is_heading(d: Structure, line: Line, rest: str, label: str = "") -> bool:
    """A short line, bold throughout (its label may be upright), with no closing stop."""
    runs = [(r, f) for r, f in d.runs(line) if r.text.strip() not in (label.strip(), "")]
    bold = bool(runs) and all(f.bold for _r, f in runs)
    return bold and len(rest) <= 150 and rest[-1:] not in ".;:!?…"


def outline(d: Structure, lines: list[Line], out: Imported) -> list[dict[str, Any]]:
    """The body lines as an outline: labels give the levels, bold short lines are headings."""
    root: dict[str, Any] = {"children": []}
    stack: list[tuple[str, dict[str, Any]]] = [("root", root)]
    start = d.body.index(lines[0]) if lines else len(d.body)
    tables: dict[int, list[Table]] = {}
    for i, table in d.body_tables:  # a table before the outline goes with its first item
        tables.setdefault(max(i, start + 1 if i <= start else i), []).append(table)
    for n, line in enumerate(lines):
        for table in tables.get(start + n, []):
            _attach_table(stack[-1][1], table, out, ("body",))
        m = nd30.OUTLINE_LABEL.match(line.text)
        parts_ok = not root["children"] or out.data.get("numbering") == "none"
        if PART.match(line.text) and parts_ok:  # "Phần I": the top level, as typed
            out.data["numbering"] = "none"
            del stack[1:]
            node = {"heading": text_of_line(d, line, base=(True, False))}
            root["children"].append(node)
            stack.append(("part", node))
            continue
        if not m:
            text = text_of_line(d, line, base=(False, False))
            top = stack[-1][1]
            if top.pop("_after_table", False):  # a line after a table: after it, in a child
                top.setdefault("children", []).append({"text": [text]})
                top.setdefault("numbering", "none")
                stack.append(("text", top["children"][-1]))
            elif len(stack) > 1:
                top.setdefault("text", []).append(text)
            elif root["children"]:  # at the top level: with the item before it
                root["children"][-1].setdefault("text", []).append(text)
            else:
                out.data["opening"] = " ".join(filter(None, [out.data.get("opening"), text]))
            continue
        style = m.lastgroup or "dash"
        label = m.group(0)
        heading = _is_heading(d, line, line.text[len(label) :].strip(), label)
        rest = text_of_line(d, line, label, (heading, False))
        styles = [s for s, _n in stack]
        if style in styles:
            del stack[styles.index(style) :]
        else:
            while len(stack) > 1 and _LEVEL.get(stack[-1][0], 9) > _LEVEL[style]:
                stack.pop()
        parent = stack[-1][1]
        node: dict[str, Any] = {}
        parent_arabic = stack[-1][0] == "arabic" and (
            len(stack) >= 3 or out.data.get("numbering") == "arabic"
        )
        typed = (style == "decimal" and not parent_arabic) or parent.get("numbering") == "none"
        if typed:
            rest = f"{label} {rest}"  # the label stays as typed, the parent numbers nothing
            if parent.get("numbering") != "none":
                parent["numbering"] = "none"
                out.review(("body",), _("«{label}» is not under a numbered «1.»: kept as typed")
                           .format(label=m.group(style)))  # fmt: skip
        if heading:
            node["heading"] = rest
        else:
            node["text"] = [rest]
        node["_style"] = style
        node["_label"] = (m.group(0), line.auto_label)
        node["_line"] = line
        parent.setdefault("children", []).append(node)
        if not typed:
            _numbering(parent, style, len(stack), out)
        stack.append((style, node))
    for i in sorted(k for k in tables if k >= start + len(lines)):
        for table in tables[i]:
            _attach_table(stack[-1][1], table, out, ("body",))
    _walk_fields(root)
    _offer_tasks(root.get("children", []), ("body",), out)
    _keep_typed_labels(root, out, top=True)
    _decimal_under_digits(root, out, 0, out.data.get("numbering") or "roman")
    _as_typed_kinds(root["children"], 1, out.data.get("numbering"), out)
    _deep_headings(d, root["children"], 1, out.data.get("numbering"))
    _word_bullets(root, out.data, top=True)
    _drop_marks(root)
    return root["children"]


def _word_letter(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26)


def _keep_typed_labels(
    node: dict[str, Any], out: Imported, top: bool = False, path: Path_ = ("body",)
) -> None:
    """Where vanban's numbering would not print the labels the document shows (a list that
    restarts, skips or repeats), number nothing and keep the labels as typed. Word's letters
    (e) for đ)) are the exception: renumbered, and flagged."""
    children = [c for c in node.get("children", []) if "_label" in c]
    if children and len(children) == len(node.get("children", [])):
        style = children[0]["_style"]
        labels = [c["_label"][0] for c in children]
        if style in ("roman", "arabic", "letter") and all(c["_style"] == style for c in children):
            ours = [nd30.label(style, i)[0] for i in range(1, len(children) + 1)]
            word = [f"{_word_letter(i)})" for i in range(1, len(children) + 1)]
            if style == "letter" and labels == word and labels != ours:
                out.review(path, _("Word's letters have no đ: the points are renumbered"))
            if labels != ours and not (style == "letter" and labels == word):
                _typed(node, out, top)
                found = _("Labels {first} … {last} do not run in order: kept as typed")
                out.review(path, found.format(first=labels[0], last=labels[-1]))
    for i, child in enumerate(node.get("children", [])):
        _keep_typed_labels(child, out, path=(*path, i) if top else (*path, "children", i))


def _typed(node: dict[str, Any], out: Imported, top: bool = False) -> None:
    """Number ``node``'s children nothing and write their labels into their text; decimal
    children (5.1. under 5.) follow, as they can no longer extend a number."""
    (out.data if top else node)["numbering"] = "none"
    for child in node.get("children", []):
        label = child.pop("_label", (None,))[0]
        if label:
            key = "heading" if "heading" in child else "text"
            child[key] = ([f"{label} {child[key][0]}", *child[key][1:]]
                          if key == "text" else f"{label} {child[key]}")  # fmt: skip
        if child.get("numbering") == "decimal":
            _typed(child, out)


def _decimal_under_digits(
    node: dict[str, Any], out: Imported, depth: int, style: str, path: Path_ = ("body",)
) -> None:
    """A list numbered 5.1, 5.2 … under an item whose own label is no number (a list kept as
    typed, say) is kept as typed too: vanban could not extend its parent's number."""
    for i, child in enumerate(node.get("children", [])):
        here = (*path, i) if depth == 0 else (*path, "children", i)
        own = child.get("numbering")
        if own == "decimal" and style not in ("arabic", "decimal"):
            _typed(child, out)
            out.review(here, _("«5.1.» items under an item that is not numbered «5.»: "
                                    "kept as typed"))  # fmt: skip
            own = "none"
        deeper = nd30.DEPTH_STYLES[min(depth + 1, len(nd30.DEPTH_STYLES) - 1)]
        _decimal_under_digits(child, out, depth + 1, own or deeper, here)


def _as_typed_kinds(
    nodes: list[dict[str, Any]], depth: int, style: str | None, out: Imported,
    path: Path_ = ("body",),
) -> None:  # fmt: skip
    """Each list prints in the kind it was typed in (dashes stay dashes): where vanban's
    numbering by depth (counted as the renderer counts it: 5.1. sits at the level of 5.)
    would print another kind, the list's ``numbering`` says the typed one."""
    styles = nd30.DEPTH_STYLES
    style = style or styles[min(depth, len(styles)) - 1]
    if style == "decimal":
        depth -= 1
    for i, node in enumerate(nodes):
        kids = node.get("children", [])
        typed = {k["_style"] for k in kids if "_style" in k}
        if len(typed) > 1 and node.get("numbering") != "none":  # "- …" then "1. …": as typed
            _typed(node, out)
            out.review(
                (*path, i),
                _("A list of mixed labels ({kinds}): kept as typed").format(
                    kinds=" ".join(_SAMPLE[k] for k in sorted(typed, key=_LEVEL.get))
                ),
            )
        elif len(typed) == 1 and "numbering" not in node:
            want = typed.pop()
            if want != "decimal" and want != styles[min(depth + 1, len(styles)) - 1]:
                node["numbering"] = want
        _as_typed_kinds(kids, depth + 1, node.get("numbering"), out, (*path, i, "children"))


def _deep_headings(
    d: Structure, nodes: list[dict[str, Any]], depth: int, style: str | None
) -> None:
    """A heading below the khoản prints upright (VBDiem): one typed bold keeps its bold as
    emphasis, so it looks as typed and reads back the same."""
    styles = nd30.DEPTH_STYLES
    style = style or styles[min(depth, len(styles)) - 1]
    if style == "decimal":
        depth -= 1
    for node in nodes:
        line = node.get("_line")
        m = nd30.OUTLINE_LABEL.match(line.text) if line is not None else None
        if depth >= 3 and "heading" in node and m:
            label = m.group(0)
            text = text_of_line(d, line, label, (False, False))  # type: ignore[arg-type]
            typed = "_label" not in node  # its label was written into its text
            node["heading"] = f"{label} {text}" if typed else text
        _deep_headings(d, node.get("children", []), depth + 1, node.get("numbering"))


def _word_bullets(node: dict[str, Any], data: dict[str, Any], top: bool = False) -> None:
    """A dash or plus list whose every item was one of Word's automatic bullets, all with one
    glyph, stays a Word list: ``numbering: bullet`` and its glyph on the parent."""
    kids = [c for c in node.get("children", []) if "_style" in c]
    holder = data if top else node
    if kids and len(kids) == len(node["children"]) and holder.get("numbering") not in ("none",):
        glyphs = {c["_line"].bullet for c in kids if c.get("_label", ("", False))[1]}
        styles = {c["_style"] for c in kids}
        auto = all(c.get("_label", ("", False))[1] for c in kids)
        fits = holder.get("bullet", next(iter(glyphs), "")) in glyphs  # one glyph per item
        if auto and fits and len(glyphs) == 1 and "" not in glyphs and styles <= {"dash", "plus"}:
            holder["numbering"] = "bullet"
            holder["bullet"] = glyphs.pop()
    for child in node.get("children", []):
        _word_bullets(child, data)


def _drop_marks(node: dict[str, Any]) -> None:
    node.pop("_style", None)
    node.pop("_label", None)
    node.pop("_after_table", None)
    node.pop("_line", None)
    for child in node.get("children", []):
        _drop_marks(child)


def _numbering(parent: dict[str, Any], style: str, depth: int, out: Imported) -> None:
    default = nd30.DEPTH_STYLES[min(depth, len(nd30.DEPTH_STYLES)) - 1]
    if depth == 1:
        if style != "roman":
            out.data.setdefault("numbering", style)
        return
    if style != default and depth > 1:
        parent.setdefault("numbering", style)


def _walk_fields(node: dict[str, Any]) -> None:
    for child in node.get("children", []):
        _fields(child)
        _walk_fields(child)


def _field(text: str, found: list[tuple[str, str, str]]) -> tuple[str, str, str] | None:
    """(field, label, value) of a "Label: value" line whose label names a task field not yet
    ``found``."""
    m = _FIELD_LINE.match(text)
    key = field_of(m["label"]) if m else None
    if not m or not key or key in {k for k, _l, _v in found}:
        return None
    return key, m["label"].strip(), m["value"]


def _fields(node: dict[str, Any]) -> None:
    """Trailing dash children "Label: value" with a task field's label become its fields; so
    do such lines typed without a dash after the item's own text, when it has no children."""
    children = node.get("children", [])
    found: list[tuple[str, str, str]] = []
    styles = set()
    for child in reversed(children):
        if child.get("children") or "text" not in child or len(child["text"]) != 1:
            break
        field = _field(child["text"][0], found)
        if not field or child.get("_style") not in ("dash", "letter"):
            break
        found.append(field)
        styles.add(child["_style"])
    if len(styles) > 1:  # a) … then - …: not one list of fields
        found = []
    glyphs = {c["_line"].bullet if c.get("_label", ("", False))[1] else ""
              for c in children[len(children) - len(found) :]}  # fmt: skip
    del children[len(children) - len(found) :]
    if found and styles == {"dash"} and len(glyphs) == 1 and "" not in glyphs:
        node["field_style"], node["bullet"] = "bullet", glyphs.pop()  # Word's bullets
    if styles == {"letter"} and found:
        node["field_style"] = "letter"  # lettered, after the lettered children
    text = node.get("text", [])
    if not found and not children and (len(text) > 1 or (text and "heading" in node)):
        first = 0 if "heading" in node else 1
        while len(text) > first and (field := _field(text[-1], found)):
            found.append(field)
            text.pop()
        if found:
            node["field_style"] = "plain"
    if not found:
        return
    labels = {}
    ends = set()
    for key, label, value in found:
        ends.add(value.rstrip()[-1:] == ".")
        node[key] = re.sub(r"\.\s*$", "", value)
        if label != TASK_FIELDS[key].label:
            labels[key] = label
    if labels:
        node["labels"] = labels
    if ends == {False}:
        node["end"] = ""
    if not children:
        node.pop("children", None)
        node.pop("numbering", None)
    elif "field_style" not in node:
        node["field_style"] = "dash"


_AGENCY_LINE = re.compile(
    r"^(?P<agency>(Sở|Ban|Phòng|Văn phòng|UBND|Ủy ban|Uỷ ban|Công an|Bộ Chỉ huy|Trung tâm|Các|"
    r"Đài|Báo|Hội|Đoàn|Liên đoàn|Mặt trận|Kho bạc|Thuế|Chi cục|Cục|Bảo hiểm|Ngân hàng|Trường)"
    r"\b[^:]{1,80}):\s*(?P<rest>.*\b(chủ trì|tham mưu|phối hợp|thực hiện|triển khai|"
    r"theo dõi|tổ chức|hướng dẫn|chỉ đạo)\b.*)$",
    re.IGNORECASE,
)


def _offer_tasks(nodes: list[dict[str, Any]], path: Path_, out: Imported) -> None:
    """ "Sở Tư pháp: chủ trì …" (Tổ chức thực hiện, say) reads as that agency's task: a review
    comment offers it, as vanban cannot tell it from a sentence."""
    for i, node in enumerate(nodes):
        here = (*path, i)
        if not any(node.get(k) for k in ("lead", "executing")):
            for k, text in enumerate(node.get("text", [])):
                m = _AGENCY_LINE.match(text)
                if m and len(m["agency"].split()) <= 8:  # a name, not a sentence
                    out.review((*here, "text", k), _(
                        "«{agency}: …» reads as a task of {agency}: to track it, give the item "
                        "«lead: {agency}»").format(agency=m["agency"].strip()))  # fmt: skip
        _offer_tasks(node.get("children", []), (*here, "children"), out)


def _attach_table(node: dict[str, Any], table: Table, out: Imported, path: Path_) -> None:
    """A body table goes on the item before it, if nothing came after its text; otherwise on
    a new unnumbered child, and the lines after the table follow it in children of their own."""
    if "table" in node or "children" in node:
        node.setdefault("children", []).append({"text": [], "table": free_table(table, path, out)})
        node.setdefault("numbering", "none")
    else:
        node["table"] = free_table(table, path, out)
    node["_after_table"] = True
