"""`vanban serve`: a local web page to edit a plan and see its pages as it will print.

Needs the optional web stack: ``pip install 'vanban[serve]'`` (Starlette, uvicorn)."""

from __future__ import annotations

import sys
import threading
import webbrowser
from pathlib import Path

from ..errors import VanbanError
from ..i18n import _

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def serve(start: Path | None, host: str, port: int, browser: bool, lang: str = "vi") -> None:
    """Serve the editor on ``host:port`` for the current folder (or the folder of ``start``)."""
    try:
        import uvicorn

        from .app import Editor, create_app
    except ImportError:
        raise VanbanError(
            _("vanban serve needs its web stack: pip install 'vanban[serve]'")
        ) from None
    if start is not None and not start.is_file():
        raise VanbanError(_("no such file: {path}").format(path=start))
    root = Path.cwd().resolve()
    if start is not None and not start.resolve().is_relative_to(root):
        root = start.resolve().parent
    editor = Editor(root=root, start=start.resolve() if start else None, lang=lang)
    trusted = None
    if host in LOOPBACK:
        trusted = ["127.0.0.1", "localhost", "[::1]"]
    else:
        print(
            _(
                "Warning: listening on {host}: anyone who can reach this machine can read and "
                "write the configs in {root}"
            ).format(host=host, root=root),
            file=sys.stderr,
        )
    app = create_app(editor, trusted)
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/"
    print(_("vanban serve: {url} (Ctrl+C to stop)").format(url=url), file=sys.stderr)
    if browser:
        threading.Timer(1.0, webbrowser.open, (url,)).start()
    uvicorn.run(app, host=host, port=port, log_level="warning")
