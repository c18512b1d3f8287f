"""The page where a ward's clerk settles a change of the city's base plan: each difference
named by what it is (the field's label, the item it belongs to), never by a key path, with
the city's version and the ward's side by side to choose from."""

from __future__ import annotations

import html
import re
from typing import Any

from ..i18n import _
from ..vocabulary import TASK_FIELDS
from .filling import readable

# the config's top-level keys, as the editor's form names them
KEY_LABELS = {
    "subject": "Trích yếu", "basis": "Căn cứ", "opening": "Mở đầu", "body": "Nội dung",
    "closing": "Kết thúc", "recipients": "Nơi nhận", "signer": "Người ký", "date": "Ngày",
    "number": "Số", "tasks": "Nhiệm vụ", "appendices": "Phụ lục", "name": "Họ tên",
    "heading": "Đề mục", "text": "Nội dung", "content": "Nội dung nhiệm vụ",
    "children": "Mục con", "rows": "Dòng", "group": "Nhóm", "title": "Tiêu đề",
    "authority": "Cơ quan ban hành", "signer_title": "Chức vụ", "vars": "Giá trị dùng chung",
    "archive": "Lưu", "kind": "Loại văn bản", "subtasks": "Nhiệm vụ con",
}  # fmt: skip
_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _parts(path: str) -> list[str | int]:
    return [int(i) if i else k for k, i in _PART.findall(path)]


def label_of(key: Any) -> str:
    if key in TASK_FIELDS:
        return TASK_FIELDS[key].label
    return KEY_LABELS.get(key, str(key).replace("_", " "))


def _excerpt(item: Any, words: int = 14) -> str:
    if isinstance(item, dict):
        item = next((item[k] for k in ("heading", "text", "content", "group", "name")
                     if isinstance(item.get(k), str | list) and item.get(k)), "")  # fmt: skip
    if isinstance(item, list):
        item = " ".join(str(x) for x in item if isinstance(x, str))
    text = " ".join(str(item).split())
    cut = text.split()[:words]
    return " ".join(cut) + ("…" if len(text.split()) > words else "")


def where(path: str, data: Any) -> tuple[str, str]:
    """(what the difference is, the item it belongs to) for a conflict at ``path`` of the
    ward's data: ("Thời gian thực hiện", "Tổ chức quán triệt …")."""
    parts = _parts(path)
    node, context = data, ""
    last_key: Any = None
    for part in parts[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(part, str):
            last_key = part
        elif isinstance(node, dict):
            context = _excerpt(node) or context
    final = parts[-1] if parts else ""
    if isinstance(final, int):
        what = _("An item of «{list}»").format(list=label_of(last_key)) if last_key else ""
        if isinstance(node, list) and 0 <= final < len(node):
            context = _excerpt(node[final]) or context
        return what, context
    return label_of(final), context


def show(value: Any, data: dict[str, Any], depth: int = 0) -> str:
    """A version of a value as the clerk reads it: text (the ward's name and shared values
    put in, as in the document), lists as lines, fields by label."""
    if value is None:
        removed = _("(removed)")
        return f"<em>{html.escape(removed)}</em>"
    if isinstance(value, dict):
        rows = "".join(
            f"<div><b>{html.escape(label_of(k))}:</b> {show(v, data, depth + 1)}</div>"
            for k, v in value.items()
            if k not in ("id", "numbering", "field_style", "labels")
        )
        return rows or "—"
    if isinstance(value, list):
        return "<ul>" + "".join(f"<li>{show(v, data, depth + 1)}</li>" for v in value) + "</ul>"
    return html.escape(" ".join(readable(str(value), data).split()))


def page_body(doc_id: int, title: str, view: dict[str, Any], token: str) -> str:
    """The conflicts as a form: for each, the city's version and the ward's, a choice."""
    if view["approved"]:
        note = _("The plan is approved: a leader reopens it, then the city's change is applied.")
        return f"<p>{html.escape(note)}</p>"
    city, ward = html.escape(_("The city's version")), html.escape(_("This ward's version"))
    items = []
    for i, c in enumerate(view["conflicts"]):
        context = readable(c["context"], view["data"])
        head = html.escape(c["what"]) + (
            f" <span class='ctx'>— {html.escape(context)}</span>" if context else ""
        )
        items.append(
            f"<fieldset><legend>{head}</legend><div class='both'>"
            f"<label class='side'><input type='radio' name='c{i}' value='city'> {city}"
            f"<div class='v'>{show(c['city'], view['data'])}</div></label>"
            f"<label class='side'><input type='radio' name='c{i}' value='ward' checked> {ward}"
            f"<div class='v'>{show(c['ward'], view['data'])}</div></label></div></fieldset>"
        )
    save = html.escape(_("Save the plan with these choices"))
    intro = html.escape(_(
        "The city revised its base plan (revision {n}). These parts were changed both by the "
        "city and by this ward: choose which version each keeps. Everything else of the "
        "city's change is taken, and everything else this ward wrote stays."
    ).format(n=view["base"]) if items else _(
        "The city revised its base plan (revision {n}). Nothing of it differs from what this "
        "ward changed: save to take it in."
    ).format(n=view["base"]))  # fmt: skip
    return (
        f"<p>{intro}</p><form id='merge'>{''.join(items)}"
        f"<p><button type='submit'>{save}</button> <span id='said'></span></p></form>"
        f"<script>{_SCRIPT % {'id': doc_id, 'rev': view['revision'], 'token': token}}</script>"
    )


_SCRIPT = """
document.getElementById('merge').addEventListener('submit', async (e) => {
  e.preventDefault();
  const choices = {};
  for (const [k, v] of new FormData(e.target)) choices[k.slice(1)] = v;
  const r = await fetch('/api/documents/%(id)s/merge', {method: 'POST',
    headers: {'Content-Type': 'application/json', 'X-CSRF-Token': '%(token)s'},
    body: JSON.stringify({choices, revision: %(rev)s})});
  const body = await r.json();
  document.getElementById('said').textContent = r.ok ? body.message : body.error;
  if (r.ok) setTimeout(() => { location.href = '/edit/%(id)s'; }, 800);
});
"""

CSS = (
    "fieldset{margin:1em 0;border:1px solid #bbb;border-radius:6px}legend{font-weight:bold}"
    ".ctx{font-weight:normal;color:#555}.both{display:flex;gap:1em}"
    ".side{flex:1;border:1px solid #ddd;border-radius:4px;padding:.5em;cursor:pointer}"
    ".side:has(input:checked){border-color:#1565c0;background:#e3f0fd}"
    ".v{margin-top:.4em}.v ul{margin:.2em 0;padding-left:1.2em}"
)
