"""Bad input: every problem at once as file:line: key.path: message, exit 1, no traceback, no
file written; untrusted text stays data."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import docx
import yaml

from generator.cli import main

from .conftest import MINIMAL, ROOT, all_paragraphs, render_dict, write_yaml


def run(argv, capsys):
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def render(tmp_path, capsys, text: str, lang: str = "en"):
    path = tmp_path / "ward.yaml"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    code, _out, stderr = run(["--lang", lang, "render", str(path), "-o", str(out)], capsys)
    assert code == 1
    assert not out.exists() or not any(out.iterdir()), "a file was written"
    return stderr


def minimal_yaml(**overrides) -> str:
    return yaml.safe_dump({**MINIMAL, **overrides}, allow_unicode=True, sort_keys=False)


def test_malformed_yaml_names_file_and_line(tmp_path, capsys):
    err = render(tmp_path, capsys, "kind: ke_hoach\nward: {name: Nhị Chiểu\nnumber: 3\n")
    assert err.startswith(f"{tmp_path / 'ward.yaml'}:3: invalid YAML")


def test_every_problem_at_once_with_line_and_key_path(tmp_path, capsys):
    text = minimal_yaml(number="năm", singer={"name": "X"})
    text = text.replace("signer:\n  name: Nguyễn Văn A\n", "signer:\n  title: CHỦ TỊCH\n")
    lines = text.splitlines()
    err = render(tmp_path, capsys, text)
    f = tmp_path / "ward.yaml"
    line = lambda key: lines.index(next(x for x in lines if x.startswith(key))) + 1  # noqa: E731
    assert f"{f}:{line('number:')}: number: must be a whole number" in err
    assert f"{f}:{line('singer:')}: singer: unknown key (did you mean 'signer'?)" in err
    assert f"{f}:{line('signer:')}: signer.name: required" in err
    assert "3 problem(s) found; nothing was written." in err


def test_bad_date_and_empty_subject(tmp_path, capsys):
    err = render(tmp_path, capsys, minimal_yaml(date="7 tháng 5", subject=""))
    assert "date: must be a date such as 2026-05-07 or 07/05/2026" in err
    assert "subject: must not be empty" in err


def test_nested_key_path_and_task_reference(tmp_path, capsys):
    text = minimal_yaml(
        body=[{"heading": "A", "children": [{"text": "x", "lead": 5}, {"task": "khong-co"}]}]
    )
    err = render(tmp_path, capsys, text)
    assert "body[0].children[0].lead: must be text, or a list of lines" in err
    assert "body[0].children[1].task: no task with id 'khong-co'" in err


def test_unknown_key_deep_inside_gets_a_hint(tmp_path, capsys):
    err = render(tmp_path, capsys, minimal_yaml(body=[{"heading": "A", "chidren": []}]))
    assert "body[0].chidren: unknown key (did you mean 'children'?)" in err


def test_sandbox_refuses_attribute_escape(tmp_path, capsys):
    err = render(tmp_path, capsys, minimal_yaml(subject="{{ ''.__class__.__mro__ }}"))
    assert "subject: expression refused by the sandbox" in err
    assert "__class__" in err and "Traceback" not in err


def test_undefined_name_and_huge_repetition_are_refused(tmp_path, capsys):
    err = render(tmp_path, capsys, minimal_yaml(subject="{{ yaer }} {{ 'a' * 10**9 }}"))
    assert "subject: unknown name in expression: 'yaer' is undefined" in err
    err = render(tmp_path, capsys, minimal_yaml(subject="{{ 'a' * 1000000000 }}"))
    assert "subject: expression refused by the sandbox: result too large" in err


def test_control_character_is_refused_with_its_line(tmp_path, capsys):
    text = minimal_yaml(subject="Kế hoạch\vnăm 2026")  # \v escaped by the YAML dumper
    err = render(tmp_path, capsys, text)
    assert "subject: U+000B vertical tab" in err
    raw = minimal_yaml().replace("Nguyễn Văn A", "Nguyễn\x0bVăn A")
    err = render(tmp_path, capsys, raw)
    line = next(i for i, x in enumerate(raw.split("\n"), start=1) if "\x0b" in x)
    assert f"ward.yaml:{line}: column" in err and "U+000B" in err


def test_vietnamese_messages(tmp_path, capsys):
    text = minimal_yaml().replace("signer:\n  name: Nguyễn Văn A\n", "signer: {}\n")
    err = render(tmp_path, capsys, text, lang="vi")
    assert "signer.name: bắt buộc" in err
    assert "không ghi tệp nào" in err


def test_validate_command(tmp_path, capsys):
    good = write_yaml(tmp_path, MINIMAL)
    code, out, _ = run(["validate", str(good)], capsys)
    assert code == 0 and "OK" in out
    bad = write_yaml(tmp_path, {**MINIMAL, "kind": "bien_ban"}, "bad.yaml")
    code, _, err = run(["validate", str(good), str(bad)], capsys)
    assert code == 1
    assert "bad.yaml:1: kind: must be one of: " in err
    assert all(
        f"'{kind}'" in err
        for kind in (
            "ke_hoach",
            "chuong_trinh",
            "bao_cao",
            "cong_van",
            "quyet_dinh",
            "giay_moi",
            "thong_bao",
        )
    )


def test_no_traceback_from_the_installed_command(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: ke_hoach\nward: {name: Nhị Chiểu\nnumber: 3\n", encoding="utf-8")
    env = {**os.environ, "LANG": "C"}
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "render", str(bad), "-o", str(tmp_path / "o")],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and "bad.yaml:3: invalid YAML" in proc.stderr
    assert not (tmp_path / "o").exists()


def test_nfd_text_comes_out_nfc(tmp_path):
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Phường Việt Hoà")
    doc = render_dict(
        tmp_path,
        ward={"name": unicodedata.normalize("NFD", "Việt Hoà")},
        body=[{"heading": "A", "text": nfd}],
    )
    texts = [p.text for p in all_paragraphs(doc)]
    assert "PHƯỜNG VIỆT HOÀ" in texts and "1. Phường Việt Hoà" not in texts
    assert any(t.endswith("Phường Việt Hoà") for t in texts)
    assert all(unicodedata.is_normalized("NFC", t) for t in texts)


def test_xml_special_characters_come_out_literally(tmp_path):
    text = "Công văn 491/SNV-XDCQ&CTTN; a < b > c \"quoted\" 'single' {{ 7*7 }}"
    doc = render_dict(
        tmp_path,
        basis=["Căn cứ " + text.replace("{{ 7*7 }}", "")],
        body=[{"heading": "A", "text": "x &amp; <w:p/> ]]>"}],
    )
    texts = [p.text for p in all_paragraphs(doc)]
    assert any("491/SNV-XDCQ&CTTN; a < b > c \"quoted\" 'single'" in t for t in texts)
    assert any(t.startswith("x &amp; <w:p/> ]]>") for t in texts)
    path = next((tmp_path / "out").glob("*.docx"))
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None
    docx.Document(str(path))  # parses


def test_output_name_is_windows_safe(tmp_path):
    from generator.files import output_name
    from generator.pipeline import model_of

    path = write_yaml(tmp_path, {**MINIMAL, "ward": {"name": 'Đông Hải: "1"/<2>'}})
    name = output_name(model_of(path))
    assert name == "KH-dong-hai-1-2-07-2026.docx"


def test_two_configs_writing_the_same_file_write_nothing(tmp_path, capsys):
    a = write_yaml(tmp_path, MINIMAL, "a.yaml")
    b = write_yaml(tmp_path, MINIMAL, "b.yaml")
    code, _out, err = run(["render", str(a), str(b), "-o", str(tmp_path / "o")], capsys)
    assert code == 1 and "KH-nhi-chieu-07-2026.docx" in err and "a.yaml" in err
    assert not (tmp_path / "o").exists()


def test_agency_parent_line(tmp_path):
    doc = render_dict(tmp_path, agency={"parent": "UBND thành phố Hải Phòng"})
    lines = [p.text for p in doc.tables[0].cell(0, 0).paragraphs if p.text]
    assert lines == ["UBND THÀNH PHỐ HẢI PHÒNG", "ỦY BAN NHÂN DÂN", "PHƯỜNG NHỊ CHIỂU"]
    first = doc.tables[0].cell(0, 0).paragraphs[0]
    assert first.style.name == "VB Cơ quan chủ quản" and not first.style.font.bold
