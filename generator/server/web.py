"""`vanban server`'s web application (Starlette): the login, the server's own small pages (the
login form, the list of documents), the JSON API (:mod:`api`), the editor's page and its
requests answered from the database (:mod:`editing`)."""

from __future__ import annotations

import contextlib
import html
from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as SQLTimeout
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..i18n import _, set_language
from ..serve.editor import HERE as SERVE_HERE
from ..serve.editor import MAX_BODY
from ..serve.guard import BodyLimit
from ..serve.session import Roundtrip
from . import accounts, api, city_web, editing
from .auth import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    Settings,
    current_account,
    error,
    is_https,
    redirect_to_login,
    same_origin,
    settings_of,
)
from .auth import (
    api as guarded,
)
from .db import Database, Unit

MAX_LOGIN_FIELD = 200


def _wants_html(request: Request) -> bool:
    return "text/html" in request.headers.get("accept", "")


def _page(title: str, body: str) -> HTMLResponse:
    return HTMLResponse(
        f"<!doctype html><html lang='vi'><meta charset='utf-8'><title>{html.escape(title)}"
        "</title><style>body{font:15px sans-serif;max-width:48em;margin:2em auto}"
        "td,th{padding:.2em .6em;text-align:left}</style>"
        f"<body><h1>{html.escape(title)}</h1>{body}</body></html>",
        headers={"Cache-Control": "no-store", "X-Frame-Options": "DENY"},
    )


async def login_page(request: Request, message: str = "", status: int = 200) -> Response:
    set_language(settings_of(request).lang)
    note = f"<p role='alert'><strong>{html.escape(message)}</strong></p>" if message else ""
    who, secret, go = (html.escape(t) for t in (_("Login"), _("Password"), _("Log in")))
    page = _page(
        _("vanban: log in"),
        note
        + (
            "<form method='post' action='/login'>"
            f"<p><label>{who} <input name='login' autocomplete='username'></label></p>"
            f"<p><label>{secret} <input name='password' type='password' "
            f"autocomplete='current-password'></label></p><p><button>{go}</button></p></form>"
        ),
    )
    page.status_code = status
    return page


async def login(request: Request) -> Response:
    """POST /login (form fields ``login``, ``password``): a session cookie (HttpOnly,
    SameSite=Strict, Secure over https) and the ``csrf`` cookie; 401 on a wrong password, 429
    while the login or the address is locked after too many failures."""
    settings = settings_of(request)
    set_language(settings.lang)
    if not same_origin(request, required=False):
        return error(_("Refused: the request did not come from this server's page"), 403)
    try:
        form = await request.form(max_files=0, max_fields=10)
    except Exception:  # a body the form parser refuses
        return error(_("The request could not be read: {detail}").format(detail="form"), 400)
    name, password = form.get("login"), form.get("password")
    if not isinstance(name, str) or not isinstance(password, str) or not name.strip():
        return error(_("Give a login and a password"), 400)
    if len(name) > MAX_LOGIN_FIELD or len(password) > 1024:
        return error(_("Wrong login or password"), 401)
    address = request.client.host if request.client else "?"
    try:
        outcome = await run_in_threadpool(_check_login, settings.db, name, password, address)
    except (SQLTimeout, OperationalError):
        return error(_("The server is busy: try again in a moment"), 503)
    if outcome == "locked" or outcome is None:
        message, status = (
            (_("Too many failed logins: wait 15 minutes and try again"), 429)
            if outcome == "locked"
            else (_("Wrong login or password"), 401)
        )
        if _wants_html(request):  # the form: the page again, with the message
            return await login_page(request, message, status)
        return error(message, status)
    token, csrf, who = outcome
    response: Response
    if _wants_html(request):
        response = RedirectResponse("/", status_code=303)
    else:
        response = JSONResponse({**who, "csrf": csrf})
    for name, value, httponly in ((SESSION_COOKIE, token, True), (CSRF_COOKIE, csrf, False)):
        # the page's script reads the CSRF cookie to send it back; nothing reads the session's
        response.set_cookie(name, value, httponly=httponly, samesite="strict",
                            secure=is_https(request), max_age=accounts.SESSION_HOURS * 3600,
                            path="/")  # fmt: skip
    return response


def _check_login(db: Database, name: str, password: str, address: str) -> Any:
    """ "locked", None (wrong), or (cookie token, csrf token, who): the hash is verified
    between two short transactions, so a burst of logins holds no connection while hashing."""
    with db.session(units=()) as session:
        if accounts.locked(session, accounts.throttle_keys(name, address)):
            return "locked"
        user_id, stored = accounts.stored_hash(session, name)
    if not accounts.verify(stored, password) or user_id is None:
        with db.session(units=()) as session:
            accounts.failed(session, name, address)
        return None
    with db.session(units=()) as session:
        user = accounts.succeeded(session, user_id, password)
        if user is None:
            return None
        token, csrf = accounts.open_session(session, user)
        unit = session.get(Unit, user.unit_id)
        return (
            token,
            csrf,
            {"login": user.login, "role": user.role, "unit": unit.name if unit else ""},
        )


