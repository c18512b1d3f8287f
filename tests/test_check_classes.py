"""vanban check on the classes of layout that made it wrong on documents it had never seen: each
class is made here in a .docx (a generated plan retyped the way clerks type, or a document built
with python-docx), and the checker is asserted to read it as Word prints it."""

from __future__ import annotations

import copy
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.shared import Mm, Pt

from generator.read.check import FAIL, check
from generator.read.document import read

from .conftest import broken


@pytest.fixture
def plan(base_docx) -> Path:
    return base_docx


changed = broken


def findings(path: Path) -> dict[str, list]:
    return {r.rule.id: r.findings for r in check(path) if r.status == FAIL}


def para(doc, start: str):
    for p in doc.paragraphs + [p for t in doc.tables for c in t._cells for p in c.paragraphs]:
        if p.text.strip().startswith(start):
            return p
    raise AssertionError(start)


def insert_after(p, text: str, align=None):
    new = copy.deepcopy(p._p)
    p._p.addnext(new)
    q = docx.text.paragraph.Paragraph(new, p._parent)
    for r in q.runs[1:]:
        r._r.getparent().remove(r._r)
    q.runs[0].text = text
    if align is not None:
        q.alignment = align
    return q


# --- alignment: a centred tab prints centred ---------------------------------------------------
def _title_by_centred_tab(with_stop: bool):
    def change(doc):
        p = para(doc, "KẾ HOẠCH")
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT
        if with_stop:
            p.paragraph_format.tab_stops.add_tab_stop(Mm(82), WD_TAB_ALIGNMENT.CENTER)
        p.runs[0].text = "\t" + p.runs[0].text

    return change


def test_a_line_centred_with_a_centred_tab_is_centred(plan, tmp_path):
    assert "title" not in findings(changed(plan, tmp_path, _title_by_centred_tab(True)))
    found = findings(changed(plan, tmp_path, _title_by_centred_tab(False)))
    assert "aligned left" in str(found["title"])


# --- the rule under a multi-line agency block: measured against the line it sits under ----------
def test_agency_rule_measured_under_its_own_line(plan, tmp_path):
    def short_last_line(doc):
        cell = doc.tables[0].cell(0, 0)
        name = next(p for p in cell.paragraphs if p.text == "PHƯỜNG NHỊ CHIỂU")
        name.runs[0].text = "XÃ AN LÃO"
        rule = next(p for p in cell.paragraphs if p.style.name == "VB Đường kẻ")
        width = cell.width / 12700
        side = (width - 26) / 2  # a rule of 26 pt: 0.37 of «XÃ AN LÃO», 0.21 of «ỦY BAN …»
        rule.paragraph_format.left_indent = Pt(side)
        rule.paragraph_format.right_indent = Pt(side)

    assert "agency-line" not in findings(changed(plan, tmp_path, short_last_line))


# --- block boundaries ---------------------------------------------------------------------------
def test_kinh_gui_right_after_the_subject_is_not_read_into_it(plan, tmp_path):
    def kinh_gui(doc):
        insert_after(para(doc, "Thực hiện công tác"), "Kính gửi: Ủy ban nhân dân thành phố.")

    d = read(changed(plan, tmp_path, kinh_gui))
    assert [ln.text for ln in d.subject] == ["Thực hiện công tác dân vận năm 2026"]
    assert [ln.text for ln in d.kinh_gui] == ["Kính gửi: Ủy ban nhân dân thành phố."]


def test_phan_thu_nhat_after_the_subject_opens_the_body(plan, tmp_path):
    def phan(doc):
        insert_after(para(doc, "Thực hiện công tác"), "Phần thứ nhất")

    d = read(changed(plan, tmp_path, phan))
    assert [ln.text for ln in d.subject] == ["Thực hiện công tác dân vận năm 2026"]
    assert d.body[0].text == "Phần thứ nhất"


def test_a_subject_in_a_one_cell_table_is_read(plan, tmp_path):
    def boxed(doc):
        subject = para(doc, "Thực hiện công tác")
        table = doc.add_table(rows=1, cols=1)
        cell = table.cell(0, 0)
        cell._tc.remove(cell.paragraphs[0]._p)
        cell._tc.append(copy.deepcopy(subject._p))
        subject._p.addprevious(table._tbl)
        subject._p.getparent().remove(subject._p)

    path = changed(plan, tmp_path, boxed)
    d = read(path)
    assert [ln.text for ln in d.subject] == ["Thực hiện công tác dân vận năm 2026"]
    assert d.subject[0].cell is not None and not d.body_tables
    assert "title" not in findings(path)


