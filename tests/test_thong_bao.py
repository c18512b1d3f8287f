"""A thông báo kết luận (Mẫu 1.4): the meeting it concludes in its opening paragraphs, the
conclusions and the tasks by agency in its outline; its example reproduces a real one."""

from __future__ import annotations

from .conftest import MINIMAL, ROOT, needs_shared, render_dict
from .test_cong_van import assert_clean, words_alike

REAL = ROOT.parent / "shared" / "realdocs" / "tb-ket-luan-cchc-2026-lam-dong.docx"


def test_opening_paragraphs_and_a_three_line_signer(tmp_path):
    titles = ["KT. Chánh Văn phòng", "PHÓ CHÁNH VĂN PHÒNG"]
    signer = {"collective": None, "authority": "TL.", "title": "CHỦ TỊCH",
              "signer_title": titles, "name": "Trần B"}  # fmt: skip
    doc = render_dict(tmp_path, **{**MINIMAL, "kind": "thong_bao", "subject": "Kết luận",
                                   "opening": ["Ngày 22/01/2026, hội nghị …", "Kết luận như sau:"],
                                   "signer": signer, "closing": None})  # fmt: skip
    lines = [p.text for p in doc.paragraphs if p.text.strip()]
    at = lines.index("Kết luận")
    assert lines[at - 1] == "THÔNG BÁO"
    assert lines[at + 1 : at + 3] == ["Ngày 22/01/2026, hội nghị …", "Kết luận như sau:"]
    assert lines[-1] == ("Ủy ban nhân dân phường Nhị Chiểu thông báo để các cơ quan, đơn vị, "
                         "địa phương biết, thực hiện./.")  # fmt: skip
    signed = [p.text for p in doc.tables[-1].cell(0, 1).paragraphs if p.text.strip()]
    assert signed == ["TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "Trần B"]
    assert any("/TB-UBND" in p.text for p in doc.tables[0].cell(1, 0).paragraphs)


@needs_shared
def test_example_reproduces_the_real_thong_bao(examples):
    ratio = words_alike(examples["006"], REAL)
    assert ratio >= 0.98, f"word similarity {ratio:.4f}"


def test_example_checks_clean_and_is_valid_ooxml(examples):
    assert_clean(examples["006"], "thong_bao")
    assert examples["006"].name == "TB-lam-dong-du-thao-2026.docx"
