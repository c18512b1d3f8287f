"""The richer config format, read back from the .docx: emphasis runs, lines inside cells,
tables in the body and in appendices (widths, alignment, sums), appendix headings, field ends,
province-level issuers, điểm headings."""

from __future__ import annotations

import docx
import pytest
from docx.oxml.ns import qn

from generator import nd30
from generator.read.report import check_file

from .conftest import EXAMPLES, ROOT, render_config, render_dict, run_format

TWIPS_PER_MM = 1440 / 25.4


def runs(doc, start: str) -> list[tuple[str, bool, bool]]:
    """(text, bold, italic) of the runs of the first paragraph starting with ``start``, with
    their effective formatting."""
    from generator.read.effective import Resolver

    resolver = Resolver(doc)
    for p in _all(doc):
        if p.text.startswith(start):
            return [(r.text, resolver.run(p, r).bold, resolver.run(p, r).italic)
                    for r in p.runs if r.text]  # fmt: skip
    raise AssertionError(start)


def _all(doc):
    from generator.read.lines import paragraphs

    return list(paragraphs(doc))


def test_inline_emphasis_everywhere(tmp_path):
    doc = render_dict(
        tmp_path,
        basis=["Căn cứ *Luật Thực hiện dân chủ* ngày 10/11/2022"],
        opening="Phương châm “***Dân biết, dân bàn***” và \\*ghi chú.",
        body=[{"heading": "MỤC ĐÍCH", "text": "Đoạn có **chữ đậm** và *nghiêng*.",
               "lead": "Phòng *Văn hóa*"}],
        closing=["Kết thúc *đoạn*."],
        appendices=[{"title": "Danh mục *năm nay*", "rows": [{"content": "Việc **một**"}]}],
    )  # fmt: skip
    assert runs(doc, "Căn cứ") == [("Căn cứ ", False, True),
                                   ("Luật Thực hiện dân chủ", False, True),
                                   (" ngày 10/11/2022.", False, True)]  # fmt: skip
    assert runs(doc, "Phương châm") == [("Phương châm “", False, False),
                                        ("Dân biết, dân bàn", True, True),
                                        ("” và *ghi chú.", False, False)]  # fmt: skip
    assert ("chữ đậm", True, False) in runs(doc, "Đoạn có")
    assert ("nghiêng", False, True) in runs(doc, "Đoạn có")
    assert ("Văn hóa", False, True) in runs(doc, "- Cơ quan chủ trì: Phòng")
    assert ("đoạn", False, True) in runs(doc, "Kết thúc")
    assert ("năm nay", True, True) in runs(doc, "Danh mục")  # a bold title, an italic word
    assert ("một", True, False) in runs(doc, "Việc")
    assert not any("*" in p.text and "ghi chú" not in p.text for p in _all(doc))


def test_several_lines_in_one_cell_and_joined_in_a_field_line(tmp_path):
    task = {"id": "t", "content": "Việc", "lead": "Sở Nội vụ",
            "coordinating": ["- Ban Xây dựng Đảng", "- Các phòng chức năng"],
            "timeline": "Quý I\nQuý II"}  # fmt: skip
    doc = render_dict(tmp_path, tasks=[task], body=[{"heading": "A", "children": [{"task": "t"}]}],
                      appendices=[{"title": "Danh mục", "rows": [{"task": "t"}]}])  # fmt: skip
    texts = [p.text for p in _all(doc)]
    assert "- Cơ quan phối hợp: - Ban Xây dựng Đảng, - Các phòng chức năng." in texts
    assert "- Thời gian thực hiện: Quý I, Quý II." in texts
    row = doc.tables[-1].rows[1]
    assert [p.text for p in row.cells[3].paragraphs] == ["- Ban Xây dựng Đảng",
                                                         "- Các phòng chức năng"]  # fmt: skip
    assert [p.text for p in row.cells[4].paragraphs] == ["Quý I", "Quý II"]


TABLE = {
    "columns": [{"title": "STT", "width": 12, "align": "center"},
                {"title": "Nội dung", "width": 95},
                {"title": "Kinh phí (đồng)", "width": 40, "align": "right", "sum": True}],
    "rows": [[1, "Tuyên truyền", 15000000], [2, ["Hội nghị sơ kết", "Hội nghị tổng kết"], 2500000],
             {"group": "Nguồn xã hội hóa"}, [3, "Khen thưởng", 1250000]],
    "total": "Tổng cộng",
}  # fmt: skip


