"""GET routes: the page (with the vocabulary its form is built from and the fields' help), the
guide, and the state the page starts from (the folder's documents by title, the gallery of new
documents, the document given on the command line)."""

from __future__ import annotations

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse

from .. import __version__, vocabulary
from ..errors import VanbanError
from ..i18n import set_language
from ..write.html import page_css
from .editor import HERE, editor_of
from .fieldhelp import HELP
from .guard import yaml_text
from .naming import title_of_text
from .outputs import imported
from .starter import gallery

_ENV = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape())
_NO_STORE = {"Cache-Control": "no-store"}


async def page(request: Request) -> HTMLResponse:
    html = _ENV.get_template("editor.html").render(
        token=editor_of(request).token,
        page_css=page_css(),
        version=__version__,
        vocabulary={**vocabulary.as_json(), "help": HELP},
    )
    return HTMLResponse(html, headers=_NO_STORE)


async def guide(request: Request) -> HTMLResponse:
    """The short guide ("Hướng dẫn"): how to start, edit, undo, keep and print a document."""
    return HTMLResponse(_ENV.get_template("guide.html").render(version=__version__))


def _documents(editor) -> list[dict[str, str]]:
    """The folder's documents: their key (a path, never shown) and their title."""
    out = []
    for path in editor.configs()[:500]:
        try:
            title = title_of_text(yaml_text(path.read_bytes()[:2_000_000], path.name))
        except (OSError, ValueError, VanbanError):  # unreadable: not listed, never a 500
            continue
        out.append({"path": str(path.relative_to(editor.root)), **title})
    return out


async def state(request: Request) -> JSONResponse:
    """What the page starts from. With ``?start=later`` the document given on the command line
    is only named (its key, for the page to look for a draft first), not imported."""
    editor = editor_of(request)
    set_language(editor.lang)
    files = {"documents": await run_in_threadpool(_documents, editor), "gallery": gallery()}
    start = editor.start
    key = doc = None
    if start is not None:
        word = start.suffix.lower() in (".docx", ".doc")
        dest = editor.root / f"{start.stem}.yaml" if word else start
        key = str(dest.relative_to(editor.root)) if dest.is_relative_to(editor.root) else dest.name
        if request.query_params.get("start") != "later":
            if word:
                doc = await run_in_threadpool(imported, editor, start)
            else:
                doc = editor.document(start, yaml_text(start.read_bytes(), start.name), new=False)
    return JSONResponse({"files": files, "start": key, "document": doc}, headers=_NO_STORE)
