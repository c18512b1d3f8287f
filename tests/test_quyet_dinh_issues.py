"""A quyết định that issues a plan (Mẫu 1.3, ``issues:``): Điều 1 "Ban hành kèm theo Quyết định
này Kế hoạch …", "Như Điều 3;" first in Nơi nhận, and the plan after the decision in the same
.docx, headed "(Kèm theo Quyết định số …)", without a signature of its own; check is clean and
import reads it back."""

from __future__ import annotations

import shutil

import docx
import yaml
from docx.oxml.ns import qn

from generator.cli import main
from generator.pipeline import model_of

from .conftest import EXAMPLES, iter_block, render_config
from .test_cong_van import assert_clean

EXAMPLE = next(p for p in EXAMPLES if p.name.startswith("008"))
PLAN = next(p for p in EXAMPLES if p.name.startswith("000"))
DRAFT_PLAN = next(p for p in EXAMPLES if p.name.startswith("001"))  # with a DANH MỤC appendix
NOTE = "(Kèm theo Quyết định số 163/QĐ-UBND ngày 07 tháng 5 năm 2026 của Ủy ban nhân dân phường Nhị Chiểu)"  # noqa: E501


def _outside_tables(doc) -> list:
    return [b for b in iter_block(doc) if not hasattr(b, "rows") and b.text.strip()]


def test_the_decision_then_the_plan_it_issues(tmp_path):
    path = render_config(EXAMPLE, tmp_path)
    doc = docx.Document(str(path))
    lines = [p.text for p in _outside_tables(doc)]
    assert lines[0] == "QUYẾT ĐỊNH"
    assert lines[1].startswith("Ban hành Kế hoạch thực hiện Nghị quyết của Ban Chấp hành")
    articles = [t for t in lines if t.startswith("Điều ")]
    assert [a.split(".")[0] for a in articles] == ["Điều 1", "Điều 2", "Điều 3"]
    assert articles[0].startswith("Điều 1. Ban hành kèm theo Quyết định này Kế hoạch thực hiện")
    assert articles[2].endswith("thi hành Quyết định này./.")
    # one signature, one Nơi nhận: the decision's, "Như Điều 3" first
    (sign,) = [t for t in doc.tables if "Nơi nhận:" in t.cell(0, 0).text]
    assert [p.text for p in sign.cell(0, 0).paragraphs][1] == "- Như Điều 3;"
    assert doc.element.body.xpath("count(.//w:t[contains(., 'Lãnh Duy Tiến')])") == 1
    # the plan follows, on a page of its own numbered from 1
    blocks = list(iter_block(doc))
    at = [getattr(b, "_tbl", None) for b in blocks].index(sign._tbl)
    after = [b.text for b in blocks[at + 1 :] if not hasattr(b, "rows") and b.text.strip()]
    assert after[0] == "KẾ HOẠCH"
    plan = model_of(PLAN)
    assert after[1 : 1 + len(plan.subject)] == plan.subject
    note = after[1 + len(plan.subject)]
    assert note == NOTE
    kem = next(p for p in doc.paragraphs if p.text == NOTE)
    assert all(r.italic or kem.style.font.italic for r in kem.runs)
    for heading in ("I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG"):
        assert heading in after
    assert "Nơi nhận:" not in after and after[-1].endswith("./.")
    breaks = doc.element.body.findall(f".//{qn('w:pPr')}/{qn('w:sectPr')}")
    assert breaks, "the plan starts a section of its own"
    final = doc.element.body.find(qn("w:sectPr"))
    assert final.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    assert_clean(path, "quyet_dinh")


def test_a_few_lines_give_the_rest(tmp_path):
    """kind, issues and a number: the trích yếu, căn cứ, articles, Nơi nhận and signer from the
    plan; the plan's appendix says it goes with the plan issued with the decision."""
    shutil.copy(DRAFT_PLAN, tmp_path / "ke-hoach.yaml")
    config = tmp_path / "qd.yaml"
    config.write_text("kind: quyet_dinh\nissues: ke-hoach.yaml\nnumber: 12\n", encoding="utf-8")
    path = render_config(config, tmp_path / "out")
    plan = model_of(DRAFT_PLAN)
    lines = [p.text for p in _outside_tables(docx.Document(str(path)))]
    assert lines[1] == "Ban hành Kế hoạch " + " ".join(plan.subject)[:1].lower() + " ".join(
        plan.subject)[1:]  # fmt: skip
    assert lines.count("KẾ HOẠCH") == 1 and "Điều 3" in " ".join(lines)
    assert "Điều 2. Quyết định này có hiệu lực kể từ ngày ký." in lines
    assert any(t.startswith("(Kèm theo Kế hoạch ban hành kèm theo Quyết định số 12/QĐ-UBND")
               for t in lines)  # the DANH MỤC appendix  # fmt: skip
    basis = [t for t in lines if t.startswith(("Căn cứ", "Thực hiện Quyết định"))]
    assert len(basis) == len(plan.basis)  # the plan's căn cứ are the decision's, printed once
    assert_clean(path, "quyet_dinh")


def test_import_reads_it_back(tmp_path):
    path = render_config(EXAMPLE, tmp_path)
    out = tmp_path / "back.yaml"
    assert main(["import", str(path), "-o", str(out)]) == 0
    back = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert back["kind"] == "quyet_dinh" and back["number"] == 163
    assert back["body"][0]["text"].startswith("Ban hành kèm theo Quyết định này Kế hoạch")
    assert back["recipients"][0] == "Như Điều 3"
    kept = yaml.safe_dump(back["appendices"], allow_unicode=True)
    for text in ("KẾ HOẠCH", "I. MỤC ĐÍCH, YÊU CẦU", "Kèm theo Quyết định số"):
        assert text in kept  # the plan's text is kept, nothing lost
    assert main(["render", str(out), "-o", str(tmp_path / "again")]) == 0


def test_bad_issues_name_the_key(tmp_path, capsys):
    shutil.copy(PLAN, tmp_path / "ke-hoach.yaml")
    cases = {
        "kind: quyet_dinh\nissues: khong-co.yaml\n": "no such file",
        "kind: quyet_dinh\nissues: qd.yaml\n": "names another document",
        "kind: quyet_dinh\nissues: ke-hoach.yaml\nappendices: [{title: X, text: a}]\n":
            "no appendices of its own",
    }  # fmt: skip
    for text, message in cases.items():
        config = tmp_path / "qd.yaml"
        config.write_text(text, encoding="utf-8")
        assert main(["render", str(config), "-o", str(tmp_path / "o")]) == 1
        err = capsys.readouterr().err
        assert message in err and "qd.yaml" in err and "Traceback" not in err, err
    plan_of_plan = tmp_path / "kh2.yaml"
    plan_of_plan.write_text(PLAN.read_text(encoding="utf-8") + "issues: ke-hoach.yaml\n",
                            encoding="utf-8")  # fmt: skip
    assert main(["validate", str(plan_of_plan)]) == 1
    assert "only a quyết định issues a plan" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_the_editors_preview_shows_the_attached_plan():
    from generator.write.html import html_of

    page = html_of(model_of(EXAMPLE))
    decision, plan = page.split("</section>")[:2]
    assert "Điều 1." in decision and "Lãnh Duy Tiến" in decision
    assert NOTE in plan and "I. MỤC ĐÍCH, YÊU CẦU" in plan and "Nơi nhận" not in plan
