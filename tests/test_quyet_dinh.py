"""A quyết định (Mẫu 1.2): the issuing authority under the trích yếu, căn cứ then "Theo đề
nghị của …", "QUYẾT ĐỊNH:", articles Điều 1 … n with their khoản and điểm, "Như Điều n;"
first in Nơi nhận; its example reproduces a real one; import reads it back."""

from __future__ import annotations

import docx
import pytest
import yaml

from generator.cli import main
from generator.read.check import verdict

from .conftest import MINIMAL, ROOT, needs_shared, render_dict, write_yaml
from .test_cong_van import assert_clean, words_alike

REAL = ROOT.parent / "shared" / "realdocs" / "qd-cong-bo-chi-so-cchc-2026-lam-dong.docx"
QD = {**MINIMAL, "kind": "quyet_dinh", "subject": "Thành lập Ban Chỉ đạo",
      "basis": ["Căn cứ Luật Tổ chức chính quyền địa phương ngày 16/6/2025"],
      "proposal": "Theo đề nghị của Trưởng phòng Nội vụ",
      "body": [
          {"text": "Thành lập Ban Chỉ đạo gồm:", "children": [
              {"text": "Trưởng ban: Chủ tịch UBND phường."},
              {"text": "Các thành viên:", "children": [{"text": "Phòng Nội vụ;"},
                                                        {"text": "Công an phường."}]}]},
          {"heading": "Nhiệm vụ của Ban Chỉ đạo", "text": "Chỉ đạo triển khai Kế hoạch."},
          {"text": "Quyết định này có hiệu lực kể từ ngày ký."},
          {"text": "Chánh Văn phòng và các thành viên chịu trách nhiệm thi hành Quyết định này."},
      ],
      "recipients": ["UBND thành phố"], "archive": "NV"}  # fmt: skip


def body_texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs if p.text.strip()]


def test_the_decisions_head_and_articles(tmp_path):
    doc = render_dict(tmp_path, **QD)
    lines = body_texts(doc)
    at = lines.index("QUYẾT ĐỊNH")
    assert lines[at + 1] == "Thành lập Ban Chỉ đạo"
    assert lines[at + 2] == "ỦY BAN NHÂN DÂN PHƯỜNG NHỊ CHIỂU"  # TM. ỦY BAN NHÂN DÂN signs
    assert lines[at + 3] == "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16/6/2025;"
    assert lines[at + 4] == "Theo đề nghị của Trưởng phòng Nội vụ."
    assert lines[at + 5] == "QUYẾT ĐỊNH:"
    assert lines[at + 6 :] == [
        "Điều 1. Thành lập Ban Chỉ đạo gồm:", "1. Trưởng ban: Chủ tịch UBND phường.",
        "2. Các thành viên:", "a) Phòng Nội vụ;", "b) Công an phường.",
        "Điều 2. Nhiệm vụ của Ban Chỉ đạo", "Chỉ đạo triển khai Kế hoạch.",
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký.",
        "Điều 4. Chánh Văn phòng và các thành viên chịu trách nhiệm thi hành Quyết định này./.",
    ]  # fmt: skip
    paragraphs = {p.text: p for p in doc.paragraphs}
    issuer = paragraphs["ỦY BAN NHÂN DÂN PHƯỜNG NHỊ CHIỂU"]
    assert issuer.style.font.bold and issuer.style.font.size.pt == 14
    assert paragraphs["QUYẾT ĐỊNH:"].style.font.bold
    first = paragraphs["Điều 1. Thành lập Ban Chỉ đạo gồm:"]
    assert first.runs[0].text == "Điều 1. " and first.runs[0].bold
    assert not any(r.bold for r in first.runs[1:])
    heading = paragraphs["Điều 2. Nhiệm vụ của Ban Chỉ đạo"]
    assert all(r.bold for r in heading.runs)
    noi_nhan = [p.text for p in doc.tables[-1].cell(0, 0).paragraphs]
    assert noi_nhan[1:3] == ["- Như Điều 4;", "- UBND thành phố;"]
    assert any("/QĐ-UBND" in p.text for p in doc.tables[0].cell(1, 0).paragraphs)


