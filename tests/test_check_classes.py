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
from generator.read.report import check_file

from .conftest import render_dict


@pytest.fixture
def plan(tmp_path) -> Path:
    points = [{"text": f"Điểm số {i}."} for i in range(5)]
    body = [{"heading": "MỤC ĐÍCH", "children": [{"heading": "Mục đích", "children": points}]}]
    render_dict(tmp_path, body=body)
    return next((tmp_path / "out").glob("*.docx"))


def changed(plan: Path, tmp_path: Path, change) -> Path:
    doc = docx.Document(str(plan))
    change(doc)
    path = tmp_path / "changed.docx"
    doc.save(str(path))
    return path


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


# --- what a document is -------------------------------------------------------------------------
def build(tmp_path: Path, name: str, header: tuple[list[str], list[str]] | None,
          lines: list[str], table_rows: int = 0) -> Path:  # fmt: skip
    """A document typed in Word: a header table (left lines, right lines), then paragraphs,
    then a table of ``table_rows`` rows."""
    doc = docx.Document()
    if header:
        table = doc.add_table(rows=1, cols=2)
        for cell, texts in zip(table.rows[0].cells, header, strict=True):
            cell.paragraphs[0].text = texts[0] if texts else ""
            for text in texts[1:]:
                cell.add_paragraph(text)
    for text in lines:
        doc.add_paragraph(text)
    if table_rows:
        table = doc.add_table(rows=table_rows, cols=3)
        for i, row in enumerate(table.rows):
            for j, cell in enumerate(row.cells):
                cell.text = f"Ô {i}.{j}"
    path = tmp_path / name
    doc.save(str(path))
    return path


QH = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
      "Hà Nội, ngày 05 tháng 3 năm 2020"]  # fmt: skip
OUTSIDE = [
    ("nghi-dinh.docx", (["CHÍNH PHỦ", "Số: 30/2020/NĐ-CP"], QH),
     ["NGHỊ ĐỊNH", "Về công tác văn thư", "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;",
      "Chương I", "QUY ĐỊNH CHUNG", "Điều 1. Phạm vi điều chỉnh"], 0, "legal text"),
    ("thong-tu.docx", (["BỘ NỘI VỤ", "Số: 01/2011/TT-BNV"], QH),
     ["THÔNG TƯ", "Hướng dẫn thể thức", "Điều 1. Phạm vi"], 0, "legal text"),
    ("luat.docx", (["QUỐC HỘI", "Luật số: 80/2015/QH13"], QH),
     ["LUẬT", "BAN HÀNH VĂN BẢN QUY PHẠM PHÁP LUẬT", "Chương I"], 0, "legal text"),
    ("phu-luc-nghi-dinh.docx", None,
     ["Phụ lục I", "THỂ THỨC, KỸ THUẬT TRÌNH BÀY VĂN BẢN HÀNH CHÍNH",
      "(Kèm theo Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ)",
      "I. QUY ĐỊNH CHUNG", "1. Khổ giấy: Khổ A4 (210 mm x 297 mm)."], 0, "appendix of a legal"),
    ("mau-1-1.docx", (["TÊN CQ, TC CHỦ QUẢN (1)", "TÊN CƠ QUAN, TỔ CHỨC (2)",
                       "Số: …/NQ-…(3)…"], [*QH[:2], "…(4)…, ngày … tháng … năm 20…"]),
     ["NGHỊ QUYẾT", "…………(5)…………", "Căn cứ ………………(6)………………;", "Điều 1. …"], 0,
     "model form"),
    ("don.docx", (["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"], []),
     ["ĐƠN KHỞI KIỆN", "Kính gửi: Tòa án nhân dân huyện X", "Người khởi kiện: Nguyễn Văn A"],
     0, "petition"),
    ("phat-bieu.docx", (["ỦY BAN NHÂN DÂN", "XÃ AN LÃO"], QH[:2]),
     ["BÀI PHÁT BIỂU", "Khai mạc Hội nghị tổng kết năm 2025", "Kính thưa các đồng chí!"], 0,
     "speech"),
    ("so-theo-doi.docx", None, ["SỔ THEO DÕI CÔNG VĂN ĐẾN", "Năm 2026"], 30, "register"),
    ("bang.docx", None, ["Tổng hợp số liệu"], 12, "table"),
]  # fmt: skip


