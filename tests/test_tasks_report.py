"""vanban report and bulk on the plan's tasks, and extract's promise that no task is lost."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
import yaml

from generator.read.lines import cells
from generator.read.report import check_file

from .conftest import EXAMPLES, MINIMAL, body_paragraphs, write_yaml
from .test_tasks import HAI_PHONG, TASKS, _task, cli, plan, type_in

PLAN_001 = next(p for p in EXAMPLES if p.name.startswith("001"))


# --- vanban report ---------------------------------------------------------------------------
def report_sections(path: Path) -> dict[str, list[str]]:
    """The report's body paragraphs under each I. … IV. heading."""
    texts = [p.text for p in body_paragraphs(docx.Document(str(path)))]
    start = next(i for i, t in enumerate(texts) if t.startswith("I. "))
    end = next(i for i, t in enumerate(texts) if t.startswith("Trên đây"))
    out: dict[str, list[str]] = {}
    for text in texts[start:end]:
        if re.match(r"[IV]+\. ", text):
            out[text] = []
        else:
            out[list(out)[-1]].append(text)
    return out


def test_report_items_follow_the_plan_and_carry_the_typed_results(tmp_path):
    sheet = tmp_path / "theo-doi.xlsx"
    assert cli("track", plan(tmp_path), "-o", sheet) == 0
    type_in(
        sheet,
        {
            "Tuyên truyền": {"Tiến độ": "Hoàn thành", "Kết quả": "Đã tổ chức 05 hội nghị."},
            "Xây dựng": {"Tiến độ": "đang thực hiện", "Kết quả": "Đã chọn 02 mô hình {{ 7*7 }}."},
        },
    )  # "đang thực hiện": typed by hand, in lower case
    out = tmp_path / "bc"
    assert cli("report", tmp_path / "plan.yaml", "--period", "6m", "--from", sheet, "-o",
               out) == 0  # fmt: skip
    path = out / "BC-nhi-chieu-du-thao-2026.docx"
    sections = report_sections(path)
    assert list(sections) == ["I. KẾT QUẢ THỰC HIỆN", "II. ĐÁNH GIÁ CHUNG",
                              "III. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2026",
                              "IV. ĐỀ XUẤT, KIẾN NGHỊ"]  # fmt: skip
    results = sections["I. KẾT QUẢ THỰC HIỆN"]
    items = [t for t in results if re.match(r"\d+\. ", t)]
    assert items == [f"{i}. {t['text']}" for i, t in enumerate(TASKS, start=1)]
    assert [t for t in results if t.startswith("- Kết quả:")] == [
        "- Kết quả: Đã tổ chức 05 hội nghị.", "- Kết quả: …",
        "- Kết quả: Đã chọn 02 mô hình {{ 7*7 }}.",  # typed text is data, never a template
        "- Kết quả: …"]  # fmt: skip
    assert "- Tiến độ: Hoàn thành." in results
    assert sections["II. ĐÁNH GIÁ CHUNG"][1] == (
        "Trong 6 tháng đầu năm 2026, Ủy ban nhân dân phường Nhị Chiểu đã hoàn thành 01/04 nhiệm "
        "vụ của Kế hoạch; 01 nhiệm vụ đang thực hiện, 02 nhiệm vụ chưa thực hiện; 01 nhiệm vụ "
        "đã quá thời hạn.")  # fmt: skip
    carried = [t for t in sections["III. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2026"]
               if re.match(r"\d+\. ", t)]  # fmt: skip
    assert carried == [f"1. {TASKS[1]['text']}", f"2. {TASKS[2]['text']}",
                       f"3. {TASKS[3]['text']}"]  # fmt: skip

    doc = docx.Document(str(path))
    texts = [p.text for p in doc.paragraphs if p.text.strip()]
    assert "BÁO CÁO" in texts
    assert ("Kết quả thực hiện Kế hoạch số 07/KH-UBND ngày 07/5/2026 của Ủy ban nhân dân "
            "phường Nhị Chiểu 6 tháng đầu năm 2026") in " ".join(texts)  # fmt: skip
    table_text = [c.text for t in doc.tables for c in cells(t)]
    assert any("Số:" in t and "/BC-UBND" in t for t in table_text)
    noi_nhan = next(t for t in table_text if t.startswith("Nơi nhận:")).split("\n")
    assert noi_nhan[1:4] == ["- UBND thành phố (b/c);", "- Sở Nội vụ;",
                             "- Chủ tịch, các PCT UBND phường;"]  # superiors first  # fmt: skip
    report = check_file(path)
    assert report["kind"] == "bao_cao" and report["errors"] == 0, report
    # the config beside it renders the same report: a clerk finishes it and renders it again
    config = out / "BC-nhi-chieu-du-thao-2026.yaml"
    assert yaml.safe_load(config.read_text(encoding="utf-8"))["kind"] == "bao_cao"
    assert cli("render", config, "-o", tmp_path / "again") == 0
    again = docx.Document(str(tmp_path / "again" / path.name))
    assert [p.text for p in again.paragraphs] == [p.text for p in doc.paragraphs]