def test_the_head_who_signs_as_head_issues_it(tmp_path):
    signer = {"collective": None, "authority": "KT.", "signer_title": "PHÓ CHỦ TỊCH",
              "name": "Trần Văn B"}  # fmt: skip
    doc = render_dict(tmp_path, **{**QD, "signer": signer, "recipients": ["Như Điều 4", "Sở"]})
    lines = body_texts(doc)
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG NHỊ CHIỂU" in lines
    noi_nhan = [p.text for p in doc.tables[-1].cell(0, 0).paragraphs]
    assert noi_nhan[1:3] == ["- Như Điều 4;", "- Sở;"]  # never twice
    (tmp_path / "b").mkdir()
    doc = render_dict(tmp_path / "b", **{**QD, "issuer": "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ X"})
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ X" in body_texts(doc)


@pytest.mark.parametrize("key, value, words", [
    ("issuer", "CHỦ TỊCH", "only a quyết định names its issuing authority"),
    ("proposal", "Theo đề nghị của X", "only a quyết định has «Theo đề nghị của …»"),
])  # fmt: skip
def test_keys_of_a_decision_are_refused_in_a_plan(tmp_path, capsys, key, value, words):
    config = write_yaml(tmp_path, {**MINIMAL, key: value})
    assert main(["render", str(config), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "ward.yaml:" in err and f"{key}: {words}" in err


@needs_shared
def test_example_reproduces_the_real_decision(examples):
    ratio = words_alike(examples["005"], REAL)
    assert ratio >= 0.98, f"word similarity {ratio:.4f}"


def test_example_checks_clean_and_is_valid_ooxml(examples):
    assert_clean(examples["005"], "quyet_dinh")
    assert examples["005"].name == "QD-lam-dong-du-thao-2026.docx"


def test_import_reads_the_articles_back(examples, tmp_path):
    assert main(["import", str(examples["005"]), "-o", str(tmp_path / "back.yaml")]) == 0
    back = yaml.safe_load((tmp_path / "back.yaml").read_text(encoding="utf-8"))
    assert back["kind"] == "quyet_dinh" and "opening" not in back and "closing" not in back
    assert back["issuer"] == "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG"
    assert back["proposal"][0].startswith("Theo đề nghị của Chủ tịch Hội đồng thẩm định")
    assert [a["text"][:20] for a in back["body"]] == [
        "Công bố kết quả đánh",
        "Căn cứ kết quả đánh ",
        "Quyết định này có hi",
        "Chánh Văn phòng UBND",
    ]
    assert len(back["body"][1]["children"]) == 3
    assert main(["render", str(tmp_path / "back.yaml"), "-o", str(tmp_path / "again")]) == 0
    again = docx.Document(str(next((tmp_path / "again").glob("*.docx"))))
    signed = body_texts(docx.Document(str(examples["005"])))
    signed = signed[: signed.index("Phụ lục I")]  # the decision itself, up to its appendices
    assert body_texts(again)[: len(signed)] == signed


def test_bulk_writes_one_decision_per_ward(tmp_path):
    config = write_yaml(tmp_path, {**QD, "number": None}, "base.yaml")
    table = tmp_path / "wards.csv"
    table.write_text("ward,kind\nAn Biên,phường\nTân Tiến,xã\n", encoding="utf-8")
    assert main(["bulk", str(config), "--wards", str(table), "-o", str(tmp_path / "out")]) == 0
    written = sorted((tmp_path / "out").glob("*.docx"))
    assert [p.name for p in written] == ["QD-an-bien-du-thao-2026.docx",
                                         "QD-tan-tien-du-thao-2026.docx"]  # fmt: skip
    issuers = ["ỦY BAN NHÂN DÂN PHƯỜNG AN BIÊN", "ỦY BAN NHÂN DÂN XÃ TÂN TIẾN"]
    for path, issuer in zip(written, issuers, strict=True):
        assert issuer in body_texts(docx.Document(str(path)))
        v = verdict(path)
        assert v.kind == "quyet_dinh" and v.count("error") == 0