def cell_widths_mm(table) -> list[float]:
    return [int(g.get(qn("w:w"))) / TWIPS_PER_MM for g in table._tbl.xpath("./w:tblGrid/w:gridCol")]


def test_a_table_in_the_body_with_widths_alignment_and_sums(tmp_path):
    doc = render_dict(tmp_path, body=[{"heading": "KINH PHÍ", "text": "Dự toán:", "table": TABLE}])
    (table,) = [t for t in doc.tables if t.rows[0].cells[0].text == "STT"]
    assert [round(w) for w in cell_widths_mm(table)] == [12, 95, 40]
    assert [c.text for c in table.rows[0].cells] == ["STT", "Nội dung", "Kinh phí (đồng)"]
    assert table.rows[0]._tr.xpath("./w:trPr/w:tblHeader")
    assert [c.text for c in table.rows[1].cells] == ["1", "Tuyên truyền", "15.000.000"]
    assert [p.text for p in table.rows[2].cells[1].paragraphs] == ["Hội nghị sơ kết",
                                                                  "Hội nghị tổng kết"]  # fmt: skip
    group = table.rows[3]
    assert group._tr.xpath("./w:tc/w:tcPr/w:gridSpan/@w:val") == ["3"]
    total = table.rows[-1]
    assert [c.text for c in total.cells][-1] == "18.750.000"
    assert total.cells[0].text == "Tổng cộng" and run_format(total.cells[-1].paragraphs[0]).bold
    money = table.rows[1].cells[2].paragraphs[0]
    assert money._p.xpath("./w:pPr/w:jc/@w:val") == ["right"]
    assert run_format(money).size == nd30.SIZES["table"].value  # one step under the body
    assert doc.sections[0].orientation == 0 and len(doc.sections) == 1  # portrait flow


def test_widths_that_add_up_to_more_than_the_page_are_scaled_down(tmp_path):
    wide = {
        "columns": [{"title": "A", "width": 200}, {"title": "B", "width": 200}],
        "rows": [["x", "y"]],
    }
    doc = render_dict(tmp_path, body=[{"heading": "A", "table": wide}],
                      appendices=[{"heading": "PHỤ LỤC", "table": wide}])  # fmt: skip
    body_table, appendix_table = doc.tables[1], doc.tables[-1]
    assert abs(sum(cell_widths_mm(body_table)) - nd30.TEXT_WIDTH_MM) < 0.5
    assert abs(sum(cell_widths_mm(appendix_table)) - nd30.LANDSCAPE_TEXT_WIDTH_MM) < 0.5


def test_appendix_task_columns_widths_alignment_and_row_splitting(tmp_path):
    columns = [{"tt": "STT", "width": 15, "align": "center"}, {"content": "Nội dung", "width": 120},
               {"lead": "Chủ trì", "align": "right"}]  # fmt: skip
    rows = [{"content": f"Việc {i}", "lead": "Sở"} for i in range(3)]
    appendices = [{"title": "A", "columns": columns, "rows": rows},
                  {"title": "B", "rows": rows, "keep_rows": True}]  # fmt: skip
    doc = render_dict(tmp_path, appendices=appendices)
    first, second = doc.tables[-2], doc.tables[-1]
    assert [round(w) for w in cell_widths_mm(first)][:2] == [15, 120]
    assert first.rows[1].cells[2].paragraphs[0]._p.xpath("./w:pPr/w:jc/@w:val") == ["right"]
    split = [bool(r._tr.xpath("./w:trPr/w:cantSplit")) for r in first.rows]
    assert split == [True, False, False, False]  # rows may split; the header never
    assert all(r._tr.xpath("./w:trPr/w:cantSplit") for r in second.rows)  # keep_rows


