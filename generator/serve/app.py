"""`vanban serve`: the editor's web application (Starlette). The page holds the config as data;
every edit comes here, is merged into the YAML text (comments kept), validated and modelled, and
goes back as the form's problems and the preview's HTML. Files are read and written only inside
the folder it was started in; examples open as new, unsaved documents.

This module wires the routes: the page and its state (:mod:`views`), a document's text
(:mod:`documents`), files in and out (:mod:`outputs`); each POST goes through :func:`guarded`.
"""

from __future__ import annotations

import contextlib
import secrets
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import ConfigError, VanbanError
from ..i18n import _, set_language
from . import documents, outputs, views
from .editor import HERE, MAX_BODY, MAX_UPLOAD, Editor, editor_of, error
from .guard import BodyLimit
from .wording import plain, plain_problems

# what a request that is not what the page sends may raise deep down: a 400, never a 500
BAD_REQUEST = (ValueError, UnicodeError, RecursionError, OSError, TypeError, KeyError)
Handler = Callable[[Request, Any], Awaitable[Response]]
__all__ = ["Editor", "create_app"]


def guarded(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    """A POST handler that needs the page's token (no other site can post here) and turns
    vanban's errors into a message for the page."""

    async def wrapper(request: Request) -> Response:
        editor = editor_of(request)
        set_language(editor.lang)
        # the token comes in a header (fetch) or the query (the download form): checked before
        # a byte of the body is read
        token = request.headers.get("x-vanban-token") or request.query_params.get("token")
        if not isinstance(token, str) or not secrets.compare_digest(
            token.encode(), editor.token.encode()
        ):
            return error(_("this page is out of date: reload it"), 403)
        try:
            form = None
            if request.headers.get("content-type", "").startswith(
                ("multipart/form-data", "application/x-www-form-urlencoded")
            ):
                form = await request.form(max_part_size=MAX_UPLOAD)
            return await handler(request, form)
        except ConfigError as exc:
            return JSONResponse({"error": plain(str(exc)), "problems": plain_problems([
                {"path": p.path, "line": p.line, "message": p.message} for p in exc.problems
            ])}, status_code=422)  # fmt: skip
        except VanbanError as exc:
            return error(plain(str(exc)))
        except HTTPException as exc:  # a form the multipart parser refuses
            return error(_("the request could not be read: {detail}").format(
                detail=exc.detail), 413 if exc.status_code == 413 else 400)  # fmt: skip
        except BAD_REQUEST as exc:
            return error(_("the request could not be read: {detail}").format(
                detail=type(exc).__name__), 400)  # fmt: skip

    return wrapper


def _post(path: str, handler: Handler) -> Route:
    return Route(path, guarded(handler), methods=["POST"])


ROUTES = [
    Route("/", views.page),
    Route("/api/state", views.state),
    Route("/huong-dan", views.guide),
    _post("/api/open", documents.open_),
    _post("/api/new", documents.new),
    _post("/api/history", documents.versions),
    _post("/api/history/version", documents.version),
    _post("/api/edit", documents.edit),
    _post("/api/merge", documents.merge),
    _post("/api/save", documents.save),
    _post("/api/rollover", documents.rollover),
    _post("/api/upload", outputs.upload),
    _post("/api/print", outputs.print_),
    _post("/download/{what:str}", outputs.download),
    Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
]


def create_app(editor: Editor, trusted_hosts: list[str] | None = None, warm: bool = True
               ) -> Starlette:  # fmt: skip
    """The application; ``trusted_hosts`` guards a loopback server against DNS rebinding;
    ``warm`` starts LibreOffice with it."""
    middleware = (
        [Middleware(TrustedHostMiddleware, allowed_hosts=trusted_hosts)] if trusted_hosts else []
    ) + [
        Middleware(BodyLimit, limit=MAX_BODY, lang=editor.lang)
    ]  # after the Host check, before any handler

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if warm:  # LibreOffice starts while the page loads: the first "Bản in" is quick
            threading.Thread(target=editor.office.start, daemon=True).start()
        yield
        editor.office.close()

    app = Starlette(routes=ROUTES, middleware=middleware, lifespan=lifespan)
    app.state.editor = editor
    return app
