"""Layout facts of a generated document, read back from the .docx (Nghị định 30, shared spec)."""

from __future__ import annotations

import zipfile

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Pt

from generator import nd30, textwidth

from .conftest import all_paragraphs, body_paragraphs, iter_block, para_format, run_format

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def plan(examples):
    return docx.Document(str(examples["001"]))  # the draft with a DANH MỤC appendix


def find(doc, text: str):
    """The first paragraph (tables included) whose text starts with ``text``."""
    for p in all_paragraphs(doc):
        if p.text.strip().startswith(text):
            return p
    raise AssertionError(f"no paragraph starting with {text!r}")


def test_page_is_a4_with_nd30_margins(plan):
    s = plan.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    assert s.orientation == WD_ORIENT.PORTRAIT
    assert [
        round(x.mm) for x in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)
    ] == [20, 20, 30, 15]


def test_times_new_roman_in_all_four_slots_and_vietnamese(examples):
    with zipfile.ZipFile(examples["001"]) as z:
        styles = z.read("word/styles.xml").decode()
        document = z.read("word/document.xml").decode()
    from lxml import etree

    root = etree.fromstring(styles.encode())
    default = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    fonts = default.find(f"{W}rFonts")
    assert {k.split("}")[1]: v for k, v in fonts.attrib.items()} == {
        "ascii": "Times New Roman",
        "hAnsi": "Times New Roman",
        "eastAsia": "Times New Roman",
        "cs": "Times New Roman",
    }
    assert default.find(f"{W}lang").get(f"{W}val") == "vi-VN"
    assert "Theme=" not in styles  # theme fonts would override Times New Roman
    for el in root.iter(f"{W}rFonts"):  # no style brings another font
        assert set(el.attrib.values()) <= {"Times New Roman"}
    assert "rFonts" not in document  # no direct font formatting in the body


def test_page_number_top_centre_hidden_on_first_page(plan):
    s = plan.sections[0]
    assert s.different_first_page_header_footer
    header = s.header.paragraphs[0]
    assert "PAGE" in "".join(header._p.xpath(".//w:instrText/text()"))
    assert para_format(header).align == "center"
    assert header.style.font.size == Pt(14)
    assert not any(
        p.text.strip() or p._p.xpath(".//w:instrText") for p in s.first_page_header.paragraphs
    )


@pytest.mark.parametrize(
    "start, size, bold, italic, align",
    [
        ("ỦY BAN NHÂN DÂN", 13, True, False, "CENTER"),
        ("PHƯỜNG VIỆT HOÀ", 13, True, False, "CENTER"),
        (nd30.QUOC_HIEU, 13, True, False, "CENTER"),
        (nd30.TIEU_NGU, 14, True, False, "CENTER"),
        ("Số:", 13, False, False, "CENTER"),
        ("Việt Hoà, ngày", 14, False, True, "CENTER"),
        ("KẾ HOẠCH", 14, True, False, "CENTER"),
        ("Triển khai thực hiện công tác dân vận", 14, True, False, "CENTER"),
        ("Căn cứ Chỉ thị số 33/CT-TTg", 14, False, True, "JUSTIFY"),
        ("I. MỤC ĐÍCH YÊU CẦU", 14, True, False, "JUSTIFY"),
        ("1. Tổ chức quán triệt", 14, True, False, "JUSTIFY"),
        ("Tiếp tục triển khai, thực hiện nghiêm túc", 14, False, False, "JUSTIFY"),
        ("Nơi nhận:", 12, True, True, "LEFT"),
        ("- UBND thành phố;", 11, False, False, "LEFT"),
        ("TM. ỦY BAN NHÂN DÂN", 14, True, False, "CENTER"),
        ("CHỦ TỊCH", 14, True, False, "CENTER"),
        ("Đào Quang Dương", 14, True, False, "CENTER"),
        ("DANH MỤC", 14, True, False, "CENTER"),
        ("(Kèm theo Kế hoạch", 14, False, True, "CENTER"),
    ],
)
def test_element_sizes_and_emphasis(plan, start, size, bold, italic, align):
    p = find(plan, start)
    f = run_format(p)
    assert (f.size, f.bold, f.italic) == (size, bold, italic)
    assert para_format(p).align == {"CENTER": "center", "JUSTIFY": "both", "LEFT": "left"}[align]


def test_body_paragraphs_justified_indented_spaced(plan):
    p = find(plan, "Tiếp tục triển khai, thực hiện nghiêm túc")
    f = para_format(p)
    assert round(f.first_line_cm, 2) == 1.27
    assert f.before_pt == 6
    assert 1.0 <= f.line <= 1.5


