"""Through the year: each ward plan's tracking online (typed in the page or uploaded as the
tracking workbook, with the due dates `vanban track` computes), the city's dashboard (JSON,
page, roll-up workbook; sorted, filtered, bounded to the city), the reminders."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from generator.config.load import load_text
from generator.pipeline import model_of
from generator.tasks.track import DONE, IN_PROGRESS, workbook

from .server_support import CITY, WARD_A, WARD_B, app, client_for, db  # noqa: F401
from .test_server_base import BASE


def setup(app):
    city = client_for(app, "city")
    assert city.post("/api/base", json={"config": BASE.read_text(encoding="utf-8")}).is_success
    docs = {d["unit"]: d["id"] for d in city.get("/api/documents").json()["documents"]}
    return city, client_for(app, "clerk_a"), docs


def model(clerk, doc):
    return model_of(load_text(clerk.get(f"/api/documents/{doc}").json()["config"], "x.yaml"))


def sheet_dues(data: bytes) -> dict[str, dt.date | None]:
    """The due dates of `vanban track`'s workbook, by its hidden key column."""
    sheet = load_workbook(io.BytesIO(data))["Theo dõi"]
    heads = {c.value: c.column for c in sheet[3]}
    out = {}
    for row in sheet.iter_rows(min_row=4):
        key = row[heads["Mã"] - 1].value
        due = row[heads["Hạn hoàn thành"] - 1].value
        out[key] = due.date() if isinstance(due, dt.datetime) else due
    return out


def test_tracking_rows_follow_the_plan_with_track_s_due_dates(app, db):
    _city, clerk, docs = setup(app)
    got = clerk.get(f"/api/documents/{docs[WARD_A]}/tracking").json()["rows"]
    expected = sheet_dues(workbook(model(clerk, docs[WARD_A])))
    assert [r["key"] for r in got] == list(expected)
    assert {r["key"]: r["due"] for r in got} == {
        k: v.isoformat() if v else None for k, v in expected.items()
    }
    assert "2026-03-10" in {r["due"] for r in got}  # "Hoàn thành trước ngày 10/3/2026"
    late = [r for r in got if r["late"]]
    assert late and all(r["due"] < dt.date.today().isoformat() for r in late)


def test_typed_in_the_page(app, db):
    city, clerk, docs = setup(app)
    doc = docs[WARD_A]
    rows = clerk.get(f"/api/documents/{doc}/tracking").json()["rows"]
    first_late = next(r for r in rows if r["late"])
    changes = [
        {"key": first_late["key"], "progress": DONE, "result": "Đã ban hành kế hoạch",
         "evidence": "KH số 12/KH-UBND"},
        {"key": rows[0]["key"], "progress": IN_PROGRESS, "note": "=SUM(A1:A3)"},
    ]  # fmt: skip
    saved = clerk.put(f"/api/documents/{doc}/tracking", json={"rows": changes})
    assert saved.status_code == 200, saved.text
    after = {r["key"]: r for r in clerk.get(f"/api/documents/{doc}/tracking").json()["rows"]}
    assert after[first_late["key"]]["done"] and not after[first_late["key"]]["late"]
    assert after[first_late["key"]]["evidence"] == "KH số 12/KH-UBND"
    assert after[rows[0]["key"]]["note"] == "=SUM(A1:A3)"
    bad = clerk.put(f"/api/documents/{doc}/tracking", json={"rows": [
        {"key": "no-such-task", "progress": DONE},
        {"key": rows[0]["key"], "progress": "xong rồi", "result": "Kết quả mới"}]})  # fmt: skip
    assert bad.status_code == 422 and len(bad.json()["problems"]) == 2
    again = {r["key"]: r for r in clerk.get(f"/api/documents/{doc}/tracking").json()["rows"]}
    assert again[rows[0]["key"]]["result"] == ""  # nothing saved
    # the city reads it, cannot type in it; the other ward does not see it
    assert city.get(f"/api/documents/{doc}/tracking").status_code == 200
    assert city.put(f"/api/documents/{doc}/tracking", json={"rows": []}).status_code == 403
    assert client_for(app, "clerk_b").get(f"/api/documents/{doc}/tracking").status_code == 404


