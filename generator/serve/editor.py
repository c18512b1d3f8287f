"""The editor's state (the folder it works in, what it keeps warm) and what every handler uses:
the bundled examples, a request's JSON, an error answer."""

from __future__ import annotations

import functools
import json
import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from ..errors import VanbanError
from ..i18n import _
from .printer import WarmOffice
from .session import Roundtrip, preview, version_of

HERE = Path(__file__).resolve().parent
MAX_UPLOAD = 20 * 1024 * 1024  # a plan typed in Word is well under 1 MB
MAX_BODY = MAX_UPLOAD + 64 * 1024  # any request's body: the upload and its form fields
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


def json_body(request_body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(request_body or b"{}")
    except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested a thousand deep
        raise VanbanError(_("the request is not JSON")) from None
    if not isinstance(data, dict):
        raise VanbanError(_("the request is not JSON"))
    return data


def error(message: str, status: int = 422) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def editor_of(request: Request) -> Editor:
    """The editor the application serves (set by :func:`app.create_app`)."""
    return request.app.state.editor
