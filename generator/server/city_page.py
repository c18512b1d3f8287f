"""What the city's pages share: the page around their content, the login they need, the
city's role."""

from __future__ import annotations

import html

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from ..i18n import _, set_language
from .accounts import Account
from .auth import current_account, settings_of
from .documents import Refused


def city_only(account: Account) -> None:
    if account.role != "city":
        raise Refused(_("Only the city's accounts may do this"), 403)


def page(title: str, body: str, wide: bool = False, css: str = "") -> HTMLResponse:
    width = "80em" if wide else "60em"
    return HTMLResponse(
        f"<!doctype html><html lang='vi'><meta charset='utf-8'><title>{html.escape(title)}"
        f"</title><style>body{{font:15px sans-serif;max-width:{width};margin:2em auto;"
        "padding:0 1em}td,th{padding:.25em .6em;text-align:left;vertical-align:top}"
        "table{border-collapse:collapse}tr:nth-child(even){background:#f4f6f8}"
        f"th{{background:#e8edf2}}{css}</style>"
        f"<body><h1>{html.escape(title)}</h1>{body}</body></html>",
        headers={"Cache-Control": "no-store", "X-Frame-Options": "DENY"},
    )


async def account_or_login(request: Request) -> Account | Response:
    set_language(settings_of(request).lang)
    account = await current_account(request)
    return RedirectResponse("/login", status_code=303) if account is None else account
