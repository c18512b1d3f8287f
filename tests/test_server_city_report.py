"""The city's BÁO CÁO tổng hợp (the wards' results from the dashboard's rows) and the công
văn đôn đốc of a ward's late tasks, on real output."""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document as Docx

from generator.read.check import check, failed_errors
from generator.tasks.track import DONE, IN_PROGRESS

from .server_support import WARD_A, WARD_B, app, client_for, db  # noqa: F401
from .test_server_city import _issue, _other_city, setup


def _text(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def _table(document):
    return next(t for t in document.tables if t.rows[0].cells[0].text == "STT")


def _errors(data: bytes, folder: Path) -> list[str]:
    path = folder / "x.docx"
    path.write_bytes(data)
    results = check(path)
    assert failed_errors(results) == 0, [
        (r.rule.id, [f.message for f in r.findings]) for r in results if r.status == "FAIL"
    ]
    return []


def test_the_city_s_summary_report(app, db, tmp_path):
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
