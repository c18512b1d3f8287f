"""A revised base reaches each ward's plan as a three-way merge: what one side changed is
taken and saved as a new revision by the city; a difference both changed waits, the ward's
text untouched, for the clerk to choose on the merge page; nothing the ward wrote is lost,
its comments included."""

from __future__ import annotations

import copy

import yaml

from generator.serve.session import Roundtrip

from .server_support import WARD_A, WARD_B, app, client_for, db  # noqa: F401
from .test_server_base import BASE

CITY_BASIS = "Căn cứ Kế hoạch số 200/KH-UBND ngày 01/6/2026 của UBND thành phố Hải Phòng"
WARD_NOTE = "# phường: lưu tại Văn phòng"


def first_task(data: dict) -> dict:
    return data["body"][1]["children"][0]["children"][0]


def edited(text: str, change) -> str:
    """``text`` with its data changed by ``change(data)``, comments kept (as the editor)."""
    data = yaml.safe_load(text)
    change(data)
    return Roundtrip().apply(text, data)


def setup(app):
    city = client_for(app, "city")
    base = BASE.read_text(encoding="utf-8")
    assert city.post("/api/base", json={"config": base}).status_code == 200
    clerk = client_for(app, "clerk_a")
    docs = {d["unit"]: d["id"] for d in city.get("/api/documents").json()["documents"]}
    return city, clerk, base, docs


def ward_edits(clerk, doc: int, change) -> str:
    got = clerk.get(f"/api/documents/{doc}").json()
    text = edited(got["config"], change).replace("archive: VHXH", f"archive: VHXH  {WARD_NOTE}")
    put = clerk.put(f"/api/documents/{doc}", json={"config": text, "revision": got["revision"]})
    assert put.status_code == 200, put.text
    return text


def revise(city, base: str, change) -> dict:
    answer = city.post("/api/base", json={"config": edited(base, change)})
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_changes_on_different_things_are_merged_and_saved_by_the_city(app, db):
    city, clerk, base, docs = setup(app)
    ward_edits(clerk, docs[WARD_A], lambda d: first_task(d).update(timeline="Quý II/2026"))

    def city_change(d):
        d["basis"].append(CITY_BASIS)
        d["body"][1]["children"][1]["lead"] = "Phòng Văn hóa - Xã hội (thành phố sửa)"

    done = revise(city, base, city_change)
    assert (done["base"], done["merged"], done["pending"]) == (2, 2, 0)
    got = clerk.get(f"/api/documents/{docs[WARD_A]}").json()
    data = yaml.safe_load(got["config"])
    assert data["basis"][-1] == CITY_BASIS and first_task(data)["timeline"] == "Quý II/2026"
    assert data["body"][1]["children"][1]["lead"].endswith("(thành phố sửa)")
    assert WARD_NOTE in got["config"] and "# drafts: no number" in got["config"]
    history = clerk.get(f"/api/documents/{docs[WARD_A]}/history").json()["revisions"]
    assert [(h["revision"], h["author"]) for h in history] == [(1, "city"), (2, "clerk_a"),
                                                                (3, "city")]  # fmt: skip
    # the ward that never edited has the new base, filled for it
    other = yaml.safe_load(city.get(f"/api/documents/{docs[WARD_B]}").json()["config"])
    assert other["basis"][-1] == CITY_BASIS and other["ward"]["name"] == WARD_B
    assert [r["number"] for r in city.get("/api/base").json()["revisions"]] == [1, 2]


def test_a_conflict_waits_for_the_clerk_who_chooses_the_city_s_version(app, db):
    city, clerk, base, docs = setup(app)
    doc = docs[WARD_A]
    mine = ward_edits(clerk, doc, lambda d: first_task(d).update(timeline="Tháng 6/2026"))

    def city_change(d):
        first_task(d)["timeline"] = "Quý IV/2026"
        d["basis"].append(CITY_BASIS)

    done = revise(city, base, city_change)
    assert (done["merged"], done["pending"]) == (1, 1)
    assert clerk.get(f"/api/documents/{doc}").json()["config"] == mine  # untouched
    view = clerk.get(f"/api/documents/{doc}/merge").json()
    [conflict] = view["conflicts"]
    assert conflict["what"] == "Thời gian thực hiện"
    assert conflict["context"].startswith("Tổ chức quán triệt")
    assert (conflict["city"], conflict["ward"]) == ("Quý IV/2026", "Tháng 6/2026")
    page = clerk.get(f"/merge/{doc}").text
    assert "Thời gian thực hiện" in page and "Quý IV/2026" in page and "Tháng 6/2026" in page
    assert "body[" not in page and ".timeline" not in page
    assert client_for(app, "clerk_b").get(f"/merge/{doc}").status_code in (200, 404)
    assert "Quý IV" not in client_for(app, "clerk_b").get(f"/merge/{doc}").text
    saved = clerk.post(
        f"/api/documents/{doc}/merge", json={"choices": {"0": "city"}, "revision": 2}
    )
    assert saved.status_code == 200, saved.text
    text = clerk.get(f"/api/documents/{doc}").json()["config"]
    data = yaml.safe_load(text)
    assert first_task(data)["timeline"] == "Quý IV/2026" and data["basis"][-1] == CITY_BASIS
    assert WARD_NOTE in text
    assert clerk.get(f"/api/documents/{doc}/merge").json()["pending"] is False


