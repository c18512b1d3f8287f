"""The city's BÁO CÁO tổng hợp (the wards' results from the dashboard's rows) and the công
văn đôn đốc of a ward's late tasks, on real output."""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document as Docx

from generator.read.check import check, failed_errors
from generator.tasks.track import DONE

from .server_support import WARD_A, WARD_B, app, client_for, db  # noqa: F401
from .test_server_city import _other_city, a_city_under_way, setup


def _text(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def _table(document):
    return next(t for t in document.tables if t.rows[0].cells[0].text == "STT")


def _errors(data: bytes, folder: Path) -> None:
    """`vanban check` finds no error in the .docx ``data``."""
    path = folder / "x.docx"
    path.write_bytes(data)
    results = check(path)
    assert failed_errors(results) == 0, [
        (r.rule.id, [f.message for f in r.findings]) for r in results if r.status == "FAIL"
    ]


def test_the_city_s_summary_report(app, db, tmp_path):
    city, clerk, _docs, _doc, rows, late = a_city_under_way(app, db)
    answer = city.get("/api/dashboard/bao-cao.docx")
    assert answer.status_code == 200, answer.text
    assert "attachment" in answer.headers["content-disposition"]
    document = Docx(io.BytesIO(answer.content))
    text = _text(document)
    assert "BÁO CÁO" in text and "Tổng hợp kết quả thực hiện kế hoạch" in text
    n = len(rows)
    assert (f"có 02 phường, xã; 01 phường, xã đã ban hành kế hoạch; các phường, xã đã hoàn "
            f"thành 01/{n:02d} nhiệm vụ, 01 nhiệm vụ đang thực hiện, {len(late) - 1:02d} "
            "nhiệm vụ quá hạn; 01 phường, xã đã gửi báo cáo") in " ".join(text.split())  # fmt: skip
    table = _table(document)
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells[0] == ["STT", "Phường/xã", "Kế hoạch", "Số nhiệm vụ", "Hoàn thành",
                        "Đang thực hiện", "Quá hạn", "Báo cáo"]  # fmt: skip
    assert cells[1:] == [
        ["1", WARD_A, "Đã ban hành, số 15/KH-UBND", str(n), "1", "1", str(len(late) - 1),
         "Đã gửi (6 tháng)"],
        ["2", WARD_B, "Đang soạn thảo", "0", "0", "0", "0", "Chưa gửi"],
    ]  # fmt: skip
    assert "Lạc Long" not in text + str(cells)
    _errors(answer.content, tmp_path)
    only_late = Docx(io.BytesIO(city.get("/api/dashboard/bao-cao.docx",
                                         params={"late": "1"}).content))  # fmt: skip
    assert [r.cells[1].text for r in _table(only_late).rows[1:]] == [WARD_A]
    assert clerk.get("/api/dashboard/bao-cao.docx").status_code in (403, 404)
    assert client_for(app, "leader_a").get("/api/dashboard/bao-cao.docx").status_code in (403, 404)
    page = city.get("/dashboard").text
    assert "/api/dashboard/bao-cao.docx" in page


def _letter_text(data: bytes) -> str:
    document = Docx(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return " ".join(" ".join([*(p.text for p in document.paragraphs), *cells]).split())


def _lac_long(db) -> int:
    """The plan of the other city's ward."""
    from sqlalchemy import select

    from generator.server.city_db import WardPlan
    from generator.server.db import Unit

    with db.session() as session:
        return session.scalar(
            select(WardPlan.document_id).join(Unit, Unit.id == WardPlan.unit_id)
            .where(Unit.name == "Lạc Long")
        )  # fmt: skip


def test_the_reminders_letters(app, db, tmp_path):
    import zipfile

    city, clerk, docs = setup(app)
    _other_city(db)
    doc = docs[WARD_A]
    rows = clerk.get(f"/api/documents/{doc}/tracking").json()["rows"]
    late = [r for r in rows if r["late"]]
    for who in (city, clerk, client_for(app, "leader_a")):
        answer = who.get(f"/api/reminders/{doc}/cong-van.docx")
        assert answer.status_code == 200, answer.text
    text = _letter_text(answer.content)
    assert "V/v đôn đốc thực hiện Kế hoạch số" in text, text[:400]
    assert "còn" in text and "nhiệm vụ đến hạn nhưng chưa hoàn thành" in text
    _errors(answer.content, tmp_path)
    bundle = zipfile.ZipFile(io.BytesIO(city.get(f"/api/reminders/{doc}/cong-van.zip").content))
    names = bundle.namelist()
    assert names and all(n.startswith("CV-don-doc-") and n.endswith(".docx") for n in names)
    assert names[0] == answer.headers["content-disposition"].split('"')[1]
    letters = [_letter_text(bundle.read(n)) for n in names]
    for row in late:  # each late task is in the letter of its lead agency
        words = " ".join(row["content"].split())[:60]
        assert sum(words in t for t in letters) >= 1, words
    for data in (bundle.read(n) for n in names):
        _errors(data, tmp_path)
    # another city's ward, another ward's clerk: not found
    assert isinstance(_lac_long(db), int)
    assert city.get(f"/api/reminders/{_lac_long(db)}/cong-van.docx").status_code == 404
    assert city.get(f"/api/reminders/{_lac_long(db)}/cong-van.zip").status_code == 404
    assert client_for(app, "clerk_b").get(f"/api/reminders/{doc}/cong-van.docx").status_code == 404
    for junk in ("abc", "99999999999999999999", "-1"):
        assert city.get(f"/api/reminders/{junk}/cong-van.zip").status_code == 404
    # every late task done: nothing to remind, said in Vietnamese
    clerk.put(f"/api/documents/{doc}/tracking",
              json={"rows": [{"key": r["key"], "progress": DONE} for r in late]})  # fmt: skip
    none = clerk.get(f"/api/reminders/{doc}/cong-van.docx")
    assert none.status_code == 404 and "không có công văn đôn đốc" in none.json()["error"]
    assert city.get(f"/api/reminders/{doc}/cong-van.zip").status_code == 404
