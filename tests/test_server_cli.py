"""`vanban server`'s commands end to end: init, units load (twice), user add (the password on
standard input), document add (a config, a Word plan through the importer), backup; then the
web application on that database. Without the extra, a clear message."""

from __future__ import annotations

import io
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main

from .conftest import EXAMPLES, ROOT
from .server_support import DB_KINDS, PASSWORD, PG_URL, reset_postgres, ward_table

TABLE = ROOT / "configs" / "haiphong-2026" / "wards.csv"


def _vanban(monkeypatch, capsys, *args: str, stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(["--lang", "en", "server", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(params=DB_KINDS)
def where(request) -> list[str]:
    """The --db option of one database kind (SQLite: none, the data folder's file)."""
    if request.param == "sqlite":
        return []
    reset_postgres(PG_URL or "")
    return ["--db", PG_URL or ""]


def test_the_commands_end_to_end(tmp_path, monkeypatch, capsys, where):
    from generator.pipeline import model_of, write_document

    def vanban(*args: str, stdin: str = "") -> tuple[int, str, str]:
        return _vanban(monkeypatch, capsys, *args, *where, stdin=stdin)

    monkeypatch.chdir(tmp_path)
    assert vanban("init")[0] == 0
    assert (tmp_path / "vanban-data" / "vanban.db").is_file() == (not where)
    for _ in range(2):  # a second load updates, never duplicates
        code, out, _err = vanban("units", "load", str(TABLE))
        assert code == 0 and "114 ward(s)" in out
    add = ("user", "add", "an", "--unit", "Nhị Chiểu", "--role", "clerk")
    assert vanban(*add, stdin=PASSWORD + "\n")[0] == 0
    again = vanban(*add, stdin=PASSWORD + "\n")
    assert again[0] == 1 and "already exists" in again[2]
    short = vanban("user", "add", "bo", "--unit", "Việt Hòa", "--role", "clerk", stdin="ngan\n")
    assert short[0] == 1 and "at least 8" in short[2]
    code, out, err = vanban("document", "add", "--unit", "Nhị Chiểu", str(EXAMPLES[0]))
    assert code == 0 and "Document 1 added" in out, err
    plan = write_document(model_of(EXAMPLES[1]), tmp_path / "word").path
    code, out, err = vanban("document", "add", "--unit", "Nhị Chiểu", str(plan))
    assert code == 0 and "Document 2 added" in out, err
    _stored(PG_URL if where else f"sqlite:///{tmp_path / 'vanban-data' / 'vanban.db'}", plan)
    code, out, err = vanban("backup")
    assert code == 0, err
    copy = Path(out.split(": ", 1)[1].strip())
    assert copy.parent == Path("vanban-data") / "backups" and (tmp_path / copy).stat().st_size
    if where:  # pg_dump's custom format, with the revisions' data in it
        listing = subprocess.run(
            ["pg_restore", "--list", str(tmp_path / copy)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "TABLE DATA public revisions" in listing
    else:
        with sqlite3.connect(tmp_path / copy) as db:
            assert db.execute("SELECT count(*) FROM revisions").fetchone()[0] == 2
    assert vanban("backup", "-o", str(copy))[0] == 1  # never over an existing copy


def _stored(url: str, plan: Path) -> None:
    """What the commands stored, and the web application serving it."""
    from sqlalchemy import func, select
    from starlette.testclient import TestClient

    from generator.server.db import Blob, Database, Document, Revision, Unit
    from generator.server.jobs import LocalJobs
    from generator.server.web import create_app

    db = Database(url)
    with db.session() as session:
        rows = session.execute(
            select(Document.id, Unit.name, Revision.config)
            .join(Unit, Unit.id == Document.unit_id)
            .join(Revision, Revision.document_id == Document.id)
            .order_by(Document.id)
        ).all()
        assert session.scalar(select(func.count()).select_from(Unit)) == 115
        sources = session.scalars(select(Blob.size)).all()
    assert [(i, u) for i, u, _c in rows] == [(1, "Nhị Chiểu"), (2, "Nhị Chiểu")]
    assert rows[0][2] == EXAMPLES[0].read_text(encoding="utf-8")
    assert "ward:" in rows[1][2] and sources == [plan.stat().st_size]
    client = TestClient(create_app(db, jobs=LocalJobs(warm=False)))
    assert client.post("/login", data={"login": "an", "password": PASSWORD}).status_code == 200
    assert [d["id"] for d in client.get("/api/documents").json()["documents"]] == [2, 1]
    db.dispose()


def test_bad_input_to_the_commands(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    bad = tmp_path / "bad.csv"
    bad.write_text("name,kind\n,phường\nAn Biên,phường\n", encoding="utf-8")
    code, _out, err = _vanban(monkeypatch, capsys, "units", "load", str(bad))
    assert code == 1 and "bad.csv:2" in err and "bad.csv:3" in err and "province" in err
    code, _out, err = _vanban(monkeypatch, capsys, "document", "add", "--unit", "X", "nope.yaml")
    assert code == 1 and "No such file" in err
    table = ward_table(tmp_path)
    assert _vanban(monkeypatch, capsys, "units", "load", str(table))[0] == 0
    junk = tmp_path / "junk.yaml"
    junk.write_text("a: [\n", encoding="utf-8")
    code, _out, err = _vanban(
        monkeypatch, capsys, "document", "add", "--unit", "Việt Hòa", str(junk)
    )
    assert code == 1 and "YAML" in err
    code, _out, err = _vanban(
        monkeypatch, capsys, "init", "--db", "postgresql://nobody@127.0.0.1:1/x"
    )
    assert code == 1 and "Cannot open the database" in err


def test_without_the_extra_the_message_says_what_to_install(monkeypatch):
    import importlib.util

    from generator.errors import VanbanError
    from generator.server import require

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "argon2" else real(name, *a)
    )
    with pytest.raises(VanbanError, match=r"pip install 'vanban\[server\]'.*argon2"):
        require()


def test_the_plain_command_does_not_load_the_server():
    code = (
        "import sys; from generator.cli import parser; parser(); "
        "print(sorted(m for m in ('sqlalchemy', 'alembic', 'argon2', 'starlette') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_server_run_serves_the_page_and_the_api(tmp_path, monkeypatch, capsys):
    """`vanban server run` in its own process: a login through
    the real HTTP server, the list of documents."""
    import socket
    import time

    import httpx2 as httpx

    monkeypatch.chdir(tmp_path)
    table = ward_table(tmp_path)
    assert _vanban(monkeypatch, capsys, "units", "load", str(table))[0] == 0
    add = ("user", "add", "an", "--unit", "Nhị Chiểu", "--role", "clerk")
    assert _vanban(monkeypatch, capsys, *add, stdin=PASSWORD + "\n")[0] == 0
    assert _vanban(monkeypatch, capsys, "document", "add", "--unit", "Nhị Chiểu",
                   str(EXAMPLES[0]))[0] == 0  # fmt: skip
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "generator", "server", "run", "--port",
                               str(port)], cwd=tmp_path,
                              stderr=subprocess.DEVNULL)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                page = httpx.get(f"{base}/login", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        assert page.status_code == 200 and "password" in page.text
        with httpx.Client(base_url=base) as client:
            assert client.post("/login", data={"login": "an", "password": PASSWORD}
                               ).status_code == 200  # fmt: skip
            listed = client.get("/api/documents").json()["documents"]
            assert [(d["id"], d["unit"]) for d in listed] == [(1, "Nhị Chiểu")]
    finally:
        server.terminate()
        server.wait(30)
