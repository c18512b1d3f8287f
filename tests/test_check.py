"""vanban check: every generated document passes; each broken fixture fails exactly its rule.

A fixture is a generated, compliant document with one thing broken, the way a clerk might break
it in Word."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import docx
import pytest
from docx.shared import Mm

from generator.cli import main
from generator.read.check import FAIL, check

from .conftest import broken, render_dict


def failed(path: Path) -> set[str]:
    return {r.rule.id for r in check(path) if r.status == FAIL}


@pytest.mark.parametrize("key", ["000", "001", "002", "003"])
def test_generated_examples_pass(examples, key):
    results = check(examples[key])
    assert not [(r.rule.id, r.findings) for r in results if r.status == FAIL
                and r.rule.severity == "error"]  # fmt: skip
    assert sum(r.status == "PASS" for r in results) >= 17


def test_generated_draft_with_kt_signature_passes(tmp_path):
    render_dict(
        tmp_path,
        number=None,
        date={"year": 2026, "month": 2},
        signer={"authority": "KT.", "signer_title": "PHÓ CHỦ TỊCH", "name": "A"},
    )
    assert failed(next((tmp_path / "out").glob("*.docx"))) == set()


def run_text(doc, start: str):
    """The first paragraph (tables included) whose text starts with ``start``."""
    for p in doc.paragraphs + [p for t in doc.tables for c in t._cells for p in c.paragraphs]:
        if p.text.strip().startswith(start):
            return p
    raise AssertionError(start)


def set_text(paragraph, text: str) -> None:
    runs = paragraph.runs
    runs[0].text = text
    for r in runs[1:]:
        r.text = ""


def _margin(doc):
    doc.sections[0].left_margin = Mm(25)


def _arial(doc):
    run_text(doc, "a) Điểm số 0").runs[-1].font.name = "Arial"


def _month(doc):
    set_text(run_text(doc, "Nhị Chiểu, ngày"), "Nhị Chiểu, ngày 07 tháng 03 năm 2026")


def _number(doc):
    set_text(run_text(doc, "Số:"), "Số: 7/KH-UBND")


def _number_type(doc):
    set_text(run_text(doc, "Số:"), "Số: 07/CTr-UBND")


def _letters(doc):
    p = run_text(doc, "đ) Điểm số 4")
    p.runs[0].text = "e) "


def _recipients(doc):
    set_text(run_text(doc, "- Lưu: VT"), "- Lưu: VT;")


def _underscores(doc):
    cell = doc.tables[0].cell(0, 0)
    rule = next(p for p in cell.paragraphs if p.style.name == "VB Đường kẻ")
    rule.style = doc.styles["VB Cơ quan ban hành"]
    rule.add_run("__________")


def _no_page_number(doc):
    header = doc.sections[0].header
    for p in header.paragraphs:
        p._p.getparent().remove(p._p)
    header.add_paragraph("")


def _page_one_number(doc):
    doc.sections[0].different_first_page_header_footer = False


def _nfd(doc):
    p = run_text(doc, "b) Điểm số 1")
    p.runs[-1].text = unicodedata.normalize("NFD", "Điểm số 1 của phường Việt Hoà.")


def _en_dash(doc):
    set_text(run_text(doc, "Độc lập"), "Độc lập – Tự do – Hạnh phúc")


def _no_closing(doc):
    p = run_text(doc, "Trong quá trình triển khai")
    p.runs[-1].text = p.runs[-1].text.replace("./.", ".")


def _italic_date(doc):
    for r in run_text(doc, "Nhị Chiểu, ngày").runs:
        r.font.italic = False


@pytest.mark.parametrize(
    "change, rule",
    [
        (_margin, "page"),
        (_arial, "font"),
        (_month, "date"),
        (_number, "so-ky-hieu"),
        (_number_type, "so-ky-hieu"),
        (_letters, "numbering"),
        (_recipients, "noi-nhan"),
        (_underscores, "agency-line"),
        (_no_page_number, "page-number"),
        (_page_one_number, "page-number"),
        (_nfd, "nfc"),
        (_en_dash, "tieu-ngu"),
        (_no_closing, "closing"),
        (_italic_date, "date"),
    ],
)
def test_each_fixture_fails_exactly_its_rule(base_docx, tmp_path, change, rule):
    assert failed(base_docx) == set()
    assert failed(broken(base_docx, tmp_path, change)) == {rule}


def test_findings_show_the_text_and_the_value(base_docx, tmp_path, capsys):
    path = broken(base_docx, tmp_path, _month)
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "FAIL  Place and date (error)" in out
    assert "«Nhị Chiểu, ngày 07 tháng 03 năm 2026»: tháng 03: write tháng 3" in out
    assert main(["check", "--json", str(path), str(base_docx)]) == 1
    reports = json.loads(capsys.readouterr().out)
    assert [r["errors"] for r in reports] == [1, 0]
    date = next(r for r in reports[0]["rules"] if r["id"] == "date")
    assert date["status"] == "FAIL" and date["severity"] == "error" and "§2.5" in date["section"]
    assert main(["check", str(base_docx)]) == 0
    assert "0 error(s)" in capsys.readouterr().out


def test_arial_finding_names_the_font(base_docx, tmp_path):
    results = {r.rule.id: r for r in check(broken(base_docx, tmp_path, _arial))}
    ((text, found),) = results["font"].findings
    assert "Điểm số 0" in text and "ascii: Arial" in found and "hAnsi: Arial" in found


def test_kt_without_deputy_title_and_missing_header_row(tmp_path):
    render_dict(
        tmp_path,
        signer={"authority": "KT.", "signer_title": "PHÓ CHỦ TỊCH", "name": "A"},
        appendices=[{"title": "Danh mục", "rows": [{"content": f"Việc {i}"} for i in range(5)]}],
    )
    path = next((tmp_path / "out").glob("*.docx"))
    assert failed(path) == set()

    def no_deputy(doc):
        p = run_text(doc, "PHÓ CHỦ TỊCH")
        p._p.getparent().remove(p._p)

    def no_repeat(doc):
        for el in doc.tables[-1].rows[0]._tr.xpath("./w:trPr/w:tblHeader"):
            el.getparent().remove(el)

    assert failed(broken(path, tmp_path, no_deputy)) == {"signature"}
    results = {r.rule.id: r for r in check(broken(path, tmp_path, no_repeat))}
    assert (
        results["table-header"].status == FAIL
        and results["table-header"].rule.severity == "warning"
    )
    assert main(["check", str(broken(path, tmp_path, no_repeat))]) == 0  # warnings only


def test_not_a_docx(tmp_path, capsys):
    bad = tmp_path / "x.docx"
    bad.write_text("not a zip", encoding="utf-8")
    assert main(["check", str(bad)]) == 1
    assert f"{bad}: not a Word document (.docx)" in capsys.readouterr().out


def test_a_document_typed_by_hand(tmp_path, capsys):
    """Paragraphs only (no header table), Word's theme fonts, typical slips."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = docx.Document()
    for text in [
        "ỦY BAN NHÂN DÂN",
        "PHƯỜNG AN BIÊN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập – Tự do – Hạnh phúc",
        "______________",
        "Số: 5/KH-UBND",
        "An Biên, ngày 7 tháng 03 năm 2026",
        "KẾ HOẠCH",
        "Về công tác dân vận",
    ]:
        p = doc.add_paragraph(text)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text in [
        "I. MỤC ĐÍCH",
        "1. Mục đích",
        "a) Một.",
        "b) Hai.",
        "c) Ba.",
        "d) Bốn.",
        "e) Năm.",
        "Trên đây là kế hoạch.",
        "Nơi nhận:",
        "- Sở Nội vụ;",
        "- Lưu: VT;",
    ]:
        doc.add_paragraph(text)
    path = tmp_path / "hand.docx"
    doc.save(str(path))
    results = {r.rule.id: r for r in check(path)}
    found = {rule: " | ".join(f for _t, f in r.findings) for rule, r in results.items()}
    assert "an en or em dash" in found["tieu-ngu"]
    assert "underscores" in found["tieu-ngu-line"]
    assert "numbers below 10 take a leading 0 (05)" in found["so-ky-hieu"]
    assert "ngày 7: days below 10" in found["date"] and "tháng 03: write tháng 3" in found["date"]
    assert "«e» where «đ» was expected" in found["numbering"]
    assert "(theme)" in found["font"] and "ascii:" in found["font"]
    assert "does not end with «./.»" in found["closing"]
    assert "not A4" in found["page"]
    assert results["nfc"].status == "PASS"
    assert main(["--lang", "vi", "check", str(path)]) == 1
    assert "tháng 03: phải ghi tháng 3" in capsys.readouterr().out
