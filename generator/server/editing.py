"""The editor's page (``generator/serve``'s, unchanged) for many users: its requests answered
from the database instead of a folder. A document's "path" on the page is ``ID.yaml`` and its
"version" the revision it was opened at, so a save on a stale revision is refused (409) as the
page already expects. The page opened at ``/edit/ID`` starts on that document."""

from __future__ import annotations

import base64
import re
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from .. import __version__, vocabulary
from ..i18n import _
from ..serve.editor import HERE as SERVE_HERE
from ..serve.editor import MAX_UPLOAD, examples_dir
from ..serve.guard import safe_name, yaml_text
from ..serve.session import parses, preview, preview_data
from ..write.html import page_css
from ..write.render import render_bytes
from . import documents
from .accounts import Account
from .api import _in_scope, json_body
from .auth import settings_of
from .db import Unit
from .documents import Refused
from .outputs import model_of_text

_PATH = re.compile(r"(\d{1,12})\.yaml")


def doc_id(path: Any) -> int | None:
    """The document id of a page "path" (``12.yaml``), or None for a new document."""
    m = _PATH.fullmatch(str(path or ""))
    return int(m.group(1)) if m else None


def _opened(session, account: Account, key: Any) -> dict[str, Any]:
    doc = documents.document(session, account, key)
    text = documents.revision(session, doc).config
    name = f"{doc.id}.yaml"
    return {"path": name, "version": str(doc.head), "new": False, **preview(text, name)}


def _new(name: str, text: str) -> dict[str, Any]:
    return {"path": name, "version": None, "new": True, **preview(text, name)}


async def page(request: Request) -> Response:
    from .auth import CSRF_COOKIE, current_account
    from .web import redirect_to_login

    account = await current_account(request)
    if account is None:
        return redirect_to_login(request)
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(
        loader=FileSystemLoader(SERVE_HERE / "templates"), autoescape=select_autoescape()
    )
    html = env.get_template("editor.html").render(
        token=request.cookies.get(CSRF_COOKIE, ""),
        page_css=page_css(),
        version=__version__,
        vocabulary=vocabulary.as_json(),
    )
    return HTMLResponse(html, headers={"Cache-Control": "no-store"})


async def state(request: Request, account: Account) -> JSONResponse:
    """The documents the account may open, and the one of the page's address (``/edit/ID``)."""
    referer = urlsplit(request.headers.get("referer", "")).path
    m = re.fullmatch(r"/edit/(\d{1,12})", referer)

    def work(session, account):
        files = [f"{d['id']}.yaml" for d in documents.visible(session, account)]
        doc = _opened(session, account, m.group(1)) if m else None
        unit = session.get(Unit, account.unit_id)
        return {
            "files": {"configs": files, "examples": _examples()},
            "document": doc,
            "root": unit.name if unit else "",
        }

    return JSONResponse(await _in_scope(request, account, work))


def _examples() -> list[str]:
    folder = examples_dir()
    return [p.name for p in sorted(folder.glob("*.yaml"))] if folder else []


async def open_(request: Request, account: Account) -> JSONResponse:
    data = await json_body(request)
    if data.get("example"):
        folder, name = examples_dir(), Path(str(data["example"])).name
        if folder is None or not (folder / name).is_file():
            raise Refused(_("no such example: {name}").format(name=name), 404)
        return JSONResponse(_new(name, (folder / name).read_text(encoding="utf-8")))
    key = doc_id(data.get("path"))
    return JSONResponse(await _in_scope(request, account, _opened, key if key else -1))


async def edit(request: Request, account: Account) -> JSONResponse:
    data = await json_body(request)
    path = str(data.get("path") or "config.yaml")
    if "data" in data:
        return JSONResponse(await run_in_threadpool(preview_data, data["data"], path))
    return JSONResponse(await run_in_threadpool(preview, str(data.get("yaml", "")), path))


