"""`vanban serve`: the editor's web application (Starlette). The page holds the config as data;
every edit comes here, is merged into the YAML text (comments kept), validated and modelled, and
goes back as the form's problems and the preview's HTML. Files are read and written only inside
the folder it was started in; examples open as new, unsaved documents."""

from __future__ import annotations

import base64
import contextlib
import functools
import json
import secrets
import tempfile
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import __version__
from ..errors import ConfigError, VanbanError
from ..files import output_name, write_file
from ..i18n import _, set_language
from ..write.html import page_css
from ..write.render import render_bytes
from .guard import BodyLimit, safe_name, yaml_text
from .printer import WarmOffice, pages
from .session import Roundtrip, check, parses, preview, preview_data, version_of

HERE = Path(__file__).resolve().parent
MAX_UPLOAD = 20 * 1024 * 1024  # a plan typed in Word is well under 1 MB
MAX_BODY = MAX_UPLOAD + 64 * 1024  # any request's body: the upload and its form fields
# what a request that is not what the page sends may raise deep down: a 400, never a 500
BAD_REQUEST = (ValueError, UnicodeError, RecursionError, OSError, TypeError, KeyError)
SKIP = {".git", ".venv", "venv", "node_modules", "output", "__pycache__"}


@functools.lru_cache(maxsize=1)
def examples_dir() -> Path | None:
    """The bundled example configs: in the installed package, or the checkout's."""
    for candidate in (HERE.parent / "examples", HERE.parents[1] / "configs" / "examples"):
        if candidate.is_dir():
            return candidate
    return None


@dataclass
class Editor:
    """The server's state: the folder it works in and what it keeps warm."""

    root: Path
    start: Path | None = None  # the config or plan given on the command line
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    roundtrip: Roundtrip = field(default_factory=Roundtrip)
    office: WarmOffice = field(default_factory=WarmOffice)
    lang: str = "vi"  # of the messages on the page
    lock: threading.Lock = field(default_factory=threading.Lock)

    def configs(self) -> list[Path]:
        """The YAML files of the folder (three levels down, skipping tools' folders)."""
        found = []
        for depth in ("*", "*/*", "*/*/*"):
            for path in sorted(self.root.glob(f"{depth}.yaml")) + sorted(
                self.root.glob(f"{depth}.yml")
            ):
                rel = path.relative_to(self.root)
                if not SKIP.intersection(rel.parts) and not any(
                    p.startswith(".") for p in rel.parts
                ):
                    found.append(path)
        return found

    def inside(self, name: str) -> Path:
        """``name`` as a YAML file inside the folder, or a refusal."""
        if "\0" in name or not name.strip():
            raise VanbanError(_("only a .yaml file inside {root} can be opened or saved here")
                              .format(root=self.root))  # fmt: skip
        path = (self.root / name).resolve()
        if not path.is_relative_to(self.root) or path.suffix not in (".yaml", ".yml"):
            raise VanbanError(_("only a .yaml file inside {root} can be opened or saved here")
                              .format(root=self.root))  # fmt: skip
        return path

    def document(self, path: Path, text: str, new: bool) -> dict[str, Any]:
        """What the page gets when a document opens."""
        name = str(path.relative_to(self.root)) if path.is_relative_to(self.root) else path.name
        return {"path": name, "version": None if new else version_of(text), "new": new,
                **preview(text, name)}  # fmt: skip