@pytest.mark.parametrize("name, header, lines, rows, words", OUTSIDE)
def test_documents_outside_the_decree_are_not_applicable(tmp_path, name, header, lines, rows,
                                                         words):  # fmt: skip
    report = check_file(build(tmp_path, name, header, lines, rows))
    assert (report["applicable"], report["errors"]) == (False, 0), report["kind"]
    assert words in report["reason"]
    assert all(r["status"] == "N/A" for r in report["rules"])


@pytest.mark.parametrize("title", ["QUY CHẾ", "QUY ĐỊNH", "ĐIỀU LỆ"])
def test_a_text_attached_to_a_decision(tmp_path, title):
    path = build(tmp_path, "kem-theo.docx", (["ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG"], QH[:2]),
                 [title, "Làm việc của Ủy ban nhân dân tỉnh",
                  "(Ban hành kèm theo Quyết định số 12/QĐ-UBND ngày 05/3/2026 của Ủy ban "
                  "nhân dân tỉnh Lâm Đồng)", "Chương I", "QUY ĐỊNH CHUNG",
                  "Điều 1. Phạm vi"])  # fmt: skip
    report = check_file(path)
    assert (report["kind"], report["applicable"]) == ("van_ban_kem_theo", True)
    status = {r["id"]: r["status"] for r in report["rules"]}
    assert {status[k] for k in ("so-ky-hieu", "date", "noi-nhan", "signature")} == {"N/A"}
    assert status["title"] != "N/A"


def test_a_quyet_dinh_with_its_number_is_not_an_attached_text(tmp_path):
    path = build(
        tmp_path,
        "qd.docx",
        (["ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG", "Số: 12/QĐ-UBND"], QH),
        ["QUYẾT ĐỊNH", "Ban hành Quy chế làm việc"],
    )
    assert check_file(path)["kind"] == "quyet_dinh"


# --- a verdict for every file of a batch ------------------------------------------------------
def _boom_on(name: str, how):
    """A check that fails on the file called ``name`` in the way ``how`` does."""
    from generator.read import check as check_module

    real = check_module.verdict

    def verdict(path):
        if Path(path).name == name:
            how()
        return real(path)

    return verdict


def _raise():
    raise ValueError("a bug in a rule")


def _die():
    import os

    os._exit(3)  # a worker killed (out of memory, a crash in a library)


@pytest.mark.parametrize("jobs, how", [(1, _raise), (2, _raise), (2, _die)])
def test_one_bad_file_never_costs_the_batch_its_verdicts(plan, tmp_path, monkeypatch, capsys,
                                                         jobs, how):  # fmt: skip
    import json
    import shutil

    from generator.cli import main
    from generator.read import check as check_module

    files = []
    for i in range(5):
        files.append(tmp_path / f"f{i}.docx")
        shutil.copy(plan, files[-1])
    monkeypatch.setattr(check_module, "verdict", _boom_on("f2.docx", how))
    assert main(["check", "--json", "-j", str(jobs), *map(str, files)]) == 1
    reports = json.loads(capsys.readouterr().out)
    assert [Path(r["file"]).name for r in reports] == [f.name for f in files]
    assert [bool(r.get("error")) for r in reports] == [False, False, True, False, False]
    assert all(r["applicable"] and r["errors"] == 0 for r in reports if not r.get("error"))
    assert "f2.docx" in reports[2]["error"]
    monkeypatch.setattr(check_module, "verdict", _boom_on("f2.docx", how))
    main(["check", "-j", str(jobs), *map(str, files)])
    text = capsys.readouterr().out
    assert text.count("kind: Kế hoạch") == 4 and "f2.docx\n  error:" in text


def test_a_section_without_a_page_size_gets_a_verdict(plan, tmp_path):
    def no_size(doc):
        for pgsz in doc.element.body.xpath(".//w:sectPr/w:pgSz"):
            pgsz.getparent().remove(pgsz)

    report = check_file(changed(plan, tmp_path, no_size))
    assert not report.get("error")
    page = next(r for r in report["rules"] if r["id"] == "page")
    assert "no page size" in page["findings"][0]["found"]


