"""Typed work is never replaced without the clerk's say-so (track, import, report, rollover), and
the output folder's lock and process handling work without POSIX-only calls."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from generator import pdf
from generator.cli import main

from .conftest import EXAMPLES, render_config

PLAN = EXAMPLES[1]


def refused(capsys, argv: list[str], *needles: str) -> str:
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("\n") == 1, err
    for needle in needles:
        assert needle in err, err
    return err


def test_track_never_replaces_an_existing_workbook(tmp_path, capsys):
    book = tmp_path / "theo-doi.xlsx"
    book.write_bytes(b"what the clerk typed")
    refused(capsys, ["track", str(PLAN), "-o", str(book)], f"{book} already exists",
            f"--update {book}", "--force")  # fmt: skip
    assert book.read_bytes() == b"what the clerk typed"
    other = tmp_path / "other.xlsx"
    other.write_bytes(b"another workbook")
    assert main(["track", str(PLAN), "-o", str(book), "--force"]) == 0
    refused(capsys, ["track", str(PLAN), "--update", str(book), "-o", str(other)],
            f"{other} already exists", "--force")  # fmt: skip
    assert other.read_bytes() == b"another workbook"
    assert main(["track", str(PLAN), "--update", str(book)]) == 0  # updating in place: fine


def test_import_never_replaces_an_existing_config(tmp_path, capsys):
    docx = render_config(PLAN, tmp_path)
    config = tmp_path / "plan.yaml"
    config.write_text("# my edits\n", encoding="utf-8")
    refused(capsys, ["import", str(docx), "-o", str(config)], f"{config} already exists",
            "--force")  # fmt: skip
    assert config.read_text(encoding="utf-8") == "# my edits\n"
    assert main(["import", str(docx), "-o", str(config), "--force"]) == 0
    assert "kind: ke_hoach" in config.read_text(encoding="utf-8")


def test_report_never_replaces_a_report_the_clerk_filled_in(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["report", str(PLAN), "--period", "6m", "-o", str(out)]) == 0
    written = capsys.readouterr().out.split()
    config = Path(written[1])
    config.write_text(config.read_text(encoding="utf-8") + "# filled in\n", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    refused(capsys, ["report", str(PLAN), "--period", "6m", "-o", str(out)], "already exists",
            "--force")  # fmt: skip
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert main(["report", str(PLAN), "--period", "6m", "-o", str(out), "--force"]) == 0
    assert "# filled in" not in config.read_text(encoding="utf-8")


def test_rollover_never_replaces_an_existing_draft(tmp_path, capsys):
    draft = tmp_path / "2027.yaml"
    draft.write_text("# the draft I edited\n", encoding="utf-8")
    refused(capsys, ["rollover", str(PLAN), "--year", "2027", "-o", str(draft)],
            f"{draft} already exists", "--force")  # fmt: skip
    assert draft.read_text(encoding="utf-8") == "# the draft I edited\n"
    assert main(["rollover", str(PLAN), "--year", "2027", "-o", str(draft), "--dry-run"]) == 0
    assert draft.read_text(encoding="utf-8") == "# the draft I edited\n"
    assert main(["rollover", str(PLAN), "--year", "2027", "-o", str(draft), "--force"]) == 0
    assert "2027" in draft.read_text(encoding="utf-8")


def test_the_folder_lock_holds_across_processes(tmp_path, capsys):
    """Another process holds the lock (filelock: flock on POSIX, msvcrt on Windows)."""
    out = tmp_path / "out"
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""\
            import sys, time
            from pathlib import Path
            from generator.files import output_folder
            with output_folder(Path({str(out)!r})):
                print("held", flush=True)
                time.sleep(30)
        """)], stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "held"
        refused(capsys, ["render", str(PLAN), "-o", str(out)], "Another vanban run is writing")
    finally:
        holder.kill()
        holder.wait()
    assert main(["render", str(PLAN), "-o", str(out)]) == 0  # the lock went with its process


def test_a_process_tree_ends_without_process_groups(tmp_path, monkeypatch):
    """Where os.killpg does not exist (Windows), the launcher still ends."""
    monkeypatch.delattr(os, "killpg")
    monkeypatch.setattr(pdf.subprocess, "run", lambda *a, **k: None)  # no taskkill here
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    pdf.kill_tree(proc)
    assert proc.wait(timeout=10) is not None


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="POSIX process groups")
def test_a_process_tree_ends_with_its_children(tmp_path):
    pidfile = tmp_path / "child.pid"
    proc = subprocess.Popen(["sh", "-c", f"sleep 60 & echo $! > {pidfile}; wait"],
                            start_new_session=True)  # fmt: skip
    for _ in range(50):
        if pidfile.exists() and pidfile.read_text().strip():
            break
        time.sleep(0.1)
    child = int(pidfile.read_text())
    pdf.kill_tree(proc)
    proc.wait(timeout=10)
    time.sleep(0.2)
    status = Path(f"/proc/{child}/status")
    assert not status.exists() or "\nState:\tZ" in status.read_text()
