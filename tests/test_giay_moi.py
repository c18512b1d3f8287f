"""A giấy mời (Mẫu 1.7): whom it invites, to what, who chairs, when the Vietnamese way, where,
its notes, and "Như thành phần mời;" first in Nơi nhận."""

from __future__ import annotations

import docx
import pytest
from openxml_audit import OpenXmlValidator

from generator.cli import main
from generator.read.check import verdict

from .conftest import MINIMAL, ROOT, render_dict, write_yaml

MEETING = {"title": "Hội nghị triển khai Kế hoạch số 164/KH-UBND",
           "chair": "đồng chí Nguyễn Văn A, Chủ tịch UBND phường",
           "date": "15/07/2026", "time": "14h00", "place": "Hội trường UBND phường",
           "invitees": ["Lãnh đạo các phòng chuyên môn", "- Công an phường;"],
           "notes": ["Đề nghị các đại biểu mang theo tài liệu"]}  # fmt: skip
GM = {**MINIMAL, "kind": "giay_moi", "subject": "Dự Hội nghị triển khai Kế hoạch",
      "meeting": MEETING, "body": [], "recipients": ["UBND thành phố"],
      "archive": "VP"}  # fmt: skip


def test_the_invitation_reads_as_a_clerk_writes_it(tmp_path):
    doc = render_dict(tmp_path, **GM)
    lines = [p.text for p in doc.paragraphs if p.text.strip()]
    at = lines.index("GIẤY MỜI")
    assert lines[at + 1] == "Dự Hội nghị triển khai Kế hoạch"
    assert lines[at + 2 :] == [
        "Ủy ban nhân dân phường Nhị Chiểu trân trọng kính mời:",
        "- Lãnh đạo các phòng chuyên môn;", "- Công an phường.",
        "Tới dự hội nghị triển khai Kế hoạch số 164/KH-UBND.",
        "Chủ trì: đồng chí Nguyễn Văn A, Chủ tịch UBND phường.",
        "Thời gian: 14 giờ 00 phút, thứ Tư, ngày 15/7/2026.",
        "Địa điểm: Hội trường UBND phường.",
        "Đề nghị các đại biểu mang theo tài liệu.",
        "Rất mong các đại biểu tham dự đúng thành phần, thời gian./.",
    ]  # fmt: skip
    noi_nhan = [p.text for p in doc.tables[-1].cell(0, 0).paragraphs]
    assert noi_nhan[1:3] == ["- Như thành phần mời;", "- UBND thành phố;"]
    assert any("/GM-UBND" in p.text for p in doc.tables[0].cell(1, 0).paragraphs)
    path = next(tmp_path.glob("**/GM-*.docx"))
    v = verdict(path)
    assert v.kind == "giay_moi" and v.count("error") == 0
    assert OpenXmlValidator(max_errors=0).validate(str(path)).errors == []


@pytest.mark.parametrize("date, time, printed", [
    ("2026-03-01", "7:30", "07 giờ 30 phút, Chủ nhật, ngày 01/3/2026"),
    ("05/01/2026", "8 giờ", "08 giờ 00 phút, thứ Hai, ngày 05/01/2026"),
    ("2026-12-31", 870, "14 giờ 30 phút, thứ Năm, ngày 31/12/2026"),  # YAML's 14:30
])  # fmt: skip
def test_the_time_is_written_the_vietnamese_way(tmp_path, date, time, printed):
    doc = render_dict(tmp_path, **{**GM, "meeting": {**MEETING, "date": date, "time": time}})
    assert f"Thời gian: {printed}." in [p.text for p in doc.paragraphs]


@pytest.mark.parametrize("meeting, message", [
    (None, "meeting: required: the meeting a giấy mời invites to"),
    ({**MEETING, "time": "25:00"}, "meeting.time: must be a time such as 14:00 or 14h30"),
    ({**MEETING, "date": {"year": 2026, "month": 7}}, "meeting.date: a meeting needs its day"),
    ({**MEETING, "invitees": []}, "meeting.invitees:"),
])  # fmt: skip
def test_a_bad_meeting_is_reported_with_its_key(tmp_path, capsys, meeting, message):
    config = write_yaml(tmp_path, {**GM, "meeting": meeting})
    assert main(["render", str(config), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "ward.yaml:" in err and message in err


def test_a_meeting_is_refused_in_a_plan(tmp_path, capsys):
    config = write_yaml(tmp_path, {**MINIMAL, "meeting": MEETING})
    assert main(["render", str(config), "-o", str(tmp_path / "out")]) == 1
    assert "meeting: only a giấy mời has a meeting" in capsys.readouterr().err


def test_example_checks_clean(examples):
    v = verdict(examples["007"])
    assert v.kind == "giay_moi" and v.count("error") == 0 and v.count("warning") == 0
    assert OpenXmlValidator(max_errors=0).validate(str(examples["007"])).errors == []
    lines = [p.text for p in docx.Document(str(examples["007"])).paragraphs]
    assert any(t.startswith("Thời gian: 14 giờ 00 phút, thứ Tư, ngày 15/7/2026") for t in lines)
    assert (ROOT / "docs" / "giay-moi.png").stat().st_size > 10_000


def test_bulk_writes_one_invitation_per_ward(tmp_path):
    meeting = {**MEETING, "place": "Hội trường UBND {{ ward.kind }} {{ ward.name }}"}
    config = write_yaml(tmp_path, {**GM, "number": None, "meeting": meeting}, "base.yaml")
    table = tmp_path / "wards.csv"
    table.write_text(
        "ward,kind,meeting.time\nAn Biên,phường,8h00\nTân Tiến,xã,\n", encoding="utf-8"
    )
    assert main(["bulk", str(config), "--wards", str(table), "-o", str(tmp_path / "out")]) == 0
    written = sorted((tmp_path / "out").glob("*.docx"))
    assert [p.name for p in written] == ["GM-an-bien-du-thao-2026.docx",
                                         "GM-tan-tien-du-thao-2026.docx"]  # fmt: skip
    expected = [
        ("Địa điểm: Hội trường UBND phường An Biên.", "Thời gian: 08 giờ 00 phút"),
        ("Địa điểm: Hội trường UBND xã Tân Tiến.", "Thời gian: 14 giờ 00 phút"),
    ]
    for path, (place, time) in zip(written, expected, strict=True):
        lines = [p.text for p in docx.Document(str(path)).paragraphs]
        assert place in lines and any(t.startswith(time) for t in lines)
        assert verdict(path).count("error") == 0
