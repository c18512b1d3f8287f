"""`vanban serve`'s documents in her words: a new document from the wizard (every kind, a draft
or numbered, the year flowing into its text), saved under a name made from its title and never
over a file, the versions a save replaced kept beside it, the outline's printed labels, and the
messages without paths or parser English."""

from __future__ import annotations

import io
import json
import re

import docx
import pytest

pytest.importorskip("starlette", reason="the web stack is not installed: pip install '.[serve]'")
from starlette.testclient import TestClient

from generator import vocabulary
from generator.serve.app import Editor, create_app
from generator.serve.history import FOLDER

from .conftest import EXAMPLES

EXAMPLE = next(p for p in EXAMPLES if p.name.startswith("000"))
WARD = {"name": "Tân Lập", "kind": "phường", "province": "Hải Phòng"}
SIGNER = {"name": "Trần Thị Hoa", "deputy": True}


@pytest.fixture
def client(tmp_path):
    editor = Editor(root=tmp_path.resolve())
    with TestClient(create_app(editor, ["testserver"], warm=False)) as c:
        c.headers["X-Vanban-Token"] = editor.token
        c.editor = editor
        yield c


def new(client, **answers) -> dict:
    answer = client.post("/api/new", json={"ward": WARD, "signer": SIGNER, **answers})
    assert answer.status_code == 200, answer.text
    return answer.json()


