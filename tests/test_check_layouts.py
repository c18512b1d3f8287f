"""vanban check on the layouts clerks type: a compliant document retyped every common way passes
clean, and each broken variant fails the right rule. Plus vanban's own output, every kind of it,
and files that are not .docx at all."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

from generator.cli import main
from generator.read.numbering import Numbering
from generator.read.reader import structure
from generator.read.report import check_file

from .conftest import ROOT, needs_shared, render_dict

RETYPE = ROOT.parent / "shared" / "tools" / "retype_docx.py"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def failing(path: Path) -> set[str]:
    report = check_file(path)
    assert report["applicable"], report
    return {r["id"] for r in report["rules"] if r["status"] == "FAIL"}


@pytest.fixture(scope="module")
def plan(tmp_path_factory) -> Path:
    """A compliant plan whose khoản has five points: a) b) c) d) đ)."""
    tmp = tmp_path_factory.mktemp("plan")
    points = [{"text": f"Điểm số {i}."} for i in range(5)]
    body = [{"heading": "MỤC ĐÍCH", "children": [{"heading": "Mục đích", "children": points}]},
            {"heading": "TỔ CHỨC THỰC HIỆN", "text": "Các đơn vị thực hiện."}]  # fmt: skip
    render_dict(tmp, body=body)
    (path,) = (tmp / "out").glob("*.docx")
    assert failing(path) == set()
    return path


def retyped(plan: Path, tmp_path: Path, *options: str) -> Path:
    out = tmp_path / "typed.docx"
    subprocess.run([sys.executable, str(RETYPE), str(plan), str(out), *options], check=True,
                   capture_output=True)  # fmt: skip
    return out


@needs_shared
@pytest.mark.parametrize("options, expected", [
    (["--signature", "paragraphs"], set()),  # Nơi nhận at the left, the signature by a tab
    (["--styles", "direct"], set()),  # no VB… styles: direct formatting everywhere
    (["--header", "tabs"], {"agency-line"}),  # the agency name underlined in full
    (["--header", "breaks"], {"agency-line"}),  # the same, lines joined by line breaks
    (["--nfd"], {"nfc"}),  # decomposed text, matched as NFC and reported once
    (["--numbering", "word"], {"numbering"}),  # Word's letters: e) where đ) is due
    (["--numbering", "word", "--header", "tabs", "--signature", "paragraphs", "--styles",
      "direct", "--nfd"], {"agency-line", "numbering", "nfc"}),
])  # fmt: skip
def test_retyped_layouts(plan, tmp_path, options, expected):
    assert failing(retyped(plan, tmp_path, *options)) == expected


@needs_shared
def test_word_numbering_is_judged_as_word_shows_it(plan, tmp_path):
    report = check_file(retyped(plan, tmp_path, "--numbering", "word"))
    (rule,) = [r for r in report["rules"] if r["id"] == "numbering"]
    assert rule["findings"][0]["found"] == (
        "«e» where «đ» was expected (Word's automatic numbering)"
    )


def _replace_rule_under_agency(path: Path, out: Path, drawing: str) -> Path:
    """The agency's short rule (a bordered paragraph) replaced by a drawn line."""
    doc = docx.Document(str(path))
    cell = doc.tables[0].cell(0, 0)
    rule = next(p for p in cell.paragraphs if p.style.name == "VB Đường kẻ")
    rule.style = doc.styles["VB Cơ quan ban hành"]
    rule._p.append(parse_xml(f"<w:r {W}><w:rPr/>{drawing}</w:r>"))
    doc.save(str(out))
    return out


DML = ('<w:drawing><wp:anchor xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/'
       'wordprocessingDrawing"><wp:extent cx="{cx}" cy="0"/></wp:anchor></w:drawing>')  # fmt: skip
VML = (
    '<w:pict><v:line xmlns:v="urn:schemas-microsoft-com:vml" from="40pt,0" to="{to}pt,0"/></w:pict>'
)


