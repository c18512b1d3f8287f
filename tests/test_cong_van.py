"""A công văn (Mẫu 1.5): no tên loại, "V/v …" under the number, "Kính gửi:", "Như trên;" first
in Nơi nhận, an AGENCY-UNIT ký hiệu; its example reproduces a real one."""

from __future__ import annotations

import difflib
import zipfile
from pathlib import Path

import docx
import pytest
from openxml_audit import OpenXmlValidator

from generator.cli import main
from generator.read.check import verdict

from .conftest import MINIMAL, ROOT, iter_block, needs_shared, render_dict, write_yaml

REAL = ROOT.parent / "shared" / "realdocs" / "cv-bcd-chinh-quyen-2-cap-lam-dong.docx"
COV = {**MINIMAL, "kind": "cong_van", "unit": "VHXH",
       "subject": "Triển khai thực hiện Kế hoạch số 12/KH-UBND",
       "recipients": ["UBND thành phố"], "archive": "VHXH"}  # fmt: skip


def texts(doc) -> list[str]:
    """Every line in document order, the tables' cells included (their lines split)."""
    out = []
    for block in iter_block(doc):
        if hasattr(block, "rows"):
            for row in block.rows:
                cells = row.cells  # a merged cell is listed once per column it spans
                tcs = [c._tc for c in cells]
                for n, cell in enumerate(cells):
                    if not any(cell._tc is tc for tc in tcs[:n]):
                        out += [p.text for p in cell.paragraphs if p.text.strip()]
        elif block.text.strip():
            out.append(block.text)
    return out


def words_alike(ours: Path, real: Path) -> float:
    """How alike the words of two documents are, in order (0 to 1)."""
    a = " ".join(texts(docx.Document(str(ours)))).split()
    b = " ".join(texts(docx.Document(str(real)))).split()
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def assert_clean(path: Path, kind: str) -> None:
    """``vanban check`` reads ``path`` as ``kind`` with no finding, and it is valid OOXML."""
    v = verdict(path)
    assert v.kind == kind and v.count("error") == 0 and v.count("warning") == 0
    assert OpenXmlValidator(max_errors=0).validate(str(path)).errors == []


def test_header_has_the_vv_under_the_number_and_no_title(tmp_path):
    doc = render_dict(tmp_path, **COV)
    left = doc.tables[0].cell(1, 0)
    lines = [p.text for p in left.paragraphs if p.text.strip()]
    assert lines[0].endswith("/UBND-VHXH") and lines[0].startswith("Số:")
    assert lines[1] == "V/v triển khai thực hiện Kế hoạch số 12/KH-UBND"
    assert left.paragraphs[1].style.name == "VB Trích yếu công văn"
    assert left.paragraphs[1].style.font.size.pt == 13
    body = [p.text for p in doc.paragraphs if p.text.strip()]
    assert "KẾ HOẠCH" not in body and not any(t.startswith("V/v") for t in body)


def test_one_recipient_on_the_kinh_gui_line(tmp_path):
    doc = render_dict(tmp_path, **COV, kinh_gui="Phòng Văn hóa - Xã hội")
    kinh = [p for p in doc.paragraphs if p.text.startswith("Kính gửi")]
    assert [p.text for p in kinh] == ["Kính gửi: Phòng Văn hóa - Xã hội"]
    noi_nhan = [p.text for p in doc.tables[-1].cell(0, 0).paragraphs]
    assert noi_nhan[:3] == ["Nơi nhận:", "- Như trên;", "- UBND thành phố;"]
    assert noi_nhan[-1] == "- Lưu: VT, VHXH."


def test_several_recipients_are_a_list_under_the_colon(tmp_path):
    kinh_gui = ["- Các phòng chuyên môn;", "Công an phường", "Như trên"]
    doc = render_dict(tmp_path, **{**COV, "kinh_gui": kinh_gui, "recipients": ["Như trên", "Sở"]})
    lines = [p.text for p in doc.paragraphs]
    at = lines.index("Kính gửi:")
    assert lines[at + 1 : at + 4] == ["- Các phòng chuyên môn;", "- Công an phường;",
                                      "- Như trên."]  # fmt: skip
    item = doc.paragraphs[at + 1]
    label = doc.paragraphs[at]
    assert item.style.paragraph_format.left_indent > label.style.paragraph_format.left_indent
    noi_nhan = [p.text for p in doc.tables[-1].cell(0, 0).paragraphs]
    assert noi_nhan[1:3] == ["- Như trên;", "- Sở;"]  # never twice


def test_no_kinh_gui_no_nhu_tren(tmp_path):
    doc = render_dict(tmp_path, **COV)
    assert not [p for p in doc.paragraphs if p.text.startswith("Kính gửi")]
    assert doc.tables[-1].cell(0, 0).paragraphs[1].text == "- UBND thành phố;"


