"""The editor's page (``generator/serve``'s, unchanged) for many users: its requests answered
from the database instead of a folder, with generator/serve's own functions (the gallery and
the wizard, titles, previews, the wording of problems). A document's "path" on the page is
``ID.yaml`` (a key, never shown) and its "version" the revision it was opened at, so a save on
a stale revision is refused (409) as the page expects; its history is its revisions. The page
opened at ``/edit/ID`` starts on that document, ``/edit/new`` on none."""

from __future__ import annotations

import base64
import datetime as dt
import re
import tempfile
from html import escape as html_escape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from .. import __version__, vocabulary
from ..errors import ConfigError, VanbanError
from ..i18n import _
from ..serve.editor import HERE as SERVE_HERE
from ..serve.editor import MAX_UPLOAD, examples_dir
from ..serve.fieldhelp import HELP
from ..serve.guard import safe_name, yaml_text
from ..serve.naming import title_of_text
from ..serve.session import parses, preview, preview_data, problem_line
from ..serve.starter import gallery, new_document
from ..serve.wording import plain, plain_problems
from ..write.html import page_css
from ..write.render import render_bytes
from . import documents
from .accounts import Account
from .api import _in_scope, json_body
from .auth import CSRF_COOKIE, error, settings_of
from .db import Document, Revision, Unit
from .documents import Refused
from .outputs import model_of_text

_PATH = re.compile(r"(\d{1,12})\.yaml")
_ENV = Environment(
    loader=FileSystemLoader(SERVE_HERE / "templates"), autoescape=select_autoescape()
)
MAX_LISTED = 500  # documents in the page's list


def worded(handler: Any) -> Any:
    """``handler`` with vanban's errors told in the page's words (:mod:`generator.serve.wording`:
    no paths, no parser English), as the local editor tells them."""

    async def wrapper(request: Request, account: Account) -> Response:
        try:
            return await handler(request, account)
        except Refused as exc:
            problems = exc.extra.get("problems")
            if isinstance(problems, list):
                exc.extra["problems"] = plain_problems(problems)
            if exc.status == 422:  # a text the server could not take: the parser's detail goes
                raise Refused(plain(str(exc)), 422, **exc.extra) from None
            raise
        except ConfigError as exc:
            problems = [
                {"path": p.path, "line": p.line, "message": p.message} for p in exc.problems
            ]
            return error(plain(str(exc)), 422, problems=plain_problems(problems))
        except VanbanError as exc:
            return error(plain(str(exc)), 422)

    return wrapper


def doc_id(path: Any) -> int | None:
    """The document id of a page "path" (``12.yaml``), or None for a new document."""
    m = _PATH.fullmatch(str(path or ""))
    return int(m.group(1)) if m else None


def _opened(session, account: Account, key: Any) -> dict[str, Any]:
    doc = documents.document(session, account, key)
    text = documents.revision(session, doc).config
    name = f"{doc.id}.yaml"
    return {"path": name, "version": str(doc.head), "new": False, "notes": [],
            **preview(text, name)}  # fmt: skip


def _new(name: str, text: str) -> dict[str, Any]:
    return {"path": name, "version": None, "new": True, "notes": [], **preview(text, name)}


async def page(request: Request) -> Response:
    """The editor's page at ``/edit/ID`` (404 when the account may not see ID) or ``/edit/new``."""
    return await _logged_in(request, "editor.html", lambda request: {
        "token": request.cookies.get(CSRF_COOKIE, ""), "page_css": page_css(),
        "vocabulary": {**vocabulary.as_json(), "help": HELP}})  # fmt: skip


async def guide(request: Request) -> Response:
    """The page's guide ("Hướng dẫn"), behind the login like the page."""
    return await _logged_in(request, "guide.html", lambda request: {})


