"""The document model, without rendering: labels, numbering, fields, signature, appendices."""

from __future__ import annotations

import yaml

from generator.config.load import load_text
from generator.pipeline import model_of

from .conftest import MINIMAL


def model(**overrides):
    text = yaml.safe_dump({**MINIMAL, **overrides}, allow_unicode=True, sort_keys=False)
    return model_of(load_text(text, "ward.yaml"))


def test_labels_by_depth_and_fields_after_the_children():
    body = [{"heading": "NHIỆM VỤ", "children": [
        {"heading": "Tuyên truyền", "lead": "Phòng Văn hóa - Xã hội", "timeline": "Quý I",
         "children": [{"text": "Một"}, {"text": "Hai", "children": [{"text": "Ý"}]}]},
    ]}]  # fmt: skip
    m = model(body=body)
    assert [(p.style, p.text) for p in m.body] == [
        ("VBMuc", "I. NHIỆM VỤ"),
        ("VBKhoan", "1. Tuyên truyền"),
        ("VBNoiDung", "a) Một"),
        ("VBNoiDung", "b) Hai"),
        ("VBNoiDung", "- Ý"),
        ("VBNoiDung", "- Cơ quan chủ trì: Phòng Văn hóa - Xã hội."),
        ("VBNoiDung", "- Thời gian thực hiện: Quý I."),
    ]


def test_letter_fields_continue_the_points_and_labels_can_be_renamed():
    body = [{"heading": "A", "children": [{"text": "Việc.", "field_style": "letter",
             "labels": {"lead": "Chủ trì"}, "lead": "Công an phường",
             "children": [{"text": "Một"}]}]}]  # fmt: skip
    texts = [p.text for p in model(body=body).body]
    assert texts[2:] == ["a) Một", "b) Chủ trì: Công an phường."]


def test_header_signature_and_recipients_are_computed():
    m = model(number=5, date="2026-02-03", archive="VHXH", recipients=["- UBND thành phố"],
              signer={"authority": "KT.", "signer_title": "Phó Chủ tịch", "name": "B"})  # fmt: skip
    assert m.header.number_text == "05/KH-UBND"
    assert m.header.place_date == "Nhị Chiểu, ngày 03 tháng 02 năm 2026"
    assert m.header.agency_lines == ["ỦY BAN NHÂN DÂN", "PHƯỜNG NHỊ CHIỂU"]
    assert m.signature.recipients == ["- UBND thành phố;", "- Lưu: VT, VHXH."]
    assert m.signature.signer_lines == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]


def test_appendix_rows_are_numbered_by_group_with_lettered_subtasks():
    appendix = {"title": "Danh mục", "rows": [{"group": "NHÓM MỘT", "rows": [
        {"content": "Việc", "subtasks": [{"content": "x"}, {"content": "y"}]},
        {"content": "Việc khác"}]}]}  # fmt: skip
    (a,) = model(appendices=[appendix]).appendices
    assert a.heading == "Phụ lục"
    assert [[c.text for c in row.cells][:2] for row in a.table.rows] == [
        ["TT", "Nhiệm vụ"], ["1", "NHÓM MỘT"], ["1.1", "Việc"], ["a", "x"], ["b", "y"],
        ["1.2", "Việc khác"]]  # fmt: skip
    assert abs(sum(a.table.widths_mm) - 252) < 1e-6
