"""The editor's page behind the login: `generator/serve`'s page, its requests answered from the
database: a document opens at its newest revision, previews, saves as a new revision, and a
save on a stale revision is refused."""

from __future__ import annotations

import io
import re

import docx

from .server_support import (  # noqa: F401
    CONFIG,
    ORIGIN,
    PASSWORD,
    WARD_A,
    WARD_B,
    add_doc,
    app,
    client_for,
    db,
)


def test_the_page_needs_a_login_and_carries_the_csrf_token(app, db):
    doc = add_doc(db, WARD_A)
    anonymous = client_for(app, None)
    redirect = anonymous.get(f"/edit/{doc}", follow_redirects=False)
    assert redirect.status_code == 303 and redirect.headers["location"] == "/login"
    assert "password" in anonymous.get("/login").text
    clerk = client_for(app, "clerk_a")
    page = clerk.get(f"/edit/{doc}")
    token = re.search(r'data-token="([^"]+)"', page.text).group(1)
    assert token == clerk.cookies["csrf"] and page.headers["x-frame-options"] == "DENY"
    assert clerk.get("/static/editor.js").status_code == 200
    listing = clerk.get("/")
    assert f"/edit/{doc}" in listing.text and WARD_A in listing.text


def test_open_preview_and_save_through_the_page(app, db):
    doc = add_doc(db, WARD_A)
    add_doc(db, WARD_B, CONFIG.replace("Triển khai", "Phường khác triển khai", 1))
    clerk = client_for(app, "clerk_a")
    at = {"Referer": f"{ORIGIN}/edit/{doc}"}
    later = clerk.get("/api/state", params={"start": "later"}, headers=at).json()
    assert later["start"] == f"{doc}.yaml" and later["document"] is None  # her draft first
    state = clerk.get("/api/state", headers=at).json()
    assert set(state) == {"files", "start", "document"}
    listed = state["files"]["documents"]
    assert [d["path"] for d in listed] == [f"{doc}.yaml"]  # only her unit's
    assert listed[0]["kind"] == "Kế hoạch" and listed[0]["subject"].startswith("Thực hiện Nghị")
    kinds = [g["kind"] for g in state["files"]["gallery"]]
    assert kinds[0] == "ke_hoach" and any(g["base"] for g in state["files"]["gallery"])
    opened = state["document"]
    assert opened["path"] == f"{doc}.yaml" and opened["version"] == "1" and not opened["new"]
    assert opened["yaml"] == CONFIG and "KẾ HOẠCH" in opened["html"] and opened["labels"]
    edited = CONFIG.replace("Triển khai", "Tổ chức triển khai", 1)
    preview = clerk.post("/api/edit", json={"path": opened["path"], "yaml": edited}).json()
    assert "Tổ chức triển khai" in preview["html"] and preview["problems"] == []
    saved = clerk.post("/api/save", json={"path": opened["path"], "yaml": edited, "version": "1",
                                          "new": False}).json()  # fmt: skip
    assert (saved["path"], saved["version"], saved["kind"]) == (f"{doc}.yaml", "2", "Kế hoạch")
    assert saved["subject"] == listed[0]["subject"]
    assert clerk.get(f"/api/documents/{doc}").json()["config"] == edited
    reopened = clerk.post("/api/open", json={"path": opened["path"]}).json()
    assert reopened["version"] == "2" and reopened["yaml"] == edited


def test_a_stale_save_is_refused_in_the_pages_words(app, db):
    doc = add_doc(db, WARD_A)
    first, second = client_for(app, "clerk_a"), client_for(app, "clerk_a2")
    edited = CONFIG.replace("Triển khai", "Tổ chức triển khai", 1)
    path = f"{doc}.yaml"
    assert first.post("/api/save", json={"path": path, "yaml": edited, "version": "1"}).is_success
    stale = second.post("/api/save", json={"path": path, "yaml": CONFIG, "version": "1"})
    assert stale.status_code == 409 and stale.json()["config"] == edited
    message = stale.json()["error"]
    assert "clerk_a" in message and "Chưa lưu" in message and "revision" not in message
    assert second.get(f"/api/documents/{doc}").json()["revision"] == 2
    broken = second.post("/api/save", json={"path": path, "yaml": "a: [1,", "version": "2"})
    assert broken.status_code == 422 and "dòng 1" in broken.json()["error"]
    assert "YAML" not in broken.json()["error"]


def test_the_wizard_makes_a_new_document_of_her_unit(app, db):
    clerk = client_for(app, "clerk_a")
    answers = {
        "kind": "ke_hoach",
        "subject": "Kiểm tra công tác cải cách hành chính năm 2026",
        "ward": {"name": WARD_A, "kind": "phường"},
        "signer": {"name": "Nguyễn Văn A"},
        "year": 2026,
        "draft": True,
    }
    doc = clerk.post("/api/new", json=answers).json()
    assert doc["new"] and doc["version"] is None and doc["data"]["ward"]["name"] == WARD_A
    assert "Kiểm tra công tác cải cách" in doc["html"]
    assert clerk.post("/api/new", json={"kind": "khong-co"}).status_code == 422
    saved = clerk.post("/api/save", json={"path": doc["path"], "yaml": doc["yaml"],
                                          "version": None, "new": True}).json()  # fmt: skip
    assert saved["version"] == "1" and saved["subject"].startswith("Kiểm tra công tác")
    listed = clerk.get("/api/documents").json()["documents"]
    assert [(f"{d['id']}.yaml", d["unit"], d["revision"]) for d in listed] == [
        (saved["path"], WARD_A, 1)]  # fmt: skip
    again = clerk.get("/api/state").json()["files"]["documents"]
    assert [d["path"] for d in again] == [saved["path"]]
    admin = client_for(app, "admin")
    refused = admin.post("/api/save", json={"path": "x.yaml", "yaml": doc["yaml"], "new": True})
    assert refused.status_code == 403


def test_an_example_from_the_gallery_opens_unsaved(app, db):
    clerk = client_for(app, "clerk_a")
    base = next(g["base"] for g in clerk.get("/api/state").json()["files"]["gallery"] if g["base"])
    opened = clerk.post("/api/open", json={"example": base}).json()
    assert opened["new"] and opened["version"] is None and opened["html"]
    assert clerk.post("/api/open", json={"example": "../../etc/passwd"}).status_code == 404


def test_history_lists_shows_and_restores_a_revision(app, db):
    doc = add_doc(db, WARD_A)
    clerk = client_for(app, "clerk_a")
    path = f"{doc}.yaml"
    edited = CONFIG.replace("Triển khai", "Tổ chức triển khai", 1)
    clerk.post("/api/save", json={"path": path, "yaml": edited, "version": "1"})
    versions = clerk.post("/api/history", json={"path": path}).json()["versions"]
    assert [v["id"] for v in versions] == ["1"] and re.fullmatch(
        r"\d\d/\d\d/\d{4} .*", versions[0]["time"]
    )
    one = clerk.post("/api/history/version", json={"path": path, "id": "1"}).json()
    assert one["yaml"] == CONFIG and "KẾ HOẠCH" in one["html"]
    assert clerk.post("/api/history/version", json={"path": path, "id": "9"}).status_code == 404
    restored = clerk.post("/api/save", json={"path": path, "yaml": one["yaml"], "version": "2"})
    assert restored.json()["version"] == "3"
    assert clerk.get(f"/api/documents/{doc}").json()["config"] == CONFIG
    later = clerk.post("/api/history", json={"path": path}).json()["versions"]
    assert [v["id"] for v in later] == ["2", "1"]


def test_the_guide_is_behind_the_login(app, db):
    assert client_for(app, None).get("/huong-dan", follow_redirects=False).status_code == 303
    guide = client_for(app, "clerk_a").get("/huong-dan")
    assert guide.status_code == 200 and "Hướng dẫn" in guide.text


def test_another_units_document_is_refused_on_every_route(app, db):
    doc = add_doc(db, WARD_A)
    path = f"{doc}.yaml"
    clerk_b = client_for(app, "clerk_b")
    for url, body in [
        ("/api/open", {"path": path}),
        ("/api/save", {"path": path, "yaml": CONFIG, "version": "1"}),
        ("/api/history", {"path": path}),
        ("/api/history/version", {"path": path, "id": "1"}),
    ]:
        answer = clerk_b.post(url, json=body)
        assert answer.status_code == 404, (url, answer.text)
        assert CONFIG[:40] not in answer.text
    for params in ({}, {"start": "later"}):
        state = clerk_b.get(
            "/api/state", params=params, headers={"Referer": f"{ORIGIN}/edit/{doc}"}
        )
        assert state.status_code == 404
    assert clerk_b.get("/api/state").json()["files"]["documents"] == []
    assert clerk_b.get(f"/edit/{doc}").status_code == 404
    assert clerk_b.get("/edit/new").status_code == 200
    assert clerk_b.get("/edit/99999999999999").status_code == 404
    assert client_for(app, "clerk_a").get(f"/api/documents/{doc}").json()["revision"] == 1


def test_the_pages_routes_need_the_session_and_the_token(app, db):
    doc = add_doc(db, WARD_A)
    anonymous = client_for(app, None)
    assert anonymous.get("/api/state").status_code == 401
    clerk = client_for(app, "clerk_a")
    token = clerk.headers.pop("X-CSRF-Token")
    for url in ("/api/new", "/api/history", "/api/history/version", "/api/save"):
        assert anonymous.post(url, json={}).status_code == 401
        refused = clerk.post(url, json={"path": f"{doc}.yaml", "id": "1", "yaml": CONFIG})
        assert refused.status_code == 403
    clerk.headers["X-Vanban-Token"] = token  # the page's own header, the same token
    assert clerk.post("/api/history", json={"path": f"{doc}.yaml"}).status_code == 200
    for body in (b"[", b"[1]", b"\xff", b'{"path": {"a": 1}, "id": [1]}'):
        for url in ("/api/new", "/api/history", "/api/history/version", "/api/save"):
            answer = clerk.post(url, content=body, headers={"Content-Type": "application/json"})
            low = 200 if url == "/api/new" else 400  # the wizard's defaults: a blank plan
            assert low <= answer.status_code < 500, (url, body, answer.text)


def test_the_download_form_carries_its_token_in_the_address(app, db):
    clerk = client_for(app, "clerk_a")
    token = clerk.headers.pop("X-CSRF-Token")
    bad = clerk.post("/download/docx", params={"token": "x"}, data={"yaml": CONFIG})
    assert bad.status_code == 403
    good = clerk.post("/download/docx", params={"token": token}, data={"yaml": CONFIG})
    assert good.status_code == 200
    fetched = clerk.post("/download/docx", json={"yaml": CONFIG}, headers={"X-Vanban-Token": token})
    assert fetched.status_code == 200 and fetched.content == good.content
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(good.content)).paragraphs)
    assert "KẾ HOẠCH" in text


def test_the_login_form_in_a_browser(app):
    browser = client_for(app, None)
    browser.headers["Accept"] = "text/html"
    wrong = browser.post("/login", data={"login": "clerk_a", "password": "sai-mat-khau"})
    assert wrong.status_code == 401 and "Sai tên đăng nhập hoặc mật khẩu" in wrong.text
    right = browser.post("/login", data={"login": "clerk_a", "password": PASSWORD},
                         follow_redirects=False)  # fmt: skip
    assert right.status_code == 303 and right.headers["location"] == "/"
    assert "vanban_session" in browser.cookies


def test_a_word_plan_uploaded_becomes_a_document_with_its_file_kept(app, db, tmp_path):
    from sqlalchemy import select

    from generator.pipeline import model_of, write_document
    from generator.server.db import Blob, Document, Revision

    from .conftest import EXAMPLES

    plan = write_document(model_of(EXAMPLES[1]), tmp_path).path
    clerk = client_for(app, "clerk_a")
    with plan.open("rb") as f:
        answer = clerk.post("/api/upload", files={"file": (plan.name, f)})
    assert answer.status_code == 200, answer.text
    opened = answer.json()
    assert opened["version"] == "1" and not opened["new"] and "KẾ HOẠCH" in opened["html"]
    assert opened["labels"]["body[0]"] == "I." and isinstance(opened["notes"], list)
    doc_id = int(opened["path"].split(".")[0])
    with db.session() as session:
        doc = session.get(Document, doc_id)
        kept = session.get(Blob, doc.source_sha)
        note = session.scalar(select(Revision.note).where(Revision.document_id == doc_id))
    assert kept.data == plan.read_bytes() and note == "import" and doc.unit_id is not None
    assert clerk.get(f"/api/documents/{doc_id}").json()["unit"] == WARD_A
    admin = client_for(app, "admin")
    with plan.open("rb") as f:
        assert admin.post("/api/upload", files={"file": (plan.name, f)}).status_code == 403


def test_problems_reach_the_page_in_her_words(app, db):
    doc = add_doc(db, WARD_A)
    clerk = client_for(app, "clerk_a")
    broken = CONFIG.replace("kind: ke_hoach", "kind: ke_hoach_sai", 1)
    assert broken != CONFIG
    for url, body in [
        ("/api/print", {"path": f"{doc}.yaml", "yaml": broken}),
        ("/api/rollover", {"path": f"{doc}.yaml", "yaml": "a: [1,", "year": 2027}),
        ("/api/merge", {"path": f"{doc}.yaml", "yaml": "a: [1,", "data": {}}),
        ("/api/save", {"path": f"{doc}.yaml", "yaml": "a: [1,", "version": "1"}),
    ]:
        answer = clerk.post(url, json=body)
        text = answer.text
        assert 400 <= answer.status_code < 500, (url, text)
        for word in (".yaml", "YAML", "mapping", "parsing", "/tmp", "ke_hoach_sai'"):
            assert word not in answer.json()["error"], (url, word, text)
    edited = clerk.post("/api/edit", json={"path": f"{doc}.yaml", "yaml": broken}).json()
    assert edited["problems"] and all(".yaml" not in p["message"] for p in edited["problems"])
