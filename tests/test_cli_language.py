"""The command line in the clerk's language: `--lang vi` before or after the command, or a
Vietnamese locale; check's verdicts and rule names in words; kind names from the vocabulary;
every sentence starting with a capital, in both languages."""

from __future__ import annotations

import json
import re

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from generator.cli import main
from generator.read.rules import RULES

from .conftest import EXAMPLES, ROOT, needs_shared
from .sentences import is_fragment

REALDOCS = ROOT.parent / "shared" / "realdocs"
PLAN = REALDOCS / "kh-cchc-2026-lam-dong.docx"


def starts_well(text: str) -> bool:
    """Whether ``text`` does not start with a lower-case letter (a capital, a digit, a
    placeholder, a quote or a bracket are all fine)."""
    text = text.lstrip()
    return not text or not text[0].islower()


def catalog() -> dict[str, str]:
    with (ROOT / "generator/locale/vi/LC_MESSAGES/vanban.po").open("rb") as f:
        return {m.id: m.string for m in read_po(f) if m.id}


def test_every_vietnamese_sentence_starts_with_a_capital_or_a_placeholder():
    vi = catalog()
    found = extract_from_dir(str(ROOT / "generator"), keywords={"_": None, "N_": None})
    sentences = {mid for module, _line, mid, *_ in found if not is_fragment(mid, module)}
    assert len(sentences) > 150
    lower = sorted(m for m in sentences if not starts_well(vi[m])
                   and not vi[m].startswith("vanban"))  # fmt: skip
    assert not lower, lower[:10]


def test_every_english_sentence_starts_with_a_capital_too():
    """Argparse's own words and the editor's page messages (in serve/, the page's own) aside."""
    found = extract_from_dir(str(ROOT / "generator"), keywords={"_": None, "N_": None})
    lower = sorted({mid for module, _line, mid, *_ in found
                    if not is_fragment(mid, module) and not starts_well(mid)
                    and not mid.startswith("vanban")  # the command's name
                    and not module.startswith(("serve/", "i18n.py"))})  # fmt: skip
    assert not lower, lower[:10]


def test_every_rule_has_a_name_in_both_languages():
    vi = catalog()
    names = [r.name for r in RULES]
    assert len(set(names)) == len(RULES) and all(n and n[0].isupper() for n in names)
    assert all(vi.get(n) and vi[n][0].isupper() for n in names)


@needs_shared
@pytest.mark.parametrize("argv", [
    ["--lang", "vi", "check", str(PLAN)],
    ["check", str(PLAN), "--lang", "vi"],
    ["check", "--lang=vi", str(PLAN)],
])  # fmt: skip
def test_check_speaks_vietnamese_wherever_lang_is_given(capsys, argv):
    assert main(argv) == 1
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[1] == "  Loại văn bản: Kế hoạch"
    assert any(re.fullmatch(r"  KHÔNG ĐẠT\s+Căn cứ \(lỗi\): các dòng căn cứ in nghiêng .*", ln)
               for ln in lines)  # fmt: skip
    assert any(re.fullmatch(r"  ĐẠT\s+Khổ giấy và lề", ln) for ln in lines)
    assert any(re.fullmatch(r"  KHÔNG ÁP DỤNG\s+Kính gửi", ln) for ln in lines)
    for word in ("PASS", "FAIL", "N/A", "can-cu", "noi-nhan", "ke_hoach", "error"):
        assert word not in out, word
    # the rule names line up in one column after the verdicts
    verdicts = [re.match(r"  (ĐẠT|KHÔNG ĐẠT|KHÔNG ÁP DỤNG)\s+", ln) for ln in lines]
    assert len({m.end() for m in verdicts if m}) == 1


@needs_shared
def test_a_vietnamese_locale_selects_vietnamese_and_json_keeps_the_ids(capsys, monkeypatch):
    monkeypatch.setenv("LC_ALL", "C.UTF-8")  # a container's default names no language
    monkeypatch.setenv("LANG", "vi_VN.UTF-8")
    assert main(["check", str(PLAN), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)[0]
    rule = next(r for r in report["rules"] if r["id"] == "can-cu")
    assert rule["status"] == "FAIL" and rule["name"] == "Căn cứ" and report["kind"] == "ke_hoach"
    assert main(["check", str(ROOT / "no-such.docx")]) == 1
    assert (
        capsys.readouterr().out.splitlines()[1]
        == "  Lỗi: " + str(ROOT / "no-such.docx") + ": không có tệp này"
    )


@needs_shared
def test_in_english_the_rules_have_names_and_the_lines_start_with_a_capital(capsys):
    assert main(["--lang", "en", "check", str(PLAN)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[1] == "  Kind: Kế hoạch"  # the vocabulary's name of the kind
    assert any(re.fullmatch(r"  FAIL\s+Căn cứ \(error\): căn cứ lines in italic .*", ln)
               for ln in lines)  # fmt: skip
    assert any(re.fullmatch(r"  PASS\s+Paper and margins", ln) for ln in lines)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_what_the_commands_print_starts_with_a_capital(tmp_path, capsys, lang):
    example = next(e for e in EXAMPLES if e.name.startswith("001"))
    assert main(["--lang", lang, "render", str(example), "-o", str(tmp_path)]) == 0
    docx = next(tmp_path.glob("*.docx"))
    assert main(["import", str(docx), "-o", str(tmp_path / "plan.yaml"), "--lang", lang]) == 0
    assert main(["check", str(docx), "--lang", lang]) == 0
    assert main(["check", str(tmp_path / "none.docx"), "--lang", lang]) == 1
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: ke_hoach\nsinger: x\n", encoding="utf-8")
    assert main(["validate", str(bad), "--lang", lang]) == 1
    printed = capsys.readouterr()
    assert main(["rollover", str(tmp_path / "plan.yaml"), "--year", "2026", "--dry-run",
                 "--lang", lang]) == 0  # fmt: skip
    rolled = capsys.readouterr()
    after_diff = [ln for ln in rolled.out.split("\n") if ln[:1] not in "+-@ "]
    # a line that starts with a file's path (a config problem after its key path) or a
    # finding's place (tr. 3 ¶12 …) is not a sentence
    lines = [ln for ln in printed.out.split("\n") + printed.err.split("\n") + after_diff
             + rolled.err.split("\n")
             if ln and not ln.lstrip().startswith(("tr. ", "p. ", str(tmp_path)))]  # fmt: skip
    assert len(lines) > 10
    lower = [ln for ln in lines if not starts_well(ln)]
    assert not lower, lower[:5]


def test_lang_after_a_nested_command_and_a_workbook_that_is_a_pdf(tmp_path, capsys):
    """`--lang vi` after `vanban server init`, and a PDF renamed .xlsx named as what it is, in
    Vietnamese, never in the zip module's English."""
    pytest.importorskip("sqlalchemy")
    assert main(["server", "init", "--data", str(tmp_path / "d"), "--lang", "vi"]) == 0
    assert "Cơ sở dữ liệu đã sẵn sàng" in capsys.readouterr().out
    fake = tmp_path / "theo-doi.xlsx"
    fake.write_bytes(b"%PDF-1.4 not a workbook")
    plan = ROOT / "configs" / "examples" / "001-viet-hoa-ke-hoach-dan-van.yaml"
    assert main(["remind", str(plan), "--from", str(fake), "--lang", "vi"]) == 1
    err = capsys.readouterr().err
    assert "đây là tệp PDF" in err and "zip" not in err, err
