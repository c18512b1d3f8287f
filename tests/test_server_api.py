"""`vanban server`'s HTTP API on a real database: each ward sees only its documents, the city
reads them all, a stale save is refused with the other person's change, an approved document is
frozen until a leader reopens it."""

from __future__ import annotations

from .server_support import CITY, CONFIG, WARD_A, WARD_B, add_doc, app, client_for, db  # noqa: F401


def _edited(text: str, words: str) -> str:
    return text.replace("Triển khai", words, 1)


def test_two_wards_are_isolated(app, db):
    a, b = add_doc(db, WARD_A), add_doc(db, WARD_B)
    clerk_b = client_for(app, "clerk_b")
    listed = clerk_b.get("/api/documents").json()["documents"]
    assert [(d["id"], d["unit"]) for d in listed] == [(b, WARD_B)]
    assert clerk_b.get(f"/api/documents/{a}").status_code == 404
    put = clerk_b.put(f"/api/documents/{a}", json={"config": "kind: ke_hoach\n", "revision": 1})
    assert put.status_code == 404
    assert clerk_b.get(f"/api/documents/{a}/history").status_code == 404
    assert clerk_b.get(f"/api/documents/{a}/docx").status_code == 404
    clerk_a = client_for(app, "clerk_a")
    got = clerk_a.get(f"/api/documents/{a}").json()
    assert got["config"] == CONFIG and got["revision"] == 1 and got["unit"] == WARD_A


def test_the_city_reads_every_ward_and_edits_only_its_own(app, db):
    a, b, own = add_doc(db, WARD_A), add_doc(db, WARD_B), add_doc(db, CITY)
    city = client_for(app, "city")
    listed = {d["id"]: d["unit"] for d in city.get("/api/documents").json()["documents"]}
    assert listed == {a: WARD_A, b: WARD_B, own: CITY}
    assert city.get(f"/api/documents/{b}").json()["config"] == CONFIG
    refused = city.put(f"/api/documents/{a}", json={"config": CONFIG, "revision": 1})
    assert refused.status_code == 403
    saved = city.put(f"/api/documents/{own}", json={"config": _edited(CONFIG, "X"), "revision": 1})
    assert saved.status_code == 200 and saved.json()["revision"] == 2
    admin = client_for(app, "admin")  # the admin manages users: reads its unit, edits nothing
    assert (
        admin.put(f"/api/documents/{own}", json={"config": CONFIG, "revision": 2}).status_code
        == 403
    )


def test_a_stale_save_is_refused_with_the_other_change(app, db):
    doc = add_doc(db, WARD_A)
    first, second = client_for(app, "clerk_a"), client_for(app, "clerk_a2")
    mine = _edited(CONFIG, "Tổ chức triển khai")
    ok = first.put(f"/api/documents/{doc}", json={"config": mine, "revision": 1})
    assert ok.status_code == 200 and ok.json()["revision"] == 2
    late = second.put(f"/api/documents/{doc}", json={"config": _edited(CONFIG, "Y"), "revision": 1})
    assert late.status_code == 409
    body = late.json()
    assert body["config"] == mine and body["revision"] == 2 and body["author"] == "clerk_a"
    assert "clerk_a" in body["error"]
    current = second.get(f"/api/documents/{doc}").json()
    assert current["config"] == mine and current["revision"] == 2
    history = second.get(f"/api/documents/{doc}/history").json()["revisions"]
    assert [(h["revision"], h["base"], h["author"]) for h in history] == [
        (1, None, None),
        (2, 1, "clerk_a"),
    ]


def test_an_approved_document_is_frozen_until_a_leader_reopens_it(app, db):
    doc = add_doc(db, WARD_A)
    clerk, leader = client_for(app, "clerk_a"), client_for(app, "leader_a")
    assert clerk.post(f"/api/documents/{doc}/approve", json={"revision": 1}).status_code == 403
    assert (
        client_for(app, "clerk_b")
        .post(f"/api/documents/{doc}/approve", json={"revision": 1})
        .status_code
        == 404
    )
    assert leader.post(f"/api/documents/{doc}/approve", json={"revision": 1}).json() == {
        "id": doc,
        "approved": 1,
    }
    frozen = clerk.put(
        f"/api/documents/{doc}", json={"config": _edited(CONFIG, "Z"), "revision": 1}
    )
    assert frozen.status_code == 423 and "duyệt" in frozen.json()["error"]
    assert clerk.get(f"/api/documents/{doc}").json()["approved"] == 1
    reopened = leader.post(f"/api/documents/{doc}/reopen")
    assert reopened.json()["revision"] == 2
    state = clerk.get(f"/api/documents/{doc}").json()
    assert state["approved"] is None and state["config"] == CONFIG
    assert (
        clerk.put(
            f"/api/documents/{doc}", json={"config": _edited(CONFIG, "Z"), "revision": 2}
        ).status_code
        == 200
    )


def test_the_docx_of_a_revision_is_made_once(app, db):
    import io

    import docx
    from sqlalchemy import func, select

    from generator.server.db import Blob, Output

    doc = add_doc(db, WARD_A)
    clerk = client_for(app, "clerk_a")
    first = clerk.get(f"/api/documents/{doc}/docx")
    assert first.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(first.content)).paragraphs)
    assert "KẾ HOẠCH" in text
    assert clerk.get(f"/api/documents/{doc}/docx").content == first.content
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Output)) == 1
        assert session.scalar(select(func.count()).select_from(Blob)) == 1
