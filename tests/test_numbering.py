"""Numbers, labels, dates and ký hiệu, computed by Python and read back from the .docx."""

from __future__ import annotations

import pytest

from generator import nd30

from .conftest import all_paragraphs, body_paragraphs, labels, render_dict


def test_letters_follow_the_vietnamese_order():
    assert [nd30.letter(i) for i in range(1, 9)] == ["a", "b", "c", "d", "đ", "e", "g", "h"]
    seq = [nd30.letter(i) for i in range(1, 24)]
    assert seq[-1] == "y" and not set("fjwz") & set(seq) and len(set(seq)) == 23
    assert nd30.letter(24) == "aa"


def test_roman_numerals():
    assert [nd30.roman(i) for i in (1, 4, 9, 14, 40)] == ["I", "IV", "IX", "XIV", "XL"]


def outline(n_sections: int, n_points: int) -> list[dict]:
    return [
        {
            "heading": f"PHẦN {s}",
            "children": [
                {
                    "heading": f"Khoản {s}.{k}",
                    "children": [{"text": f"Điểm {s}.{k}.{p}"} for p in range(n_points)],
                }
                for k in range(2)
            ],
        }
        for s in range(n_sections)
    ]


def test_outline_labels_by_depth_restart_under_each_parent(tmp_path):
    doc = render_dict(tmp_path, body=outline(3, 7))
    got = labels(p.text for p in body_paragraphs(doc))
    points = ["a)", "b)", "c)", "d)", "đ)", "e)", "g)"]
    expected = []
    for roman in ("I.", "II.", "III."):
        expected += [roman, "1.", *points, "2.", *points]
    assert got == expected


def test_dash_plus_decimal_and_none_numbering(tmp_path):
    body = [
        {
            "heading": "NHIỆM VỤ",
            "children": [
                {
                    "heading": "Cải cách",
                    "numbering": "decimal",
                    "children": [
                        {"heading": "Thủ tục"},
                        {"heading": "Số hóa", "children": [{"text": "Điểm một"}]},
                    ],
                },
                {
                    "heading": "Theo quý",
                    "numbering": "none",
                    "children": [
                        {
                            "heading": "Quý 3",
                            "numbering": "dash",
                            "children": [
                                {
                                    "text": "Việc một",
                                    "numbering": "plus",
                                    "children": [{"text": "Ý nhỏ"}],
                                }
                            ],
                        }
                    ],
                },
            ],
        }
    ]
    texts = [p.text for p in body_paragraphs(render_dict(tmp_path, body=body))]
    assert "1. Cải cách" in texts and "1.1. Thủ tục" in texts and "1.2. Số hóa" in texts
    assert "a) Điểm một" in texts  # below decimal items, letters again
    assert "2. Theo quý" in texts and "Quý 3" in texts
    assert "- Việc một" in texts and "+ Ý nhỏ" in texts


def test_decimal_without_numbered_parent_is_a_config_error(tmp_path):
    from generator.errors import ConfigError

    with pytest.raises(ConfigError) as exc:
        render_dict(
            tmp_path, body=[{"heading": "A", "numbering": "decimal", "children": [{"text": "x"}]}]
        )
    assert "body[0]" in str(exc.value) and "decimal" in str(exc.value)


def test_fields_dash_plain_and_letter(tmp_path):
    body = [
        {
            "heading": "NỘI DUNG",
            "children": [
                {"text": "Việc một.", "lead": "Phòng Văn hóa - Xã hội", "timeline": "Thường xuyên"},
                {"text": "Việc hai.", "field_style": "plain", "coordinating": "Công an phường"},
                {
                    "heading": "Việc ba",
                    "field_style": "letter",
                    "lead": "Văn phòng",
                    "executing": "Các phòng",
                    "timeline": "Năm {{ year }}",
                },
            ],
        }
    ]
    texts = [p.text for p in body_paragraphs(render_dict(tmp_path, body=body, closing=[]))]
    assert "- Cơ quan chủ trì: Phòng Văn hóa - Xã hội." in texts
    assert "- Thời gian thực hiện: Thường xuyên." in texts
    assert "Cơ quan phối hợp: Công an phường." in texts
    assert texts[-3:] == [
        "a) Cơ quan chủ trì: Văn phòng.",
        "b) Cơ quan thực hiện: Các phòng.",
        "c) Thời gian thực hiện: Năm 2026./.",
    ]


@pytest.mark.parametrize(
    "date, expected",
    [
        ("2026-05-07", "ngày 07 tháng 5 năm 2026"),
        ("2026-01-05", "ngày 05 tháng 01 năm 2026"),
        ("2026-02-28", "ngày 28 tháng 02 năm 2026"),
        ("2026-11-14", "ngày 14 tháng 11 năm 2026"),
        ("2026-10-01", "ngày 01 tháng 10 năm 2026"),
    ],
)
def test_date_line_leading_zeros(tmp_path, date, expected):
    doc = render_dict(tmp_path, date=date)
    assert doc.tables[0].cell(1, 1).text == f"Nhị Chiểu, {expected}"