async def merge(request: Request, account: Account) -> JSONResponse:
    data = await json_body(request)
    text = str(data.get("yaml", ""))
    problem = parses(text)
    if problem is not None:
        raise Refused(
            _("the YAML tab has an error; fix it there first: {detail}").format(detail=problem), 422
        )
    roundtrip = settings_of(request).state["roundtrip"]
    return JSONResponse({"yaml": await run_in_threadpool(roundtrip.apply, text, data.get("data"))})


async def save(request: Request, account: Account) -> JSONResponse:
    """A save: a new revision of the document, or a new document of the account's unit."""
    data = await json_body(request)
    key, text = doc_id(data.get("path")), data.get("yaml")

    def work(session, account):
        if key is None:
            if account.role not in ("clerk", "leader", "city"):
                raise Refused(_("you may read documents but not add them"), 403)
            doc = documents.add_document(
                session, session.get(Unit, account.unit_id), text, account.user_id
            )
            return {"path": f"{doc.id}.yaml", "version": str(doc.head)}
        try:
            base = int(str(data.get("version")))
        except ValueError:
            raise Refused(_("say which revision the change is based on"), 400) from None
        saved = documents.save(session, account, key, text, base)
        return {"path": f"{key}.yaml", "version": str(saved.revision)}

    return JSONResponse(await _in_scope(request, account, work))


async def upload(request: Request, account: Account) -> JSONResponse:
    """A Word plan (through the importer) or a config sent from the page: opened as a new,
    unsaved document, saved as a new document of the account's unit."""
    form = await request.form(max_part_size=MAX_UPLOAD)
    item = form.get("file")
    if item is None or not hasattr(item, "read"):
        raise Refused(_("no file was sent"), 400)
    raw = await item.read()
    name = safe_name(item.filename)
    if Path(name).suffix.lower() in (".yaml", ".yml"):
        return JSONResponse(_new(name, yaml_text(raw, name)))

    def imported() -> dict[str, Any]:
        from ..pipeline import import_plan

        with tempfile.TemporaryDirectory(prefix="vanban-upload-") as tmp:
            path = Path(tmp) / name
            path.write_bytes(raw)
            plan = import_plan(path, Path(tmp) / f"{path.stem}.yaml")
        return {**_new(f"{path.stem}.yaml", plan.text), "notes": plan.reviews}

    return JSONResponse(await run_in_threadpool(imported))


async def print_(request: Request, account: Account) -> JSONResponse:
    """The printed pages of the text on the page, through the job queue's LibreOffice pool."""
    from ..serve.printer import pages

    data = await json_body(request)
    model = await run_in_threadpool(model_of_text, str(data.get("yaml", "")))
    docx = await run_in_threadpool(render_bytes, model)
    pdf = await settings_of(request).state["jobs"].pdf(docx)
    images = await run_in_threadpool(pages, pdf)
    return JSONResponse(
        {"pages": ["data:image/jpeg;base64," + base64.b64encode(i).decode() for i in images]}
    )


async def download(request: Request, account: Account) -> Response:
    from ..files import output_name

    form = await request.form(max_part_size=MAX_UPLOAD)
    model = await run_in_threadpool(model_of_text, str(form.get("yaml", "")))
    data, name = await run_in_threadpool(render_bytes, model), output_name(model)
    media = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if request.path_params["what"] == "pdf":
        data = await settings_of(request).state["jobs"].pdf(data)
        name, media = name[: -len(".docx")] + ".pdf", "application/pdf"
    return Response(
        data, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


async def rollover(request: Request, account: Account) -> JSONResponse:
    from ..config.rollover import rolled_name
    from ..pipeline import roll

    data = await json_body(request)
    try:
        year = int(data.get("year"))
    except (TypeError, ValueError):
        raise Refused(_("give the new plan's year"), 400) from None
    path = Path("/") / f"{doc_id(data.get('path')) or 'config'}.yaml"
    dest = rolled_name(path, year)
    rolled = await run_in_threadpool(roll, str(data.get("yaml", "")), path, year, dest)
    doc = _new(dest.name, rolled.text)
    doc["notes"] = [str(n) for n in rolled.notes] + [str(r) for r in rolled.reviews]
    return JSONResponse(doc)
