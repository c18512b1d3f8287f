"""What every request goes through before its handler reads a byte of its body: the session
cookie (401 without one), and for a request that changes state the CSRF token (the
``X-CSRF-Token`` header equal to the ``csrf`` cookie and to the session's own) and the
server's own origin (``Origin``, else ``Referer``). Errors become JSON in the server's
language, never a 500."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ..errors import ConfigError, VanbanError
from ..i18n import _, set_language
from .accounts import Account, account_of
from .db import Database
from .documents import Refused

SESSION_COOKIE, CSRF_COOKIE = "vanban_session", "csrf"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
BAD_REQUEST = (ValueError, UnicodeError, RecursionError, TypeError, KeyError)
Handler = Callable[[Request, Account], Awaitable[Response]]


@dataclass
class Settings:
    """The server's settings: its database, the proxies whose X-Forwarded-Proto is believed,
    the language of its messages, what it keeps warm."""

    db: Database
    trusted_proxies: frozenset[str] = frozenset()
    lang: str = "vi"
    state: dict[str, Any] = field(default_factory=dict)


def settings_of(request: Request) -> Settings:
    return request.app.state.settings


def error(message: str, status: int, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status)


def is_https(request: Request) -> bool:
    """Whether the browser reached us over https: directly, or through a trusted proxy."""
    if request.url.scheme == "https":
        return True
    client = request.client.host if request.client else ""
    proxies = settings_of(request).trusted_proxies
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return client in proxies and forwarded == "https"


def own_origin(request: Request) -> str:
    return f"{'https' if is_https(request) else 'http'}://{request.headers.get('host', '')}"


def same_origin(request: Request, required: bool = True) -> bool:
    """Whether the request's Origin (else its Referer) is this server's; without either, the
    answer is ``not required``."""
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        referer = request.headers.get("referer")
        if not referer:
            return not required and origin is None
        parts = urlsplit(referer)
        origin = f"{parts.scheme}://{parts.netloc}"
    return secrets.compare_digest(origin.lower().encode(), own_origin(request).lower().encode())


async def current_account(request: Request) -> Account | None:
    db = settings_of(request).db
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None

    def find() -> Account | None:
        with db.session(units=()) as session:
            return account_of(session, token)

    return await run_in_threadpool(find)


def csrf_ok(request: Request, account: Account, query: bool = False) -> bool:
    """The double submit: the header (or, for a download form, the query) equals the cookie,
    and both are the session's token."""
    sent = request.headers.get("x-csrf-token") or request.headers.get("x-vanban-token")
    if sent is None and query:
        sent = request.query_params.get("token")
    cookie = request.cookies.get(CSRF_COOKIE)
    if not sent or not cookie:
        return False
    return secrets.compare_digest(sent.encode(), cookie.encode()) and secrets.compare_digest(
        cookie.encode(), account.csrf.encode()
    )


def api(handler: Handler, query_token: bool = False) -> Callable[[Request], Awaitable[Response]]:
    """``handler`` behind the session and, for a state change, the CSRF and origin checks."""

    async def wrapper(request: Request) -> Response:
        set_language(settings_of(request).lang)
        account = await current_account(request)
        if account is None:
            return error(_("log in first"), 401)
        if request.method not in SAFE_METHODS:
            if not csrf_ok(request, account, query_token):
                return error(
                    _("refused: the security token is missing or wrong; reload the page"), 403
                )
            if not same_origin(request):
                return error(_("refused: the request did not come from this server's page"), 403)
        try:
            return await handler(request, account)
        except Refused as exc:
            return error(str(exc), exc.status, **exc.extra)
        except ConfigError as exc:
            return error(
                str(exc),
                422,
                problems=[
                    {"path": p.path, "line": p.line, "message": p.message} for p in exc.problems
                ],
            )
        except VanbanError as exc:
            return error(str(exc), 422)
        except BAD_REQUEST as exc:
            return error(
                _("the request could not be read: {detail}").format(detail=type(exc).__name__), 400
            )

    return wrapper
