"""`vanban serve` without a browser: the page's requests through Starlette's test client, the
YAML round trip that keeps comments, and the preview built from the document model."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import docx
import pytest

pytest.importorskip("starlette", reason="the web stack is not installed: pip install '.[serve]'")
from starlette.testclient import TestClient

from generator.config.load import load_text
from generator.pipeline import model_of, write_document
from generator.serve.app import Editor, create_app
from generator.serve.session import Roundtrip
from generator.write.html import html_of

from .conftest import EXAMPLES

EXAMPLE = next(p for p in EXAMPLES if p.name.startswith("000"))


@pytest.fixture
def client(tmp_path):
    editor = Editor(root=tmp_path.resolve())
    with TestClient(create_app(editor, ["testserver", "127.0.0.1"], warm=False)) as c:
        c.headers["X-Vanban-Token"] = editor.token
        c.editor = editor
        yield c


def download(client, what: str, doc: dict):
    """The page's download form: a plain form post, the token in its address."""
    fields = {"yaml": doc["yaml"], "path": doc["path"]}
    return client.post(f"/download/{what}", params={"token": client.editor.token}, data=fields,
                       headers={"X-Vanban-Token": ""})  # fmt: skip


def opened(client) -> dict:
    answer = client.post("/api/open", json={"example": EXAMPLE.name})
    assert answer.status_code == 200, answer.text
    return answer.json()


# --- the round trip ------------------------------------------------------------------------------
def test_a_form_edit_keeps_every_comment_and_the_untouched_layout():
    text = EXAMPLE.read_text(encoding="utf-8")
    data = load_text(text, "x.yaml").data
    data["ward"]["name"] = "Hồng Bàng"
    data["body"][1]["children"].insert(0, {"text": "Nhiệm vụ mới.", "lead": "Công an phường"})
    new = Roundtrip().apply(text, data)
    comments = [line for line in text.splitlines() if line.lstrip().startswith("#")]
    assert comments and all(c in new.splitlines() for c in comments)
    assert "  name: Hồng Bàng" in new
    assert "- text: Nhiệm vụ mới." in new
    # apart from those two edits, the lines are the same lines in the same order
    removed = [line for line in text.splitlines() if line not in new.splitlines()]
    assert removed == ["  name: Nhị Chiểu"]
    assert load_text(new, "x.yaml").data == data


def test_a_deleted_item_takes_only_its_own_lines():
    text = EXAMPLE.read_text(encoding="utf-8")
    data = load_text(text, "x.yaml").data
    gone = data["recipients"].pop(1)
    new = Roundtrip().apply(text, data)
    assert f"  - {gone}" not in new
    assert [line for line in text.splitlines() if line not in new.splitlines()] == [f"  - {gone}"]


# --- the page's requests --------------------------------------------------------------------------
def test_an_edit_gives_the_new_text_the_preview_and_the_problems_by_key_path(client):
    doc = opened(client)
    assert doc["new"] and doc["version"] is None and "PHƯỜNG NHỊ CHIỂU" in doc["html"]
    data = doc["data"]
    data["ward"]["name"] = "Hồng Bàng"
    del data["signer"]["name"]
    data["body"][0]["children"][0]["lead"] = 12
    answer = client.post("/api/edit", json={"data": data, "path": doc["path"]})
    body = answer.json()
    problems = {p["path"]: p["message"] for p in body["problems"]}
    assert problems == {
        "signer.name": "bắt buộc",
        "body[0].children[0].lead": "phải là văn bản, hoặc danh sách các dòng",
    }
    assert body["html"] is None  # the page keeps its last good preview
    data["signer"]["name"] = "Lãnh Duy Tiến"
    del data["body"][0]["children"][0]["lead"]
    body = client.post("/api/edit", json={"data": data}).json()
    assert body["problems"] == [] and "PHƯỜNG HỒNG BÀNG" in body["html"]
    # the text, with the form's edits merged in and the comments kept
    text = client.post("/api/merge", json={"yaml": doc["yaml"], "data": data}).json()["yaml"]
    assert "name: Hồng Bàng" in text and text.startswith(doc["yaml"].splitlines()[0])
    # a YAML tab edit comes back as the form's data
    body = client.post("/api/edit", json={"yaml": text.replace("number: 164", "number: 9")})
    assert body.json()["data"]["number"] == 9 and "Số: 09/KH-UBND" in body.json()["html"]
    broken = client.post("/api/edit", json={"yaml": "kind: [\n"}).json()
    assert broken["data"] is None and broken["problems"][0]["line"] is not None