def test_a_typed_underscore_rule_is_a_rule_not_body_text(plan, tmp_path):
    def typed(doc):
        subject = para(doc, "Thực hiện công tác")
        subject.paragraph_format.border_bottom = None
        for border in subject._p.xpath("./w:pPr/w:pBdr"):
            border.getparent().remove(border)
        insert_after(subject, "______________", WD_ALIGN_PARAGRAPH.CENTER)

    path = changed(plan, tmp_path, typed)
    d = read(path)
    assert all("___" not in ln.text for ln in d.body + d.subject)
    found = findings(path)
    assert "underscores" in str(found["subject-line"]) and "body" not in found


# --- the signature and Nơi nhận ----------------------------------------------------------------
def test_da_ky_in_a_signature_is_not_a_title(plan, tmp_path):
    def signed(doc):
        insert_after(para(doc, "CHỦ TỊCH"), "(Đã ký)")

    found = findings(changed(plan, tmp_path, signed))
    assert "signature" not in found and "signer-name" not in found


def _nest_recipients(doc, last: str):
    """Move the Nơi nhận cell's paragraphs into a table nested in that cell."""
    outer = doc.tables[1]
    cell = outer.cell(0, 0)
    inner = cell.add_table(rows=1, cols=1)
    target = inner.cell(0, 0)
    target._tc.remove(target.paragraphs[0]._p)
    for p in list(cell.paragraphs):
        target._tc.append(p._p)
    cell._tc.append(OxmlElement("w:p"))  # a cell ends with a paragraph
    archive = next(p for p in target.paragraphs if p.text.startswith("- Lưu"))
    for r in archive.runs[1:]:
        r.text = ""
    archive.runs[0].text = last


def test_noi_nhan_nested_in_the_signature_table_is_read(plan, tmp_path):
    path = changed(plan, tmp_path, lambda doc: _nest_recipients(doc, "- Lưu: VT."))
    d = read(path)
    assert d.noi_nhan is not None and [ln.text for ln in d.recipients] == [
        "- UBND thành phố;", "- Lưu: VT."]  # fmt: skip
    assert [ln.text for ln in d.signer] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn A"]
    assert not findings(path)
    broken = changed(plan, tmp_path, lambda doc: _nest_recipients(doc, "- Lưu: VT"))
    assert "Lưu: VT, <unit>." in str(findings(broken)["noi-nhan"])


def test_page_number_in_a_content_control_is_measured(plan, tmp_path):
    def in_sdt(align):
        def change(doc):
            p = doc.sections[0].header.paragraphs[0]
            p.alignment = align
            sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
            p._p.addprevious(sdt)
            sdt.append(OxmlElement("w:sdtPr"))
            sdt.append(content)
            content.append(p._p)

        return change

    assert "page-number" not in findings(changed(plan, tmp_path, in_sdt(1)))
    found = findings(changed(plan, tmp_path, in_sdt(WD_ALIGN_PARAGRAPH.LEFT)))
    assert found["page-number"] == [("", "not centred")]


# --- the body's structure ---------------------------------------------------------------------
def test_a_dot_labels_are_found(plan, tmp_path):
    def dotted(doc):
        p = para(doc, "b) Điểm số 1")
        p.runs[0].text = p.runs[0].text.replace("b)", "b.")

    found = findings(changed(plan, tmp_path, dotted))
    assert "«b.»: a point is labelled «b)»" in str(found["numbering"])


def test_phan_headings_follow_each_other(plan, tmp_path):
    def parts(second: str):
        def change(doc):
            first = insert_after(para(doc, "Ủy ban nhân dân phường"), "Phần thứ nhất")
            first.runs[0].bold = True
            last = insert_after(para(doc, "đ) Điểm số 4"), second)
            last.runs[0].bold = True
            for p in (first, last):
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER

        return change

    d = read(changed(plan, tmp_path, parts("Phần thứ hai")))
    assert [ln.text for ln in d.body if ln.text.startswith(("Phần", "PHẦN"))] == [
        "Phần thứ nhất", "Phần thứ hai"]  # fmt: skip
    assert "numbering" not in findings(changed(plan, tmp_path, parts("Phần thứ hai")))
    skipped = findings(changed(plan, tmp_path, parts("Phần thứ ba")))
    assert "«Phần thứ ba» where «Phần thứ hai» was expected" in str(skipped["numbering"])


def test_khoan_titles_are_in_normal_case(plan, tmp_path):
    def shouting(doc):
        para(doc, "1. Mục đích").runs[-1].text = "MỤC ĐÍCH"

    found = findings(changed(plan, tmp_path, shouting))
    assert found["muc-caps"] == [("¶14 «1. MỤC ĐÍCH»", "a khoản title in capitals: it is written "
                                  "in normal case")]  # fmt: skip
