"""The city's routes: the base plan published from the page, the merge page where a ward's
clerk settles a change of the base, the dashboard (JSON, page, workbook), each ward plan's
tracking, the reminders. Added to :func:`web.create_app`'s routes by :func:`routes`."""

from __future__ import annotations

import html
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..i18n import _
from . import city_routes, merge_page, revise
from .accounts import Account
from .api import _in_scope, json_body
from .auth import CSRF_COOKIE, api
from .city_page import account_or_login, city_only, page
from .documents import MAX_CONFIG, Refused
from .filling import plan_title


# --- publish ---------------------------------------------------------------------------------
async def publish(request: Request, account: Account) -> JSONResponse:
    """POST /api/base {config}: the city's base published to the wards loaded under it."""
    from .base import publish as run
    from .base import targets_of
    from .city_cli import said

    data = await json_body(request)
    text = data.get("config")
    if not isinstance(text, str) or not text.strip():
        raise Refused(_("The config must be text"), 400)
    if len(text) > MAX_CONFIG:
        raise Refused(_("The config is too long"), 413)

    def work(session, account):
        city_only(account)
        targets = targets_of(session, account.unit_id)
        done = run(session, account.unit_id, text, "base.yaml", targets, account.user_id, 1)
        return {**done.__dict__, "message": said(done)}

    return JSONResponse(await _in_scope(request, account, work))


async def base_revisions(request: Request, account: Account) -> JSONResponse:
    from .base import base_revisions as rows

    def work(session, account):
        city_only(account)
        return rows(session, account.unit_id)

    return JSONResponse({"revisions": await _in_scope(request, account, work)})


async def base_html(request: Request) -> Response:
    """The city's page to publish its base plan: the newest text to edit, the revisions."""
    from .base import base_revisions as listed
    from .revise import base_text

    account = await account_or_login(request)
    if isinstance(account, Response):
        return account

    def work(session, account):
        city_only(account)
        rows = listed(session, account.unit_id)
        return rows, base_text(session, account.unit_id, rows[-1]["number"]) if rows else ""

    try:
        rows, text = await _in_scope(request, account, work)
    except Refused as exc:
        return page(_("vanban: the city's base plan"), f"<p>{html.escape(str(exc))}</p>")
    items = "".join(f"<li>{r['number']}: {html.escape(r['published_at'][:16])}</li>" for r in rows)
    go = html.escape(_("Publish to the wards"))
    body = (
        f"<form id='base'><textarea name='config' rows='24' style='width:100%;font:13px "
        f"monospace'>{html.escape(text)}</textarea><p><button>{go}</button> "
        f"<span id='said'></span></p></form><ol>{items}</ol><script>{_PUBLISH}</script>"
    )
    return page(_("vanban: the city's base plan"), body)


_PUBLISH = """
document.getElementById('base').addEventListener('submit', async (e) => {
  e.preventDefault();
  const token = (document.cookie.match(/(?:^|; )csrf=([^;]*)/) || [])[1] || '';
  const r = await fetch('/api/base', {method: 'POST', headers: {'Content-Type':
    'application/json', 'X-CSRF-Token': token}, body: JSON.stringify({config:
    e.target.config.value})});
  const b = await r.json();
  document.getElementById('said').textContent = r.ok ? b.message : b.error;
});
"""


# --- the merge a ward's clerk settles ---------------------------------------------------------
def merge_view(session, account: Account, doc_id: Any) -> dict[str, Any]:
    """The change of the base waiting for a ward's plan: each difference with its label."""
    doc, plan = revise.plan_of(session, account, doc_id)
    if plan.pending is None:
        return {"id": doc.id, "title": doc.title, "pending": False, "conflicts": []}
    merged, _text = revise.recompute(session, doc, plan)
    conflicts = []
    for c in merged.conflicts:
        what, context = merge_page.where(c.path, merged.data)
        conflicts.append({"what": what, "context": context, "city": c.city, "ward": c.ward,
                          "base": c.base})  # fmt: skip
    return {
        "id": doc.id, "title": plan_title(merged.data), "pending": True, "revision": doc.head,
        "data": merged.data,
        "base": plan.pending["base"], "approved": doc.approved is not None,
        "conflicts": conflicts,
    }  # fmt: skip


async def get_merge(request: Request, account: Account) -> JSONResponse:
    view = await _in_scope(request, account, merge_view, request.path_params["id"])
    view.pop("data", None)
    return JSONResponse(view)


def home_links(db: Any, account: Account) -> str:
    """What the documents page adds: for the city, its dashboard; for a ward, the plans
    waiting for the clerk's choice on a change of the city's base."""
    from sqlalchemy import select

    from .city_db import WardPlan
    from .db import Document

    if account.role == "city":
        links = [("/dashboard", _("The wards' plans (dashboard)")),
                 ("/base", _("The city's base plan: publish it to the wards"))]  # fmt: skip
    else:
        with db.session(account.units) as session:
            waiting = session.execute(
                select(Document.id, Document.title)
                .join(WardPlan, WardPlan.document_id == Document.id)
                .where(WardPlan.unit_id.in_(account.units), WardPlan.pending.is_not(None))
            ).all()
        links = [(f"/merge/{i}", _("The city changed its base plan: choose for {title}").format(
            title=t)) for i, t in waiting]  # fmt: skip
    return "".join(f"<p><a href='{h}'>{html.escape(t)}</a></p>" for h, t in links)


async def post_merge(request: Request, account: Account) -> JSONResponse:
    data = await json_body(request)
    saved = await _in_scope(request, account, revise.settle, request.path_params["id"],
                            data.get("choices", {}), data.get("revision"))  # fmt: skip
    message = _("Saved as revision {n}").format(n=saved.revision)
    doc = int(request.path_params["id"])
    return JSONResponse({"id": doc, "revision": saved.revision, "message": message})


async def merge_html(request: Request) -> Response:
    account = await account_or_login(request)
    if isinstance(account, Response):
        return account
    try:
        view = await _in_scope(request, account, merge_view, request.path_params["id"])
    except Refused as exc:
        return page(_("vanban: the city's change"), f"<p>{html.escape(str(exc))}</p>")
    token = request.cookies.get(CSRF_COOKIE, "")
    if view["pending"]:
        body = merge_page.page_body(view["id"], view["title"], view, token)
    else:
        nothing = _("No change of the city's base plan is waiting for this plan")
        body = f"<p>{html.escape(nothing)}</p>"
    title = _("The city's change to the plan: {title}").format(title=view["title"])
    return page(title, body, css=merge_page.CSS)


def routes() -> list[Route]:
    """The routes this module adds to the application."""

    def post(path: str, handler: Any) -> Route:
        return Route(path, api(handler), methods=["POST"])

    return [
        *city_routes.routes(),
        Route("/api/base", api(base_revisions), methods=["GET"]),
        post("/api/base", publish),
        Route("/api/documents/{id}/merge", api(get_merge), methods=["GET"]),
        post("/api/documents/{id}/merge", post_merge),
        Route("/merge/{id}", merge_html),
        Route("/base", base_html),
    ]
