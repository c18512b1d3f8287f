"""Workbooks a clerk keeps: nothing written as a formula, nothing she added dropped by
`track --update` (columns, sheets, comments, links, styles, duplicated rows, macros), and hostile
workbooks answered with a message."""

from __future__ import annotations

import itertools
import re
import string
import zipfile
from pathlib import Path

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from generator.tasks.track import REMOVED_SHEET, SHEET

from .test_tasks import TASKS, _task, cli, plan, sheet_rows

HOSTILE = ['=HYPERLINK("http://x.example","bấm")', "+cmd|'/c calc'!A0", "-2+3", "@SUM(1,2)"]


def column_of(sheet, header: str) -> int:
    for cell in sheet[3]:
        if cell.value == header:
            return cell.column
    raise AssertionError(header)


def test_text_that_looks_like_a_formula_stays_text(tmp_path, capsys):
    tasks = [_task(HOSTILE[0], HOSTILE[1], HOSTILE[2], HOSTILE[3]), TASKS[1]]
    out = tmp_path / "t.xlsx"
    assert cli("track", plan(tmp_path, tasks), "-o", out) == 0
    for _ in range(2):  # written, then updated
        sheet = load_workbook(out)[SHEET]
        values = [(c.value, c.data_type) for c in sheet[4][:5]]
        assert values[1:] == [(HOSTILE[0], "s"), (HOSTILE[1], "s"), (HOSTILE[2], "s"),
                              (HOSTILE[3], "s")]  # fmt: skip
        xml = zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml").decode()
        assert not re.search(r"<f[ >]", xml)  # no formula anywhere
        assert '<t>=HYPERLINK("http' in xml.replace("&quot;", '"')  # a string, as typed
        assert cli("track", tmp_path / "plan.yaml", "--update", out) == 0


def test_a_formula_the_clerk_typed_is_kept_and_never_evaluated(tmp_path, capsys):
    out = tmp_path / "t.xlsx"
    assert cli("track", plan(tmp_path), "-o", out) == 0
    book = load_workbook(out)
    sheet = book[SHEET]
    sheet.cell(4, column_of(sheet, "Kết quả")).value = "=1+1"  # a formula, no cached value
    sheet.cell(5, column_of(sheet, "Kết quả")).value = "Đã xong"
    sheet.cell(5, column_of(sheet, "Kết quả")).data_type = "s"
    book.save(out)
    assert cli("track", tmp_path / "plan.yaml", "--update", out) == 0
    cell = load_workbook(out)[SHEET].cell(4, column_of(sheet, "Kết quả"))
    assert (cell.value, cell.data_type) == ("=1+1", "f")  # hers, as she typed it
    report = tmp_path / "bc"
    assert cli("report", tmp_path / "plan.yaml", "--period", "6m", "--from", out, "-o",
               report) == 0  # fmt: skip
    (written,) = report.glob("*.docx")
    text = "\n".join(p.text for p in docx.Document(str(written)).paragraphs)
    assert "=1+1" in text and "Đã xong" in text


def _dress_up(path: Path) -> None:
    """What a clerk adds to her workbook in Excel."""
    book = load_workbook(path)
    sheet = book[SHEET]
    extra = sheet.max_column + 1
    sheet.cell(3, extra).value = "Người phụ trách"
    for row in range(4, 8):
        sheet.cell(row, extra).value = f"Cán bộ {row}"
    result = sheet.cell(4, column_of(sheet, "Kết quả"))
    result.value = "Đã tổ chức 05 hội nghị."
    result.font = Font(bold=True, color="FF0000")
    result.fill = PatternFill("solid", fgColor="FFFF00")
    result.comment = Comment("Xem lại số liệu", "Chị Lan")
    evidence = sheet.cell(4, column_of(sheet, "Minh chứng"))
    evidence.value = "Biên bản"
    evidence.hyperlink = "https://example.org/bien-ban.pdf"
    book.create_sheet("Ghi chép").append(["Họp giao ban", "=1+2"])
    book.save(path)


