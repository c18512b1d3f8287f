"""vanban check: what a document is (outside the decree, attached to a decision), a verdict for
every file of a batch, and where a finding is. Documents built here with python-docx."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.shared import Pt

from generator.read.check import check
from generator.read.report import check_file

from .test_check_classes import changed, findings, insert_after, para, plan  # noqa: F401


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
    assert text.count("Kind: Kế hoạch") == 4 and "f2.docx\n  Error:" in text


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
    assert "Loại văn bản: Kế hoạch" in out


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