def test_nothing_the_ward_wrote_is_lost(app, db):
    city, clerk, base, docs = setup(app)
    doc = docs[WARD_A]
    own = {"text": "Nhiệm vụ riêng của phường: tổ chức đối thoại tại tổ dân phố.",
           "lead": "Công an phường", "timeline": "Tháng 9/2026"}  # fmt: skip

    def ward_change(d):
        first_task(d)["text"] += " Phường bổ sung: báo cáo kết quả hằng quý."
        d["body"][1]["children"][0]["children"].append(copy.deepcopy(own))

    mine = ward_edits(clerk, doc, ward_change)

    # the city deletes the item the ward edited, and rewrites the closing
    def city_change(d):
        d["body"][1]["children"][0]["children"].pop(0)
        d["closing"] = "Kết thúc mới của thành phố."

    done = revise(city, base, city_change)
    assert done["pending"] == 1
    view = clerk.get(f"/api/documents/{doc}/merge").json()
    [conflict] = view["conflicts"]
    assert conflict["city"] is None and "Phường bổ sung" in conflict["ward"]["text"]
    assert "(đã bỏ)" in clerk.get(f"/merge/{doc}").text
    # the default is the ward's version: saved, every line the ward typed is there
    saved = clerk.post(f"/api/documents/{doc}/merge", json={"choices": {}, "revision": 2})
    assert saved.status_code == 200, saved.text
    text = clerk.get(f"/api/documents/{doc}").json()["config"]
    data = yaml.safe_load(text)
    tasks = data["body"][1]["children"][0]["children"]
    assert "Phường bổ sung: báo cáo kết quả hằng quý." in tasks[0]["text"]
    assert own in tasks and data["closing"] == "Kết thúc mới của thành phố."
    assert WARD_NOTE in text and mine != text


def test_a_stale_choice_is_refused(app, db):
    city, clerk, base, docs = setup(app)
    doc = docs[WARD_A]
    ward_edits(clerk, doc, lambda d: first_task(d).update(timeline="Tháng 6/2026"))
    revise(city, base, lambda d: first_task(d).update(timeline="Quý IV/2026"))
    ward_edits(clerk, doc, lambda d: d.update(closing="Phường viết lại phần kết."))
    stale = clerk.post(f"/api/documents/{doc}/merge", json={"choices": {"0": "city"},
                                                            "revision": 2})  # fmt: skip
    assert stale.status_code == 409
    assert (
        client_for(app, "clerk_b")
        .post(f"/api/documents/{doc}/merge", json={"choices": {}, "revision": 3})
        .status_code
        == 404
    )
    ok = clerk.post(f"/api/documents/{doc}/merge", json={"choices": {"0": "city"},
                                                         "revision": 3})  # fmt: skip
    assert ok.status_code == 200
    data = yaml.safe_load(clerk.get(f"/api/documents/{doc}").json()["config"])
    assert data["closing"] == "Phường viết lại phần kết."
    assert first_task(data)["timeline"] == "Quý IV/2026"


def test_an_approved_plan_waits_until_a_leader_reopens_it(app, db):
    city, clerk, base, docs = setup(app)
    doc = docs[WARD_A]
    leader = client_for(app, "leader_a")
    assert leader.post(f"/api/documents/{doc}/approve", json={"revision": 1}).is_success
    done = revise(city, base, lambda d: d["basis"].append(CITY_BASIS))
    assert (done["merged"], done["pending"]) == (1, 1)  # ward B took it; A is frozen
    assert CITY_BASIS not in clerk.get(f"/api/documents/{doc}").json()["config"]
    assert "lãnh đạo mở lại" in clerk.get(f"/merge/{doc}").text
    assert leader.post(f"/api/documents/{doc}/reopen").json()["revision"] == 2
    page = clerk.get(f"/merge/{doc}").text
    assert "bấm lưu để nhận thay đổi" in page and "<form" in page
    saved = clerk.post(f"/api/documents/{doc}/merge", json={"choices": {}, "revision": 2})
    assert saved.status_code == 200, saved.text
    assert CITY_BASIS in clerk.get(f"/api/documents/{doc}").json()["config"]