def test_a_year_report_without_a_sheet_leaves_placeholders_and_carries_every_task(tmp_path):
    out = tmp_path / "bc"
    assert cli("report", plan(tmp_path), "--period", "year", "-o", out) == 0
    sections = report_sections(out / "BC-nhi-chieu-du-thao-2026.docx")
    assert "III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2027" in sections
    assert sections["II. ĐÁNH GIÁ CHUNG"][1] == "…"
    assert len([t for t in sections["III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2027"]
                if re.match(r"\d+\. ", t)]) == len(TASKS)  # fmt: skip


def test_a_report_written_by_hand_is_a_kind_of_the_config_format(tmp_path):
    config = write_yaml(tmp_path, {
        **MINIMAL, "kind": "bao_cao", "number": 15,
        "subject": "Kết quả công tác dân vận 6 tháng đầu năm {{ year }}",
        "body": [{"heading": "KẾT QUẢ ĐẠT ĐƯỢC", "text": "Đã hoàn thành các nhiệm vụ."},
                 {"heading": "PHƯƠNG HƯỚNG, NHIỆM VỤ", "text": "Tiếp tục thực hiện."}],
    })  # fmt: skip
    assert cli("render", config, "-o", tmp_path / "out") == 0
    path = tmp_path / "out" / "BC-nhi-chieu-15-2026.docx"
    texts = [p.text for p in body_paragraphs(docx.Document(str(path)))]
    assert texts[texts.index("BÁO CÁO") + 2] == (
        "Ủy ban nhân dân phường Nhị Chiểu báo cáo kết quả công tác dân vận 6 tháng đầu năm "
        "2026 như sau:")  # fmt: skip
    assert texts[-1] == ("Trên đây là báo cáo kết quả công tác dân vận 6 tháng đầu năm 2026 của "
                         "Ủy ban nhân dân phường Nhị Chiểu./.")  # fmt: skip
    report = check_file(path)
    assert report["kind"] == "bao_cao" and report["errors"] == 0 and report["warnings"] == 0