@pytest.mark.parametrize("drawing, ok", [
    (DML.format(cx=50 * 12700), True),  # 50 pt under a name of about 130 pt
    (DML.format(cx=120 * 12700), False),  # nearly as long as the name
    (VML.format(to=95), True),
    (VML.format(to=200), False),
])  # fmt: skip
def test_rules_drawn_as_shapes_are_measured(plan, tmp_path, drawing, ok):
    path = _replace_rule_under_agency(plan, tmp_path / "drawn.docx", drawing)
    assert failing(path) == (set() if ok else {"agency-line"})


def test_header_pushed_apart_with_spaces():
    doc = docx.Document()
    for text in [
        "ỦY BAN NHÂN DÂN              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "PHƯỜNG AN BIÊN                       Độc lập - Tự do - Hạnh phúc",
        "Số: 05/KH-UBND              An Biên, ngày 05 tháng 3 năm 2026",
        "KẾ HOẠCH",
    ]:
        doc.add_paragraph(text)  # fmt: skip
    d = structure(doc)
    assert [ln.text for ln in d.agency] == ["ỦY BAN NHÂN DÂN", "PHƯỜNG AN BIÊN"]
    assert d.quoc_hieu.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert d.tieu_ngu.text == "Độc lập - Tự do - Hạnh phúc"
    assert (d.number.text, d.date.text) == ("Số: 05/KH-UBND", "An Biên, ngày 05 tháng 3 năm 2026")
    assert d.title.text == "KẾ HOẠCH"


NUMBERING = f"""<w:numbering {W}>
<w:abstractNum w:abstractNumId="1">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>
    <w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>
    <w:lvlText w:val="%2)"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/>
    <w:lvlText w:val="%1.%3."/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/>
  <w:lvlOverride w:ilvl="0"><w:startOverride w:val="4"/></w:lvlOverride></w:num>
</w:numbering>"""  # fmt: skip


def test_word_numbering_levels_restarts_overrides_and_styles():
    doc = docx.Document()
    numbering = doc.part.numbering_part
    numbering._element = parse_xml(NUMBERING)
    style = doc.styles["List Number"]
    ppr = style.element.get_or_add_pPr()
    for old in ppr.findall(f"{{{W[9:-1]}}}numPr"):
        ppr.remove(old)
    ppr.insert(0, parse_xml(f'<w:numPr {W}><w:numId w:val="1"/></w:numPr>'))

    def para(num: str | None, ilvl: int = 0, style_name: str | None = None):
        p = doc.add_paragraph("x", style=style_name)
        if num is not None:
            p._p.get_or_add_pPr().append(
                parse_xml(
                    f'<w:numPr {W}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr>'
                )
            )
        return p

    paragraphs = [para("1"), para("1", 1), para("1", 1), para("1", 1), para("1", 1),
                  para("1", 1), para("1"), para("1", 2), para("0"), para(None, 0, "List Number"),
                  para("2"), para(None)]  # fmt: skip
    n = Numbering(doc, {s.get(f"{{{W[9:-1]}}}styleId"): s for s in doc.styles.element})
    assert [n.label(p) for p in paragraphs] == [
        "1.",
        "a)",
        "b)",
        "c)",
        "d)",
        "e)",  # Word's letters: no đ
        "2.",
        "2.1.",  # %1.%3.: the parent's number, then this level's
        None,  # numId 0 switches numbering off
        "3.",  # numbered through its style, continuing list 1
        "4.",  # a list that starts at 4 (lvlOverride/startOverride)
        None,
    ]