def _json(request_body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(request_body or b"{}")
    except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested a thousand deep
        raise VanbanError(_("the request is not JSON")) from None
    if not isinstance(data, dict):
        raise VanbanError(_("the request is not JSON"))
    return data


def _error(message: str, status: int = 422) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def create_app(editor: Editor, trusted_hosts: list[str] | None = None, warm: bool = True
               ) -> Starlette:  # fmt: skip
    """The application; ``trusted_hosts`` guards a loopback server against DNS rebinding;
    ``warm`` starts LibreOffice with it."""
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape())

    def guarded(handler):
        """A POST handler that needs the page's token (no other site can post here) and turns
        vanban's errors into a message for the page."""

        async def wrapper(request: Request) -> Response:
            set_language(editor.lang)
            # the token comes in a header (fetch) or the query (the download form): checked
            # before a byte of the body is read
            token = request.headers.get("x-vanban-token") or request.query_params.get("token")
            if not isinstance(token, str) or not secrets.compare_digest(
                token.encode(), editor.token.encode()
            ):
                return _error(_("this page is out of date: reload it"), 403)
            try:
                form = None
                if request.headers.get("content-type", "").startswith(
                    ("multipart/form-data", "application/x-www-form-urlencoded")
                ):
                    form = await request.form(max_part_size=MAX_UPLOAD)
                return await handler(request, form)
            except ConfigError as exc:
                return JSONResponse({"error": str(exc), "problems": [
                    {"path": p.path, "line": p.line, "message": p.message} for p in exc.problems
                ]}, status_code=422)  # fmt: skip
            except VanbanError as exc:
                return _error(str(exc))
            except HTTPException as exc:  # a form the multipart parser refuses
                return _error(_("the request could not be read: {detail}").format(
                    detail=exc.detail), 413 if exc.status_code == 413 else 400)  # fmt: skip
            except BAD_REQUEST as exc:
                return _error(_("the request could not be read: {detail}").format(
                    detail=type(exc).__name__), 400)  # fmt: skip

        return wrapper

    async def page(request: Request) -> HTMLResponse:
        html = env.get_template("editor.html").render(
            token=editor.token, page_css=page_css(), version=__version__
        )
        return HTMLResponse(html, headers={"Cache-Control": "no-store"})

    async def state(request: Request) -> JSONResponse:
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
            doc = await run_in_threadpool(_imported, editor, start)
        else:
            doc = editor.document(start, yaml_text(start.read_bytes(), start.name), new=False)
        return JSONResponse({"files": files, "document": doc, "root": str(editor.root)})

    async def open_(request: Request, form: Any) -> JSONResponse:
        data = _json(await request.body())
        if data.get("example"):
            folder = examples_dir()
            name = Path(str(data["example"])).name
            if folder is None or not (folder / name).is_file():
                raise VanbanError(_("no such example: {name}").format(name=name))
            text = (folder / name).read_text(encoding="utf-8")
            return JSONResponse(editor.document(editor.root / name, text, new=True))
        path = editor.inside(str(data.get("path", "")))
        if not path.is_file():
            raise VanbanError(_("no such file: {path}").format(path=path))
        return JSONResponse(editor.document(path, yaml_text(path.read_bytes(), path.name), False))

    async def edit(request: Request, form: Any) -> JSONResponse:
        """An edit: of the form (its data; the page asks for the text apart, see merge) or of
        the YAML tab (its text)."""
        data = _json(await request.body())
        path = str(data.get("path") or "config.yaml")
        if "data" in data:
            return JSONResponse(await run_in_threadpool(preview_data, data["data"], path))
        return JSONResponse(await run_in_threadpool(preview, str(data.get("yaml", "")), path))

    async def merge(request: Request, form: Any) -> JSONResponse:
        """The YAML text after form edits: the data merged into the text, comments kept."""
        data = _json(await request.body())
        text = str(data.get("yaml", ""))
        problem = parses(text)
        if problem is not None:
            raise VanbanError(_("the YAML tab has an error; fix it there first: {detail}")
                              .format(detail=problem))  # fmt: skip
        return JSONResponse({"yaml": editor.roundtrip.apply(text, data.get("data"))})

    async def save(request: Request, form: Any) -> JSONResponse:
        data = _json(await request.body())
        path = editor.inside(str(data.get("path", "")))
        text = str(data.get("yaml", ""))
        problem = parses(text)
        if problem is not None:
            raise VanbanError(
                _("not saved: the YAML has an error: {detail}").format(detail=problem)
            )
        with editor.lock:  # two tabs saving at once: one of them wins, the other is told
            current = path.read_text(encoding="utf-8-sig") if path.is_file() else None
            if version_of(current) != data.get("version"):
                return _error(_(
                    "not saved: {path} was changed elsewhere (another tab or program) since it "
                    "was opened here. Open it again to see that version; your text stays on "
                    "this page."
                ).format(path=path.name), 409)  # fmt: skip
            write_file(path, text.encode("utf-8"))
        return JSONResponse({"path": str(path.relative_to(editor.root)),
                             "version": version_of(text)})  # fmt: skip

    async def upload(request: Request, form: Any) -> JSONResponse:
        item = form.get("file") if form is not None else None
        if item is None or not hasattr(item, "read"):
            raise VanbanError(_("no file was sent"))
        raw = await item.read()
        name = safe_name(item.filename)
        if len(raw) > MAX_UPLOAD:
            return _error(_("{name}: too large").format(name=name), 413)
        if Path(name).suffix.lower() in (".yaml", ".yml"):
            text = yaml_text(raw, name)
            return JSONResponse(editor.document(editor.root / name, text, True))
        return JSONResponse(await run_in_threadpool(_uploaded, editor, name, raw))

    def _model(data: dict[str, Any]):
        checked = check(str(data.get("yaml", "")), str(data.get("path") or "config.yaml"))
        if checked.model is None:
            raise VanbanError(_("fix the problems first: {first}").format(
                first=checked.problems[0]["message"] if checked.problems else ""))  # fmt: skip
        return checked.model

    async def download(request: Request, form: Any) -> Response:
        fields = dict(form) if form is not None else _json(await request.body())
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
            data,
            media_type=media,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    async def print_(request: Request, form: Any) -> JSONResponse:
        model = await run_in_threadpool(_model, _json(await request.body()))
        images = await run_in_threadpool(_printed, editor, model)
        return JSONResponse({"pages": ["data:image/jpeg;base64," + base64.b64encode(i).decode()
                                       for i in images]})  # fmt: skip

    async def rollover(request: Request, form: Any) -> JSONResponse:
        from ..config.rollover import rolled_name
        from ..config.rollover import rollover as roll

        data = _json(await request.body())
        try:
            year = int(data.get("year"))
        except (TypeError, ValueError):
            raise VanbanError(_("give the new plan's year")) from None
        path = editor.inside(str(data.get("path") or "config.yaml"))
        dest = rolled_name(path, year)
        with tempfile.TemporaryDirectory(prefix="vanban-roll-") as tmp:
            source = Path(tmp) / path.name
            source.write_text(str(data.get("yaml", "")), encoding="utf-8")
            rolled = await run_in_threadpool(roll, source, year, dest)
        # the lineage names the file the page edits, not the copy it was rolled from
        text = rolled.text.replace(str(source), str(path))
        doc = editor.document(dest, text, new=True)
        doc["notes"] = [str(n) for n in rolled.notes] + [str(r) for r in rolled.reviews]
        return JSONResponse(doc)

    routes = [
        Route("/", page),
        Route("/api/state", state),
        Route("/api/open", guarded(open_), methods=["POST"]),
        Route("/api/edit", guarded(edit), methods=["POST"]),
        Route("/api/merge", guarded(merge), methods=["POST"]),
        Route("/api/save", guarded(save), methods=["POST"]),
        Route("/api/upload", guarded(upload), methods=["POST"]),
        Route("/api/print", guarded(print_), methods=["POST"]),
        Route("/api/rollover", guarded(rollover), methods=["POST"]),
        Route("/download/{what:str}", guarded(download), methods=["POST"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
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

    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)


def _imported(editor: Editor, path: Path) -> dict[str, Any]:
    """A plan typed in Word, through the importer, as a new document."""
    from ..read.document import read
    from ..read.importer import plan, to_yaml

    dest = editor.root / f"{path.stem}.yaml"
    imported = plan(read(path))
    text = to_yaml(imported, path.name, dest.name)
    doc = editor.document(dest, text, new=True)
    doc["notes"] = [message for _path, message in imported.reviews]
    return doc


def _printed(editor: Editor, model) -> list[bytes]:
    return pages(editor.office.pdf(render_bytes(model)))


def _uploaded(editor: Editor, name: str, raw: bytes) -> dict[str, Any]:
    """A Word plan sent from the page, through the importer (in a worker thread)."""
    with tempfile.TemporaryDirectory(prefix="vanban-upload-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(raw)
        return _imported(editor, path)
