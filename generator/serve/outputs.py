"""POST routes that bring files in and send them out: a Word plan or a config uploaded, the
.docx and PDF downloaded, the printed pages (LibreOffice's, as images). The slow work runs off
the event loop."""

from __future__ import annotations

import base64
import tempfile
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ..errors import VanbanError
from ..files import output_name
from ..i18n import _
from ..write.render import render_bytes
from .editor import MAX_UPLOAD, Editor, editor_of, error, json_body
from .guard import safe_name, yaml_text
from .printer import pages
from .session import check


def imported(editor: Editor, path: Path) -> dict[str, Any]:
    """A plan typed in Word, through the importer, as a new document."""
    from ..pipeline import import_plan

    dest = editor.root / f"{path.stem}.yaml"
    plan = import_plan(path, dest)
    return editor.document(dest, plan.text, new=True)  # its notes: the review comments


def _uploaded(editor: Editor, name: str, raw: bytes) -> dict[str, Any]:
    """A Word plan sent from the page, through the importer (in a worker thread)."""
    with tempfile.TemporaryDirectory(prefix="vanban-upload-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(raw)
        return imported(editor, path)


def _model(data: dict[str, Any]):
    checked = check(str(data.get("yaml", "")), str(data.get("path") or "config.yaml"))
    if checked.model is None:
        raise VanbanError(_("fix the problems first: {first}").format(
            first=checked.problems[0]["message"] if checked.problems else ""))  # fmt: skip
    return checked.model


def _printed(editor: Editor, model) -> list[bytes]:
    return pages(editor.office.pdf(render_bytes(model)))


async def upload(request: Request, form: Any) -> JSONResponse:
    editor = editor_of(request)
    item = form.get("file") if form is not None else None
    if item is None or not hasattr(item, "read"):
        raise VanbanError(_("no file was sent"))
    raw = await item.read()
    name = safe_name(item.filename)
    if len(raw) > MAX_UPLOAD:
        return error(_("{name}: too large").format(name=name), 413)
    if Path(name).suffix.lower() in (".yaml", ".yml"):
        text = yaml_text(raw, name)
        return JSONResponse(editor.document(editor.root / name, text, True))
    return JSONResponse(await run_in_threadpool(_uploaded, editor, name, raw))


async def download(request: Request, form: Any) -> Response:
    editor = editor_of(request)
    fields = dict(form) if form is not None else json_body(await request.body())
    model = await run_in_threadpool(_model, fields)
    data = await run_in_threadpool(render_bytes, model)
    name = output_name(model)
    if request.path_params["what"] == "pdf":
        data = await run_in_threadpool(editor.office.pdf, data)
        name = name[: -len(".docx")] + ".pdf"
        media = "application/pdf"
    else:
        media = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return Response(
        data, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


async def print_(request: Request, form: Any) -> JSONResponse:
    model = await run_in_threadpool(_model, json_body(await request.body()))
    images = await run_in_threadpool(_printed, editor_of(request), model)
    return JSONResponse({"pages": ["data:image/jpeg;base64," + base64.b64encode(i).decode()
                                   for i in images]})  # fmt: skip
