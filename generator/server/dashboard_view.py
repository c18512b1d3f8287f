"""The dashboard's rows as the city reads them: a server-rendered page (sortable columns, a
filter form) and the city's roll-up workbook (.xlsx, openpyxl)."""

from __future__ import annotations

import datetime as dt
import html
import io
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from ..i18n import _

FILTERS = ("state", "late", "report", "q")


def columns() -> list[tuple[str, str]]:
    """(sort key, header) of each column, in the user's language."""
    return [
        ("name", _("Ward")), ("state", _("Plan")), ("tasks", _("Tasks")),
        ("done", _("Done")), ("in_progress", _("In progress")), ("late", _("Late")),
        ("updated", _("Last update")), ("report", _("Report")),
    ]  # fmt: skip


def _date(value: str | None) -> str:
    if not value:
        return ""
    day = dt.date.fromisoformat(value[:10])
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def state_text(row: Mapping[str, Any]) -> str:
    state = row["state"]
    if state == "issued":
        text = _("Issued, số {number}, {date}").format(number=row["number"],
                                                       date=_date(row["issued_on"]))  # fmt: skip
    else:
        text = {"approved": _("Approved"), "drafting": _("Drafting"), "none": _("No plan")}[state]
    return text + (" · " + _("A change of the base waits") if row["waiting"] else "")


def report_text(row: Mapping[str, Any]) -> str:
    if not row["report_sent"]:
        return _("Not sent")
    return _("Sent ({period}), {date}").format(period=row["report_period"] or "",
                                               date=_date(row["report_sent_at"]))  # fmt: skip


def _cells(row: Mapping[str, Any]) -> list[Any]:
    updated = row["updated"]
    when = f"{_date(updated)} {updated[11:16]}" if updated else ""
    return [row["name"], state_text(row), row["tasks"], row["done"], row["in_progress"],
            row["late"], when, report_text(row)]  # fmt: skip


def page_body(rows: list[dict[str, Any]], params: Mapping[str, str]) -> str:
    """The filter form, the totals, and the table with its column headers as sort links."""
    sort, order = params.get("sort", "name"), params.get("order", "asc")
    kept = {k: params[k] for k in FILTERS if params.get(k)}
    heads = []
    for key, header in columns():
        flip = "desc" if key == sort and order == "asc" else "asc"
        mark = (" ▲" if order == "asc" else " ▼") if key == sort else ""
        href = "?" + urlencode({**kept, "sort": key, "order": flip})
        heads.append(f"<th><a href='{html.escape(href)}'>{html.escape(header)}{mark}</a></th>")
    body = []
    for row in rows:
        cells = _cells(row)
        name = html.escape(cells[0])
        if row["document"]:
            name = f"<a href='/edit/{row['document']}'>{name}</a>"
        late = " class='late'" if row["late"] else ""
        body.append(
            f"<tr{late}><td>{name}</td>"
            + "".join(f"<td>{html.escape(str(c))}</td>" for c in cells[1:])
            + "</tr>"
        )
    totals = _("{n} ward(s): {late} with late tasks, {missing} without a report sent").format(
        n=len(rows), late=sum(1 for r in rows if r["late"]),
        missing=sum(1 for r in rows if not r["report_sent"]))  # fmt: skip
    query = urlencode({**kept, "sort": sort, "order": order})
    xlsx, docx = f"/api/dashboard.xlsx?{query}", f"/api/dashboard/bao-cao.docx?{query}"
    return (
        _filter_form(params)
        + f"<p>{html.escape(totals)} · <a href='{html.escape(xlsx)}'>"
        + html.escape(_("Download the roll-up workbook (.xlsx)"))
        + f"</a> · <a href='{html.escape(docx)}'>"
        + html.escape(_("Download the summary report (BÁO CÁO tổng hợp, .docx)"))
        + "</a></p>"
        + f"<table><tr>{''.join(heads)}</tr>{''.join(body)}</table>"
    )


def _filter_form(params: Mapping[str, str]) -> str:
    def option(name: str, value: str, label: str) -> str:
        chosen = " selected" if params.get(name, "") == value else ""
        return f"<option value='{value}'{chosen}>{html.escape(label)}</option>"

    states = [("", _("Every plan")), ("drafting", _("Drafting")), ("approved", _("Approved")),
              ("issued", _("Issued")), ("none", _("No plan"))]  # fmt: skip
    reports = [("", _("Every report")), ("sent", _("Sent")), ("missing", _("Not sent"))]
    late = " checked" if params.get("late") in ("1", "true", "yes") else ""
    words = html.escape(params.get("q", ""))
    hint, with_late, go = (html.escape(t) for t in (_("Ward name"), _("With late tasks"),
                                                     _("Filter")))  # fmt: skip
    return (
        "<form method='get' class='filters'>"
        f"<input name='q' value='{words}' placeholder='{hint}'> "
        f"<select name='state'>{''.join(option('state', v, t) for v, t in states)}</select> "
        f"<select name='report'>{''.join(option('report', v, t) for v, t in reports)}</select> "
        f"<label><input type='checkbox' name='late' value='1'{late}> "
        f"{with_late}</label> <button>{go}</button></form>"
    )


CSS = (
    ".filters{margin:1em 0}.filters input,.filters select{padding:.2em}"
    "tr.late td:nth-child(6){color:#b71c1c;font-weight:bold}td:nth-child(n+3){text-align:right}"
    "td:nth-child(7),td:nth-child(8){text-align:left}td,th{white-space:nowrap}"
    "td:nth-child(2){white-space:normal}"
)


def workbook(rows: list[dict[str, Any]], city: str) -> bytes:
    """The city's roll-up: one row per ward, the totals under them (values, not formulas)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from .. import nd30

    book = Workbook()
    sheet = book.active
    sheet.title = _("Roll-up")[:31]
    bold = Font(name=nd30.FONT, size=12, bold=True)
    plain = Font(name=nd30.FONT, size=12)
    title = _("Plans of the wards of {city}, as of {date}").format(
        city=city, date=_date(dt.date.today().isoformat()))  # fmt: skip
    sheet.cell(1, 1, title).font = bold
    heads = [h for _k, h in columns()]
    for col, header in enumerate(heads, start=1):
        cell = sheet.cell(3, col, header)
        cell.font, cell.alignment = bold, Alignment(horizontal="center", wrap_text=True)
    for r, row in enumerate(rows, start=4):
        for col, value in enumerate(_cells(row), start=1):
            cell = sheet.cell(r, col)
            cell.value = value
            cell.data_type = "n" if isinstance(value, int) else "s"
            cell.font = plain
    total = len(rows) + 4
    sheet.cell(total, 1, _("Total")).font = bold
    for col, key in ((3, "tasks"), (4, "done"), (5, "in_progress"), (6, "late")):
        sheet.cell(total, col, sum(r[key] for r in rows)).font = bold
    for col, width in enumerate((28, 34, 9, 11, 14, 9, 17, 26), start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = "B4"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
