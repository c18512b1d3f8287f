"""The routes of the year's work: a ward plan's tracking (JSON, and the ``theo-doi.xlsx``
upload), its issue and report marks, and for the city the dashboard (JSON, page, roll-up
workbook) and the reminders (the wards with late tasks or a missing report)."""

from __future__ import annotations

import html
from typing import Any

from sqlalchemy import and_, select
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..i18n import _
from . import dashboard, dashboard_view, plan_state, tracking
from .accounts import Account
from .api import _in_scope, json_body
from .auth import api
from .city_db import TrackingRow
from .city_page import account_or_login, page
from .db import Unit
from .documents import Refused

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


async def get_dashboard(request: Request, account: Account) -> JSONResponse:
    rows = await _in_scope(request, account, dashboard.rows, dict(request.query_params))
    return JSONResponse({"wards": rows})


async def dashboard_xlsx(request: Request, account: Account) -> Response:
    def work(session, account):
        rows = dashboard.rows(session, account, dict(request.query_params))
        city = session.get(Unit, account.unit_id)
        return dashboard_view.workbook(rows, city.name if city else "")

    data = await _in_scope(request, account, work)
    disposition = 'attachment; filename="tong-hop.xlsx"'
    return Response(data, media_type=XLSX, headers={"Content-Disposition": disposition})


async def dashboard_docx(request: Request, account: Account) -> Response:
    """The BÁO CÁO tổng hợp of the wards the dashboard shows."""
    from . import city_report

    data, name = await _in_scope(request, account, city_report.docx,
                                 dict(request.query_params))  # fmt: skip
    disposition = f'attachment; filename="{name}"'
    return Response(data, media_type=DOCX, headers={"Content-Disposition": disposition})


async def dashboard_html(request: Request) -> Response:
    account = await account_or_login(request)
    if isinstance(account, Response):
        return account
    params = dict(request.query_params)

    def work(session, account):
        rows = dashboard.rows(session, account, params)
        city = session.get(Unit, account.unit_id)
        return rows, city.name if city else ""

    try:
        rows, city = await _in_scope(request, account, work)
    except Refused as exc:
        return page(_("vanban: dashboard"), f"<p>{html.escape(str(exc))}</p>")
    title = _("The wards' plans: {city}").format(city=city)
    body = dashboard_view.page_body(rows, params)
    return page(title, body, wide=True, css=dashboard_view.CSS)


def reminders(session, account: Account) -> list[dict[str, Any]]:
    """The wards whose plan has late tasks or no report sent, each with its late tasks."""
    rows = dashboard.rows(session, account, {"sort": "late", "order": "desc"})
    wanted = [r for r in rows if r["document"] and (r["late"] or not r["report_sent"])]
    late = session.execute(
        select(TrackingRow.document_id, TrackingRow.number, TrackingRow.content,
               TrackingRow.due)
        .where(TrackingRow.unit_id.in_(account.units), TrackingRow.in_plan.is_(True),
               and_(TrackingRow.due < dashboard.today(),
                    TrackingRow.progress != tracking.DONE))
        .order_by(TrackingRow.document_id, TrackingRow.position)
    )  # fmt: skip
    tasks: dict[int, list[dict[str, Any]]] = {}
    for doc, number, content, due in late:
        tasks.setdefault(doc, []).append(
            {"number": number, "content": content, "due": due.isoformat()}
        )
    return [
        {"ward": r["name"], "document": r["document"], "late": r["late"],
         "report_sent": r["report_sent"], "late_tasks": tasks.get(r["document"], [])}
        for r in wanted
    ]  # fmt: skip


async def get_reminders(request: Request, account: Account) -> JSONResponse:
    return JSONResponse({"wards": await _in_scope(request, account, reminders)})


async def reminder_docx(request: Request, account: Account) -> Response:
    """The công văn đôn đốc of the plan's first lead agency with a late task."""
    from .reminder_docs import letters

    made = await _in_scope(request, account, letters, request.path_params["id"])
    name, data = made[0]
    disposition = f'attachment; filename="{name}"'
    return Response(data, media_type=DOCX, headers={"Content-Disposition": disposition})


async def reminder_zip(request: Request, account: Account) -> Response:
    """The công văn đôn đốc of every lead agency with a late task, in one zip."""
    from .reminder_docs import zipped

    data, name = await _in_scope(request, account, zipped, request.path_params["id"])
    disposition = f'attachment; filename="{name}"'
    return Response(data, media_type="application/zip",
                    headers={"Content-Disposition": disposition})  # fmt: skip


async def get_tracking(request: Request, account: Account) -> JSONResponse:
    return JSONResponse(
        await _in_scope(request, account, tracking.rows_of, request.path_params["id"])
    )


async def put_tracking(request: Request, account: Account) -> JSONResponse:
    data = await json_body(request)
    return JSONResponse(await _in_scope(request, account, tracking.update,
                                        request.path_params["id"], data.get("rows")))  # fmt: skip


async def upload_tracking(request: Request, account: Account) -> JSONResponse:
    form = await request.form(max_files=1, max_fields=5, max_part_size=tracking.MAX_UPLOAD)
    item = form.get("file")
    if item is None or not hasattr(item, "read"):
        raise Refused(_("No file was sent"), 400)
    raw = await item.read()
    name = str(getattr(item, "filename", "") or "theo-doi.xlsx")
    return JSONResponse(await _in_scope(request, account, tracking.upload,
                                        request.path_params["id"], raw, name))  # fmt: skip


async def post_issued(request: Request, account: Account) -> JSONResponse:
    data = await json_body(request)
    return JSONResponse(await _in_scope(request, account, plan_state.issued,
                                        request.path_params["id"], data.get("number"),
                                        data.get("date")))  # fmt: skip


async def post_report(request: Request, account: Account) -> JSONResponse:
    data = await json_body(request)
    return JSONResponse(await _in_scope(request, account, plan_state.report_sent,
                                        request.path_params["id"], data.get("period")))  # fmt: skip


async def post_report_draft(request: Request, account: Account) -> JSONResponse:
    from . import reports

    data = await json_body(request)
    made = await _in_scope(request, account, reports.draft, request.path_params["id"],
                           data.get("period"))  # fmt: skip
    return JSONResponse(made, status_code=201)


def routes() -> list[Route]:
    def post(path: str, handler: Any) -> Route:
        return Route(path, api(handler), methods=["POST"])

    return [
        Route("/api/dashboard", api(get_dashboard), methods=["GET"]),
        Route("/api/dashboard.xlsx", api(dashboard_xlsx), methods=["GET"]),
        Route("/api/dashboard/bao-cao.docx", api(dashboard_docx), methods=["GET"]),
        Route("/dashboard", dashboard_html),
        Route("/api/reminders", api(get_reminders), methods=["GET"]),
        Route("/api/reminders/{id}/cong-van.docx", api(reminder_docx), methods=["GET"]),
        Route("/api/reminders/{id}/cong-van.zip", api(reminder_zip), methods=["GET"]),
        Route("/api/documents/{id}/tracking", api(get_tracking), methods=["GET"]),
        Route("/api/documents/{id}/tracking", api(put_tracking), methods=["PUT"]),
        post("/api/documents/{id}/tracking.xlsx", upload_tracking),
        post("/api/documents/{id}/issued", post_issued),
        post("/api/documents/{id}/report", post_report),
        post("/api/documents/{id}/report-draft", post_report_draft),
    ]
