"""The editor's server against hostile or unlucky requests: token and Host checked before a byte
of the body is read, bodies over the limit refused with 413 without being buffered, a 4xx with a
Vietnamese message for every bad request (never a 500), import and printing off the event loop,
and LibreOffice gone when the server goes, however it goes."""

from __future__ import annotations

import asyncio
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the web stack is not installed: pip install '.[serve]'")
from starlette.testclient import TestClient

from generator.serve import app as app_module
from generator.serve import outputs
from generator.serve.app import MAX_BODY, Editor, create_app

from .conftest import EXAMPLES

EXAMPLE = EXAMPLES[0]


@pytest.fixture
def editor(tmp_path) -> Editor:
    return Editor(root=tmp_path.resolve())


@pytest.fixture
def client(editor):
    with TestClient(create_app(editor, ["testserver", "127.0.0.1"], warm=False)) as c:
        c.headers["X-Vanban-Token"] = editor.token
        yield c


def call(app, headers: dict[str, str], chunks: list[bytes], path: str = "/api/upload"):
    """One request straight through ASGI: the status, the JSON answer and how many body
    chunks the server asked for."""
    asked = 0
    sent: list[dict] = []

    async def receive() -> dict:
        nonlocal asked
        asked += 1
        if asked > len(chunks):
            return {"type": "http.disconnect"}
        return {"type": "http.request", "body": chunks[asked - 1],
                "more_body": asked < len(chunks)}  # fmt: skip

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": path, "raw_path": path.encode(),
             "query_string": b"", "scheme": "http", "server": ("127.0.0.1", 8765),
             "client": ("127.0.0.1", 5000), "root_path": "", "http_version": "1.1",
             "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()]}  # fmt: skip
    asyncio.run(app(scope, receive, send))
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, body, asked


@pytest.mark.parametrize("path", ["/api/upload", "/api/new", "/api/history",
                                  "/api/history/version", "/api/save"])  # fmt: skip
def test_token_and_host_are_checked_before_the_body_is_read(editor, path):
    app = create_app(editor, ["127.0.0.1"], warm=False)
    form = {"content-type": "multipart/form-data; boundary=x", "content-length": "1000"}
    status, body, asked = call(app, {"host": "127.0.0.1:8765", **form}, [b"x" * 1000], path)
    assert (status, asked) == (403, 0)
    assert json.loads(body)["error"] == "Trang đã cũ: hãy tải lại trang"
    status, _body, asked = call(app, {"host": "evil.example", "x-vanban-token": editor.token,
                                      **form}, [b"x" * 1000])  # fmt: skip
    assert (status, asked) == (400, 0)


def test_a_body_over_the_limit_is_refused_early_with_413(editor):
    app = create_app(editor, ["127.0.0.1"], warm=False)
    headers = {"host": "127.0.0.1", "x-vanban-token": editor.token,
               "content-type": "multipart/form-data; boundary=x"}  # fmt: skip
    status, body, asked = call(app, {**headers, "content-length": str(MAX_BODY + 1)}, [b"x"])
    assert (status, asked) == (413, 0)  # announced: refused before reading
    assert "Tệp quá lớn" in json.loads(body)["error"]
    chunk = b"x" * (1024 * 1024)
    chunks = [b'--x\r\nContent-Disposition: form-data; name="file"; filename="a.docx"\r\n\r\n']
    chunks += [chunk] * 100  # streamed with no length: 100 MB
    status, body, asked = call(app, headers, chunks)
    assert status == 413 and asked < 30  # stopped at the limit, the rest never read
    assert "Tệp quá lớn" in json.loads(body)["error"]


UTF16 = EXAMPLE.read_text(encoding="utf-8").encode("utf-16")


@pytest.mark.parametrize("name, data, status", [
    ("..", b"PK\x03\x04junk", 422),
    ("/", b"%PDF-1.4", 422),
    ("a\0b.docx", b"%PDF-1.4", 422),
    ("../../etc/passwd", b"root:x:0:0", 422),
    ("..\\..\\ke-hoach.docx", b"", 422),
    ("ke-hoach.yaml", UTF16, 200),  # Notepad's "Unicode": read
    ("ke-hoach.yml", b"\xff\xfe\xff\xd8 not utf", 422),
    ("ke-hoach.yaml", b"\x80\x81\x82 not utf-8", 422),
])  # fmt: skip
def test_bad_uploads_get_a_4xx_with_a_message(client, tmp_path, name, data, status):
    answer = client.post("/api/upload", files={"file": (name, io.BytesIO(data))})
    assert answer.status_code == status, answer.text
    if status == 200:
        assert answer.json()["data"]["number"] == 164
    else:
        assert answer.json()["error"]
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # nothing written anywhere


