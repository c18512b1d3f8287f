"""`vanban server`'s commands end to end: init, units load (twice), user add (the password on
standard input), document add (a config, a Word plan through the importer), backup; then the
web application on that database. Without the extra, a clear message."""

from __future__ import annotations

import io
import sqlite3
import subprocess
import sys

import pytest

from generator.cli import main

from .conftest import EXAMPLES, ROOT
from .server_support import PASSWORD, ward_table

TABLE = ROOT / "configs" / "haiphong-2026" / "wards.csv"


def _vanban(monkeypatch, capsys, *args: str, stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(["--lang", "en", "server", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_commands_end_to_end(tmp_path, monkeypatch, capsys):
    from generator.pipeline import model_of, write_document

    monkeypatch.chdir(tmp_path)
    assert _vanban(monkeypatch, capsys, "init")[0] == 0
    assert (tmp_path / "vanban-data" / "vanban.db").is_file()
    for _ in range(2):  # a second load updates, never duplicates
        code, out, _err = _vanban(monkeypatch, capsys, "units", "load", str(TABLE))
        assert code == 0 and "114 ward(s)" in out
    code, _out, err = _vanban(
        monkeypatch,
        capsys,
        "user",
        "add",
        "an",
        "--unit",
        "Nhị Chiểu",
        "--role",
        "clerk",
        stdin=PASSWORD + "\n",
    )
    assert code == 0, err
    again = _vanban(
        monkeypatch,
        capsys,
        "user",
        "add",
        "an",
        "--unit",
        "Nhị Chiểu",
        "--role",
        "clerk",
        stdin=PASSWORD + "\n",
    )
    assert again[0] == 1 and "already exists" in again[2]
    short = _vanban(
        monkeypatch,
        capsys,
        "user",
        "add",
        "bo",
        "--unit",
        "Việt Hòa",
        "--role",
        "clerk",
        stdin="ngan\n",
    )
    assert short[0] == 1 and "at least 8" in short[2]
    config = EXAMPLES[0]
    code, out, err = _vanban(
        monkeypatch, capsys, "document", "add", "--unit", "Nhị Chiểu", str(config)
    )
    assert code == 0 and "document 1 added" in out, err
    plan = write_document(model_of(EXAMPLES[1]), tmp_path / "word").path
    code, out, err = _vanban(
        monkeypatch, capsys, "document", "add", "--unit", "Nhị Chiểu", str(plan)
    )
    assert code == 0 and "document 2 added" in out, err
    code, out, _err = _vanban(monkeypatch, capsys, "backup", "-o", str(tmp_path / "copy.db"))
    assert code == 0
    with sqlite3.connect(tmp_path / "copy.db") as copy:
        rows = copy.execute(
            "SELECT d.id, u.name, r.config FROM documents d JOIN units u ON "
            "u.id = d.unit_id JOIN revisions r ON r.document_id = d.id "
            "ORDER BY d.id"
        ).fetchall()
        sources = copy.execute("SELECT size FROM blobs").fetchall()
        assert copy.execute("SELECT count(*) FROM units").fetchone()[0] == 115
    assert [(i, u) for i, u, _c in rows] == [(1, "Nhị Chiểu"), (2, "Nhị Chiểu")]
    assert rows[0][2] == config.read_text(encoding="utf-8")
    assert "ward:" in rows[1][2] and sources == [(plan.stat().st_size,)]
    _the_app_serves_them(tmp_path)


def _the_app_serves_them(tmp_path) -> None:
    from starlette.testclient import TestClient

    from generator.server.db import Database
    from generator.server.jobs import LocalJobs
    from generator.server.web import create_app

    db = Database(f"sqlite:///{tmp_path / 'vanban-data' / 'vanban.db'}")
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
    assert code == 1 and "no such file" in err
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
    assert code == 1 and "cannot open the database" in err


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