# --- vanban's own output: never an error ----------------------------------------------------
@pytest.mark.parametrize("overrides", [
    pytest.param({"ward": {"name": "Tân Thạnh Đông", "kind": "xã"},
                  "agency": {"parent": "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH"}},
                 id="xa-long-chu-quan"),
    pytest.param({"appendices": [{"title": "Danh mục một", "rows": [{"content": "Việc"}] * 5},
                                 {"title": "Danh mục hai", "rows": [{"content": "Việc"}] * 5}]},
                 id="two-appendices"),
    pytest.param({"signer": {"collective": None, "authority": "Q.", "name": "A"}}, id="q"),
    pytest.param({"signer": {"collective": None, "authority": "TL.", "title": "Chủ tịch",
                             "signer_title": "Chánh Văn phòng", "name": "A"}}, id="tl"),
    pytest.param({"signer": {"collective": None, "authority": "TUQ.", "title": "Chủ tịch",
                             "signer_title": "Trưởng phòng Nội vụ", "name": "A"}}, id="tuq"),
    pytest.param({"kind": "chuong_trinh", "number": None, "date": {"year": 2026}}, id="draft"),
])  # fmt: skip
def test_vanban_output_has_no_error(tmp_path, overrides):
    render_dict(tmp_path, **overrides)
    (path,) = (tmp_path / "out").glob("*.docx")
    report = check_file(path)
    errors = {r["id"]: r["findings"] for r in report["rules"]
              if r["status"] == "FAIL" and r["severity"] == "error"}  # fmt: skip
    assert errors == {} and report["errors"] == 0


def test_every_ward_of_the_hai_phong_run_has_no_error(haiphong_run, capsys):
    report, out = haiphong_run
    assert report.written == 114
    files = sorted(str(p) for p in out.glob("*.docx"))
    assert main(["check", "--json", "-j", "2", *files]) == 0
    reports = json.loads(capsys.readouterr().out)
    assert len(reports) == 114
    assert {(r["kind"], r["applicable"], r["errors"]) for r in reports} == {("ke_hoach", True, 0)}


# --- files that are not .docx ---------------------------------------------------------------
def test_files_that_are_not_docx_each_get_their_message(plan, tmp_path, capsys):
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    pdf = tmp_path / "scan.docx"
    pdf.write_bytes(b"%PDF-1.7\n...")
    zipped = tmp_path / "book.docx"
    shutil.make_archive(str(tmp_path / "book"), "zip", root_dir=ROOT / "bench")
    (tmp_path / "book.zip").rename(zipped)
    missing = tmp_path / "missing.docx"
    files = [plan, empty, pdf, zipped, missing]
    assert main(["check", "--json", *map(str, files)]) == 1
    reports = json.loads(capsys.readouterr().out)
    assert [r.get("error") for r in reports] == [
        None,
        f"{empty}: the file is empty",
        f"{pdf}: this is a PDF, not a Word document: check the .docx that the PDF was made from",
        f"{zipped}: a zip file, not a Word document",
        f"{missing}: no such file",
    ]
    assert reports[0]["errors"] == 0 and reports[0]["kind"] == "ke_hoach"
    assert main(["check", str(plan)]) == 0


def test_a_doc_file(plan, tmp_path, capsys, monkeypatch):
    doc = tmp_path / "old.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    monkeypatch.setenv("PATH", str(tmp_path))  # no LibreOffice
    assert main(["check", str(doc)]) == 1
    assert (
        "a Word 97-2003 .doc file: open it in Word and save it as .docx" in capsys.readouterr().out
    )
    monkeypatch.undo()
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice is not installed")
    real = tmp_path / "plan.doc"
    profile = f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}"  # never a shared one
    command = ["soffice", profile, "--headless", "--convert-to", "doc", "--outdir", str(tmp_path)]
    subprocess.run([*command, str(plan)], check=True, capture_output=True, timeout=120)
    (tmp_path / f"{plan.stem}.doc").rename(real)
    report = check_file(real)
    assert report["kind"] == "ke_hoach" and not report.get("error")


def test_of_two_lines_drawn_in_one_paragraph_the_one_under_the_text_is_measured(plan, tmp_path):
    """Clerks anchor the agency's short line and the tiêu ngữ's long one to one paragraph: the
    agency is measured on its own line, not on its neighbour's."""
    both = DML.format(cx=50 * 12700) + DML.format(cx=180 * 12700)
    path = _replace_rule_under_agency(plan, tmp_path / "drawn.docx", both)
    assert failing(path) == set()
    both = DML.format(cx=120 * 12700) + DML.format(cx=180 * 12700)
    path = _replace_rule_under_agency(plan, tmp_path / "drawn.docx", both)
    assert failing(path) == {"agency-line"}