def test_uploaded_as_the_tracking_workbook(app, db):
    _city, clerk, docs = setup(app)
    doc = docs[WARD_A]
    book = load_workbook(io.BytesIO(workbook(model(clerk, doc))))
    sheet = book["Theo dõi"]
    heads = {c.value: c.column for c in sheet[3]}
    sheet.insert_cols(1)  # the clerk's own column, and the rows sorted differently
    sheet.cell(3, 1, "Người theo dõi")
    heads = {k: v + 1 for k, v in heads.items()}
    key_of_row = {r: sheet.cell(r, heads["Mã"]).value for r in range(4, sheet.max_row + 1)}
    sheet.cell(5, heads["Tiến độ"], "hoàn thành")
    sheet.cell(5, heads["Kết quả"], "Đã tổ chức 3 hội nghị")
    sheet.cell(6, heads["Tiến độ"], IN_PROGRESS)
    sheet.cell(6, heads["Minh chứng"]).value = '=HYPERLINK("x")'
    sheet.cell(6, heads["Minh chứng"]).data_type = "s"
    out = io.BytesIO()
    book.save(out)
    files = {"file": ("theo-doi.xlsx", out.getvalue(), "application/octet-stream")}
    answer = clerk.post(f"/api/documents/{doc}/tracking.xlsx", files=files)
    assert answer.status_code == 200, answer.text
    rows = {r["key"]: r for r in answer.json()["rows"]}
    assert rows[key_of_row[5]]["progress"] == DONE
    assert rows[key_of_row[5]]["result"] == "Đã tổ chức 3 hội nghị"
    assert rows[key_of_row[6]]["evidence"] == '=HYPERLINK("x")'
    assert rows[key_of_row[6]]["in_progress"]
    for junk in (b"%PDF-1.4 not a workbook", b""):
        files = {"file": ("theo-doi.xlsx", junk, "application/octet-stream")}
        refused = clerk.post(f"/api/documents/{doc}/tracking.xlsx", files=files)
        assert refused.status_code == 422 and "theo-doi.xlsx" in refused.json()["error"]


def _issue(app, doc):
    leader = client_for(app, "leader_a")
    issued = {"number": "15/KH-UBND", "date": "2026-03-02"}
    assert leader.post(f"/api/documents/{doc}/issued", json=issued).status_code == 409
    head = leader.get(f"/api/documents/{doc}").json()["revision"]
    assert leader.post(f"/api/documents/{doc}/approve", json={"revision": head}).is_success
    ok = leader.post(f"/api/documents/{doc}/issued",
                     json={"number": "15/KH-UBND", "date": "2026-03-02"})  # fmt: skip
    assert ok.status_code == 200, ok.text


def a_city_under_way(app, db):
    """Two wards of a city and one of another; ward A's plan issued, one late task done, one
    in progress, its report sent."""
    city, clerk, docs = setup(app)
    _other_city(db)
    doc = docs[WARD_A]
    rows = clerk.get(f"/api/documents/{doc}/tracking").json()["rows"]
    late = [r for r in rows if r["late"]]
    clerk.put(f"/api/documents/{doc}/tracking", json={"rows": [
        {"key": late[0]["key"], "progress": DONE}, {"key": rows[0]["key"], "progress": IN_PROGRESS}
    ]})  # fmt: skip
    _issue(app, doc)
    assert clerk.post(f"/api/documents/{doc}/report", json={"period": "6 tháng"}).is_success
    return city, clerk, docs, doc, rows, late


def test_the_dashboard(app, db):
    city, clerk, _docs, _doc, rows, late = a_city_under_way(app, db)
    assert clerk.get("/api/dashboard").status_code == 403
    got = city.get("/api/dashboard").json()["wards"]
    assert [r["name"] for r in got] == sorted([WARD_A, WARD_B])
    a = next(r for r in got if r["name"] == WARD_A)
    b = next(r for r in got if r["name"] == WARD_B)
    assert (a["state"], a["number"], a["issued_on"]) == ("issued", "15/KH-UBND", "2026-03-02")
    assert (a["tasks"], a["done"], a["in_progress"], a["late"]) == (len(rows), 1, 1, len(late) - 1)
    assert a["report_sent"] and a["report_period"] == "6 tháng"
    assert (b["state"], b["tasks"], b["done"], b["late"], b["report_sent"]) == (
        "drafting", 0, 0, 0, False)  # fmt: skip
    names = lambda q: [r["name"] for r in city.get("/api/dashboard", params=q).json()["wards"]]  # noqa: E731
    assert names({"sort": "late", "order": "desc"}) == [WARD_A, WARD_B]
    assert names({"state": "drafting"}) == [WARD_B]
    assert names({"report": "missing"}) == [WARD_B]
    assert names({"late": "1"}) == [WARD_A]
    assert names({"q": WARD_B.split()[0].lower()}) == [WARD_B]
    assert city.get("/api/dashboard", params={"sort": "x"}).status_code == 400
    page = city.get("/dashboard", params={"sort": "late", "order": "desc"}).text
    assert page.index(WARD_A) < page.index(WARD_B)
    assert "Đã ban hành, số 15/KH-UBND, 02/03/2026" in page and "chưa gửi" in page
    assert "Quảng Ninh" not in page and "Lạc Long" not in page
    book = load_workbook(io.BytesIO(city.get("/api/dashboard.xlsx").content))
    sheet = book.active
    table = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert table[0][:3] == ["Phường, xã", "Kế hoạch", "Số nhiệm vụ"]
    assert [r[0] for r in table[1:]] == [*sorted([WARD_A, WARD_B]), "Tổng cộng"]
    assert table[-1][5] == len(late) - 1