@pytest.mark.parametrize("number, expected", [(5, "Số: 05/KH-UBND"), (12, "Số: 12/KH-UBND")])
def test_number_leading_zero(tmp_path, number, expected):
    assert render_dict(tmp_path, number=number).tables[0].cell(1, 0).text == expected


def test_draft_leaves_number_and_day_blank(tmp_path):
    doc = render_dict(tmp_path, number=None, date={"year": 2026, "month": 2})
    number, date = doc.tables[0].cell(1, 0).text, doc.tables[0].cell(1, 1).text
    assert number.split() == ["Số:", "/KH-UBND"] and "\u00a0" * 6 in number
    assert date.split() == ["Nhị", "Chiểu,", "ngày", "tháng", "02", "năm", "2026"]


def test_chuong_trinh_ky_hieu_and_place_override(tmp_path):
    doc = render_dict(
        tmp_path, kind="chuong_trinh", number=3, ward={"name": "Lê Chân", "place": "Phường Lê Chân"}
    )
    assert doc.tables[0].cell(1, 0).text == "Số: 03/CTr-UBND"
    assert doc.tables[0].cell(1, 1).text.startswith("Phường Lê Chân, ngày 07")
    assert any(p.text == "CHƯƠNG TRÌNH" for p in body_paragraphs(doc))
    assert [p.text for p in doc.tables[0].cell(0, 0).paragraphs if p.text] == [
        "ỦY BAN NHÂN DÂN",
        "PHƯỜNG LÊ CHÂN",
    ]


def test_appendix_headings_roman_only_from_two(tmp_path):
    one = render_dict(tmp_path, appendices=[{"title": "Mục tiêu", "rows": []}])
    assert "Phụ lục" in [p.text for p in body_paragraphs(one)]
    two = render_dict(tmp_path, appendices=[{"title": "Mục tiêu"}, {"title": "Nhiệm vụ"}])
    texts = [p.text for p in body_paragraphs(two)]
    assert "Phụ lục I" in texts and "Phụ lục II" in texts and "Phụ lục" not in texts
    note = (
        "(Kèm theo Kế hoạch số 07/KH-UBND ngày 07 tháng 5 năm 2026 của Ủy ban "
        "nhân dân phường Nhị Chiểu)"
    )
    assert texts.count(note) == 2
    assert len(two.sections) == 3


def test_task_written_once_appears_in_body_and_table(tmp_path):
    task = {
        "id": "t1",
        "content": "Rà soát, ký cam kết không gây phiền hà.",
        "lead": "Phòng Văn hóa - Xã hội",
        "timeline": "Quý I năm {{ year }}",
        "subtasks": [{"content": "Tổ dân phố số 1"}, {"content": "Tổ dân phố số 2"}],
    }
    doc = render_dict(
        tmp_path,
        tasks=[task],
        body=[{"heading": "NHIỆM VỤ", "children": [{"task": "t1"}]}],
        appendices=[{"title": "Danh mục", "rows": [{"task": "t1"}]}],
    )
    texts = [p.text for p in all_paragraphs(doc)]
    assert "1. Rà soát, ký cam kết không gây phiền hà." in texts
    assert "- Thời gian thực hiện: Quý I năm 2026." in texts
    rows = [[c.text for c in r.cells] for r in doc.tables[-1].rows]
    assert rows[1] == [
        "1",
        "Rà soát, ký cam kết không gây phiền hà.",
        "Phòng Văn hóa - Xã hội",
        "",
        "Quý I năm 2026",
    ]
    assert [r[0] for r in rows[2:]] == ["a", "b"]


def test_signature_forms(tmp_path):
    kt = render_dict(
        tmp_path,
        signer={"authority": "KT.", "signer_title": "Phó Chủ tịch", "name": "Nguyễn Khánh Chi"},
    )
    cell = kt.tables[1].cell(0, 1)
    assert [p.text for p in cell.paragraphs if p.text] == [
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Nguyễn Khánh Chi",
    ]
    head = render_dict(tmp_path, signer={"collective": None, "name": "Trần B"})
    assert [p.text for p in head.tables[1].cell(0, 1).paragraphs if p.text] == [
        "CHỦ TỊCH",
        "Trần B",
    ]


def test_recipients_punctuation_and_note(tmp_path):
    doc = render_dict(
        tmp_path,
        recipients=["UBND thành phố;", "- Sở Nội vụ"],
        recipients_note="(thay b/c)",
        archive="VHXH",
    )
    assert [p.text for p in doc.tables[1].cell(0, 0).paragraphs] == [
        "Nơi nhận:",
        "- UBND thành phố;",
        "- Sở Nội vụ;",
        "- Lưu: VT, VHXH.",
        "(thay b/c)",
    ]