def test_findings_say_the_page_word_last_laid_them_on(tmp_path, capsys):
    """A document Word saved marks where it turned each page: a finding gives its page, in
    Vietnamese too, and its paragraph and text."""
    from generator.cli import main
    from generator.i18n import set_language

    doc = docx.Document()
    doc.add_paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    doc.add_paragraph("Độc lập - Tự do - Hạnh phúc")
    doc.add_paragraph("ỦY BAN NHÂN DÂN")
    doc.add_paragraph("Số: 7/KH-UBND")
    doc.add_paragraph("KẾ HOẠCH")
    doc.add_paragraph("Thực hiện công tác dân vận")
    for i in range(3):
        doc.add_paragraph(f"Đoạn văn thứ {i} của kế hoạch.")
    turned = doc.add_paragraph("Nơi nhận:")
    turned.runs[0]._r.insert(0, OxmlElement("w:lastRenderedPageBreak"))
    turned.runs[0].font.size, turned.runs[0].bold, turned.runs[0].italic = Pt(12), True, True
    doc.add_paragraph("- Lưu: VT").runs[0].font.size = Pt(11)
    path = tmp_path / "word.docx"
    doc.save(str(path))
    report = check_file(path)
    rules = {r["id"]: r for r in report["rules"]}
    assert rules["so-ky-hieu"]["findings"][0]["text"] == "p. 1 ¶4 «Số: 7/KH-UBND»"
    assert rules["noi-nhan"]["findings"] == [
        {"text": "p. 2 ¶11 «- Lưu: VT»", "found": "the last line is «- Lưu: VT, <unit>.»"}
    ]
    assert main(["--lang", "vi", "check", str(path)]) == 1
    out = capsys.readouterr().out
    set_language("en")
    assert "tr. 2 ¶11 «- Lưu: VT»: dòng cuối là «- Lưu: VT, <đơn vị>.»" in out
    assert "loại văn bản: Kế hoạch" in out


def test_words_of_a_title_in_running_text_do_not_make_a_plan_something_else(plan, tmp_path):
    def words(doc):
        opening = para(doc, "Ủy ban nhân dân phường")
        insert_after(opening, "Đơn vị tổ chức: Phòng Văn hóa - Xã hội.")
        insert_after(opening, "Danh sách đại biểu theo Quy chế ban hành kèm theo Nghị định số "
                              "01/2020/NĐ-CP.")  # fmt: skip
        insert_after(opening, "Khai mạc Hội nghị lúc 8 giờ; phát biểu chỉ đạo của Chủ tịch.")

    report = check_file(changed(plan, tmp_path, words))
    assert (report["kind"], report["applicable"]) == ("ke_hoach", True)


def test_an_attached_text_without_a_quoc_hieu(tmp_path):
    path = build(tmp_path, "quy-che.docx", None, [
        "QUY CHẾ", "Làm việc của Ủy ban nhân dân xã An Lão",
        "(Ban hành kèm theo Quyết định số 05/QĐ-UBND ngày 05/01/2026 của Ủy ban nhân dân xã)",
        "Chương I", "Điều 1. Phạm vi điều chỉnh"])  # fmt: skip
    assert check_file(path)["kind"] == "van_ban_kem_theo"


def _saved_by_word(path: Path, pages: int) -> Path:
    """``path`` with the extended properties Word writes when it saves a file of ``pages``."""
    import zipfile

    out = path.with_name(f"word-{pages}.docx")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "docProps/app.xml":
                data = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties '
                        b'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-'
                        b'properties"><Pages>%d</Pages><Application>Microsoft Office Word'
                        b"</Application></Properties>" % pages)  # fmt: skip
            dst.writestr(item, data)
    return out


def test_a_one_page_text_needs_no_page_number(plan, tmp_path):
    def no_number(doc):
        header = doc.sections[0].header
        for p in header.paragraphs:
            p._p.getparent().remove(p._p)
        header.add_paragraph("")

    bare = changed(plan, tmp_path, no_number)
    status = {r.rule.id: r.status for r in check(_saved_by_word(bare, 1))}
    assert status["page-number"] == "N/A"
    assert "page-number" in findings(_saved_by_word(bare, 2))