def test_the_preview_is_the_document_models_text_and_escapes_it(client, tmp_path):
    model = model_of(EXAMPLE)
    html = html_of(model)
    texts = [
        re.sub(r"<[^>]+>", "", p)
        for p in re.findall(r"<p class=\"VB(?:NoiDung|Muc|Khoan|Diem|CanCu)\">(.*?)</p>", html)
    ]
    words = docx.Document(str(write_document(model, tmp_path).path))
    body = [
        p.text
        for p in words.paragraphs
        if p.style.name in ("VB Nội dung", "VB Mục", "VB Khoản", "VB Điểm", "VB Căn cứ")
    ]
    assert [t.replace("&amp;", "&").replace("&#34;", '"') for t in texts] == [t for t in body if t]
    doc = opened(client)
    doc["data"]["ward"]["name"] = "<script>alert(1)</script>"
    body = client.post("/api/edit", json={"data": doc["data"]}).json()
    assert "<script>" not in (body["html"] or "") and "&lt;SCRIPT&gt;" in body["html"]


def test_save_is_atomic_and_a_stale_save_is_refused(client, tmp_path):
    doc = opened(client)
    first = client.post(
        "/api/save", json={"path": doc["path"], "yaml": doc["yaml"], "version": None}
    )
    assert first.status_code == 200, first.text
    saved = tmp_path / doc["path"]
    assert saved.read_text(encoding="utf-8") == doc["yaml"]
    version = first.json()["version"]
    # tab A saves a change; tab B, still on the first version, is refused
    a = client.post(
        "/api/save", json={"path": doc["path"], "yaml": doc["yaml"] + "\n# A\n", "version": version}
    )
    assert a.status_code == 200
    b = client.post(
        "/api/save", json={"path": doc["path"], "yaml": doc["yaml"] + "\n# B\n", "version": version}
    )
    assert b.status_code == 409 and "đã được thay đổi ở nơi khác" in b.json()["error"]
    assert saved.read_text(encoding="utf-8").endswith("# A\n")
    # a new document never overwrites an existing file
    again = client.post(
        "/api/save", json={"path": doc["path"], "yaml": doc["yaml"], "version": None}
    )
    assert again.status_code == 409
    bad_yaml = client.post(
        "/api/save", json={"path": doc["path"], "yaml": "a: [", "version": a.json()["version"]}
    )
    assert bad_yaml.status_code == 422 and saved.read_text(encoding="utf-8").endswith("# A\n")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".vanban-")]


def test_files_stay_inside_the_folder_and_posts_need_the_pages_token(client, tmp_path):
    for path in ("../outside.yaml", "/etc/passwd", "notes.txt"):
        answer = client.post("/api/open", json={"path": path})
        assert (
            answer.status_code == 422 and "Chỉ mở hoặc lưu được tệp .yaml" in answer.json()["error"]
        )
        answer = client.post("/api/save", json={"path": path, "yaml": "a: 1", "version": None})
        assert answer.status_code == 422
    assert not (tmp_path.parent / "outside.yaml").exists()
    anonymous = client.post("/api/edit", json={"yaml": "a: 1"}, headers={"X-Vanban-Token": "x"})
    assert anonymous.status_code == 403
    rebinding = client.get("/api/state", headers={"Host": "evil.example"})
    assert rebinding.status_code == 400


def test_open_lists_the_folders_configs_and_imports_a_word_plan(client, tmp_path):
    shutil.copy(EXAMPLE, tmp_path / "phuong.yaml")
    state = client.get("/api/state").json()
    # the folder's documents and the gallery by their titles; the path is a key, never shown
    assert [d["path"] for d in state["files"]["documents"]] == ["phuong.yaml"]
    assert state["files"]["documents"][0]["kind"] == "Kế hoạch"
    assert state["files"]["documents"][0]["ward"] == "Phường Nhị Chiểu"
    assert EXAMPLE.name in [card["base"] for card in state["files"]["gallery"]]
    assert str(tmp_path) not in client.get("/api/state").text
    doc = client.post("/api/open", json={"path": "phuong.yaml"}).json()
    assert not doc["new"] and doc["version"] and doc["problems"] == []

    plan = write_document(model_of(EXAMPLE), tmp_path / "out").path
    with plan.open("rb") as f:
        answer = client.post("/api/upload", files={"file": (plan.name, f)})
    imported = answer.json()
    assert answer.status_code == 200, imported
    assert imported["new"] and imported["path"] == f"{plan.stem}.yaml"
    assert (
        imported["yaml"].startswith("# Imported by vanban import")
        or "vanban import" in imported["yaml"].splitlines()[0]
    )
    assert imported["data"]["number"] == 164 and "PHƯỜNG NHỊ CHIỂU" in imported["html"]
    answer = client.post(
        "/api/upload", files={"file": ("ke-hoach.docx", io.BytesIO(b"%PDF-1.4 not word"))}
    )
    assert answer.status_code == 422 and "ke-hoach.docx" in answer.json()["error"]


