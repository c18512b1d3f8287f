"""The plan's year: an imported plan writes the years its text derives as ``{{ year }}``, its
appendix's "kèm theo" line follows its number and date, and the editor moves the literal
derived years of a config when the year changes and lists the typed dates to look at."""

from __future__ import annotations

import copy
from pathlib import Path

import docx
import pytest
import yaml

from generator.cli import main
from generator.config.load import load_text
from generator.config.years import derive, stated_year, typed
from generator.pipeline import model_of, write_document
from generator.read.lines import cells

from .conftest import EXAMPLES, MINIMAL, needs_shared

REALDOCS = Path(__file__).resolve().parents[2] / "shared" / "realdocs"
VIET_HOA = next(p for p in EXAMPLES if p.name.startswith("001"))


def text_of(path: Path) -> str:
    """Every paragraph of the document, tables' cells included, one a line."""
    d = docx.Document(str(path))
    lines = [p.text for p in d.paragraphs]
    lines += [c.text for t in d.tables for c in cells(t)]
    return "\n".join(lines)


def imported(tmp_path: Path, name: str) -> tuple[Path, str]:
    dest = tmp_path / f"{Path(name).stem}.yaml"
    assert main(["import", str(REALDOCS / name), "-o", str(dest)]) == 0
    return dest, dest.read_text(encoding="utf-8")


def render(tmp_path: Path, config: Path, text: str | None = None) -> str:
    if text is not None:
        config.write_text(text, encoding="utf-8")
    out = tmp_path / config.stem
    out.mkdir(exist_ok=True)
    return text_of(write_document(model_of(config), out).path)


@needs_shared
def test_an_imported_plan_follows_its_year(tmp_path):
    # a plan of 2026 dated 12/2025: its year is the trích yếu's, its own years derive from it
    config, text = imported(tmp_path, "kh-cchc-2026-lam-dong.docx")
    data = yaml.safe_load(text)
    assert data["year"] == 2026 and data["date"]["year"] == 2025
    assert "năm {{ year }}" in data["subject"][0] and "năm {{ year }}" in data["opening"]
    assert "ngày 12/6/2025" in data["basis"][0]  # a cited document's date stays as typed
    before = render(tmp_path, config)
    assert before.count("năm 2026") > 20 and "năm 2027" not in before
    after = render(tmp_path, config, text.replace("\nyear: 2026\n", "\nyear: 2027\n"))
    opening = next(line for line in after.split("\n") if line.startswith("Chủ tịch Ủy ban"))
    assert "nhà nước năm 2027 của tỉnh" in opening
    assert "NĂM 2027" in after and "Trong năm 2027" in after
    # typed deadlines stay as typed, and the editor lists them with their key path
    assert "ngày 15/01/2026" in after
    notes = typed(load_text(config.read_text(encoding="utf-8"), str(config)).data)
    assert any("15/01/2026" in n["message"] and n["path"].startswith("body[") for n in notes)


@needs_shared
def test_rollover_of_an_imported_plan_moves_the_opening_and_the_kem_theo_line(tmp_path):
    config, _text = imported(tmp_path, "kh-cchc-2026-lam-dong.docx")
    dest = tmp_path / "next.yaml"
    assert main(["rollover", str(config), "--year", "2027", "-o", str(dest)]) == 0
    after = render(tmp_path, dest)
    opening = next(line for line in after.split("\n") if line.startswith("Chủ tịch Ủy ban"))
    assert "nhà nước năm 2027 của tỉnh" in opening
    note = next(line for line in after.split("\n") if "kèm theo Kế hoạch số" in line)
    assert note.endswith("/2027 của Chủ tịch UBND tỉnh Lâm Đồng)") and "2026" not in note


@needs_shared
def test_a_kem_theo_line_under_a_blank_date_is_bound_and_keeps_its_month(tmp_path):
    # "(Kèm theo Kế hoạch số /KH-UBND ngày /01/2026 …)" under "ngày … tháng … năm 2026"
    config, text = imported(tmp_path, "kh-kiem-tra-cchc-2026-lam-dong.docx")
    data = yaml.safe_load(text)
    notes = [a["note"] for a in data["appendices"]]
    assert notes and all("{{ number_text }}" in n and "{{ date_short }}" in n for n in notes)
    assert data["date"]["month"] == 1  # the month typed in the line is not lost
    body = yaml.safe_load(text)
    body.update(number=12, date="15/01/2027")
    config.write_text(yaml.safe_dump(body, allow_unicode=True, sort_keys=False), "utf-8")
    after = render(tmp_path, config)
    assert "(Kèm theo Kế hoạch số 12/KH-UBND ngày 15/01/2027 của UBND tỉnh Lâm Đồng)" in after


def test_a_bound_line_follows_a_date_written_as_one_value():
    for date in ("2026-05-07", "07/05/2026"):
        data = {**copy.deepcopy(MINIMAL), "date": date, "appendices": [{
            "title": "Danh mục", "rows": [{"content": "Việc."}],
            "note": "(Kèm theo Kế hoạch số {{ number_text }} ngày {{ date_short }})"}]}  # fmt: skip
        model = model_of(load_text(yaml.safe_dump(data, allow_unicode=True), "x.yaml"))
        assert model is not None