def test_contact_is_the_last_paragraph_with_the_closing_mark(tmp_path):
    doc = render_dict(tmp_path, **COV, contact="Đầu mối liên hệ: đ/c Hiền, SĐT 0912.345.678")
    body = [p.text for p in doc.paragraphs if p.text.strip()]
    assert body[-1] == "Đầu mối liên hệ: đ/c Hiền, SĐT 0912.345.678./."


@pytest.mark.parametrize("key, value, words", [
    ("kinh_gui", "Sở Nội vụ", "only a công văn"),
    ("unit", "VHXH", "drafting unit"),
])  # fmt: skip
def test_keys_of_a_cong_van_are_refused_elsewhere(tmp_path, capsys, key, value, words):
    config = write_yaml(tmp_path, {**MINIMAL, key: value})
    assert main(["render", str(config), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert f"{key}: " in err and words in err and "ward.yaml:" in err
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.docx"))


def test_a_cong_van_has_no_title(tmp_path, capsys):
    config = write_yaml(tmp_path, {**COV, "title": "CÔNG VĂN"})
    assert main(["render", str(config), "-o", str(tmp_path / "out")]) == 1
    assert "title: Công văn has no tên loại" in capsys.readouterr().err


@needs_shared
def test_example_reproduces_the_real_cong_van(examples):
    ratio = words_alike(examples["004"], REAL)
    assert ratio >= 0.98, f"word similarity {ratio:.4f}"


def test_example_checks_clean_and_is_valid_ooxml(examples):
    assert_clean(examples["004"], "cong_van")
    with zipfile.ZipFile(examples["004"]) as z:
        assert "{{" not in z.read("word/document.xml").decode()


def test_import_reads_a_cong_van_back(examples, tmp_path):
    import yaml

    assert main(["import", str(examples["004"]), "-o", str(tmp_path / "back.yaml")]) == 0
    back = yaml.safe_load((tmp_path / "back.yaml").read_text(encoding="utf-8"))
    assert back["kind"] == "cong_van" and back["unit"] == "NC"
    assert back["agency"]["abbreviation"] == "BCĐ"
    assert back["kinh_gui"] == ["Các sở, ban, ngành thuộc tỉnh", "UBND các xã, phường, đặc khu"]
    assert back["subject"][0].startswith("triển khai thực hiện")
    assert main(["render", str(tmp_path / "back.yaml"), "-o", str(tmp_path / "again")]) == 0


def test_its_file_is_named_cv(examples):
    assert examples["004"].name == "CV-lam-dong-du-thao-2025.docx"


def test_the_editor_knows_a_cong_van():
    from generator.pipeline import model_of
    from generator.vocabulary import as_json
    from generator.write.html import html_of

    vocabulary = as_json()
    assert ["cong_van", "Công văn"] in vocabulary["kinds"]
    parts = vocabulary["kind_parts"]
    assert parts["cong_van"]["symbol"] == "agency-unit" and "kinh_gui" in parts["cong_van"]["parts"]
    assert "kinh_gui" not in parts["ke_hoach"]["parts"]
    html = html_of(model_of(ROOT / "configs" / "examples" / "004-lam-dong-cong-van-bcd.yaml"))
    head = html.split('<td class="left">', 1)[1].split("</td>", 1)[0]
    assert 'class="VBTrichYeuCV">V/v triển khai thực hiện các nhiệm vụ' in head
    assert '<p class="VBKinhGuiNhan">Kính gửi:</p>' in html
    assert '<p class="VBKinhGuiMuc">- UBND các xã, phường, đặc khu.</p>' in html
    assert "VBTenLoai" not in html


def test_bulk_writes_one_cong_van_per_ward(tmp_path):
    base = {**COV, "number": None, "kinh_gui": ["Công an {{ ward.kind }} {{ ward.name }}",
                                                "Các phòng chuyên môn"]}  # fmt: skip
    config = write_yaml(tmp_path, base, "base.yaml")
    table = tmp_path / "wards.csv"
    table.write_text("ward,kind,unit\nAn Biên,phường,VP\nTân Tiến,xã,\n", encoding="utf-8")
    assert main(["bulk", str(config), "--wards", str(table), "-o", str(tmp_path / "out")]) == 0
    written = sorted((tmp_path / "out").glob("*.docx"))
    assert [p.name for p in written] == ["CV-an-bien-du-thao-2026.docx",
                                         "CV-tan-tien-du-thao-2026.docx"]  # fmt: skip
    for path, ward, symbol in zip(written, ["phường An Biên", "xã Tân Tiến"], ["VP", "VHXH"],
                                  strict=True):  # fmt: skip
        doc = docx.Document(str(path))
        lines = [p.text for p in doc.paragraphs]
        assert f"- Công an {ward};" in lines
        assert doc.tables[0].cell(1, 0).paragraphs[0].text.endswith(f"/UBND-{symbol}")
        v = verdict(path)
        assert v.kind == "cong_van" and v.count("error") == 0