async def _logged_in(request: Request, template: str, context: Any) -> Response:
    from .auth import current_account, redirect_to_login

    account = await current_account(request)
    if account is None:
        return redirect_to_login(request)
    key = request.path_params.get("id", "new")
    if key != "new":
        try:
            await _in_scope(request, account, documents.document, key)
        except Refused as exc:
            return HTMLResponse(html_escape(str(exc)), status_code=exc.status)
    html = _ENV.get_template(template).render(version=__version__, **context(request))
    return HTMLResponse(html, headers={"Cache-Control": "no-store", "X-Frame-Options": "DENY"})


def _listed(session, account: Account) -> list[dict[str, str]]:
    """The documents the account may open, newest first, by title (their key is never shown)."""
    rows = session.execute(
        select(Document.id, Revision.config)
        .join(Revision, (Revision.document_id == Document.id) & (Revision.number == Document.head))
        .where(Document.unit_id.in_(account.units), Revision.unit_id.in_(account.units))
        .order_by(Document.id.desc())
        .limit(MAX_LISTED)
    )
    return [{"path": f"{key}.yaml", **title_of_text(text)} for key, text in rows]


async def state(request: Request, account: Account) -> JSONResponse:
    """What the page starts from: the account's documents by title, the gallery, and the
    document of the page's address (``/edit/ID``); with ``?start=later`` that document is only
    named (the page looks for her draft of it first), not opened."""
    referer = urlsplit(request.headers.get("referer", "")).path
    m = re.fullmatch(r"/edit/(\d{1,12})", referer)
    later = request.query_params.get("start") == "later"

    def work(session, account):
        doc = documents.document(session, account, m.group(1)) if m else None
        return {
            "files": {"documents": _listed(session, account), "gallery": gallery()},
            "start": f"{doc.id}.yaml" if doc else None,
            "document": _opened(session, account, doc.id) if doc and not later else None,
        }

    answer = await _in_scope(request, account, work)
    return JSONResponse(answer, headers={"Cache-Control": "no-store"})


async def open_(request: Request, account: Account) -> JSONResponse:
    data = await json_body(request)
    if data.get("example"):
        folder, name = examples_dir(), Path(str(data["example"])).name
        if folder is None or not (folder / name).is_file():
            raise Refused(_("No such example: {name}").format(name=name), 404)
        return JSONResponse(_new(name, (folder / name).read_text(encoding="utf-8")))
    key = doc_id(data.get("path"))
    return JSONResponse(await _in_scope(request, account, _opened, key if key else -1))


class _Unsaved:
    """What :func:`generator.serve.starter.new_document` needs of an editor: a new document
    is not a file here, only a text the page holds until she saves it."""

    root = Path("/")

    def document(self, path: Path, text: str, new: bool) -> dict[str, Any]:
        return _new(path.name, text)


async def new(request: Request, account: Account) -> JSONResponse:
    """The wizard's new document (unsaved: her first save makes it revision 1 of her unit)."""
    answers = await json_body(request)
    return JSONResponse(await run_in_threadpool(new_document, _Unsaved(), answers))


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
        raise Refused(_("The text under “Nâng cao” has an error at line {line}; fix it "
                        "there first").format(line=problem_line(problem)), 422)  # fmt: skip
    roundtrip = settings_of(request).state["roundtrip"]
    return JSONResponse({"yaml": await run_in_threadpool(roundtrip.apply, text, data.get("data"))})


async def save(request: Request, account: Account) -> JSONResponse:
    """A save: a new revision of the document (refused on a stale one), or, for a document
    that is new on the page, a new document of the account's unit."""
    data = await json_body(request)
    key, text = doc_id(data.get("path")), data.get("yaml")
    problem = parses(text) if isinstance(text, str) else None
    if problem is not None:
        raise Refused(_("Not saved: the text has an error at line {line}").format(
            line=problem_line(problem)), 422)  # fmt: skip

    def work(session, account):
        if key is None or data.get("new") is True:
            if account.role not in ("clerk", "leader", "city"):
                raise Refused(_("You may read documents but not add them"), 403)
            doc = documents.add_document(
                session, session.get(Unit, account.unit_id), text, account.user_id
            )
            return {"path": f"{doc.id}.yaml", "version": str(doc.head)}
        try:
            base = int(str(data.get("version")))
        except ValueError:
            raise Refused(_("Say which revision the change is based on"), 400) from None
        try:
            saved = documents.save(session, account, key, text, base)
        except Refused as exc:
            if exc.status != 409:
                raise
            who = exc.extra.get("author") or _("someone")
            raise Refused(_("Not saved: {who} saved this document since you opened it here. "
                            "Open it again to see that version; your text stays on this page."
                            ).format(who=who), 409, **exc.extra) from None  # fmt: skip
        return {"path": f"{key}.yaml", "version": str(saved.revision)}

    saved = await _in_scope(request, account, work)
    return JSONResponse({**saved, **title_of_text(text)})


