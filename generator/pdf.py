"""PDF export through LibreOffice headless: several files per call, one profile folder per
concurrent LibreOffice (two instances must never share one), a timeout, and each PDF moved
into place only when complete."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .errors import VanbanError
from .files import TEMP_PREFIX
from .i18n import _

BATCH = 40  # documents per LibreOffice call
TIMEOUT_BASE, TIMEOUT_PER_FILE = 60, 10  # seconds


def soffice() -> str:
    """The LibreOffice command, or a clear error."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise VanbanError(
            _(
                "LibreOffice was not found, so no PDF was made (the .docx files were written). "
                "Install it, with the Times New Roman twin that has Vietnamese letters: "
                "apt-get install libreoffice-writer-nogui fonts-liberation2"
            )
        )
    return found


def _convert_batch(command: str, batch: list[Path], profile: Path) -> list[str]:
    """Convert ``batch`` (all in one folder); returns the problems."""
    out_dir = batch[0].parent
    with tempfile.TemporaryDirectory(prefix=f"{TEMP_PREFIX}pdf-", dir=out_dir) as tmp:
        profile_uri = f"-env:UserInstallation={profile.resolve().as_uri()}"
        args = [command, profile_uri, "--headless", "--norestore", "--convert-to", "pdf",
                "--outdir", tmp, *map(str, batch)]  # fmt: skip
        # its own process group, so that a timeout ends soffice.bin too, not only the launcher
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                start_new_session=True)  # fmt: skip
        try:
            stdout, stderr = proc.communicate(timeout=TIMEOUT_BASE + TIMEOUT_PER_FILE * len(batch))
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            return [_("{path}: LibreOffice did not finish in time").format(path=p) for p in batch]
        problems = []
        for path in batch:
            made = Path(tmp) / f"{path.stem}.pdf"
            if made.exists() and made.stat().st_size:
                os.replace(made, path.with_suffix(".pdf"))
            else:
                detail = (stderr or stdout).strip().splitlines()[-1:] or [""]
                problems.append(
                    _("{path}: no PDF made: {detail}").format(path=path, detail=detail[0])
                )
        return problems


def kill_tree(proc: subprocess.Popen) -> None:
    """End ``proc``, started in a session of its own, and every process it started: its process
    group on POSIX, ``taskkill /T`` on Windows (which has no process groups to signal)."""
    killpg = getattr(os, "killpg", None)
    try:
        if killpg is not None:
            killpg(proc.pid, getattr(signal, "SIGKILL", signal.SIGTERM))
        else:
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(proc.pid)], capture_output=True,
                           timeout=30, check=False)  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        pass
    with contextlib.suppress(OSError):
        proc.kill()  # the launcher itself, whatever happened to its group


def _kill_group(proc: subprocess.Popen) -> None:
    """End ``proc`` and every process it started, and collect its output."""
    kill_tree(proc)
    proc.communicate()


def convert(paths: list[Path], workers: int = 1) -> list[str]:
    """Write ``x.pdf`` beside each ``x.docx`` of ``paths``; returns the problems."""
    if not paths:
        return []
    command = soffice()
    by_folder: dict[Path, list[Path]] = {}
    for path in paths:
        by_folder.setdefault(path.parent, []).append(path)
    batches = [
        files[i : i + BATCH] for files in by_folder.values() for i in range(0, len(files), BATCH)
    ]
    workers = max(1, min(workers, len(batches)))
    with tempfile.TemporaryDirectory(prefix="vanban-lo-") as root:
        profiles = [Path(root) / f"profile-{i}" for i in range(workers)]
        # batch i runs with profile i % workers; batches of one profile run one after another
        lanes = [batches[i::workers] for i in range(workers)]

        def lane(i: int) -> list[str]:
            return [p for batch in lanes[i] for p in _convert_batch(command, batch, profiles[i])]

        with ThreadPoolExecutor(workers) as pool:
            return [p for problems in pool.map(lane, range(workers)) for p in problems]
