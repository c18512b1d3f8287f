"""The "Bản in" view: the real pages, printed by one warm LibreOffice that is started once and
reused (a conversion then costs a fraction of a second, not the 1-2 s of a start).

LibreOffice listens on a named pipe; a small worker (``uno_worker.py``), run by a Python that
has LibreOffice's ``uno`` module, converts one document per request. Without ``uno`` each print
starts LibreOffice afresh (slower, same pages)."""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import threading
import uuid
from pathlib import Path

from ..errors import VanbanError
from ..i18n import _
from ..pdf import convert, kill_tree, soffice

UNO_PYTHONS = (sys.executable, "/usr/lib/libreoffice/program/python", "/usr/bin/python3")
START_TIMEOUT, PRINT_TIMEOUT = 60.0, 60.0  # seconds


def uno_python() -> str | None:
    """A Python that can import ``uno``, or None."""
    for candidate in UNO_PYTHONS:
        if candidate and Path(candidate).is_file():
            ok = subprocess.run([candidate, "-c", "import uno"], capture_output=True, timeout=30)
            if ok.returncode == 0:
                return candidate
    return None


class WarmOffice:
    """One LibreOffice kept running for this process's prints."""

    def __init__(self, timeout: float = PRINT_TIMEOUT) -> None:
        self.timeout = timeout  # seconds one print may take before LibreOffice is restarted
        self._lock = threading.Lock()
        self._office: subprocess.Popen | None = None
        self._worker: subprocess.Popen | None = None
        self._dir = Path(tempfile.mkdtemp(prefix="vanban-print-"))
        self._python: str | bool | None = False  # not looked for yet

    def start(self) -> None:
        """Start LibreOffice now (in the background of a server), so the first print is quick."""
        with self._lock, contextlib.suppress(VanbanError):
            self._ensure()

    def _ensure(self) -> bool:
        """A running worker (True), or no uno here (False)."""
        if self._worker is not None and self._worker.poll() is None:
            return True
        if self._python is False:  # select() on a pipe needs POSIX: Windows prints cold
            self._python = uno_python() if os.name == "posix" else None
        if not self._python:
            return False
        self._stop()
        pipe = f"vanban-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        profile = (self._dir / "profile").as_uri()
        self._office = subprocess.Popen(
            [soffice(), f"-env:UserInstallation={profile}", "--headless", "--invisible",
             "--norestore", "--nologo", f"--accept=pipe,name={pipe};urp;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        worker = Path(__file__).with_name("uno_worker.py")
        self._worker = subprocess.Popen(
            [str(self._python), str(worker), pipe, str(self._office.pid)], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
            start_new_session=True,  # a signal to vanban's whole group spares the watchdog
        )  # fmt: skip
        if self._reply(START_TIMEOUT).get("ready"):
            return True
        self._stop()
        raise VanbanError(_("LibreOffice did not start"))

    def _reply(self, timeout: float) -> dict:
        assert self._worker is not None and self._worker.stdout is not None
        ready, _w, _x = select.select([self._worker.stdout], [], [], timeout)
        line = self._worker.stdout.readline() if ready else ""
        return json.loads(line) if line.strip() else {}

    def pdf(self, docx: bytes) -> bytes:
        """The PDF of a .docx, printed by LibreOffice."""
        with self._lock:
            source = self._dir / f"{uuid.uuid4().hex}.docx"
            source.write_bytes(docx)
            target = source.with_suffix(".pdf")
            try:
                if self._ensure():
                    assert self._worker is not None and self._worker.stdin is not None
                    job = {"docx": str(source), "pdf": str(target)}
                    self._worker.stdin.write(json.dumps(job) + "\n")
                    self._worker.stdin.flush()
                    reply = self._reply(self.timeout)
                    if not reply.get("ok"):
                        self._stop()  # a stuck or broken LibreOffice is started afresh next time
                        raise VanbanError(
                            _("LibreOffice could not print the document: {detail}").format(
                                detail=reply.get("error", "timeout")
                            )
                        )
                else:
                    problems = convert([source])
                    if problems:
                        raise VanbanError(problems[0])
                return target.read_bytes()
            finally:
                source.unlink(missing_ok=True)
                target.unlink(missing_ok=True)

    def _stop(self) -> None:
        if self._worker is not None:
            with contextlib.suppress(OSError):
                self._worker.kill()
                self._worker.wait(5)
        if self._office is not None:
            kill_tree(self._office)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._office.wait(5)
        self._worker = self._office = None

    def close(self) -> None:
        with self._lock:
            self._stop()
        shutil.rmtree(self._dir, ignore_errors=True)


def pages(pdf: bytes, dpi: int = 80) -> list[bytes]:
    """The JPEG image of every page of ``pdf`` (poppler's pdftoppm; JPEG, because PNG's
    compression takes ten times longer for the same view)."""
    command = shutil.which("pdftoppm")
    if not command:
        raise VanbanError(_("pdftoppm was not found: apt-get install poppler-utils"))
    with tempfile.TemporaryDirectory(prefix="vanban-pages-") as tmp:
        source = Path(tmp) / "doc.pdf"
        source.write_bytes(pdf)
        subprocess.run([command, "-jpeg", "-jpegopt", "quality=85", "-r", str(dpi), str(source),
                        str(Path(tmp) / "p")],
                       check=True, capture_output=True, timeout=60)  # fmt: skip
        return [p.read_bytes() for p in sorted(Path(tmp).glob("p-*.jpg"), key=_page_number)]


def _page_number(path: Path) -> int:
    return int(path.stem.rsplit("-", 1)[1])
