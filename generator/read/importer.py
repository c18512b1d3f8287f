"""``vanban import``: a KẾ HOẠCH or CHƯƠNG TRÌNH typed in Word, read into a config.

The reader gives the document's parts; this module turns them into the config's keys: kind,
number, date, ward and agency, title and subject, basis and opening, the body outline (labels,
headings, field lines, tables), the closing, recipients, signer and appendices. Where it guesses,
it keeps the text and records a review, which becomes a ``# review:`` comment in the YAML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from docx.table import Table

from .. import nd30
from ..errors import VanbanError
from ..i18n import _
from ..write.load import Path_
from .reader import Line, Structure, rows, squash

WARD_KINDS = {"PHƯỜNG": "phường", "XÃ": "xã", "ĐẶC KHU": "đặc khu", "TỈNH": "tỉnh",
              "THÀNH PHỐ": "thành phố"}  # fmt: skip
_PART = re.compile(r"(Phần|PHẦN)\s+(thứ\s+\S+|THỨ\s+\S+|[IVXLC]+\b|\d+\b)")
_LEVEL = {"part": 0, "roman": 1, "arabic": 2, "decimal": 2, "letter": 3, "dash": 4, "plus": 5}
_FIELD_WORDS = [("chủ trì", "lead"), ("phối hợp", "coordinating"), ("hình thức", "form"),
                ("thời gian", "timeline"), ("thực hiện", "executing")]  # fmt: skip
_COLUMN_WORDS = [("stt", "tt"), ("tt", "tt"), ("nhiệm vụ", "content"), ("nội dung", "content"),
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
    return _literal(out)


def _literal(text: str) -> str:
    """Text that a config prints as it is: Jinja markup wrapped in a raw block."""
    if "{{" in text or "{%" in text or "{#" in text:
        return "{% raw %}" + text + "{% endraw %}"
    return text


def plan(d: Structure) -> Imported:
    """The config of the plan ``d``; VanbanError if it is not a KẾ HOẠCH or CHƯƠNG TRÌNH."""
    if not d.applicable or d.kind not in nd30.KINDS:
        what = d.reason if not d.applicable else (d.kind or _("an unknown kind"))
        raise VanbanError(_("{path}: not a plan (KẾ HOẠCH or CHƯƠNG TRÌNH) but {what}").format(
            path=d.path, what=what))  # fmt: skip
    out = Imported({"kind": d.kind})
    _header(d, out)
    body, closing = _split_closing(d)
    preamble, outline = _split_preamble(body)
    _preamble(d, preamble, out)
    out.data["body"] = _outline(d, outline, out)
    if closing:
        out.data["closing"] = [re.sub(r"\s*\./\.\s*$", ".", text_of_line(d, ln)) for ln in closing]
    _ending(d, out)
    appendices = _appendices(d, out)
    if appendices:
        out.data["appendices"] = appendices
    return out


def _header(d: Structure, out: Imported) -> None:
    data = out.data
    number = nd30.NUMBER_LINE.fullmatch(squash((d.number.text if d.number else "").replace(
        "\u00a0", " ")))  # fmt: skip
    if number and number["number"]:
        data["number"] = int(number["number"])
    date = nd30.DATE_LINE.fullmatch(squash((d.date.text if d.date else "").replace("\u00a0", " ")))
    if date:
        parts: dict[str, int] = {"year": int(date["year"])}
        if date["month"]:
            parts["month"] = int(date["month"])
        if date["day"] and date["month"]:
            parts["day"] = int(date["day"])
        data["date"] = parts
    else:
        data["date"] = {"year": 2026}
        out.review(("date",), _("no date line found: give the date"))
    issuing = [ln.text for ln in d.agency if ln.text.upper() == ln.text]
    parent = [ln.text for ln in d.agency if ln.text not in issuing[-2:]][:1] if len(
        issuing) > 2 else []  # fmt: skip
    ward_line = issuing[-1] if issuing else ""
    kind = next((k for k in sorted(WARD_KINDS, key=len, reverse=True)
                 if ward_line.startswith(k + " ")), None)  # fmt: skip
    if kind:
        name = ward_line[len(kind) + 1 :].title()
        data["ward"] = {"name": name, "kind": WARD_KINDS[kind]}
    else:
        name = (date["place"] if date else "") or "?"
        data["ward"] = {"name": name}
        out.review(("ward",), _("the issuing agency is not a ward's, xã's or tỉnh's UBND: check "
                                "the ward and the agency"))  # fmt: skip
    place = date["place"].strip() if date else None
    if place and place != data["ward"]["name"]:
        data["ward"]["place"] = place
    agency: dict[str, Any] = {}
    default = ["ỦY BAN NHÂN DÂN", ward_line]
    lines = issuing[-2:] if issuing[-2:] == default else issuing[len(parent) :]
    if lines != default:
        agency["name"] = lines
    if parent:
        agency["parent"] = parent[0]
    if number and "-" in number["symbol"]:
        abbreviation = number["symbol"].split("-", 1)[1]
        if abbreviation != "UBND":
            agency["abbreviation"] = abbreviation
    if agency:
        data["agency"] = agency
    if d.title and d.title.text != nd30.KINDS[d.kind].title:  # type: ignore[index]
        data["title"] = d.title.text
    data["subject"] = [text_of_line(d, ln) for ln in d.subject] or ["…"]
    if d.attachment is not None:  # "(Kèm theo Quyết định số …)" under the trích yếu
        data["subject"].append(d.attachment.text)
        out.review(("subject",), _("the «(Kèm theo …)» line is kept as a line of the trích yếu"))
    if not d.subject:
        out.review(("subject",), _("no trích yếu found"))


def _split_closing(d: Structure) -> tuple[list[Line], list[Line]]:
    """The body, and its closing paragraphs: the unlabelled ones after the last labelled line,
    the last of them ending with "./."."""
    body = list(d.body)
    last = max((i for i, ln in enumerate(body) if nd30.OUTLINE_LABEL.match(ln.text)), default=-1)
    tail = body[last + 1 :]
    if tail and tail[-1].text.endswith(nd30.CLOSING_MARK) and last >= 0:
        return body[: last + 1], tail
    return body, []


def _split_preamble(body: list[Line]) -> tuple[list[Line], list[Line]]:
    first = next((i for i, ln in enumerate(body) if nd30.OUTLINE_LABEL.match(ln.text)),
                 len(body))  # fmt: skip
    return body[:first], body[first:]


def _preamble(d: Structure, lines: list[Line], out: Imported) -> None:
    basis = [ln for ln in lines if ln.text.startswith(("Căn cứ", "Thực hiện"))
             and not ln.text.endswith(":")]  # fmt: skip
    rest = [ln for ln in lines if ln not in basis]
    if basis:
        out.data["basis"] = [re.sub(r"[;.,\s]+$", "", text_of_line(d, ln)) for ln in basis]
    out.data["opening"] = " ".join(text_of_line(d, ln) for ln in rest)
    if len(rest) > 1:
        out.review(("opening",), _("{n} paragraphs before the first heading joined into the "
                                   "opening").format(n=len(rest)))  # fmt: skip


def _is_heading(d: Structure, line: Line, rest: str) -> bool:
    runs = d.runs(line)
    bold = bool(runs) and all(f.bold for _r, f in runs)
    return bold and len(rest) <= 150 and rest[-1:] not in ".;:!?…"


def _outline(d: Structure, lines: list[Line], out: Imported) -> list[dict[str, Any]]:
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
    from ..write.schema import TASK_FIELDS

    return TASK_FIELDS[key]


def _field_key(label: str) -> str | None:
    low = label.lower().strip()
    return next((k for word, k in _FIELD_WORDS if word in low), None)


def _attach_table(node: dict[str, Any], table: Table) -> None:
    """A body table goes on the item before it, if nothing came after its text; otherwise on
    a new unnumbered child, and the lines after the table follow it in children of their own."""
    if "table" in node or "children" in node:
        node.setdefault("children", []).append({"text": [], "table": _free_table(table)})
        node.setdefault("numbering", "none")
    else:
        node["table"] = _free_table(table)
    node["_after_table"] = True


def _free_table(table: Table) -> dict[str, Any]:
    grid = rows(table)
    widths = [round(c.width / 36000, 1) if c.width else None for c in grid[0]]
    columns = [{"title": _literal(squash(c.text)) or "…", **({"width": w} if w else {})}
               for c, w in zip(grid[0], widths, strict=True)]  # fmt: skip
    out_rows: list[Any] = []
    for row in grid[1:]:
        texts = [[_literal(squash(p.text)) for p in c.paragraphs if p.text.strip()] or [""]
                 for c in row]  # fmt: skip
        if len(row) == 1 and len(columns) > 1:
            out_rows.append({"group": " ".join(texts[0])})
        else:
            out_rows.append([t[0] if len(t) == 1 else t for t in texts[: len(columns)]])
    return {"columns": columns, "rows": out_rows}


def _ending(d: Structure, out: Imported) -> None:
    items = [ln.text for ln in d.recipients]
    if items and items[-1].startswith("- Lưu"):
        archive = re.sub(r"^- Lưu:?\s*VT\s*,?\s*", "", items.pop()).rstrip(" .;")
        if archive:
            out.data["archive"] = archive
    out.data["recipients"] = [re.sub(r"[;.\s]+$", "", re.sub(r"^[-+]\s*", "", t)) for t in items]
    if d.recipients_note is not None:
        out.data["recipients_note"] = d.recipients_note.text
    lines = [ln.text for ln in d.signer]
    signer: dict[str, Any] = {}
    if not lines:
        out.data["signer"] = {"name": "…"}
        out.review(("signer",), _("no signature found"))
        return
    signer["name"] = lines[-1] if len(lines) > 1 else "…"
    titles = lines[:-1] if len(lines) > 1 else lines
    if len(lines) == 1:
        out.review(("signer", "name"), _("no signer's name found"))
    if titles and titles[0].startswith("TM."):
        signer["collective"] = titles.pop(0)[3:].strip()
    else:
        signer["collective"] = None
    if titles:
        m = re.match(r"^(KT|Q|TL|TUQ)\.\s*(.*)$", titles[0])
        if m:
            signer["authority"] = f"{m[1]}."
            signer["title"] = m[2]
            if len(titles) > 1:
                signer["signer_title"] = " ".join(titles[1:])
        else:
            signer["title"] = " ".join(titles)
    if signer.get("authority") == "KT." and "signer_title" not in signer:
        signer["signer_title"] = "…"
        out.review(("signer",), _("KT. without the deputy's title"))
    out.data["signer"] = signer


def _appendices(d: Structure, out: Imported) -> list[dict[str, Any]]:
    """Each table after the signature with the lines before it; lines after the last table
    make an appendix of text."""
    result: list[dict[str, Any]] = []
    lines: list[Line] = []
    for item in d.tail:
        if isinstance(item, Line):
            lines.append(item)
            continue
        result.append(_appendix(d, lines, item, out, len(result)))
        lines = []
    if lines:
        result.append(_appendix(d, lines, None, out, len(result)))
    return result


def _appendix(d: Structure, lines: list[Line], table: Table | None, out: Imported, i: int) -> dict:
    appendix: dict[str, Any] = {}
    title, text, note = [], [], []
    for ln in lines:
        if re.match(r"(PHỤ LỤC|Phụ lục)\b", ln.text) and "heading" not in appendix and not title:
            appendix["heading"] = ln.text
        elif (ln.text.startswith("(") and "kèm theo" in ln.text.lower()) or (
            note and not note[-1].endswith(")")
        ):
            note.append(ln.text)  # the attachment line, maybe broken over several paragraphs
        elif note or text or (table is None and title):
            text.append(text_of_line(d, ln))
        else:
            title.append(text_of_line(d, ln))
    appendix["note"] = " ".join(note)
    if "heading" not in appendix and len(title) > 1 and title[0] == title[0].upper():
        appendix["heading"] = title.pop(0)  # "DANH MỤC" over its title
    if title:
        appendix["title"] = title
    if text:
        appendix["text"] = text
    if not title and "heading" not in appendix:
        appendix["heading"] = "Phụ lục"
    if table is None:
        return appendix
    header = [squash(c.text) for c in rows(table)[0]]
    keys = [_column_key(h) for h in header]
    if None in keys or len(set(keys)) != len(keys) or "content" not in keys:
        appendix["table"] = _free_table(table)
        out.review(("appendices", i), _("a table whose columns are not all task fields: kept "
                                        "as a free table"))  # fmt: skip
    else:
        appendix.update(_task_table(table, keys, header))  # type: ignore[arg-type]
    return appendix


def _column_key(header: str) -> str | None:
    low = header.lower()
    return next((k for w, k in _COLUMN_WORDS if w == low or (len(w) > 3 and w in low)), None)


def _task_table(table: Table, keys: list[str], header: list[str]) -> dict[str, Any]:
    """Task columns and rows: group rows, task rows, lettered sub-rows."""
    grid = rows(table)
    columns = []
    for key, title, c in zip(keys, header, grid[0], strict=True):
        column: dict[str, Any] = {key: _literal(title)}
        if c.width:
            column["width"] = round(c.width / 36000, 1)
        columns.append(column)
    out: list[dict[str, Any]] = []
    group: dict[str, Any] | None = None
    last: dict[str, Any] | None = None
    for row in grid[1:]:
        values = {k: [_literal(squash(p.text)) for p in c.paragraphs if p.text.strip()]
                  for k, c in zip(keys, row, strict=False)}  # fmt: skip
        content = " ".join(values.get("content", []))
        others = [v for k, v in values.items() if k not in ("tt", "content") and v]
        tt = " ".join(values.get("tt", []))
        if len(row) < len(keys) or (not others and content and not re.fullmatch(r"\d+", tt)):
            everything = " ".join(t for v in values.values() for t in v)
            group = {"group": content or everything, "rows": []}
            out.append(group)
            continue
        item: dict[str, Any] = {"content": content or "…"}
        for k, v in values.items():
            if k not in ("tt", "content") and v:
                item[k] = v[0] if len(v) == 1 else v
        if re.fullmatch(r"[a-zđ]", tt) and last is not None:
            last.setdefault("subtasks", []).append(item)
            continue
        last = item
        (group["rows"] if group is not None else out).append(item)
    return {"columns": columns, "rows": out}


def to_yaml(imported: Imported, source: str, file: str) -> str:
    """The config as YAML text, headed by where it came from, a ``# review:`` comment above
    each line that needs a look."""
    import io

    from ruamel.yaml import YAML

    from ..rollover import Review, with_review_comments

    y = YAML()
    y.width = 4096  # never re-wrap a line
    y.indent(mapping=2, sequence=4, offset=2)
    y.allow_unicode = True
    buffer = io.StringIO()
    y.dump(imported.data, buffer)
    head = "# " + _("Imported by vanban import from {source}").format(source=source) + "\n"
    reviews = [Review(path, message) for path, message in imported.reviews]
    return with_review_comments(head + buffer.getvalue(), reviews, file, _("review: {msg}"))