async def logout(request: Request, account: accounts.Account) -> Response:
    db = settings_of(request).db

    def close() -> None:
        with db.session(units=()) as session:
            accounts.close_session(session, request.cookies.get(SESSION_COOKIE))

    await run_in_threadpool(close)
    response = JSONResponse({"ok": True})
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")
    return response


async def home(request: Request) -> Response:
    """The documents of the account, each a link to the editor."""
    set_language(settings_of(request).lang)
    account = await current_account(request)
    if account is None:
        return redirect_to_login(request)
    db = settings_of(request).db

    def rows() -> list[dict[str, Any]]:
        from .documents import visible

        with db.session(account.units) as session:
            return visible(session, account)

    docs = await run_in_threadpool(rows)
    extra = await run_in_threadpool(city_web.home_links, db, account)
    approved, new = html.escape(_("Approved")), html.escape(_("New document"))
    items = "".join(
        f"<tr><td><a href='/edit/{d['id']}'>{html.escape(d['title'])}</a></td>"
        f"<td>{html.escape(d['unit'])}</td><td>{d['revision']}</td>"
        f"<td>{approved if d['approved'] else ''}</td></tr>"
        for d in docs
    )
    head = "".join(
        f"<th>{html.escape(h)}</th>" for h in (_("Document"), _("Unit"), _("Revision"), "")
    )
    return _page(
        _("vanban: documents of {login}").format(login=account.login),
        f"<p><a href='/edit/new'>{new}</a></p>{extra}<table><tr>{head}</tr>{items}</table>",
    )


def _routes() -> list:
    def post(path: str, handler: Any, **kw: Any) -> Route:
        return Route(path, guarded(handler, **kw), methods=["POST"])

    return [
        Route("/", home),
        Route("/login", login_page, methods=["GET"]),
        Route("/login", login, methods=["POST"]),
        post("/logout", logout),
        Route("/api/documents", guarded(api.list_documents), methods=["GET"]),
        post("/api/documents", api.create),
        Route("/api/documents/{id}", guarded(api.get_document), methods=["GET"]),
        Route("/api/documents/{id}", guarded(api.put_document), methods=["PUT"]),
        Route("/api/documents/{id}/history", guarded(api.history), methods=["GET"]),
        Route("/api/documents/{id}/docx", guarded(api.docx), methods=["GET"]),
        Route("/api/documents/{id}/pdf", guarded(api.pdf), methods=["GET"]),
        post("/api/documents/{id}/approve", api.approve),
        post("/api/documents/{id}/reopen", api.reopen),
        Route("/edit/{id}", editing.page),
        Route("/api/state", guarded(editing.state), methods=["GET"]),
        Route("/huong-dan", editing.guide),
        post("/api/open", editing.worded(editing.open_)),
        post("/api/new", editing.worded(editing.new)),
        post("/api/history", editing.worded(editing.versions)),
        post("/api/history/version", editing.worded(editing.version)),
        post("/api/edit", editing.worded(editing.edit)),
        post("/api/merge", editing.worded(editing.merge)),
        post("/api/save", editing.worded(editing.save)),
        post("/api/upload", editing.worded(editing.upload)),
        post("/api/print", editing.worded(editing.print_)),
        post("/api/rollover", editing.worded(editing.rollover)),
        post("/download/{what:str}", editing.worded(editing.download), query_token=True),
        *city_web.routes(),
        Mount("/static", StaticFiles(directory=SERVE_HERE / "static"), name="static"),
    ]


def create_app(
    db: Database, trusted_proxies: frozenset[str] = frozenset(), lang: str = "vi", jobs: Any = None
) -> Starlette:
    """The application on ``db``; ``jobs`` prints (default: an in-process pool, started with
    the application)."""
    settings = Settings(db=db, trusted_proxies=trusted_proxies, lang=lang)
    settings.state["roundtrip"] = Roundtrip()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        from .jobs import jobs_for

        settings.state["jobs"] = jobs if jobs is not None else jobs_for(db)
        await settings.state["jobs"].start()
        yield
        await settings.state["jobs"].stop()

    app = Starlette(
        routes=_routes(),
        lifespan=lifespan,
        middleware=[Middleware(BodyLimit, limit=MAX_BODY, lang=lang)],
    )
    app.state.settings = settings
    return app


def app_from_environment() -> Starlette:
    """The application of one server process, from the settings ``vanban server run`` put in
    the environment; with several processes each gets its share of the LibreOffices."""
    import json
    import os

    from ..office import OfficePool, default_size
    from .jobs import jobs_for

    settings = json.loads(os.environ["VANBAN_SERVER_SETTINGS"])
    db = Database(settings["url"])
    share = max(1, default_size() // settings.get("workers", 1))
    return create_app(db, frozenset(settings["proxies"]), jobs=jobs_for(db, pool=OfficePool(share)))