def test_appendix_subtitle_attachment_line_and_one_line_heading(tmp_path):
    doc = render_dict(tmp_path, appendices=[
        {"title": "Nhiệm vụ cụ thể", "subtitle": "Thực hiện Chương trình phối hợp",
         "rows": [{"content": "Việc"}]},
        {"heading": "PHỤ LỤC NHIỆM VỤ CỤ THỂ", "note": "", "rows": [{"content": "Việc"}]},
    ])  # fmt: skip
    texts = [p.text for p in _all(doc)]
    i = texts.index("Phụ lục I")
    assert texts[i + 1 : i + 4] == [
        "Nhiệm vụ cụ thể", "Thực hiện Chương trình phối hợp",
        "(Kèm theo Kế hoạch số 07/KH-UBND ngày 07 tháng 5 năm 2026 của Ủy ban nhân dân phường "
        "Nhị Chiểu)"]  # fmt: skip
    j = texts.index("PHỤ LỤC NHIỆM VỤ CỤ THỂ")
    assert not texts[j + 1].startswith("(Kèm theo")


def test_field_lines_without_a_full_stop(tmp_path):
    body = [{"heading": "A", "children": [
        {"text": "Một", "lead": "Sở Nội vụ"},
        {"text": "Hai", "lead": "Sở Tư pháp", "end": "."},
        {"text": "Ba", "lead": "Sở Tài chính;"}]}]  # fmt: skip
    texts = [p.text for p in _all(render_dict(tmp_path, body=body, fields={"end": ""}))]
    assert "- Cơ quan chủ trì: Sở Nội vụ" in texts
    assert "- Cơ quan chủ trì: Sở Tư pháp." in texts
    assert "- Cơ quan chủ trì: Sở Tài chính;" in texts  # no second punctuation


def test_default_field_end_is_a_full_stop_without_doubling(tmp_path):
    body = [{"heading": "A", "children": [{"text": "Một", "lead": "Sở Nội vụ."}]}]
    texts = [p.text for p in _all(render_dict(tmp_path, body=body))]
    assert "- Cơ quan chủ trì: Sở Nội vụ." in texts


@pytest.mark.parametrize("ward, agency, signer, expected", [
    ({"name": "Lâm Đồng", "kind": "tỉnh"}, {}, {"name": "A"},
     ["ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG", "Số: 07/KH-UBND"]),
    ({"name": "Hải Phòng", "kind": "thành phố"}, {}, {"name": "A"},
     ["THÀNH PHỐ HẢI PHÒNG", "Hải Phòng, ngày 07 tháng 5 năm 2026"]),
    ({"name": "Lâm Đồng", "kind": "tỉnh"},
     {"parent": "UBND TỈNH LÂM ĐỒNG", "name": "SỞ NỘI VỤ", "abbreviation": "SNV"},
     {"collective": None, "authority": "KT.", "title": "GIÁM ĐỐC", "signer_title": "PHÓ GIÁM ĐỐC",
      "name": "B"}, ["SỞ NỘI VỤ", "Số: 07/KH-SNV", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]),
    ({"name": "Lâm Đồng", "kind": "tỉnh"}, {"name": "BAN CHỈ ĐẠO", "abbreviation": "BCĐ"},
     {"collective": "BAN CHỈ ĐẠO", "title": "TRƯỞNG BAN", "name": "C"},
     ["Số: 07/KH-BCĐ", "TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN"]),
])  # fmt: skip
def test_issuers_above_the_ward(tmp_path, ward, agency, signer, expected):
    doc = render_dict(tmp_path, ward=ward, agency=agency, signer=signer)
    texts = [p.text for p in _all(doc)]
    assert all(e in texts for e in expected), texts[:12]
    assert check_file(next((tmp_path / "out").glob("*.docx")))["errors"] == 0


def test_a_heading_at_the_diem_level_is_upright_and_not_bold(tmp_path):
    body = [{"heading": "A", "children": [{"heading": "Khoản", "children": [
        {"heading": "Điểm có tên", "children": [{"text": "Nội dung."}]}]}]}]  # fmt: skip
    doc = render_dict(tmp_path, body=body)
    p = next(p for p in _all(doc) if p.text == "a) Điểm có tên")
    f = run_format(p)
    assert (f.bold, f.italic) == (False, False)


def test_the_rich_example_renders_and_checks_clean(tmp_path):
    path = render_config(EXAMPLES[3], tmp_path)
    report = check_file(path)
    assert report["errors"] == 0 and report["warnings"] == 0 and report["kind"] == "ke_hoach"
    doc = docx.Document(str(path))
    assert len(doc.sections) == 3  # the signed plan, two landscape appendices
    assert any(c.text == "52.500.000" for t in doc.tables for c in t._cells)
    assert (ROOT / "configs" / "examples" / EXAMPLES[3].name).exists()
