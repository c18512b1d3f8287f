"""GET routes: the page (with the vocabulary its form is built from) and the state it starts
from (the folder's configs, the examples, the document given on the command line)."""

from __future__ import annotations

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse

from .. import __version__, vocabulary
from ..i18n import set_language
from ..write.html import page_css
from .editor import HERE, editor_of, examples_dir
from .guard import yaml_text
from .outputs import imported

_ENV = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape())


async def page(request: Request) -> HTMLResponse:
    html = _ENV.get_template("editor.html").render(
        token=editor_of(request).token,
        page_css=page_css(),
        version=__version__,
        vocabulary=vocabulary.as_json(),
    )
    return HTMLResponse(html, headers={"Cache-Control": "no-store"})


async def state(request: Request) -> JSONResponse:
    editor = editor_of(request)
    set_language(editor.lang)
    examples = sorted(examples_dir().glob("*.yaml")) if examples_dir() else []
    files = {
        "configs": [str(p.relative_to(editor.root)) for p in editor.configs()],
        "examples": [p.name for p in examples],
    }
    start = editor.start
    if start is None:
        doc = None
    elif start.suffix.lower() in (".docx", ".doc"):
        doc = await run_in_threadpool(imported, editor, start)
    else:
        doc = editor.document(start, yaml_text(start.read_bytes(), start.name), new=False)
    return JSONResponse({"files": files, "document": doc, "root": str(editor.root)})