def docx_text(client, doc: dict) -> str:
    answer = client.post("/download/docx", params={"token": client.editor.token},
                         data={"yaml": doc["yaml"], "path": doc["path"]},
                         headers={"X-Vanban-Token": ""})  # fmt: skip
    assert answer.status_code == 200, answer.text
    document = docx.Document(io.BytesIO(answer.content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.mark.parametrize("kind", vocabulary.written_kinds())
def test_the_wizard_makes_a_document_of_every_kind_numbered_or_a_draft(client, kind):
    numbered = new(client, kind=kind, year=2027, number=7, date="2027-01-05")
    assert numbered["problems"] == [] and numbered["new"] and numbered["version"] is None
    text = docx_text(client, numbered)
    assert "TÂN LẬP" in text and "Trần Thị Hoa" in text and "KT. CHỦ TỊCH" in text
    assert "ngày 05 tháng 01 năm 2027" in text
    assert re.search(r"Số: 07/", text)
    draft = new(client, kind=kind, year=2027, draft=True, number=7, date="2027-01-05")
    assert draft["problems"] == [] and "number" not in draft["data"]
    assert re.search(r"Số:\s+/", docx_text(client, draft))  # the number left for the văn thư


def test_the_wizards_year_flows_into_the_text(client):
    doc = new(client, kind="ke_hoach", year=2027, subject="Tuyên truyền pháp luật năm {{ year }}")
    assert "năm {{ year }}" in doc["yaml"] and "năm 2027" in doc["html"]
    data = doc["data"] | {"year": 2028, "date": {"year": 2028}}
    answer = client.post("/api/edit", json={"data": data, "path": doc["path"]}).json()
    assert "Tuyên truyền pháp luật năm 2028" in answer["html"] and "năm 2027" not in answer["html"]


def test_the_wizard_starts_from_an_example_of_the_gallery(client):
    state = client.get("/api/state").json()
    card = next(c for c in state["files"]["gallery"] if c["base"] == EXAMPLE.name)
    assert card["name"] == "Kế hoạch" and card["ward"] == "Phường Nhị Chiểu" and card["subject"]
    doc = new(client, kind="ke_hoach", base=EXAMPLE.name, year=2027)
    assert doc["problems"] == [] and doc["data"]["ward"]["name"] == "Tân Lập"
    assert doc["data"]["body"] == client.post("/api/open", json={"example": EXAMPLE.name}).json()[
        "data"]["body"]  # fmt: skip
    assert "PHƯỜNG TÂN LẬP" in doc["html"]


def test_a_new_document_is_saved_under_its_title_and_never_over_a_file(client, tmp_path):
    doc = new(client, kind="ke_hoach", year=2027, subject="Tuyên truyền pháp luật năm {{ year }}")
    taken = tmp_path / "ke-hoach-tuyen-truyen-phap-luat-2027.yaml"
    taken.write_text("# hers\n", encoding="utf-8")
    first = client.post("/api/save", json={"new": True, "yaml": doc["yaml"], "version": None})
    second = client.post("/api/save", json={"new": True, "yaml": doc["yaml"], "version": None})
    assert first.status_code == second.status_code == 200, first.text
    assert first.json()["path"] == "ke-hoach-tuyen-truyen-phap-luat-2027-2.yaml"
    assert second.json()["path"] == "ke-hoach-tuyen-truyen-phap-luat-2027-3.yaml"
    assert taken.read_text(encoding="utf-8") == "# hers\n"
    assert (tmp_path / first.json()["path"]).read_text(encoding="utf-8") == doc["yaml"]


def test_each_save_keeps_the_version_it_replaces(client, tmp_path):
    doc = client.post("/api/open", json={"example": EXAMPLE.name}).json()
    saved = client.post("/api/save", json={"new": True, "yaml": doc["yaml"]}).json()
    path, version = saved["path"], saved["version"]
    assert client.post("/api/history", json={"path": path}).json() == {"versions": []}
    changed = doc["yaml"].replace("number: 164", "number: 165")
    again = client.post("/api/save", json={"path": path, "yaml": changed, "version": version})
    assert again.status_code == 200
    same = {"path": path, "yaml": changed, "version": again.json()["version"]}
    assert client.post("/api/save", json=same).status_code == 200
    versions = client.post("/api/history", json={"path": path}).json()["versions"]
    assert len(versions) == 1  # saving the same text again keeps nothing new
    kept = tmp_path / FOLDER / path.removesuffix(".yaml") / f"{versions[0]['id']}.yaml"
    assert kept.read_text(encoding="utf-8") == doc["yaml"]
    old = client.post("/api/history/version", json={"path": path, "id": versions[0]["id"]}).json()
    assert old["data"]["number"] == 164 and "Số: 164/KH-UBND" in old["html"]
    # the hidden folder is not one of her documents, and nothing went into an output folder
    assert [d["path"] for d in client.get("/api/state").json()["files"]["documents"]] == [path]
    assert not (tmp_path / "output").exists()


def test_the_outline_carries_the_printed_labels(client):
    doc = client.post("/api/open", json={"example": EXAMPLE.name}).json()
    labels = doc["labels"]
    assert labels["body[0]"] == "I." and labels["body[1].children[0]"] == "II.1."
    assert labels["body[1].children[0].children[0]"] == "II.1.a)"
    first = doc["data"]["body"][1]["children"][0]["children"][0]["text"].split()[0]
    assert re.search(rf"a\) {re.escape(first)}", doc["html"])


def test_messages_carry_no_path_and_no_parser_english(client, tmp_path):
    broken = {"yaml": "kind: ke_hoach\nnumber: [1\n", "path": "x.yaml"}
    answer = client.post("/api/edit", json=broken)
    problems = answer.json()["problems"]
    assert [p["message"] for p in problems] == ["Văn bản không đọc được ở dòng 3"]
    bad = client.post("/api/upload", files={"file": ("ke-hoach.docx", io.BytesIO(b"PK\x03\x04x"))})
    assert bad.status_code == 422
    error = bad.json()["error"]
    assert "ke-hoach.docx" in error and "/tmp" not in error and "vanban-upload" not in error
    wrong = EXAMPLE.read_text(encoding="utf-8").replace("kind: ke_hoach", "kind: abc")
    message = client.post("/api/edit", json={"yaml": wrong}).json()["problems"][0]["message"]
    assert "«Công văn»" in message and "«Kế hoạch»" in message and "cong_van" not in message
    state = client.get("/api/state").text
    assert str(tmp_path) not in state and '"root"' not in state
    page = client.get("/").text
    assert "cong_van" not in re.sub(r"<script>const VOCABULARY.*?</script>", "", page, flags=re.S)


def test_the_guide_and_the_fields_help(client):
    guide = client.get("/huong-dan")
    assert guide.status_code == 200 and "Hướng dẫn soạn văn bản" in guide.text
    assert "Alt</kbd>+<kbd>Delete" in guide.text and "Ctrl</kbd>+<kbd>Z" in guide.text
    page = client.get("/").text
    vocabulary_ = json.loads(re.search(r"const VOCABULARY = (.*?);</script>", page, re.S)[1])
    assert vocabulary_["help"]["signer.name"].startswith("Họ và tên người ký")
    assert "Nghị định 30/2020/NĐ-CP" in vocabulary_["help"]["number"] + vocabulary_["help"]["kind"]
    assert not any("{{" in text or "_" in text for text in vocabulary_["help"].values())


def test_a_reload_names_the_start_plan_without_importing_it(tmp_path, monkeypatch):
    from generator.serve import views

    plan = tmp_path / "ke-hoach-2026.docx"
    plan.write_bytes(b"not read")
    monkeypatch.setattr(views, "imported", lambda *a: pytest.fail("imported again"))
    editor = Editor(root=tmp_path.resolve(), start=plan)
    with TestClient(create_app(editor, ["testserver"], warm=False)) as c:
        state = c.get("/api/state", params={"start": "later"}).json()
    assert state["start"] == "ke-hoach-2026.yaml" and state["document"] is None
