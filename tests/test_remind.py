"""`vanban remind`: one công văn đôn đốc per agency whose tasks are due and not done on a day,
read from the clerk's tracking workbook (never changed), columns found by their headers."""

from __future__ import annotations

import datetime as dt
import hashlib

import docx
import pytest
import yaml
from openpyxl import load_workbook
from openxml_audit import OpenXmlValidator

from generator.cli import main
from generator.pipeline import model_of
from generator.read.check import verdict
from generator.tasks.extract import assignments
from generator.tasks.track import deadline

from .conftest import EXAMPLES

PLAN = EXAMPLES[1]  # seed 001: dated tasks (a day, months, quarters) and undated ones
ON = dt.date(2026, 12, 31)


@pytest.fixture()
def book(tmp_path):
    """The plan's workbook as a clerk left it: columns renamed a little, moved, one added, and
    what she typed for three of the tasks that are due by ON."""
    path = tmp_path / "theo-doi.xlsx"
    assert main(["track", str(PLAN), "-o", str(path)]) == 0
    plan = model_of(PLAN)
    due = [t for t in plan.tasks if (d := deadline(t.value("timeline"), plan.year)) and d <= ON]
    wb = load_workbook(path)
    ws = wb["Theo dõi"]
    ws.insert_cols(1)
    ws.cell(3, 1, "Người theo dõi")
    headers = {ws.cell(3, c).value: c for c in range(1, ws.max_column + 1)}
    ws.cell(3, headers["Tiến độ"], "Tiến độ thực hiện")
    ws.cell(3, headers["Ghi chú"], "Ghi chú khác")
    ws.cell(3, ws.max_column + 1, "Cột của chị")
    rows = {ws.cell(r, headers["Nội dung nhiệm vụ"]).value: r for r in range(4, ws.max_row + 1)}
    busiest = max(assignments(plan.tasks, {}), key=lambda a: len([t for t in a.leads if t in due]))
    done, started = [t for t in busiest.leads if t in due][:2]
    ws.cell(rows[done.content.strip()], headers["Tiến độ"], "hoàn thành")
    r = rows[started.content.strip()]
    ws.cell(r, headers["Tiến độ"], "Đang thực hiện")
    ws.cell(r, headers["Kết quả"], "Đã xây dựng dự thảo *lần 2*")
    ws.cell(r, headers["Ghi chú"]).value = "=chờ ý kiến"
    ws.cell(r, headers["Ghi chú"]).data_type = "s"
    wb.save(path)
    return path, plan, done, started


def _lines(path):
    return [p.text for p in docx.Document(str(path)).paragraphs if p.text.strip()]


def test_one_reminder_per_agency_with_late_tasks(book, tmp_path, capsys):
    path, plan, done, started = book
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    out = tmp_path / "dd"
    args = ["remind", str(PLAN), "--from", str(path), "--on", "31/12/2026", "-o", str(out)]
    assert main(args) == 0
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before  # read, never written
    late = [t for t in plan.tasks if t is not done
            and (d := deadline(t.value("timeline"), plan.year)) and d <= ON]  # fmt: skip
    expected = {a.name: [t for t in a.leads if t in late]
                for a in assignments(plan.tasks, {})}  # fmt: skip
    expected = {name: tasks for name, tasks in expected.items() if tasks}
    written = sorted(out.glob("*.docx"))
    assert len(written) == len(expected) == len(list(out.glob("*.yaml"))) >= 2
    validator = OpenXmlValidator(max_errors=0)
    for docx_path in written:
        lines = _lines(docx_path)
        (kinh,) = [t for t in lines if t.startswith("Kính gửi")]
        name = kinh.removeprefix("Kính gửi: ")
        head = [p.text for p in docx.Document(str(docx_path)).tables[0].cell(1, 0).paragraphs]
        vv = " ".join(t for t in head if t.strip() and not t.startswith("Số"))
        assert vv.startswith("V/v đôn đốc thực hiện Kế hoạch số")
        body = "\n".join(lines)
        for task in plan.tasks:
            number = f"(nhiệm vụ {task.number.rstrip(')')})"
            assert (number in body) == (task in expected[name]), (name, task.number)
        assert f"còn {len(expected[name]):02d} nhiệm vụ" in body
        assert body.count("- Thời hạn: ") == len(expected[name])
        v = verdict(docx_path)
        assert v.kind == "cong_van" and v.count("error") == 0, docx_path
        assert validator.validate(str(docx_path)).errors == []
        config = yaml.safe_load(docx_path.with_suffix(".yaml").read_text(encoding="utf-8"))
        assert config["kinh_gui"] == [name]
    (mine,) = [p for p in written if started.content[:40] in "\n".join(_lines(p))]
    lines = _lines(mine)
    assert "- Tiến độ: Đang thực hiện." in lines
    assert "- Kết quả: Đã xây dựng dự thảo *lần 2*." in lines  # as typed, not italic
    assert "- Ghi chú: =chờ ý kiến." in lines
    assert all(f"(nhiệm vụ {done.number.rstrip(')')})" not in "\n".join(_lines(p))
               for p in written)  # fmt: skip
    # a second run writes the same files; an edited one is refused, nothing written
    assert main(args) == 0
    edited = written[0].with_suffix(".yaml")
    edited.write_text(edited.read_text(encoding="utf-8") + "# sửa\n", encoding="utf-8")
    assert main(args) == 1
    assert "--force" in capsys.readouterr().err
    assert edited.read_text(encoding="utf-8").endswith("# sửa\n")


def test_no_late_agency_writes_nothing(book, tmp_path, capsys):
    path = book[0]
    out = tmp_path / "none"
    assert main(["remind", str(PLAN), "--from", str(path), "--on", "2026-01-15",
                 "-o", str(out)]) == 0  # fmt: skip
    assert "15/01/2026" in capsys.readouterr().out
    assert not out.exists()


def test_bad_workbook_is_a_clear_error(tmp_path, capsys):
    missing = tmp_path / "khong-co.xlsx"
    assert main(["remind", str(PLAN), "--from", str(missing), "-o", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert str(missing) in err and "Traceback" not in err
    fake = tmp_path / "gia.xlsx"
    fake.write_bytes(b"%PDF-1.4 not a workbook")
    assert main(["remind", str(PLAN), "--from", str(fake), "-o", str(tmp_path / "o")]) == 1
    assert str(fake) in capsys.readouterr().err
    assert main(["remind", str(PLAN), "--from", str(fake), "--on", "31/02/2026"]) == 1
    assert "31/02/2026" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_a_renamed_sheet_behind_one_of_hers_is_found(book, tmp_path):
    path = book[0]
    wb = load_workbook(path)
    wb["Theo dõi"].title = "Sổ theo dõi năm 2026"
    wb.create_sheet("Ghi chép", 0).append(["Tiến độ chung", "tốt"])  # no task table here
    wb["Sổ theo dõi năm 2026"]["XFD1048576"] = "x"  # a stray cell far away
    wb.save(path)
    out = tmp_path / "dd"
    assert main(["remind", str(PLAN), "--from", str(path), "--on", "31/12/2026",
                 "-o", str(out)]) == 0  # fmt: skip
    assert len(list(out.glob("*.docx"))) >= 2