def test_update_keeps_what_the_clerk_added(tmp_path, capsys):
    out = tmp_path / "t.xlsx"
    assert cli("track", plan(tmp_path), "-o", out) == 0
    _dress_up(out)
    book = load_workbook(out)  # a duplicated row: the same task twice
    sheet = book[SHEET]
    sheet.insert_rows(6)
    for cell in sheet[5]:
        sheet.cell(6, cell.column).value = cell.value
    sheet.cell(6, column_of(sheet, "Ghi chú")).value = "bản sao của tôi"
    book.save(out)
    changed = [_task("Sơ kết 6 tháng.", "Phòng Văn hóa - Xã hội"), *TASKS[:3]]
    assert cli("track", plan(tmp_path, changed), "--update", out) == 0
    book = load_workbook(out)
    assert book.sheetnames[:2] == [SHEET, "Ghi chép"]
    assert [c.value for c in book["Ghi chép"][1]] == ["Họp giao ban", "=1+2"]
    rows = sheet_rows(out)
    assert [r["Nội dung nhiệm vụ"] for r in rows] == [
        "Sơ kết 6 tháng.", TASKS[0]["text"], TASKS[1]["text"], TASKS[1]["text"], TASKS[2]["text"]
    ]  # fmt: skip
    assert [r["Người phụ trách"] for r in rows] == [None, "Cán bộ 4", "Cán bộ 5", "Cán bộ 5",
                                                   "Cán bộ 6"]  # fmt: skip
    assert rows[3]["Ghi chú"] == "bản sao của tôi"
    assert [r["STT"] for r in rows] == ["II.1.a)", "II.1.b)", "II.1.c)", "II.1.c)", "II.1.d)"]
    sheet = book[SHEET]
    result = sheet.cell(5, column_of(sheet, "Kết quả"))
    assert result.value == "Đã tổ chức 05 hội nghị." and result.font.b
    assert result.fill.fgColor.rgb == "00FFFF00" and result.comment.text == "Xem lại số liệu"
    evidence = sheet.cell(5, column_of(sheet, "Minh chứng"))
    assert evidence.hyperlink.target == "https://example.org/bien-ban.pdf"
    assert evidence.hyperlink.ref == "G5".replace("G", evidence.column_letter)
    gone = list(book[REMOVED_SHEET].iter_rows(values_only=True))  # a removed task, all its cells
    assert gone[0][-1] == "Người phụ trách" and gone[1][1] == TASKS[3]["text"]
    assert gone[1][-1] == "Cán bộ 7"


def test_a_workbook_with_macros_keeps_them_and_drawings_are_refused(tmp_path, capsys):
    out = tmp_path / "t.xlsx"
    assert cli("track", plan(tmp_path), "-o", out) == 0
    macro = tmp_path / "t.xlsm"
    _add_members(out, macro, {"xl/vbaProject.bin": b"VBA project bytes"})
    assert cli("track", tmp_path / "plan.yaml", "--update", macro) == 0
    assert zipfile.ZipFile(macro).read("xl/vbaProject.bin") == b"VBA project bytes"
    renamed = tmp_path / "macros.xlsx"
    _add_members(out, renamed, {"xl/vbaProject.bin": b"VBA"})
    before = renamed.read_bytes()
    assert cli("track", tmp_path / "plan.yaml", "--update", renamed) == 1
    assert "it holds macros but is not named .xlsm" in capsys.readouterr().err
    drawn = tmp_path / "drawn.xlsx"
    _add_members(out, drawn, {"xl/drawings/drawing1.xml": b"<x/>"})
    before = drawn.read_bytes()
    assert cli("track", tmp_path / "plan.yaml", "--update", drawn) == 1
    err = capsys.readouterr().err
    assert "holds drawings, charts or pictures, which vanban cannot keep" in err
    assert drawn.read_bytes() == before


