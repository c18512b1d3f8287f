"""vanban import: import → render → import gives the same config (emphasis, labels, tables,
footnotes, widths); a typed label prints once; emphasis comes back whole, word by word."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import docx
import pytest
import yaml

from generator.config.load import load_text
from generator.pipeline import model_of, write_document
from generator.read.document import read
from generator.read.importer import plan, to_yaml

from .conftest import EXAMPLES, ROOT, needs_shared

REALDOCS = ROOT.parent / "shared" / "realdocs"
RETYPE = ROOT.parent / "shared" / "tools" / "retype_docx.py"
PLANS_AND_REPORTS = sorted(p.name for p in REALDOCS.glob("k*.docx")) + sorted(
    p.name for p in REALDOCS.glob("bc-*.docx")
)


def _import(path: Path) -> str:
    return to_yaml(plan(read(path)), path.name, f"{path.stem}.yaml")


def _again(text: str, out: Path, stem: str) -> Path:
    return write_document(model_of(load_text(text, f"{stem}.yaml")), out, stem).path


def _same_config_twice(source: Path, out: Path) -> None:
    first = _import(source)
    second = _import(_again(first, out, source.stem))
    assert yaml.safe_load(second) == yaml.safe_load(first)


@needs_shared
@pytest.mark.parametrize("name", PLANS_AND_REPORTS)
def test_a_real_plan_or_report_imports_to_the_same_config_twice(tmp_path, name):
    _same_config_twice(REALDOCS / name, tmp_path)


@needs_shared
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name[:3])
@pytest.mark.parametrize("options", [
    ["--numbering", "word"],
    ["--header", "breaks", "--signature", "paragraphs", "--styles", "direct", "--nfd"],
], ids=["word-numbering", "typed-by-hand"])  # fmt: skip
def test_a_retyped_example_imports_to_the_same_config_twice(tmp_path, example, options):
    rendered = write_document(model_of(example), tmp_path / "rendered").path
    typed = tmp_path / "typed.docx"
    subprocess.run([sys.executable, str(RETYPE), str(rendered), str(typed), *options],
                   check=True, capture_output=True)  # fmt: skip
    _same_config_twice(typed, tmp_path)


def _typed_plan(tmp_path: Path) -> Path:
    """Example 000 rendered, then three of its body paragraphs retyped as clerks do: a bold
    number typed before a khoản, a quote in bold with bold-italic words inside, a whole
    paragraph in italic."""
    example = next(p for p in EXAMPLES if p.name.startswith("000"))
    path = write_document(model_of(example), tmp_path / "rendered").path
    d = docx.Document(str(path))
    paras = [p for p in d.paragraphs if p.style.name in ("VB Khoản", "VB Nội dung")]
    khoan = next(p for p in paras if p.style.name == "VB Khoản")
    text = paras[-3]
    italic = paras[-2]
    label, rest = khoan.text.split(" ", 1)
    for r in khoan.runs:
        r.text = ""
    khoan.runs[0].text = label
    khoan.runs[0].bold = True
    khoan.add_run(" " + rest).bold = True
    for r in text.runs:
        r.text = ""
    text.runs[0].text = "Phương châm "
    quote = text.add_run("“")
    quote.bold = True
    motto = text.add_run("làm đến đâu, chắc đến đó")
    motto.bold = motto.italic = True
    text.add_run("”").bold = True
    text.add_run(" được quán triệt.")
    for r in italic.runs:
        r.italic = True
    d.save(str(path))
    return path


def test_a_bold_typed_label_prints_once_and_emphasis_comes_back_whole(tmp_path):
    path = _typed_plan(tmp_path)
    text = _import(path)
    assert "“***làm đến đâu, chắc đến đó***”" not in text  # a word is never split
    assert "**“làm** ***đến đâu, chắc đến*** **đó”**" not in text
    data = yaml.safe_load(text)
    flat = yaml.safe_dump(data, allow_unicode=True, width=10_000)
    assert "Phương châm **“làm đến đâu, chắc đến đó”** được quán triệt." not in flat
    assert "Phương châm ***“làm đến đâu, chắc đến đó”*** được quán triệt." in flat
    assert "*****" not in flat and "****" not in flat
    again = _again(text, tmp_path / "again", "again")
    printed = [p.text for p in docx.Document(str(again)).paragraphs]
    assert not [t for t in printed if t.split(" ")[:2] == [t.split(" ")[0]] * 2 and t]
    motto = next(p for p in docx.Document(str(again)).paragraphs if "chắc đến đó" in p.text)
    assert [(r.text, bool(r.bold), bool(r.italic)) for r in motto.runs if r.text.strip()] == [
        ("Phương châm ", False, False), ("“làm đến đâu, chắc đến đó”", True, True),
        (" được quán triệt.", False, False)]  # fmt: skip
    assert yaml.safe_load(_import(again)) == data


def test_a_whole_paragraph_in_italic_stays_italic(tmp_path):
    path = _typed_plan(tmp_path)
    d = docx.Document(str(path))
    italic = [p.text for p in d.paragraphs if p.runs and all(r.italic for r in p.runs if r.text)]
    text = _import(path)
    again = _again(text, tmp_path / "again", "again")
    printed = {p.text: p for p in docx.Document(str(again)).paragraphs}
    for line in italic:
        if line in printed:
            runs = [r for r in printed[line].runs if r.text.strip()]
            assert runs and all(r.italic for r in runs), line


@needs_shared
def test_the_appendix_kem_theo_line_follows_the_plans_number_and_date(tmp_path):
    text = _import(REALDOCS / "kh-cchc-2026-2030-lam-dong.docx")
    data = yaml.safe_load(text)
    assert "{{ number_text }}" in data["appendices"][0]["note"]
    data["number"], data["date"] = 12, {"year": 2027, "month": 4, "day": 5}
    again = _again(yaml.safe_dump(data, allow_unicode=True), tmp_path, "kh")
    notes = [p.text for p in docx.Document(str(again)).paragraphs if "Ban hành kèm theo" in p.text]
    assert notes == ["(Ban hành kèm theo Kế hoạch số 12/KH-UBND ngày 05/4/2027 của "
                     "Chủ tịch UBND tỉnh Lâm Đồng)"]  # fmt: skip


def test_a_kem_theo_line_of_another_document_is_kept_as_typed(tmp_path):
    from generator.read.import_body import Imported
    from generator.read.importer import _bound_note

    out = Imported({"kind": "ke_hoach", "number": 5, "date": {"year": 2026, "month": 3, "day": 1}})
    other = "(Kèm theo Quyết định số 07/QĐ-UBND ngày 01/3/2026 của UBND tỉnh)"
    assert _bound_note(other, out, 0) == other
    last_year = "(Kèm theo Kế hoạch số 05/KH-UBND ngày 01/3/2025 của UBND tỉnh)"
    assert _bound_note(last_year, out, 0) == last_year
    another_day = "(Kèm theo Kế hoạch số 05/KH-UBND ngày 02/3/2026 của UBND tỉnh)"
    assert _bound_note(another_day, out, 0) == another_day
    own = "(Kèm theo Kế hoạch số 05/KH-UBND ngày 01/3/2026 của UBND tỉnh)"
    assert _bound_note(own, out, 0) == (
        "(Kèm theo Kế hoạch số {{ number_text }} ngày {{ date_short }} của UBND tỉnh)"
    )