# --- vanban bulk -----------------------------------------------------------------------------
def test_bulk_writes_every_wards_sheet_then_every_report_listing_missing_sheets(tmp_path, capsys):
    wards = tmp_path / "wards.csv"
    lines = (HAI_PHONG / "wards.csv").read_text(encoding="utf-8").splitlines()
    wards.write_text("\n".join(lines[:4]) + "\n", encoding="utf-8")
    sheets, reports = tmp_path / "td", tmp_path / "bc"
    base = HAI_PHONG / "base.yaml"
    assert cli("bulk", base, "--wards", wards, "-o", sheets, "--track", "-j", "1") == 0
    workbooks = sorted(sheets.glob("*.xlsx"))
    assert len(workbooks) == 3
    type_in(workbooks[0], {"": {"Tiến độ": "Hoàn thành", "Kết quả": "Xong."}})
    workbooks[1].unlink()
    capsys.readouterr()
    assert cli("bulk", base, "--wards", wards, "-o", reports, "--report", "9m",
               "--sheets", sheets, "-j", "1") == 0  # fmt: skip
    err = capsys.readouterr().err
    assert f"No tracking workbook {workbooks[1]}" in err and "3 documents written" in err
    docs = sorted(reports.glob("BC-*.docx"))
    assert len(docs) == 3
    first = report_sections(docs[0])["I. KẾT QUẢ THỰC HIỆN"]
    assert {t for t in first if t.startswith("- Kết quả:")} == {"- Kết quả: Xong."}
    second = report_sections(docs[1])["I. KẾT QUẢ THỰC HIỆN"]
    assert {t for t in second if t.startswith("- Kết quả:")} == {"- Kết quả: …"}


@pytest.mark.parametrize("command", [["track"], ["extract"], ["report", "--period", "6m"]])
def test_a_plan_without_tasks_is_refused_with_a_message(tmp_path, capsys, command):
    config = write_yaml(tmp_path, MINIMAL)
    out = tmp_path / "out"
    assert cli(command[0], config, *command[1:], "-o", out / "x.xlsx" if command == ["track"]
               else out) == 1  # fmt: skip
    assert "The plan has no tasks" in capsys.readouterr().err
    assert not out.exists() or not any(out.iterdir())


def test_extract_puts_every_task_on_a_sheet_whatever_its_lead(tmp_path, capsys):
    tasks = [
        _task("Vận động hộ gia đình.", "Trưởng các khu dân cư"),
        _task("Bảo đảm an ninh.", "CÔNG AN PHƯỜNG", "Phòng VH-XH"),
        _task("Tuần tra ban đêm.", "Công an phường"),
        _task("Thực hiện dân chủ ở cơ sở.", "Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở"),
        _task("Chuyển đổi số.", "Ban Chỉ đạo thực hiện chuyển đổi số"),
        _task("Phòng chống thiên tai.", "Ban Chỉ đạo phòng, chống thiên tai"),
        {"text": "Tổ chức hội nghị.", "form": "Hội nghị trực tiếp", "timeline": "Tháng 6/2026"},
    ]
    out = tmp_path / "nv"
    assert cli("extract", plan(tmp_path, tasks), "-o", out) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "7 task(s) of the plan on 7 sheet(s): every task is on at least one sheet"
    titles = {}
    for path in out.glob("*.docx"):
        doc = docx.Document(str(path))
        title = [p.text for p in doc.paragraphs if p.text.strip()][1]
        titles[title] = sorted(c.text for r in doc.tables[0].rows[1:] for c in r.cells[1:2]
                               if c.text != r.cells[0].text)  # fmt: skip
    assert titles == {
        "TRƯỞNG CÁC KHU DÂN CƯ": ["Vận động hộ gia đình."],
        "CÔNG AN PHƯỜNG": ["Bảo đảm an ninh.", "Tuần tra ban đêm."],  # capitals: the same one
        "PHÒNG VH-XH": ["Bảo đảm an ninh."],
        "BAN CHỈ ĐẠO THỰC HIỆN QUY CHẾ DÂN CHỦ Ở CƠ SỞ": ["Thực hiện dân chủ ở cơ sở."],
        "BAN CHỈ ĐẠO THỰC HIỆN CHUYỂN ĐỔI SỐ": ["Chuyển đổi số."],
        "BAN CHỈ ĐẠO PHÒNG, CHỐNG THIÊN TAI": ["Phòng chống thiên tai."],
        "NHIỆM VỤ CHƯA GIAO CƠ QUAN": ["Tổ chức hội nghị."],
    }