def test_header_block_is_a_borderless_two_column_table(plan):
    table = next(b for b in iter_block(plan) if hasattr(b, "rows"))
    assert len(table.columns) == 2
    assert not table._tbl.xpath(".//w:tblBorders") and table.style.name == "Normal Table"
    assert table.cell(1, 0).text.startswith("Số:") and "ngày" in table.cell(1, 1).text


def test_rules_are_borders_of_the_right_length_not_underscores(examples):
    for path in examples.values():
        doc = docx.Document(str(path))
        assert not any("___" in p.text or "---" in p.text for p in all_paragraphs(doc))
    rule_style = docx.Document(str(examples["000"])).styles["VB Đường kẻ"]
    border = rule_style.element.xpath("./w:pPr/w:pBdr/w:bottom")
    assert border and border[0].get(qn("w:val")) == "single"
    # the rule under the agency name: 1/3 to 1/2 of the longest agency line
    doc = docx.Document(str(examples["000"]))
    cell = doc.tables[0].cell(0, 0)
    rule = next(p for p in cell.paragraphs if p.style.name == "VB Đường kẻ")
    indent = rule.paragraph_format.left_indent
    assert indent == rule.paragraph_format.right_indent
    length_pt = (cell.width - 2 * indent) / 12700
    size = nd30.SIZES["agency"].value
    line_pt = max(
        textwidth.text_width_pt(t, size, True) for t in ["ỦY BAN NHÂN DÂN", "PHƯỜNG NHỊ CHIỂU"]
    )
    assert nd30.AGENCY_RULE.low <= length_pt / line_pt <= nd30.AGENCY_RULE.high
    # and one under the tiêu ngữ, one under the trích yếu
    assert sum(p.style.name == "VB Đường kẻ" for p in all_paragraphs(doc)) >= 3


def test_nơi_nhận_and_signature_side_by_side(plan):
    table = [b for b in iter_block(plan) if hasattr(b, "rows")][1]
    left, right = table.rows[0].cells
    assert left.paragraphs[0].text == "Nơi nhận:"
    assert right.paragraphs[0].text == "TM. ỦY BAN NHÂN DÂN"
    assert left.paragraphs[-1].text == "- Lưu: VT, VHXH."
    assert all(p.text.endswith(";") for p in left.paragraphs[1:-1])


def test_body_ends_with_closing_mark(examples):
    for path in examples.values():
        paragraphs = body_paragraphs(docx.Document(str(path)))
        closing = [p for p in paragraphs if p.style.name == "VB Nội dung"][-1]
        assert closing.text.endswith("./.") and not closing.text.endswith("../.")


def test_appendix_landscape_with_repeated_unsplit_header(plan):
    assert len(plan.sections) == 2
    appendix = plan.sections[1]
    assert appendix.orientation == WD_ORIENT.LANDSCAPE
    assert appendix.page_width > appendix.page_height
    assert appendix._sectPr.xpath("./w:pgNumType/@w:start") == ["1"]
    assert appendix.different_first_page_header_footer
    table = plan.tables[-1]
    rows = table.rows
    assert rows[0]._tr.xpath("./w:trPr/w:tblHeader")
    assert not rows[1]._tr.xpath("./w:trPr/w:tblHeader")
    assert rows[0]._tr.xpath("./w:trPr/w:cantSplit")  # the header row is kept whole
    assert not any(r._tr.xpath("./w:trPr/w:cantSplit") for r in rows[1:])  # rows may split
    assert [c.text for c in rows[0].cells] == [
        "TT",
        "Nhiệm vụ",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Thời gian thực hiện",
    ]
    group = rows[1]
    assert group._tr.xpath("./w:tc[2]/w:tcPr/w:gridSpan/@w:val") == ["4"]
    assert run_format(group.cells[1].paragraphs[0]).bold
    assert group.cells[1].text.startswith("CÁC NHIỆM VỤ VỀ XÂY DỰNG KẾ HOẠCH")


def test_signed_document_section_stays_portrait(plan):
    s = plan.sections[0]
    assert s.orientation == WD_ORIENT.PORTRAIT and s.page_width < s.page_height


def test_identical_input_gives_identical_bytes(tmp_path):
    from .conftest import EXAMPLES, render_config

    first = render_config(EXAMPLES[1], tmp_path / "a").read_bytes()
    second = render_config(EXAMPLES[1], tmp_path / "b").read_bytes()
    assert first == second
    with zipfile.ZipFile(tmp_path / "a" / "KH-viet-hoa-du-thao-2026.docx") as z:
        assert z.testzip() is None
        assert z.namelist()[0] == "[Content_Types].xml"
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert "<dc:title>KẾ HOẠCH Triển khai thực hiện" in core and "2026-01-01T00:00:00Z" in core
