"""One task list, three more uses: the tracking workbook (vanban track), each agency's sheet
(vanban extract) and the BÁO CÁO (vanban report, kind bao_cao). Every test opens what was
written: the workbook with openpyxl, the documents with python-docx."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook

from generator.cli import main
from generator.pipeline import model_of
from generator.tasks.track import REMOVED_SHEET, SHEET, deadline, plain

from .conftest import EXAMPLES, MINIMAL, ROOT, body_paragraphs, write_yaml

PLAN_001 = next(p for p in EXAMPLES if p.name.startswith("001"))
HAI_PHONG = ROOT / "configs" / "haiphong-2026"


def _task(text: str, lead: str, coordinating: str | None = None, timeline: str = "Năm 2026"):
    task = {"text": text, "lead": lead, "timeline": timeline}
    return task | ({"coordinating": coordinating} if coordinating else {})


TASKS = [
    _task("Tuyên truyền công tác dân vận.", "Phòng Văn hóa - Xã hội", "Công an phường",
          "Quý I năm 2026"),
    _task("Đối thoại với Nhân dân.", "Văn phòng HĐND và UBND phường", "Phòng VH-XH",
          "Trước ngày 30/6/2026"),
    _task("Xây dựng mô hình dân vận khéo.", "Phòng Văn hoá - Xã hội", None, "Tháng 9/2026"),
    _task("Kiểm tra, giám sát.", "Công an phường", "Phòng Kinh tế, Hạ tầng và Đô thị",
          "Thường xuyên"),
]  # fmt: skip


def plan(tmp_path: Path, tasks=TASKS, name: str = "plan.yaml", **more) -> Path:
    data = {**MINIMAL, "body": [
        {"heading": "MỤC ĐÍCH, YÊU CẦU", "text": "Nâng cao hiệu quả."},
        {"heading": "NHIỆM VỤ", "children": [{"heading": "Nhiệm vụ trọng tâm", "children": tasks}]},
    ], "recipients": ["Chủ tịch, các PCT UBND phường", "UBND thành phố (b/c)", "Sở Nội vụ",
                      "Các phòng chuyên môn"], **more}  # fmt: skip
    return write_yaml(tmp_path, data, name)


def cli(*argv: str) -> int:
    return main(["--lang", "en", *map(str, argv)])


def sheet_rows(path: Path, name: str = SHEET) -> list[dict]:
    book = load_workbook(path)
    rows = list(book[name].iter_rows(values_only=True))
    at = next(i for i, r in enumerate(rows) if "Tiến độ" in r)
    return [dict(zip(rows[at], r, strict=True)) for r in rows[at + 1 :]]


def type_in(path: Path, values: dict[str, dict[str, str]]) -> None:
    """Type ``values`` (by the task's first words) into the workbook, like a clerk."""
    book = load_workbook(path)
    sheet = book[SHEET]
    header = [c.value for c in sheet[3]]
    for row in sheet.iter_rows(min_row=4):
        content = row[header.index("Nội dung nhiệm vụ")].value or ""
        for start, typed in values.items():
            if content.startswith(start):
                for column, value in typed.items():
                    row[header.index(column)].value = value
    book.save(path)


# --- the task list ---------------------------------------------------------------------------
def test_the_task_list_is_every_printed_task_with_its_printed_number(tmp_path):
    model = model_of(plan(tmp_path))
    assert [t.number for t in model.tasks] == ["II.1.a)", "II.1.b)", "II.1.c)", "II.1.d)"]
    assert [plain(t.content) for t in model.tasks] == [t["text"] for t in TASKS]
    # the numbers are those the .docx prints: the last label starts the task's paragraph
    doc = docx.Document(str(cli_render(tmp_path)))
    texts = [p.text for p in body_paragraphs(doc)]
    for task in model.tasks:
        assert f"{task.number[-2:]} {plain(task.content)}" in texts


def cli_render(tmp_path: Path) -> Path:
    out = tmp_path / "render"
    assert cli("render", tmp_path / "plan.yaml", "-o", out) == 0
    return next(out.glob("*.docx"))


def test_the_12_page_plan_lists_body_and_appendix_tasks_once_each():
    model = model_of(PLAN_001)
    assert len(model.tasks) == model.task_count == 32
    numbers = [t.number for t in model.tasks]
    assert numbers[:3] == ["II.1.(1)", "II.1.(2)", "II.2."]  # bullets under 1. are counted
    assert "II.5.1." in numbers and "3.3.a" in numbers  # decimal items, appendix subtasks


@pytest.mark.parametrize(("text", "due"), [
    ("Hoàn thành trước ngày 10/3/2026", dt.date(2026, 3, 10)),
    ("Tháng 6, 11/2026", dt.date(2026, 11, 30)),
    ("Quý I, Quý II năm 2026", dt.date(2026, 6, 30)),
    ("Trong Quý III/2026", dt.date(2026, 9, 30)),
    ("tháng 9", dt.date(2026, 9, 30)),
    ("ngày 15 tháng 8 năm 2026", dt.date(2026, 8, 15)),
    ("Thường xuyên", None), ("Năm 2026", None), ("Giai đoạn 2026-2030", None),
    ("Định kỳ 06 tháng", None), ("31/2/2026", None),
])  # fmt: skip
def test_deadlines_of_a_date_a_month_or_a_quarter(text, due):
    assert deadline(text, 2026) == due


# --- vanban track ----------------------------------------------------------------------------
def test_track_writes_one_row_per_task_with_validation_and_overdue_formatting(tmp_path):
    out = tmp_path / "theo-doi.xlsx"
    assert cli("track", plan(tmp_path), "-o", out) == 0
    rows = sheet_rows(out)
    model = model_of(tmp_path / "plan.yaml")
    assert [r["STT"] for r in rows] == [t.number for t in model.tasks]
    assert [r["Nội dung nhiệm vụ"] for r in rows] == [t["text"] for t in TASKS]
    assert [r["Cơ quan chủ trì"] for r in rows] == [t["lead"] for t in TASKS]
    assert rows[0]["Cơ quan phối hợp"] == "Công an phường"
    assert [r["Hạn hoàn thành"] for r in rows] == [
        dt.datetime(2026, 3, 31),
        dt.datetime(2026, 6, 30),
        dt.datetime(2026, 9, 30),
        None,
    ]
    assert {r["Tiến độ"] for r in rows} == {"Chưa thực hiện"}

    sheet = load_workbook(out)[SHEET]
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "list" and str(validation.sqref) == "G4:G7"
    assert validation.formula1 == '"Chưa thực hiện,Đang thực hiện,Hoàn thành"'
    rules = {str(r.sqref): [x.formula[0] for x in r.rules] for r in sheet.conditional_formatting}
    (formulas,) = rules.values()
    assert list(rules) == ["A4:K7"]
    assert formulas[0] == 'AND(ISNUMBER($F4),$F4<TODAY(),$G4<>"Hoàn thành")'
    assert sheet.column_dimensions["K"].hidden  # the row keys


def test_track_update_adds_and_removes_rows_and_keeps_what_was_typed(tmp_path, capsys):
    out = tmp_path / "theo-doi.xlsx"
    assert cli("track", plan(tmp_path), "-o", out) == 0
    type_in(out, {
        "Tuyên truyền": {"Tiến độ": "Hoàn thành", "Kết quả": "Đã tổ chức 05 hội nghị.",
                         "Minh chứng": "Báo cáo số 12/BC-VHXH"},
        "Đối thoại": {"Tiến độ": "Đang thực hiện", "Ghi chú": "Chờ lịch"},
        "Kiểm tra": {"Kết quả": "Đã kiểm tra 03 tổ dân phố."},
    })  # fmt: skip
    # the plan changes: a task added first, one edited slightly, one removed (typed), one
    # removed (nothing typed)
    edited = dict(TASKS[0], text="Tuyên truyền công tác dân vận chính quyền.")
    new = _task("Sơ kết 6 tháng.", "Phòng Văn hóa - Xã hội", timeline="Tháng 7/2026")
    capsys.readouterr()
    assert cli("track", plan(tmp_path, [new, TASKS[1], edited]), "--update", out) == 0
    assert "1 task(s) added, 2 removed, 2 kept" in capsys.readouterr().err
    rows = sheet_rows(out)
    assert [r["Nội dung nhiệm vụ"] for r in rows] == [
        "Sơ kết 6 tháng.",
        "Đối thoại với Nhân dân.",
        "Tuyên truyền công tác dân vận chính quyền.",
    ]
    assert [r["STT"] for r in rows] == ["II.1.a)", "II.1.b)", "II.1.c)"]
    assert rows[0]["Tiến độ"] == "Chưa thực hiện" and rows[0]["Kết quả"] is None
    assert (rows[1]["Tiến độ"], rows[1]["Ghi chú"]) == ("Đang thực hiện", "Chờ lịch")
    assert (rows[2]["Tiến độ"], rows[2]["Kết quả"], rows[2]["Minh chứng"]) == (
        "Hoàn thành",
        "Đã tổ chức 05 hội nghị.",
        "Báo cáo số 12/BC-VHXH",
    )
    # what was typed for a removed task is set aside, never lost; an empty row just goes
    gone = sheet_rows_plain(out, REMOVED_SHEET)
    assert gone == [["II.1.d)", "Kiểm tra, giám sát.", "Chưa thực hiện",
                     "Đã kiểm tra 03 tổ dân phố.", None, None]]  # fmt: skip
    # a second update keeps the set-aside rows
    assert cli("track", tmp_path / "plan.yaml", "--update", out) == 0
    assert sheet_rows_plain(out, REMOVED_SHEET) == gone


def sheet_rows_plain(path: Path, name: str) -> list[list]:
    return [list(r) for r in list(load_workbook(path)[name].iter_rows(values_only=True))[1:]]


def test_track_refuses_what_is_not_a_tracking_workbook(tmp_path, capsys):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 not a zip")
    assert cli("track", plan(tmp_path), "--update", bad) == 1
    err = capsys.readouterr().err
    assert "bad.xlsx: not a tracking workbook" in err and "Traceback" not in err
    assert bad.read_bytes() == b"PK\x03\x04 not a zip"


# --- vanban extract --------------------------------------------------------------------------
def sheet_tasks(path: Path) -> dict[str, list[str]]:
    """The numbers of the tasks under each group row of an agency's sheet."""
    (table,) = docx.Document(str(path)).tables
    groups: dict[str, list[str]] = {}
    current = None
    for row in table.rows[1:]:
        texts = [c.text for c in row.cells]
        if len(set(texts)) == 1:  # a group row spans the table
            current = groups.setdefault(texts[0], [])
        else:
            current.append(texts[0])
    return groups


def test_extract_lists_exactly_each_agencys_tasks(tmp_path, capsys):
    config = plan(tmp_path, aliases={"Phòng VH-XH": "Phòng Văn hóa - Xã hội"})
    out = tmp_path / "nv"
    assert cli("extract", config, "--by", "lead", "-o", out) == 0
    files = sorted(p.name for p in out.glob("*.docx"))
    assert files == [
        "NV-cong-an-phuong-07-2026.docx",
        "NV-phong-kinh-te-ha-tang-va-do-thi-07-2026.docx",
        "NV-phong-van-hoa-xa-hoi-07-2026.docx",
        "NV-van-phong-hdnd-va-ubnd-phuong-07-2026.docx",
    ]  # "Phòng Văn hoá" and the alias "Phòng VH-XH" are Phòng Văn hóa - Xã hội
    assert sheet_tasks(out / "NV-phong-van-hoa-xa-hoi-07-2026.docx") == {
        "I. NHIỆM VỤ CHỦ TRÌ": ["II.1.a)", "II.1.c)"],
        "II. NHIỆM VỤ PHỐI HỢP": ["II.1.b)"],
    }
    assert sheet_tasks(out / "NV-cong-an-phuong-07-2026.docx") == {
        "I. NHIỆM VỤ CHỦ TRÌ": ["II.1.d)"],
        "II. NHIỆM VỤ PHỐI HỢP": ["II.1.a)"],
    }
    assert sheet_tasks(out / "NV-phong-kinh-te-ha-tang-va-do-thi-07-2026.docx") == {
        "II. NHIỆM VỤ PHỐI HỢP": ["II.1.d)"]
    }  # one agency, though its name has a comma
    doc = docx.Document(str(out / "NV-phong-van-hoa-xa-hoi-07-2026.docx"))
    texts = [p.text for p in doc.paragraphs if p.text.strip()]
    assert texts[:3] == ["PHÂN CÔNG NHIỆM VỤ", "PHÒNG VĂN HÓA - XÃ HỘI",
                         "(Trích Kế hoạch số 07/KH-UBND ngày 07 tháng 5 năm 2026 của Ủy ban "
                         "nhân dân phường Nhị Chiểu)"]  # fmt: skip
    row = [c.text for c in doc.tables[0].rows[2].cells]
    assert row == ["II.1.a)", "Tuyên truyền công tác dân vận.", "Phòng Văn hóa - Xã hội",
                   "Công an phường", "Quý I năm 2026"]  # fmt: skip
    section = doc.sections[-1]
    assert section.page_width > section.page_height  # landscape, like an appendix


def test_extract_on_the_12_page_plan_splits_agencies_not_names():
    from generator.tasks.extract import agencies

    assert agencies("Phòng Văn hóa - Xã hội, Phòng Kinh tế, Hạ tầng và Đô thị; Công an phường") == [
        "Phòng Văn hóa - Xã hội",
        "Phòng Kinh tế, Hạ tầng và Đô thị",
        "Công an phường",
    ]
    assert agencies("Phòng Văn hóa - Xã hội (tổng hợp, theo dõi chung), UBKT Đảng ủy") == [
        "Phòng Văn hóa - Xã hội",
        "UBKT Đảng ủy",
    ]
    assert agencies("Phòng Văn hóa - Xã hội tổng hợp, theo dõi chung") == ["Phòng Văn hóa - Xã hội"]
    # after a semicolon, a name typed in lower case is a name of its own (a comma joins it)
    assert agencies("Công an phường, BCH Quân sự phường; các đơn vị sự nghiệp công lập") == [
        "Công an phường", "BCH Quân sự phường", "Các đơn vị sự nghiệp công lập",
    ]  # fmt: skip
    assert agencies("Ủy ban MTTQ, các tổ chức chính trị - xã hội") == [
        "Ủy ban MTTQ, các tổ chức chính trị - xã hội"
    ]