@pytest.mark.parametrize("url, body", [
    ("/api/edit", "[" * 100_000 + "]" * 100_000),  # nested a hundred thousand deep
    ("/api/edit", '{"data": ' + '{"a":' * 50_000 + "1" + "}" * 50_000 + "}"),
    ("/api/open", json.dumps({"path": "a\u0000b.yaml"})),
    ("/api/open", json.dumps({"path": ".."})),
    ("/api/open", json.dumps({"path": "/"})),
    ("/api/open", json.dumps({"path": ["not", "text"]})),
    ("/api/save", json.dumps({"path": "x\u0000.yaml", "yaml": "a: 1"})),
    ("/api/save", json.dumps({"path": "../x.yaml", "yaml": "a: 1"})),
    ("/api/rollover", json.dumps({"path": "/", "year": "năm sau"})),
    ("/api/rollover", json.dumps({"path": "..", "year": 2027, "yaml": "{"})),
    ("/api/edit", "\udcff".encode("utf-8", "surrogatepass")),
    ("/download/docx", json.dumps({"yaml": "kind: [", "path": "x.yaml"})),
    # the wizard, the saved versions: a bad answer is told, never a 500 and never a file
    ("/api/new", json.dumps({"kind": "cong_an"})),
    ("/api/new", json.dumps({"kind": ["ke_hoach"], "year": "năm sau"})),
    ("/api/new", "[" * 100_000 + "]" * 100_000),
    ("/api/history", json.dumps({"path": "../x.yaml"})),
    ("/api/history", json.dumps({"path": {"a": 1}})),
    ("/api/history/version", json.dumps({"path": "x.yaml", "id": "../../../etc/passwd"})),
    ("/api/history/version", json.dumps({"path": "x.yaml", "id": ["20261208-000000-000000"]})),
    ("/api/save", json.dumps({"new": True, "yaml": "kind: ["})),
])  # fmt: skip
def test_bad_requests_get_a_4xx_never_a_500(client, tmp_path, url, body):
    data = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body
    answer = client.post(url, content=data, headers={"content-type": "application/json"})
    assert 400 <= answer.status_code < 500, answer.text[:300]
    assert answer.json()["error"]
    assert list(tmp_path.iterdir()) == []


def test_an_unreadable_document_in_the_folder_is_left_out(client, tmp_path):
    (tmp_path / "hong.yaml").write_bytes(b"\xff\xfe\x00\xd8 not text" + bytes(range(256)))
    (tmp_path / "nhi-phan.yaml").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "dung.yaml").write_text("kind: ke_hoach\nsubject: Kiểm tra\n", encoding="utf-8")
    answer = client.get("/api/state")
    assert answer.status_code == 200
    assert [d["path"] for d in answer.json()["files"]["documents"]] == ["dung.yaml"]


def test_a_start_file_in_utf16_opens(tmp_path):
    start = tmp_path / "ke-hoach.yaml"
    start.write_bytes(UTF16)
    editor = Editor(root=tmp_path.resolve(), start=start)
    with TestClient(create_app(editor, ["testserver"], warm=False)) as c:
        answer = c.get("/api/state")
    assert answer.status_code == 200 and answer.json()["document"]["data"]["number"] == 164


def test_printing_and_import_run_off_the_event_loop(client, editor, monkeypatch):
    """While a print and an import are stuck, other requests are answered."""
    release = threading.Event()

    def stuck_pdf(data: bytes) -> bytes:
        assert release.wait(60)
        return b"%PDF"

    def stuck_import(editor, path):
        assert release.wait(60)
        raise app_module.VanbanError("xong")

    monkeypatch.setattr(editor.office, "pdf", stuck_pdf)
    monkeypatch.setattr(outputs, "pages", lambda pdf: [b"jpeg"])
    monkeypatch.setattr(outputs, "imported", stuck_import)
    opened = client.post("/api/open", json={"example": EXAMPLE.name}).json()
    answers: dict[str, int] = {}
    jobs = [
        threading.Thread(target=lambda: answers.setdefault("print", client.post(
            "/api/print", json={"yaml": opened["yaml"], "path": "x.yaml"}).status_code)),
        threading.Thread(target=lambda: answers.setdefault("import", client.post(
            "/api/upload", files={"file": ("p.docx", io.BytesIO(b"PK"))}).status_code)),
    ]  # fmt: skip
    for job in jobs:
        job.start()
    time.sleep(0.3)  # both are now waiting in their worker threads
    try:
        assert client.get("/api/state").status_code == 200
        edit = client.post("/api/edit", json={"yaml": opened["yaml"], "path": "x.yaml"})
        assert edit.status_code == 200 and not answers  # answered while both still wait
    finally:
        release.set()
        for job in jobs:
            job.join(60)
    assert answers == {"print": 200, "import": 422}


def _offices(server: int) -> list[int]:
    """The LibreOffice processes started for the server with process id ``server``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes()
                state = (entry / "status").read_text()
            except OSError:
                continue
            if f"name=vanban-{server}-".encode() in command and "\nState:\tZ" not in state:
                found.append(int(entry.name))
    return found


def _has_uno() -> bool:
    from generator.serve.printer import uno_python

    return bool(shutil.which("soffice") and os.name == "posix" and uno_python())


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find LibreOffice")
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGHUP])
def test_libreoffice_ends_when_the_server_ends_however_it_ends(tmp_path, how):
    if not _has_uno():
        pytest.skip("LibreOffice with python3-uno is not installed")
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--no-browser", "--port", str(port)],
        cwd=tmp_path, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
        start_new_session=True,  # a group of its own, as a terminal gives it
    )  # fmt: skip
    try:
        for _ in range(600):  # LibreOffice starts with the server, in the background
            if _offices(server.pid):
                break
            time.sleep(0.1)
        else:
            raise AssertionError("LibreOffice did not start")
        time.sleep(3)  # up and connected to its worker
        os.killpg(server.pid, how)  # the whole group, as a closed terminal or kill -9 -pgid
        server.wait(30)
        for _ in range(300):
            if not _offices(server.pid):
                break
            time.sleep(0.1)
        assert _offices(server.pid) == []
    finally:
        server.kill()
        server.wait()
        for pid in _offices(server.pid):
            os.kill(pid, signal.SIGKILL)