async def versions(request: Request, account: Account) -> JSONResponse:
    """The document's earlier revisions, newest first (who saved each, and when)."""
    data = await json_body(request)

    def work(session, account):
        rows = documents.history(session, account, doc_id(data.get("path")) or -1)
        return [{"id": str(r["revision"]), "time": _when(r["saved_at"]), "author": r["author"]}
                for r in reversed(rows[:-1])]  # fmt: skip

    return JSONResponse({"versions": await _in_scope(request, account, work)})


def _when(iso: str) -> str:
    return dt.datetime.fromisoformat(iso).strftime("%d/%m/%Y %H:%M:%S")


async def version(request: Request, account: Account) -> JSONResponse:
    """One revision, previewed: the page shows it, and restores it as an edit she saves."""
    data = await json_body(request)

    def work(session, account):
        key = doc_id(data.get("path")) or -1
        doc = documents.document(session, account, key)
        number = documents.small_int(data.get("id"))
        return f"{doc.id}.yaml", documents.revision(session, doc, number).config

    name, text = await _in_scope(request, account, work)
    return JSONResponse(await run_in_threadpool(preview, text, name))


async def upload(request: Request, account: Account) -> JSONResponse:
    """A config sent from the page opens as a new, unsaved document. A Word plan goes
    through the importer and becomes at once a document of the account's unit (its first
    revision, noted "import"), the Word file kept with it by its hash."""
    form = await request.form(max_part_size=MAX_UPLOAD)
    item = form.get("file")
    if item is None or not hasattr(item, "read"):
        raise Refused(_("No file was sent"), 400)
    raw = await item.read()
    name = safe_name(item.filename)
    if Path(name).suffix.lower() in (".yaml", ".yml"):
        return JSONResponse(_new(name, yaml_text(raw, name)))

    if account.role not in ("clerk", "leader", "city"):
        raise Refused(_("You may read documents but not add them"), 403)

    def imported() -> Any:
        from ..pipeline import import_plan

        with tempfile.TemporaryDirectory(prefix="vanban-upload-") as tmp:
            path = Path(tmp) / name
            path.write_bytes(raw)
            return import_plan(path, Path(tmp) / f"{path.stem}.yaml")

    plan = await run_in_threadpool(imported)

    def work(session, account):
        unit = session.get(Unit, account.unit_id)
        doc = documents.add_document(session, unit, plan.text, account.user_id, raw, "import")
        return {**_opened(session, account, doc.id), "notes": plan.reviews}

    return JSONResponse(await _in_scope(request, account, work))


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

    if request.headers.get("content-type", "").startswith("application/json"):
        fields: Any = await json_body(request)  # the page's fetch
    else:
        fields = await request.form(max_part_size=MAX_UPLOAD)  # a plain form
    model = await run_in_threadpool(model_of_text, str(fields.get("yaml", "")))
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
        raise Refused(_("Give the new plan's year"), 400) from None
    path = Path("/") / f"{doc_id(data.get('path')) or 'config'}.yaml"
    dest = rolled_name(path, year)
    rolled = await run_in_threadpool(roll, str(data.get("yaml", "")), path, year, dest)
    doc = _new(dest.name, rolled.text)
    doc["notes"] = [str(n) for n in rolled.notes] + [str(r) for r in rolled.reviews]
    return JSONResponse(doc)