def _other_city(db):
    """A ward of another city with a plan: never on Hải Phòng's dashboard."""
    from generator.server.base import publish, targets_of
    from generator.server.units import find_unit, load_units

    with db.session() as session:
        import tempfile
        from pathlib import Path

        with tempfile.TemporaryDirectory() as tmp:
            table = Path(tmp) / "qn.csv"
            table.write_text("ward,kind,province\nLạc Long,phường,tỉnh Quảng Ninh\n",
                             encoding="utf-8")  # fmt: skip
            load_units(session, table)
        qn = find_unit(session, "tỉnh Quảng Ninh")
        publish(session, qn.id, BASE.read_text(encoding="utf-8"), "b.yaml",
                targets_of(session, qn.id))  # fmt: skip


def test_the_reminders(app, db):
    city, clerk, docs = setup(app)
    got = {r["ward"]: r for r in city.get("/api/reminders").json()["wards"]}
    assert set(got) == {WARD_A, WARD_B}  # no report from either; tasks not yet tracked
    rows = clerk.get(f"/api/documents/{docs[WARD_A]}/tracking").json()["rows"]
    late = [r for r in rows if r["late"]]
    got = {r["ward"]: r for r in city.get("/api/reminders").json()["wards"]}
    assert got[WARD_A]["late"] == len(late)
    assert [t["content"] for t in got[WARD_A]["late_tasks"]] == [r["content"] for r in late]
    clerk.put(f"/api/documents/{docs[WARD_A]}/tracking",
              json={"rows": [{"key": r["key"], "progress": DONE} for r in late]})  # fmt: skip
    clerk.post(f"/api/documents/{docs[WARD_A]}/report", json={"period": "6 tháng"})
    assert [r["ward"] for r in city.get("/api/reminders").json()["wards"]] == [WARD_B]
    assert clerk.get("/api/reminders").status_code == 403


@pytest.mark.parametrize("period", ["", "x" * 80, 7])
def test_a_report_mark_needs_its_period(app, db, period):
    _city, clerk, docs = setup(app)
    answer = clerk.post(f"/api/documents/{docs[WARD_A]}/report", json={"period": period})
    assert answer.status_code == 400


def test_the_ward_s_report_is_drafted_from_its_tracking(app, db):
    _city, clerk, docs = setup(app)
    doc = docs[WARD_A]
    rows = clerk.get(f"/api/documents/{doc}/tracking").json()["rows"]
    typed = {"key": rows[0]["key"], "progress": DONE, "result": "Đã tổ chức 12 hội nghị"}
    clerk.put(f"/api/documents/{doc}/tracking", json={"rows": [typed]})
    assert clerk.post(f"/api/documents/{doc}/report-draft", json={"period": "x"}).status_code == 400
    made = clerk.post(f"/api/documents/{doc}/report-draft", json={"period": "6m"})
    assert made.status_code == 201, made.text
    text = clerk.get(f"/api/documents/{made.json()['id']}").json()["config"]
    report = model_of(load_text(text, "r.yaml"))
    assert report.title == "BÁO CÁO" and "6 tháng đầu năm 2026" in " ".join(report.subject)
    assert "Đã tổ chức 12 hội nghị" in text
    listed = {d["id"]: d["unit"] for d in clerk.get("/api/documents").json()["documents"]}
    assert listed[made.json()["id"]] == WARD_A
    other = client_for(app, "clerk_b").post(f"/api/documents/{doc}/report-draft",
                                            json={"period": "6m"})  # fmt: skip
    assert other.status_code == 404
