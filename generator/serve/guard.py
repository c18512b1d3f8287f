"""What the editor's server does with a request before its handler sees it: a body over the
limit is refused with 413 as soon as it is announced or has streamed past the limit, never
buffered; names and texts sent from the page are made safe to use."""

from __future__ import annotations

import codecs
import json
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

from ..errors import VanbanError
from ..i18n import _, set_language


class _TooLarge(Exception):
    pass


class BodyLimit:
    """ASGI middleware: a request body larger than ``limit`` bytes gets a 413 (with the page's
    JSON message), whether its Content-Length says so or its stream runs past it."""

    def __init__(self, app: Any, limit: int, lang: str = "vi") -> None:
        self.app, self.limit, self.lang = app, limit, lang

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length", b"0")
        try:
            too_large = int(declared) > self.limit
        except ValueError:
            too_large = True
        if too_large:
            return await _refuse(send, self.limit, self.lang)
        seen = 0
        started = False

        async def counted() -> dict:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise _TooLarge
            return message

        async def watched(message: dict) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except _TooLarge:
            if not started:
                await _refuse(send, self.limit, self.lang)


async def _refuse(send: Any, limit: int, lang: str) -> None:
    set_language(lang)
    body = json.dumps({"error": _("the file is too large: at most {mb} MB").format(
        mb=limit // (1024 * 1024))}, ensure_ascii=False).encode()  # fmt: skip
    await send({"type": "http.response.start", "status": 413, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
        (b"connection", b"close")]})  # fmt: skip
    await send({"type": "http.response.body", "body": body})


def safe_name(name: str | None, default: str = "plan.docx") -> str:
    """The last part of a file name sent by a browser (either kind of slash), without NUL or
    control characters; ``default`` for one that is empty, "." or ".."."""
    text = "".join(c for c in (name or "") if c >= " " and c != "\x7f")
    last = PureWindowsPath(PurePosixPath(text).name).name.strip()
    return default if last in ("", ".", "..") else last


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))  # fmt: skip


def yaml_text(raw: bytes, name: str) -> str:
    """A YAML file's text: UTF-8 (with or without its mark), or UTF-16/32 with theirs, as
    Notepad saves it; a clear message for anything else."""
    encoding = next((enc for bom, enc in _BOMS if raw.startswith(bom)), "utf-8-sig")
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        raise VanbanError(_("{name}: not a text file in UTF-8 or UTF-16: save it as UTF-8").format(
            name=name)) from None  # fmt: skip
