"""The reader on small hand-made documents: the same header block laid out three ways."""

from __future__ import annotations

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH

from generator.read.lines import lines_of
from generator.read.reader import structure

AGENCY = ["ỦY BAN NHÂN DÂN", "PHƯỜNG AN BIÊN"]
QH, TN = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"
NUMBER, DATE = "Số: 05/KH-UBND", "An Biên, ngày 05 tháng 3 năm 2026"


def add_lines(p, lines: list[str]) -> None:
    """One run per line, with a line break (Shift+Enter) between them."""
    for i, text in enumerate(lines):
        run = p.add_run(text)
        if i < len(lines) - 1:
            run.add_break()


def header_as_table(doc) -> None:
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).paragraphs[0].text = AGENCY[0]
    table.cell(0, 0).add_paragraph(AGENCY[1])
    table.cell(0, 1).paragraphs[0].text = QH
    table.cell(0, 1).add_paragraph(TN)
    table.cell(1, 0).paragraphs[0].text = NUMBER
    table.cell(1, 1).paragraphs[0].text = DATE


def header_with_tabs(doc) -> None:
    doc.add_paragraph(f"{AGENCY[0]}\t\t{QH}")
    doc.add_paragraph(f"{AGENCY[1]}\t\t{TN}")
    doc.add_paragraph(f"{NUMBER}\t\t{DATE}")


def header_with_line_breaks(doc) -> None:
    add_lines(doc.add_paragraph(), AGENCY)
    add_lines(doc.add_paragraph(), [QH, TN])
    doc.add_paragraph(NUMBER)
    doc.add_paragraph(DATE)


def plan(make_header):
    doc = docx.Document()
    make_header(doc)
    for text in ["KẾ HOẠCH", "Triển khai công tác dân vận năm 2026"]:
        p = doc.add_paragraph()
        p.add_run(text).bold = True
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph("I. MỤC ĐÍCH")
    doc.add_paragraph("Nội dung kế hoạch./.")
    add_lines(doc.add_paragraph(), ["Nơi nhận:", "- Sở Nội vụ;", "- Lưu: VT."])
    return structure(doc)


@pytest.mark.parametrize("make_header", [header_as_table, header_with_tabs,
                                         header_with_line_breaks])  # fmt: skip
def test_the_header_block_is_read_whatever_its_layout(make_header):
    d = plan(make_header)
    assert [line.text for line in d.agency] == AGENCY
    assert d.quoc_hieu.text == QH and d.tieu_ngu.text == TN
    assert d.number.text == NUMBER and d.date.text == DATE
    assert d.title.text == "KẾ HOẠCH"
    assert [line.text for line in d.subject] == ["Triển khai công tác dân vận năm 2026"]
    assert [line.text for line in d.body] == ["I. MỤC ĐÍCH", "Nội dung kế hoạch./."]
    assert d.noi_nhan.text == "Nơi nhận:"
    assert [line.text for line in d.recipients] == ["- Sở Nội vụ;", "- Lưu: VT."]


def test_tab_separated_parts_are_columns_of_one_paragraph():
    doc = docx.Document()
    p = doc.add_paragraph()
    p.add_run("ỦY BAN ").bold = True
    p.add_run("NHÂN DÂN\t\tCỘNG HÒA")
    left, right = lines_of(p)
    assert (left.text, left.column, right.text, right.column) == (
        "ỦY BAN NHÂN DÂN",
        0,
        "CỘNG HÒA",
        2,
    )  # fmt: skip  (the column: the tabs before it)
    assert [r.text for r in left.runs] == ["ỦY BAN ", "NHÂN DÂN\t\tCỘNG HÒA"]
    assert [r.text for r in right.runs] == ["NHÂN DÂN\t\tCỘNG HÒA"]
    assert [line.text for line in lines_of(p, tabs=False)] == ["ỦY BAN NHÂN DÂN CỘNG HÒA"]


def test_runs_carry_the_formatting_of_each_line():
    d = plan(header_with_line_breaks)
    (_run, fmt), = d.runs(d.title)  # fmt: skip
    assert fmt.bold and not fmt.italic
