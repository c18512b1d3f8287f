"""`vanban extract --as cong_van`: one công văn per lead agency, addressed to it, listing the
tasks it leads and those it supports with their deadlines; each checks clean."""

from __future__ import annotations

import docx
import yaml
from openxml_audit import OpenXmlValidator

from generator.cli import main
from generator.pipeline import model_of
from generator.read.check import verdict
from generator.tasks.extract import assignments

from .conftest import EXAMPLES


def test_one_cong_van_per_lead_agency(tmp_path, capsys):
    plan = EXAMPLES[0]
    out = tmp_path / "cv"
    assert main(["extract", str(plan), "--by", "lead", "--as", "cong_van", "-o", str(out)]) == 0
    leads = [a for a in assignments(model_of(plan).tasks, {}) if a.leads]
    written = sorted(out.glob("*.docx"))
    assert len(written) == len(leads) and len(list(out.glob("*.yaml"))) == len(leads)
    validator = OpenXmlValidator(max_errors=0)
    printed = capsys.readouterr().out
    assert all(str(p) in printed for p in written)
    by_name = {}
    for path in written:
        doc = docx.Document(str(path))
        lines = [p.text for p in doc.paragraphs if p.text.strip()]
        (kinh,) = [t for t in lines if t.startswith("Kính gửi")]
        by_name[kinh.removeprefix("Kính gửi: ")] = (doc, lines, path)
        v = verdict(path)
        assert v.kind == "cong_van" and v.count("error") == 0, path
        assert validator.validate(str(path)).errors == []
    assert sorted(by_name) == sorted(a.name for a in leads)
    for a in leads:
        doc, lines, path = by_name[a.name]
        head = [p.text for p in doc.tables[0].cell(1, 0).paragraphs if p.text.strip()]
        assert head[1].startswith("V/v triển khai thực hiện Kế hoạch số")
        assert "1. Nhiệm vụ chủ trì thực hiện" in lines
        assert ("2. Nhiệm vụ phối hợp thực hiện" in lines) == bool(a.supports)
        for task in [*a.leads, *a.supports]:
            number = task.number.rstrip(")")
            assert any(f"(nhiệm vụ {number})" in t for t in lines), number
            if task.value("timeline"):
                assert any(t.startswith("- Thời hạn: ") for t in lines)
        noi_nhan = [p.text for p in doc.tables[-1].cell(0, 0).paragraphs]
        assert noi_nhan[1] == "- Như trên;"
        config = yaml.safe_load(path.with_suffix(".yaml").read_text(encoding="utf-8"))
        assert config["kind"] == "cong_van" and config["kinh_gui"] == [a.name]
    assert main(["render", str(next(out.glob("*.yaml"))), "-o", str(tmp_path / "again")]) == 0


def test_a_second_run_is_safe_and_an_edited_cong_van_is_kept(tmp_path, capsys):
    out = tmp_path / "cv"
    args = ["extract", str(EXAMPLES[0]), "--by", "lead", "--as", "cong_van", "-o", str(out)]
    assert main(args) == 0
    assert main(args) == 0  # the same files again
    edited = sorted(out.glob("*.yaml"))[0]
    edited.write_text(edited.read_text(encoding="utf-8").replace("date:", "number: 12\ndate:"),
                      encoding="utf-8")  # fmt: skip
    capsys.readouterr()
    assert main(args) == 1
    assert str(edited) in capsys.readouterr().err
    assert "number: 12" in edited.read_text(encoding="utf-8")