def _add_members(src: Path, dest: Path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as z:
        for info in zin.infolist():
            data = zin.read(info.filename)
            new = members.pop(info.filename, None)
            z.writestr(info.filename, new if new is not None else data)
        for name, data in members.items():
            z.writestr(name, data)


def test_hostile_workbooks_get_a_message(tmp_path, capsys):
    out = tmp_path / "t.xlsx"
    assert cli("track", plan(tmp_path), "-o", out) == 0
    stray = tmp_path / "stray.xlsx"
    book = load_workbook(out)
    book[SHEET]["XFD1048576"] = "lạc"
    book.save(stray)
    assert cli("track", tmp_path / "plan.yaml", "--update", stray) == 0  # at once, kept
    assert "lạc" in [c for r in load_workbook(stray)[REMOVED_SHEET].iter_rows(values_only=True)
                     for c in r]  # fmt: skip
    big = tmp_path / "big.xlsx"
    filler = "".join(f"<!-- {i:08d} {string.ascii_letters} -->" for i in range(200_000))
    _add_members(
        out,
        big,
        {
            "xl/worksheets/sheet1.xml": zipfile.ZipFile(out)
            .read("xl/worksheets/sheet1.xml")
            .replace(b"<sheetData>", filler.encode() + b"<sheetData>")
        },
    )
    bomb = tmp_path / "bomb.xlsx"
    _add_members(out, bomb, {"xl/sharedStrings.xml": b'<?xml version="1.0"?><!DOCTYPE x '
                             b'[<!ENTITY a "aaaa">]><x>&a;</x>'})  # fmt: skip
    for path, message in ((big, r"sheet1\.xml unpacks to 1\d\.\d MB, more than a tracking"),
                          (bomb, r"sharedStrings\.xml declares entities")):  # fmt: skip
        for argv in (["track", tmp_path / "plan.yaml", "--update", path],
                     ["report", tmp_path / "plan.yaml", "--period", "6m", "--from", path, "-o",
                      tmp_path / "r"]):  # fmt: skip
            assert cli(*argv) == 1
            err = capsys.readouterr().err
            assert re.search(message, err) and "Traceback" not in err, err


RUNS = itertools.count()
names = (
    st.text(alphabet="ABCDEFGHIKLMNOPQRSTUVXYđăâêôơư =+-@", min_size=1, max_size=12)
    .map(str.strip)
    .filter(lambda s: s and s not in {"STT", "Mã", "Tiến độ", "Kết quả", "Ghi chú"})
)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    columns=st.lists(names, min_size=1, max_size=3, unique=True),
    sheets=st.lists(names.map(lambda s: s[:20].replace("=", "x")), max_size=2, unique=True),
    notes=st.dictionaries(
        st.integers(0, 3),
        st.text(st.characters(whitelist_categories=("L", "N", "P", "Zs")), min_size=1, max_size=30),
        max_size=4,
    ),
    drop=st.integers(0, 3),
)
def test_update_keeps_random_columns_sheets_and_comments(tmp_path, columns, sheets, notes, drop):
    folder = tmp_path / f"run{next(RUNS)}"
    folder.mkdir()
    out = folder / "t.xlsx"
    assert cli("track", plan(folder), "-o", out) == 0
    book = load_workbook(out)
    sheet = book[SHEET]
    for i, name in enumerate(columns):
        col = sheet.max_column + 1
        sheet.cell(3, col).value = name
        for row in range(4, 8):
            put_text(sheet.cell(row, col), f"{name} {row} {i}")
    for row, text in notes.items():
        sheet.cell(4 + row, column_of(sheet, "Kết quả")).comment = Comment(text, "clerk")
    for name in sheets:
        if name not in book.sheetnames and name.strip("'") == name:
            book.create_sheet(name).append([name, "=" + name])
    kept_sheets = list(book.sheetnames)
    book.save(out)
    tasks = [t for i, t in enumerate(TASKS) if i != drop]
    assert cli("track", plan(folder, tasks), "--update", out) == 0
    book = load_workbook(out)
    assert book.sheetnames[: len(kept_sheets)] == kept_sheets
    rows = {r["Nội dung nhiệm vụ"]: r for r in sheet_rows(out)}
    gone = [list(r) for r in book[REMOVED_SHEET].iter_rows(values_only=True)]
    for original, task in enumerate(TASKS, start=4):
        for i, name in enumerate(columns):
            value = f"{name} {original} {i}"
            if task in tasks:
                assert rows[task["text"]][name] == value
            else:
                assert value in [c for r in gone for c in r]
    sheet = book[SHEET]
    comments = {c.comment.text for r in sheet.iter_rows() for c in r if c.comment}
    comments |= {c.comment.text for r in book[REMOVED_SHEET].iter_rows() for c in r if c.comment}
    assert set(notes.values()) <= comments


def put_text(cell, value: str) -> None:
    cell.value = value
    cell.data_type = "s"
