"""Word opens every document without a repair prompt: every kind of document vanban writes is
valid against the Office Open XML schema, as Microsoft's Open XML SDK checks it (reproduced by
openxml-audit). LibreOffice accepts much that Word repairs, so printing is no proof."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openxml_audit import OpenXmlValidator

from generator.bulk import run

from .conftest import ROOT, render_dict

VALIDATOR = OpenXmlValidator(max_errors=0)

# A config that uses every key of the format at least once.
EVERY_KEY = {
    "kind": "ke_hoach",
    "number": None,
    "date": {"year": 2026, "month": 2},
    "year": 2026,
    "template": str(ROOT / "templates" / "van_ban.docx"),
    "title": "KẾ HOẠCH",
    "ward": {"name": "Phú Mỹ Bắc", "kind": "xã", "place": "Xã Phú Mỹ Bắc", "province": "Lâm Đồng"},
    "agency": {"parent": "UBND tỉnh Lâm Đồng", "name": ["Ủy ban nhân dân", "Xã Phú Mỹ Bắc"],
               "abbreviation": "UBND", "full_name": "Ủy ban nhân dân xã Phú Mỹ Bắc"},
    "subject": "Thực hiện dân chủ ở cơ sở\nnăm {{ year }}",
    "basis": ["Căn cứ Luật Thực hiện dân chủ ở cơ sở năm 2022", "Thực hiện Kế hoạch số 1/KH-UBND"],
    "opening": "{{ agency.full_name }} ban hành Kế hoạch như sau:",
    "fields": {"style": "dash", "labels": {"lead": "Chủ trì", "timeline": "Thời gian"}},
    "vars": {"units": "Các đoàn thể"},
    "tasks": [
        {"id": "t1", "content": "Tuyên truyền", "lead": "Văn phòng", "executing": "Các thôn",
         "coordinating": "{{ vars.units }}", "form": "Hội nghị", "timeline": "Quý I",
         "subtasks": [{"content": "Tờ rơi", "lead": "Đoàn"}]},
        {"id": "t2", "content": "Kiểm tra", "lead": "Thanh tra"},
    ],
    "body": [
        {"heading": "MỤC ĐÍCH", "text": ["Một.[^1]", "Hai **đậm[^b]**."],
         "children": [{"text": "Ý.", "table": {
             "columns": [{"title": "A"}, {"title": "B"}, {"title": "C"}],
             "head": [[{"text": "A", "rows": 2}, {"text": "B và C", "span": 2}], ["B", "C"]],
             "rows": [["1", 2, 3]]}}]},
        {"heading": "NHIỆM VỤ", "children": [
            {"heading": "Chung", "numbering": "decimal", "children": [
                {"task": "t1", "field_style": "letter"}, {"task": "t2", "field_style": "plain"}]},
            {"text": "Theo quý", "numbering": "dash", "field_style": "none", "lead": "X",
             "children": [{"text": "Quý 1", "numbering": "plus", "children": [{"text": "Ý"}]}]},
            {"text": "Khác", "labels": {"lead": "Chủ trì tham mưu"}, "lead": "Công an",
             "fields": {"Nội dung phối hợp": "Tuần tra"}},
            {"heading": "Không số", "numbering": "none", "children": [{"text": "Đoạn"}]},
            {"text": "Word", "numbering": "bullet", "bullet": "\uf0b7", "children": [
                {"text": "Một", "numbering": "bullet", "bullet": "o",
                 "children": [{"text": "Ý"}]},
                {"text": "Hai", "field_style": "bullet", "lead": "Z"}]},
        ]},
    ],
    "footnotes": {1: "Theo Quyết định số 1/QĐ-UBND.", "b": ["Một đoạn.", "Hai *đoạn*."]},
    "closing": ["Trên đây là Kế hoạch.", "Đề nghị thực hiện."],
    "recipients": ["UBND tỉnh", "- Sở Nội vụ;"],
    "archive": "VHXH",
    "recipients_note": "(thay b/c)",
    "signer": {"collective": "Ủy ban nhân dân", "authority": "KT.", "title": "Chủ tịch",
               "signer_title": "Phó Chủ tịch", "name": "Trần Văn B"},
    "appendices": [
        {"heading": "DANH MỤC", "title": ["Nhiệm vụ", "năm {{ year }}"], "text": "Ghi chú.",
         "columns": [{"tt": "STT"}, "content", "lead", "executing", "coordinating", "form",
                     {"timeline": "Lộ trình"}],
         "rows": [{"group": "NHÓM", "rows": [{"task": "t1"}, {"content": "Việc", "lead": "Y",
                                               "subtasks": [{"content": "a"}]}]},
                  {"task": "t2"}]},
        {"title": "Phụ lục hai", "note": "", "columns": ["content", "lead", {"title": "Sản phẩm"}],
         "rows": [{"group": "KHÔNG SỐ", "tt": "I", "rows": [
             {"content": "Việc", "tt": "1", "cells": {"Sản phẩm": "Báo cáo"}}]}]},
    ],
}  # fmt: skip


def schema_errors(path: Path) -> list[str]:
    result = VALIDATOR.validate(str(path))
    return [str(e) for e in result.errors if e.error_type.value == "schema"]


def all_findings(path: Path) -> list[str]:
    return [str(e) for e in VALIDATOR.validate(str(path)).errors]


@pytest.mark.parametrize("key", ["000", "001", "002", "003"])
def test_examples_have_no_findings_at_all(examples, key):
    assert all_findings(examples[key]) == []


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param(EVERY_KEY, id="every-key"),
        pytest.param({"kind": "chuong_trinh"}, id="chuong-trinh"),
        pytest.param({"signer": {"collective": None, "authority": "TL.", "title": "Chánh VP",
                                 "signer_title": "Phó Chánh VP", "name": "C"}}, id="tl"),
        pytest.param({"appendices": [{"title": "Một", "rows": [{"content": "x"}]}] * 3},
                     id="three-appendices"),
    ],
)  # fmt: skip
def test_every_kind_and_key_renders_schema_valid(tmp_path, overrides):
    render_dict(tmp_path, **overrides)
    (path,) = (tmp_path / "out").glob("*.docx")
    assert schema_errors(path) == []


def test_a_bulk_sample_is_schema_valid(tmp_path):
    base = ROOT / "configs" / "haiphong-2026"
    with (base / "wards.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    sample = tmp_path / "sample.csv"
    with sample.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([rows[0], *rows[1::25]])
    report = run(base / "base.yaml", [sample], tmp_path / "out", workers=1, progress=False)
    assert report.written == len(rows[1::25]) >= 4 and report.failed == 0
    for path in sorted((tmp_path / "out").glob("*.docx")):
        assert schema_errors(path) == [], path.name


def test_the_report_and_the_agencies_sheets_are_schema_valid(tmp_path):
    """What the task list gives (issue 15) opens in Word as cleanly as the plan."""
    from generator.cli import main

    example = ROOT / "configs" / "examples" / "001-viet-hoa-ke-hoach-dan-van.yaml"
    assert main(["report", str(example), "--period", "6m", "-o", str(tmp_path / "bc")]) == 0
    assert main(["extract", str(example), "-o", str(tmp_path / "nv")]) == 0
    files = [*(tmp_path / "bc").glob("*.docx"), *sorted((tmp_path / "nv").glob("*.docx"))[:3]]
    assert len(files) == 4
    for path in files:
        assert all_findings(path) == [], path.name
