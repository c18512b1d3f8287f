"""POST routes on a document's text: open, an edit (previewed), merge the form into the text,
save (refused on a stale version), roll over to next year."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse

from ..config.expand import plan_year
from ..config.years import note
from ..errors import VanbanError
from ..files import write_file
from ..i18n import _
from . import history
from .editor import editor_of, error, examples_dir, json_body
from .guard import yaml_text
from .naming import free_name, slug, title_of_text
from .session import parses, preview, preview_data, problem_line, version_of
from .starter import new_document


async def open_(request: Request, form: Any) -> JSONResponse:
    editor = editor_of(request)
    data = json_body(await request.body())
    if data.get("example"):
        folder = examples_dir()
        name = Path(str(data["example"])).name
        if folder is None or not (folder / name).is_file():
            raise VanbanError(_("no such example: {name}").format(name=name))
        text = (folder / name).read_text(encoding="utf-8")
        return JSONResponse(_seen(editor, editor.document(editor.root / name, text, new=True)))
    path = editor.inside(str(data.get("path", "")))
    if not path.is_file():
        raise VanbanError(_("no such file: {path}").format(path=path))
    doc = editor.document(path, yaml_text(path.read_bytes(), path.name), False)
    return JSONResponse(_seen(editor, doc))


def _seen(editor: Any, doc: dict[str, Any]) -> dict[str, Any]:
    """Remember the year ``doc`` opened with: a later change of it moves the derived years."""
    year = plan_year(doc.get("data")) if isinstance(doc.get("data"), dict) else None
    if year is not None:
        editor.roundtrip.years[doc["path"]] = year
    return doc


async def edit(request: Request, form: Any) -> JSONResponse:
    """An edit: of the form (its data; the page asks for the text apart, see merge) or of the
    YAML tab (its text)."""
    data = json_body(await request.body())
    path = str(data.get("path") or "config.yaml")
    seen = editor_of(request).roundtrip.years
    if "data" in data:
        return JSONResponse(await run_in_threadpool(preview_data, data["data"], path, seen))
    return JSONResponse(await run_in_threadpool(preview, str(data.get("yaml", "")), path, seen))


async def merge(request: Request, form: Any) -> JSONResponse:
    """The YAML text after form edits: the data merged into the text, comments kept."""
    data = json_body(await request.body())
    text = str(data.get("yaml", ""))
    problem = parses(text)
    if problem is not None:
        raise VanbanError(_("the text under “Nâng cao” has an error at line {line}; fix it "
                            "there first").format(line=problem_line(problem)))  # fmt: skip
    return JSONResponse({"yaml": editor_of(request).roundtrip.apply(text, data.get("data"))})


async def save(request: Request, form: Any) -> JSONResponse:
    """Save: a new document under a name made from its title (never over a file); a document
    that has a file over it, when nobody changed it since, its previous text kept in history."""
    editor = editor_of(request)
    data = json_body(await request.body())
    text = str(data.get("yaml", ""))
    problem = parses(text)
    if problem is not None:
        raise VanbanError(_("not saved: the text has an error at line {line}").format(
            line=problem_line(problem)))  # fmt: skip
    with editor.lock:  # two tabs saving at once: one of them wins, the other is told
        if data.get("new"):
            path = free_name(editor.root, slug(title_of_text(text)))
        else:
            path = editor.inside(str(data.get("path", "")))
        current = path.read_text(encoding="utf-8-sig") if path.is_file() else None
        if version_of(current) != data.get("version"):
            return error(_(
                "not saved: this document was changed elsewhere (another tab or program) since "
                "it was opened here. Open it again to see that version; your text stays on this "
                "page."), 409)  # fmt: skip
        if current is not None and current != text:
            history.keep(path, current)
        write_file(path, text.encode("utf-8"))
    return JSONResponse({"path": str(path.relative_to(editor.root)),
                         "version": version_of(text), **title_of_text(text)})  # fmt: skip


async def new(request: Request, form: Any) -> JSONResponse:
    """A new document from the wizard's answers (kind, ward, signer, year, number, date)."""
    answers = json_body(await request.body())
    return JSONResponse(await run_in_threadpool(new_document, editor_of(request), answers))


async def versions(request: Request, form: Any) -> JSONResponse:
    """The saved versions of a document a save replaced, newest first."""
    editor = editor_of(request)
    path = editor.inside(str(json_body(await request.body()).get("path", "")))
    return JSONResponse({"versions": history.versions(path)})


async def version(request: Request, form: Any) -> JSONResponse:
    """One saved version, previewed; the page restores it as an edit she then saves."""
    editor = editor_of(request)
    data = json_body(await request.body())
    path = editor.inside(str(data.get("path", "")))
    text = history.version(path, str(data.get("id", "")))
    return JSONResponse(await run_in_threadpool(preview, text, path.name))


async def rollover(request: Request, form: Any) -> JSONResponse:
    from ..config.rollover import rolled_name
    from ..pipeline import roll

    editor = editor_of(request)
    data = json_body(await request.body())
    try:
        year = int(data.get("year"))
    except (TypeError, ValueError):
        raise VanbanError(_("give the new plan's year")) from None
    path = editor.inside(str(data.get("path") or "config.yaml"))
    dest = rolled_name(path, year)
    rolled = await run_in_threadpool(roll, str(data.get("yaml", "")), path, year, dest)
    doc = _seen(editor, editor.document(dest, rolled.text, new=True))
    # where it came from, then its review comments (with their key paths) and typed dates
    doc["notes"] = [note("", str(n)) for n in rolled.notes] + doc["notes"]
    return JSONResponse(doc)