def test_derive_writes_the_plans_own_years_and_keeps_citations():
    data = {**copy.deepcopy(MINIMAL), "year": 2026,
            "subject": "Công tác dân vận năm 2026",
            "basis": ["Căn cứ Kế hoạch số 12/KH-UBND ngày 05/01/2026 về công tác năm 2026"],
            "body": [{"text": "Kết quả năm 2025; chủ đề năm 2026; đến năm 2040; trước 10/3/2026."}],
            "signer": {"name": "Trần Văn Năm 2026"}}  # fmt: skip
    assert derive(data) == 3
    assert data["subject"] == "Công tác dân vận năm {{ year }}"
    assert data["basis"][0].endswith("công tác năm 2026")  # a cited document's title
    assert data["body"][0]["text"] == ("Kết quả năm {{ year - 1 }}; chủ đề năm {{ year }}; "
                                       "đến năm 2040; trước 10/3/2026.")  # fmt: skip
    assert data["signer"]["name"] == "Trần Văn Năm 2026"


def test_the_plans_year_is_the_one_its_text_names():
    dated = {**copy.deepcopy(MINIMAL), "date": {"year": 2025, "month": 12}}
    assert stated_year({**dated, "subject": "Công tác dân vận năm 2026"}) == 2026
    body = [{"text": "Trong năm 2026, chủ đề năm 2026; kết quả năm 2025."},
            {"text": "Quý I năm 2026."}]  # fmt: skip
    assert stated_year({**dated, "subject": "Công tác dân vận", "body": body}) == 2026
    body[1]["text"] = "Năm 2025 và năm 2025."  # as often as the date's: the date's year stays
    assert stated_year({**dated, "subject": "Công tác dân vận", "body": body}) is None


# --- the editor ---------------------------------------------------------------------------------
@pytest.fixture
def client(tmp_path):
    pytest.importorskip("starlette", reason="the web stack is not installed")
    from starlette.testclient import TestClient

    from generator.serve.app import Editor, create_app

    editor = Editor(root=tmp_path.resolve())
    with TestClient(create_app(editor, ["testserver", "127.0.0.1"], warm=False)) as c:
        c.headers["X-Vanban-Token"] = editor.token
        yield c


def test_a_year_change_in_the_editor_moves_the_literal_years_and_says_where(client):
    doc = client.post("/api/open", json={"example": VIET_HOA.name}).json()
    assert all(set(n) == {"path", "message"} for n in doc["notes"])
    data = doc["data"]
    theme = data["body"][1]["children"][2]["heading"]
    assert "chủ đề năm 2026" in theme
    changed = {**copy.deepcopy(data), "year": 2027}
    answer = client.post("/api/edit", json={"path": doc["path"], "data": changed}).json()
    moved = answer["data"]
    assert "chủ đề năm 2027" in moved["body"][1]["children"][2]["heading"]
    assert any("nhiệm vụ thực hiện công tác dân vận năm 2026" in b for b in moved["basis"])
    assert "chủ đề năm 2027" in answer["html"] and "chủ đề năm 2026" not in answer["html"]
    paths = [n["path"] for n in answer["notes"]]
    assert "body[1].children[2].heading" in paths
    # the form takes the moved data; a later edit moves nothing more
    again = client.post("/api/edit", json={"path": doc["path"], "data": moved}).json()
    assert again["data"] is None and "chủ đề năm 2027" in again["html"]
    # undo: the old data again, the text and the year agree: nothing moves back twice
    undone = client.post("/api/edit", json={"path": doc["path"], "data": data}).json()
    assert undone["data"] is None and "chủ đề năm 2026" in undone["html"]


def test_rollovers_notes_carry_the_key_path_of_their_string(client):
    doc = client.post("/api/open", json={"example": VIET_HOA.name}).json()
    rolled = client.post(
        "/api/rollover", json={"path": doc["path"], "yaml": doc["yaml"], "year": 2027}
    ).json()
    notes = rolled["notes"]
    assert notes and all(set(n) == {"path", "message"} for n in notes)
    assert any(n["path"].startswith("basis[") and "2027" in n["message"] for n in notes)


def test_a_year_change_moves_the_years_of_the_document_the_server_started_with(tmp_path):
    pytest.importorskip("starlette", reason="the web stack is not installed")
    from starlette.testclient import TestClient

    from generator.serve.app import Editor, create_app

    config = tmp_path / "ke-hoach.yaml"
    config.write_text(VIET_HOA.read_text(encoding="utf-8"), encoding="utf-8")
    editor = Editor(root=tmp_path.resolve(), start=config.resolve())
    with TestClient(create_app(editor, ["testserver", "127.0.0.1"], warm=False)) as client:
        client.headers["X-Vanban-Token"] = editor.token
        doc = client.get("/api/state").json()["document"]
        data = {**doc["data"], "year": 2028}
        answer = client.post("/api/edit", json={"path": doc["path"], "data": data}).json()
    assert "chủ đề năm 2028" in answer["data"]["body"][1]["children"][2]["heading"]
    assert "Quý I năm 2028" in answer["html"]


@needs_shared
def test_an_imported_plans_review_comments_are_notes_with_their_key_paths(tmp_path):
    pytest.importorskip("starlette", reason="the web stack is not installed")
    from starlette.testclient import TestClient

    from generator.serve.app import Editor, create_app

    config = tmp_path / "kh.yaml"
    assert main(["import", str(REALDOCS / "kh-kiem-tra-cchc-2026-lam-dong.docx"),
                 "-o", str(config)]) == 0  # fmt: skip
    editor = Editor(root=tmp_path.resolve())
    with TestClient(create_app(editor, ["testserver", "127.0.0.1"], warm=False)) as client:
        client.headers["X-Vanban-Token"] = editor.token
        doc = client.post("/api/open", json={"path": "kh.yaml"}).json()
    notes = {(n["path"], n["message"]) for n in doc["notes"]}
    assert ("appendices[0].note", "The «kèm theo» line follows the plan's number and date") in notes
    assert any(path == "date" and "kèm theo" in message for path, message in notes)
