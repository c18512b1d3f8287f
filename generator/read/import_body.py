"""The body of a plan read into config: its text with emphasis, its outline (labels give the
levels, bold short lines are headings, "Label: value" lines become task fields), its tables."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from docx.table import Table

from .. import nd30
from ..config.expand import literal
from ..config.load import Path_
from ..i18n import _
from .lines import Line, cell_text, rows, squash, text_of
from .reader import Structure

_PART = re.compile(r"(Phần|PHẦN)\s+(thứ\s+\S+|THỨ\s+\S+|[IVXLC]+\b|\d+\b)")
_LEVEL = {"part": 0, "roman": 1, "arabic": 2, "decimal": 2, "letter": 3, "dash": 4, "plus": 5}
_FIELD_WORDS = [("chủ trì", "lead"), ("phối hợp", "coordinating"), ("hình thức", "form"),
                ("thời gian", "timeline"), ("thực hiện", "executing")]  # fmt: skip
COLUMN_WORDS = [("stt", "tt"), ("tt", "tt"), ("nhiệm vụ", "content"), ("nội dung", "content"),
                 *_FIELD_WORDS, ("tiến độ", "timeline")]  # fmt: skip
_FIELD_LINE = re.compile(r"^(?P<label>[^:]{3,60}):\s*(?P<value>.+)$")


@dataclass
class Imported:
    data: dict[str, Any]
    reviews: list[tuple[Path_, str]] = field(default_factory=list)

    def review(self, path: Path_, message: str) -> None:
        self.reviews.append((path, message))


def text_of_line(d: Structure, line: Line) -> str:
    """The line's text with its emphasis written as ``*…*`` / ``**…**`` where a run differs
    from the line's own formatting; asterisks escaped, Jinja markup kept literal."""
    runs = [(r, d.fmt.run(line.para, r)) for r in line.runs if r.text]
    if not runs:
        return line.text
    weight: dict[tuple[bool, bool], int] = {}
    for r, f in runs:
        weight[(f.bold, f.italic)] = weight.get((f.bold, f.italic), 0) + len(r.text.strip())
    base = max(weight, key=weight.get)  # type: ignore[arg-type]
    parts = []
    for r, f in runs:
        text = r.text.replace("*", "\\*").replace("\t", " ").replace("\n", " ")
        mark = {(True, True): "***", (True, False): "**", (False, True): "*"}.get(
            (f.bold and not base[0], f.italic and not base[1]), ""
        )
        core = text.strip()
        if mark and core:
            lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
            text = f"{lead}{mark}{core}{mark}{trail}"
        parts.append(text)
    out = squash("".join(parts))
    if line.auto_label and line.text.split(" ", 1)[0] not in out[:8]:
        out = f"{line.text.split(' ', 1)[0]} {out}"
    return literal(out)


def _is_heading(d: Structure, line: Line, rest: str) -> bool:
    runs = d.runs(line)
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
            _attach_table(stack[-1][1], table)
        m = nd30.OUTLINE_LABEL.match(line.text)
        text = text_of_line(d, line)
        parts_ok = not root["children"] or out.data.get("numbering") == "none"
        if _PART.match(line.text) and parts_ok:  # "Phần I": the top level, as typed
            out.data["numbering"] = "none"
            del stack[1:]
            node = {"heading": text}
            root["children"].append(node)
            stack.append(("part", node))
            continue
        if not m:
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
        rest = nd30.OUTLINE_LABEL.sub("", text, count=1).strip()
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
            rest = text  # the label stays as typed, the parent numbers nothing
            if parent.get("numbering") != "none":
                parent["numbering"] = "none"
                out.review(("body",), _("«{label}» is not under a numbered «1.»: kept as typed")
                           .format(label=m.group(style)))  # fmt: skip
        if _is_heading(d, line, rest):
            node["heading"] = rest
        else:
            node["text"] = [rest]
        node["_style"] = style
        node["_label"] = (m.group(0), line.auto_label)
        parent.setdefault("children", []).append(node)
        if not typed:
            _numbering(parent, style, len(stack), out)
        stack.append((style, node))
    for i in sorted(k for k in tables if k >= start + len(lines)):
        for table in tables[i]:
            _attach_table(stack[-1][1], table)
    _walk_fields(root)
    _keep_typed_labels(root, out, top=True)
    _drop_marks(root)
    return root["children"]


def _word_letter(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26)


def _keep_typed_labels(node: dict[str, Any], out: Imported, top: bool = False) -> None:
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
                out.review(("body",), _("Word's letters have no đ: the points are renumbered"))
            if labels != ours and not (style == "letter" and labels == word):
                _typed(node, out, top)
                found = _("labels {first} … {last} do not run in order: kept as typed")
                out.review(("body",), found.format(first=labels[0], last=labels[-1]))
    for child in node.get("children", []):
        _keep_typed_labels(child, out)


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


def _drop_marks(node: dict[str, Any]) -> None:
    node.pop("_style", None)
    node.pop("_label", None)
    node.pop("_after_table", None)
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


def _fields(node: dict[str, Any]) -> None:
    """Trailing dash children "Label: value" with a task field's label become its fields."""
    children = node.get("children", [])
    found: list[tuple[str, str, str]] = []
    for child in reversed(children):
        if child.get("children") or "text" not in child or len(child["text"]) != 1:
            break
        m = _FIELD_LINE.match(child["text"][0])
        key = _field_key(m["label"]) if m else None
        if not key or key in {k for k, _l, _v in found} or child.get("_style") != "dash":
            break
        found.append((key, m["label"].strip(), m["value"]))  # type: ignore[index]
    if not found:
        return
    del children[len(children) - len(found) :]
    labels = {}
    ends = set()
    for key, label, value in found:
        ends.add(value.rstrip()[-1:] == ".")
        node[key] = re.sub(r"\.\s*$", "", value)
        if label != schema_label(key):
            labels[key] = label
    if labels:
        node["labels"] = labels
    if ends == {False}:
        node["end"] = ""
    if not children:
        node.pop("children", None)
        node.pop("numbering", None)
    else:
        node["field_style"] = "dash"


def schema_label(key: str) -> str:
    from ..config.schema import TASK_FIELDS

    return TASK_FIELDS[key]


def _field_key(label: str) -> str | None:
    low = label.lower().strip()
    return next((k for word, k in _FIELD_WORDS if word in low), None)


def _attach_table(node: dict[str, Any], table: Table) -> None:
    """A body table goes on the item before it, if nothing came after its text; otherwise on
    a new unnumbered child, and the lines after the table follow it in children of their own."""
    if "table" in node or "children" in node:
        node.setdefault("children", []).append({"text": [], "table": free_table(table)})
        node.setdefault("numbering", "none")
    else:
        node["table"] = free_table(table)
    node["_after_table"] = True


def free_table(table: Table) -> dict[str, Any]:
    grid = rows(table)
    widths = [round(c.width / 36000, 1) if c.width else None for c in grid[0]]
    columns = [{"title": literal(squash(cell_text(c))) or "…", **({"width": w} if w else {})}
               for c, w in zip(grid[0], widths, strict=True)]  # fmt: skip
    out_rows: list[Any] = []
    for row in grid[1:]:
        texts = [[literal(squash(t)) for t in map(text_of, c.paragraphs) if t.strip()] or [""]
                 for c in row]  # fmt: skip
        if len(row) == 1 and len(columns) > 1:
            out_rows.append({"group": " ".join(texts[0])})
        else:
            out_rows.append([t[0] if len(t) == 1 else t for t in texts[: len(columns)]])
    return {"columns": columns, "rows": out_rows}