def test_download_the_docx_and_roll_the_plan_over(client):
    doc = opened(client)
    answer = download(client, "docx", doc)
    assert answer.status_code == 200
    assert 'filename="KH-nhi-chieu-164-2026.docx"' in answer.headers["content-disposition"]
    texts = [p.text for p in docx.Document(io.BytesIO(answer.content)).paragraphs]
    assert "KẾ HOẠCH" in texts
    rolled = client.post(
        "/api/rollover", json={"path": doc["path"], "yaml": doc["yaml"], "year": 2027}
    )
    assert rolled.status_code == 200, rolled.text
    body = rolled.json()
    assert body["new"] and body["path"].endswith(".yaml") and "date: {year: 2027}" in body["yaml"]
    assert "năm 2027" in body["html"]


@pytest.mark.skipif(not shutil.which("soffice") or not shutil.which("pdftoppm"),
                    reason="LibreOffice or poppler not installed")  # fmt: skip
def test_the_print_view_shows_the_pages_libreoffice_prints(client):
    doc = opened(client)
    answer = client.post("/api/print", json={"yaml": doc["yaml"], "path": doc["path"]})
    assert answer.status_code == 200, answer.text
    pages = answer.json()["pages"]
    assert len(pages) >= 3 and all(p.startswith("data:image/jpeg;base64,") for p in pages)
    again = client.post("/api/print", json={"yaml": doc["yaml"], "path": doc["path"]}).json()
    assert len(again["pages"]) == len(pages)  # the same warm LibreOffice, reused
    client.editor.office.close()


def test_serve_without_its_extra_says_how_to_install_it(monkeypatch, capsys):
    import builtins

    from generator.cli import main

    real = builtins.__import__

    def no_web(name, *args, **kwargs):
        if name == "uvicorn":
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_web)
    assert main(["serve", "--no-browser"]) == 1
    assert "pip install 'vanban[serve]'" in capsys.readouterr().err


def test_the_examples_ship_with_the_package():
    from generator.serve.editor import examples_dir

    assert sorted(p.name for p in examples_dir().glob("*.yaml")) == [p.name for p in EXAMPLES]
    assert Path(examples_dir()).is_dir()


def test_serve_opens_the_config_or_the_word_plan_it_was_given(tmp_path):
    config = tmp_path / "phuong.yaml"
    shutil.copy(EXAMPLE, config)
    plan = write_document(model_of(EXAMPLE), tmp_path / "out").path
    for start, new in ((config, False), (plan, True)):
        editor = Editor(root=tmp_path.resolve(), start=start)
        with TestClient(create_app(editor, None, warm=False)) as c:
            doc = c.get("/api/state").json()["document"]
        assert doc["new"] is new and doc["data"]["number"] == 164
        assert doc["path"] == ("phuong.yaml" if not new else f"{plan.stem}.yaml")


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice not installed")
def test_download_the_pdf(client):
    doc = opened(client)
    answer = download(client, "pdf", doc)
    assert answer.status_code == 200 and answer.content.startswith(b"%PDF")
    assert 'filename="KH-nhi-chieu-164-2026.pdf"' in answer.headers["content-disposition"]
    client.editor.office.close()


def test_the_page_needs_nothing_from_the_network(client):
    from generator.serve.editor import HERE

    page = client.get("/").text
    assets = [page, *(p.read_text(encoding="utf-8") for p in (HERE / "static").iterdir())]
    assert not [a for a in assets if re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}/", a)]
    for src in re.findall(r'(?:src|href)="(/static/[^"]+)"', page):
        assert client.get(src).status_code == 200


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("host", ["127.0.0.1", "0.0.0.0"])
def test_the_serve_command_starts_the_page_and_warns_off_loopback(tmp_path, host):
    import subprocess
    import sys
    import time
    import urllib.request

    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "--lang", "en", "serve", str(EXAMPLE), "--no-browser",
         "--port", str(port), "--host", host],
        stderr=subprocess.PIPE, text=True, cwd=tmp_path,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/state", timeout=2) as r:
                    state = r.read().decode()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("the server did not answer")
        assert '"number":164' in state  # the config it was given is open
    finally:
        proc.terminate()
        err = proc.communicate(timeout=20)[1]
    assert f"vanban serve: http://127.0.0.1:{port}/" in err
    assert ("Warning: listening on 0.0.0.0" in err) is (host == "0.0.0.0")
