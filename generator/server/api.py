"""The JSON API: the documents an account may see, one document with its config and revision,
a save (409 on a stale revision), its history, approval and reopening, its .docx."""

from __future__ import annotations

import json
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ..i18n import _
from . import documents
from .accounts import Account
from .auth import settings_of
from .documents import Refused


async def json_body(request: Request) -> dict[str, Any]:
    """The request's JSON object, or a 400 (not JSON, nested a thousand deep, not an object)."""
    try:
        data = json.loads(await request.body() or b"{}")
    except (ValueError, RecursionError):
        raise Refused(_("the request is not JSON"), 400) from None
    if not isinstance(data, dict):
        raise Refused(_("the request is not JSON"), 400)
    return data


async def _in_scope(request: Request, account: Account, work: Any, *args: Any) -> Any:
    """``work(session, account, *args)`` in a transaction that sees the account's units."""
    db = settings_of(request).db

    def run() -> Any:
        with db.session(account.units) as session:
            return work(session, account, *args)

    return await run_in_threadpool(run)


async def list_documents(request: Request, account: Account) -> JSONResponse:
    return JSONResponse({"documents": await _in_scope(request, account, documents.visible)})


async def get_document(request: Request, account: Account) -> JSONResponse:
    def work(session, account, doc_id):
        return documents.as_json(session, account, documents.document(session, account, doc_id))

    doc_id = request.path_params["id"]
    return JSONResponse(await _in_scope(request, account, work, doc_id))


async def put_document(request: Request, account: Account) -> JSONResponse:
    data = await json_body(request)
    saved = await _in_scope(
        request,
        account,
        documents.save,
        request.path_params["id"],
        data.get("config"),
        data.get("revision"),
    )
    return JSONResponse({"id": int(request.path_params["id"]), "revision": saved.revision})


async def history(request: Request, account: Account) -> JSONResponse:
    rows = await _in_scope(request, account, documents.history, request.path_params["id"])
    return JSONResponse({"revisions": rows})


async def approve(request: Request, account: Account) -> JSONResponse:
    data = await json_body(request)
    saved = await _in_scope(
        request, account, documents.approve, request.path_params["id"], data.get("revision")
    )
    return JSONResponse({"id": int(request.path_params["id"]), "approved": saved.revision})


async def reopen(request: Request, account: Account) -> JSONResponse:
    saved = await _in_scope(request, account, documents.reopen, request.path_params["id"])
    return JSONResponse({"id": int(request.path_params["id"]), "revision": saved.revision})


async def create(request: Request, account: Account) -> JSONResponse:
    """A new document of the account's own unit, from a config text."""
    data = await json_body(request)

    def work(session, account):
        from .db import Unit

        if account.role not in ("clerk", "leader", "city"):
            raise Refused(_("you may read documents but not add them"), 403)
        unit = session.get(Unit, account.unit_id)
        doc = documents.add_document(session, unit, data.get("config"), account.user_id)
        return {"id": doc.id, "revision": doc.head}

    return JSONResponse(await _in_scope(request, account, work), status_code=201)


async def docx(request: Request, account: Account) -> Response:
    """The .docx of the newest revision (made once per revision, stored by its hash)."""
    from .outputs import output

    data, name = await _in_scope(request, account, output, request.path_params["id"], "docx")
    media = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return Response(
        data, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )
