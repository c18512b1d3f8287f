"""The editor's page behind the login: `generator/serve`'s page, its requests answered from the
database: a document opens at its newest revision, previews, saves as a new revision, and a
save on a stale revision is refused."""

from __future__ import annotations

import io
import re

import docx

from .server_support import CONFIG, ORIGIN, WARD_A, add_doc, app, client_for, db  # noqa: F401


def test_the_page_needs_a_login_and_carries_the_csrf_token(app, db):
    doc = add_doc(db, WARD_A)
    anonymous = client_for(app, None)
    redirect = anonymous.get(f"/edit/{doc}", follow_redirects=False)
    assert redirect.status_code == 303 and redirect.headers["location"] == "/login"
    assert "password" in anonymous.get("/login").text
    clerk = client_for(app, "clerk_a")
    page = clerk.get(f"/edit/{doc}")
    token = re.search(r'data-token="([^"]+)"', page.text).group(1)
    assert token == clerk.cookies["csrf"]
    assert clerk.get("/static/editor.js").status_code == 200
    listing = clerk.get("/")
    assert f"/edit/{doc}" in listing.text and WARD_A in listing.text


def test_open_preview_and_save_through_the_page(app, db):
    doc = add_doc(db, WARD_A)
    clerk = client_for(app, "clerk_a")
    state = clerk.get("/api/state", headers={"Referer": f"{ORIGIN}/edit/{doc}"}).json()
    assert state["files"]["configs"] == [f"{doc}.yaml"] and state["root"] == WARD_A
    opened = state["document"]
    assert opened["path"] == f"{doc}.yaml" and opened["version"] == "1"
    assert opened["yaml"] == CONFIG and "KẾ HOẠCH" in opened["html"]
    edited = CONFIG.replace("Triển khai", "Tổ chức triển khai", 1)
    preview = clerk.post("/api/edit", json={"path": opened["path"], "yaml": edited}).json()
    assert "Tổ chức triển khai" in preview["html"] and preview["problems"] == []
    saved = clerk.post("/api/save", json={"path": opened["path"], "yaml": edited, "version": "1"})
    assert saved.json() == {"path": f"{doc}.yaml", "version": "2"}
    assert clerk.get(f"/api/documents/{doc}").json()["config"] == edited
    stale = clerk.post("/api/save", json={"path": opened["path"], "yaml": CONFIG, "version": "1"})
    assert stale.status_code == 409 and stale.json()["config"] == edited
    reopened = clerk.post("/api/open", json={"path": opened["path"]}).json()
    assert reopened["version"] == "2" and reopened["yaml"] == edited


def test_another_ward_cannot_open_or_save_through_the_page(app, db):
    doc = add_doc(db, WARD_A)
    clerk_b = client_for(app, "clerk_b")
    assert clerk_b.post("/api/open", json={"path": f"{doc}.yaml"}).status_code == 404
    saved = clerk_b.post("/api/save", json={"path": f"{doc}.yaml", "yaml": CONFIG, "version": "1"})
    assert saved.status_code == 404
    state = clerk_b.get("/api/state", headers={"Referer": f"{ORIGIN}/edit/{doc}"})
    assert state.status_code == 404


def test_a_new_document_from_an_example_is_saved_into_the_unit(app, db):
    clerk = client_for(app, "clerk_a")
    examples = clerk.get("/api/state").json()["files"]["examples"]
    opened = clerk.post("/api/open", json={"example": examples[0]}).json()
    assert opened["new"] and opened["version"] is None
    saved = clerk.post(
        "/api/save", json={"path": opened["path"], "yaml": opened["yaml"], "version": None}
    ).json()
    listed = clerk.get("/api/documents").json()["documents"]
    assert [(f"{d['id']}.yaml", d["unit"]) for d in listed] == [(saved["path"], WARD_A)]


def test_the_download_form_carries_its_token_in_the_address(app, db):
    clerk = client_for(app, "clerk_a")
    token = clerk.headers.pop("X-CSRF-Token")
    bad = clerk.post("/download/docx", params={"token": "x"}, data={"yaml": CONFIG})
    assert bad.status_code == 403
    good = clerk.post("/download/docx", params={"token": token}, data={"yaml": CONFIG})
    assert good.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(good.content)).paragraphs)
    assert "KẾ HOẠCH" in text
