"""Broken and hostile input, point by point: the exact message with file, line and key path,
exit status 1, no traceback (main() would raise), and nothing left behind."""

from __future__ import annotations

import csv
import os
import stat
import textwrap
import time
from pathlib import Path

import docx
import pytest

from generator import pdf
from generator.cli import main
from generator.files import output_folder

from .conftest import ROOT, all_paragraphs

BASE_TEXT = """\
kind: ke_hoach
number: 7
date: 2026-05-07
ward: {name: Nhị Chiểu}
subject: Thực hiện công tác dân vận năm {{ year }}
body:
  - heading: MỤC ĐÍCH
    text: Nội dung.
recipients: [UBND thành phố]
signer: {name: Nguyễn Văn A}
"""


def config(
    tmp_path: Path, text: str = BASE_TEXT, name: str = "ward.yaml", sub: dict | None = None
) -> Path:
    """Write ``text`` (with the replacements ``sub``) as a config."""
    for old, new in (sub or {}).items():
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def fails(capsys, argv: list[str], out: Path | None = None) -> str:
    """Run ``argv``: exit 1, no document or temporary file left in ``out``; returns stderr."""
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if out is not None and out.exists():
        assert not [p.name for p in out.iterdir() if p.suffix in (".docx", ".tmp", ".pdf")]
    return err


def texts(path: Path) -> list[str]:
    return [p.text for p in all_paragraphs(docx.Document(str(path)))]


# --- 1. impossible dates ------------------------------------------------------------------
@pytest.mark.parametrize("date, message", [
    ("2026-02-30", "date: 2026-02-30: month 2 of 2026 has 28 days"),
    ("2026-13-01", "date: 2026-13-01: there is no month 13"),
    ("31/04/2026", "date: 31/04/2026: month 4 of 2026 has 30 days"),
])  # fmt: skip
@pytest.mark.parametrize("command", ["validate", "render", "rollover"])
def test_impossible_dates(tmp_path, capsys, date, message, command):
    path = config(tmp_path, sub={"date: 2026-05-07": f"date: {date}"})
    argv = {"validate": ["validate", str(path)],
            "render": ["render", str(path), "-o", str(tmp_path / "out")],
            "rollover": ["rollover", str(path), "--year", "2027"]}[command]  # fmt: skip
    err = fails(capsys, argv, tmp_path / "out")
    assert f"{path}:3: {message}" in err
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["ward.yaml"]


# --- 2. alias bombs -----------------------------------------------------------------------
LAUGHS = "".join(
    f"  l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" if i else '  l0: &l0 "ha"\n'
    for i in range(10)
)


@pytest.mark.parametrize("where", ["lol", "vars"])
def test_alias_bomb_is_refused_at_once(tmp_path, capsys, where):
    path = config(tmp_path, BASE_TEXT + f"{where}:\n{LAUGHS}")
    start = time.perf_counter()
    err = fails(capsys, ["validate", str(path)])
    assert time.perf_counter() - start < 5
    assert f"{path}:" in err and "YAML aliases" in err


def test_a_few_aliases_are_fine(tmp_path, capsys):
    text = BASE_TEXT.replace("recipients: [UBND thành phố]", "recipients: [&u UBND thành phố]")
    path = config(tmp_path, text + "vars: {again: *u}\n")
    assert main(["validate", str(path)]) == 0


# --- 3. vars through each other; no markup reaches a document ------------------------------
def test_vars_expand_through_each_other(tmp_path, capsys):
    text = BASE_TEXT.replace(
        "subject: Thực hiện công tác dân vận năm {{ year }}",
        'subject: "{{ vars.topic }}; {{ vars.braces }}"\n'
        "vars:\n"
        '  topic: "Công tác {{ vars.field }} năm {{ year }} ở {{ ward.name }}"\n'
        "  field: dân vận\n"
        '  braces: "{% raw %}{{ giữ nguyên }}{% endraw %}"',
    )
    path = config(tmp_path, text)
    assert main(["render", str(path), "-o", str(tmp_path / "out")]) == 0
    (doc,) = (tmp_path / "out").glob("*.docx")
    assert "Công tác dân vận năm 2026 ở Nhị Chiểu; {{ giữ nguyên }}" in texts(doc)


def test_a_circle_of_vars_is_a_problem(tmp_path, capsys):
    text = (
        BASE_TEXT + 'vars:\n  a: "x {{ vars.b }}"\n  b: "y {{ vars.a }}"\nopening: "{{ vars.a }}"\n'
    )
    path = config(tmp_path, text)
    err = fails(capsys, ["render", str(path), "-o", str(tmp_path / "out")], tmp_path / "out")
    assert f"{path}:12: vars.a: vars.a → vars.b → vars.a: these vars refer to each other" in err


def test_markup_that_would_print_is_a_problem(tmp_path, capsys):
    path = config(tmp_path, BASE_TEXT + "opening: \"{{ '{{' }} ward.name }}\"\n")
    err = fails(capsys, ["validate", str(path)])
    assert f"{path}:11: opening: the document would print Jinja markup «{{{{ ward.name }}}}»" in err


# --- 4. no traceback for an output path under a file, or a CSV named .xlsx -----------------
def test_output_under_a_file(tmp_path, capsys):
    path = config(tmp_path)
    blocker = tmp_path / "file.txt"
    blocker.write_text("x", encoding="utf-8")
    err = fails(capsys, ["render", str(path), "-o", str(blocker / "out")])
    assert f"Cannot use the output folder {blocker / 'out'}" in err
    base = ROOT / "configs" / "haiphong-2026"
    err = fails(capsys, ["bulk", str(base / "base.yaml"), "--wards", str(base / "wards.csv"),
                         "-o", str(blocker / "out")])  # fmt: skip
    assert f"Cannot use the output folder {blocker / 'out'}" in err
    err = fails(capsys, ["rollover", str(path), "--year", "2027", "-o", str(blocker / "n.yaml")])
    assert f"Cannot write {blocker / 'n.yaml'}" in err


def test_csv_named_xlsx(tmp_path, capsys):
    table = tmp_path / "wards.xlsx"
    table.write_text("ward\nAn Biên\n", encoding="utf-8")
    base = ROOT / "configs" / "haiphong-2026" / "base.yaml"
    err = fails(capsys, ["bulk", str(base), "--wards", str(table), "-o", str(tmp_path / "o")])
    assert f"{table}: not an Excel workbook (.xlsx): a CSV file must be named .csv" in err


# --- 5. problems found by validate, not at render -----------------------------------------
def test_template_that_is_not_a_docx_fails_validate(tmp_path, capsys):
    (tmp_path / "mine.docx").write_text("not a zip", encoding="utf-8")
    path = config(tmp_path, BASE_TEXT + "template: mine.docx\n")
    err = fails(capsys, ["validate", str(path)])
    assert f"{path}:11: template: {tmp_path / 'mine.docx'} is not a Word .docx file" in err


def test_very_long_ward_names_get_short_unique_file_names(tmp_path, capsys):
    long = "Phường " + "Rất Dài " * 40
    a = config(tmp_path, name="a.yaml", sub={"Nhị Chiểu}": f"{long}A}}"})
    b = config(tmp_path, name="b.yaml", sub={"Nhị Chiểu}": f"{long}B}}"})
    assert main(["validate", str(a), str(b)]) == 0
    assert main(["render", str(a), str(b), "-o", str(tmp_path / "out")]) == 0
    names = sorted(p.name for p in (tmp_path / "out").glob("*.docx"))
    assert len(names) == 2 and names[0] != names[1]
    assert all(len(n) < 90 and n.startswith("KH-phuong-rat-dai-rat-dai") for n in names)


# --- 6. bad data accepted silently --------------------------------------------------------
@pytest.mark.parametrize("name", ['""', "///", "'- -'"])
def test_ward_name_without_letters(tmp_path, capsys, name):
    path = config(tmp_path, sub={"{name: Nhị Chiểu}": f"{{name: {name}}}"})
    err = fails(capsys, ["validate", str(path)])
    assert f"{path}:4: ward.name: must be the ward's name" in err


def test_bidi_override_is_refused_with_line_and_column(tmp_path, capsys):
    path = config(tmp_path, sub={"Nguyễn Văn A": "Nguyễn \u202eVăn A"})
    err = fails(capsys, ["render", str(path), "-o", str(tmp_path / "out")], tmp_path / "out")
    assert f"{path}:10: column 23: U+202E bidirectional control" in err


def test_invisible_characters_are_warned_about_with_their_key_path(tmp_path, capsys):
    path = config(tmp_path, sub={"Nội dung": "Nội\u200b dung", "MỤC ĐÍCH": "MỤC\u00adĐÍCH"})
    assert main(["render", str(path), "-o", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert f"Warning: {path}:8: body[0].text: U+200B zero-width space" in err
    assert f"Warning: {path}:7: body[0].heading: U+00AD soft hyphen" in err


def write_table(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def test_bulk_ward_listed_twice_and_row_with_an_extra_cell(tmp_path, capsys):
    base = ROOT / "configs" / "haiphong-2026" / "base.yaml"
    table = write_table(tmp_path / "w.csv", [["ward", "kind"], ["An Biên", "phường"],
                        ["Lê Chân", "phường", "thừa"], ["An Biên", "phường"]])  # fmt: skip
    out = tmp_path / "out"
    assert main(["bulk", str(base), "--wards", str(table), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{table}:3: 1 cell(s) more than the header has columns: «thừa»" in err
    assert f"An Biên: {table}:4: ward: Listed twice: the first, at {table}:2, is the one" in err
    assert [p.name for p in out.glob("*.docx")] == ["KH-an-bien-du-thao-2026.docx"]


# --- 7. two bulk runs into one folder -----------------------------------------------------
def test_a_second_run_into_a_locked_folder_is_refused(tmp_path, capsys):
    base = ROOT / "configs" / "haiphong-2026"
    out = tmp_path / "out"
    with output_folder(out):  # another run holds the folder
        err = fails(capsys, ["bulk", str(base / "base.yaml"), "--wards",
                             str(base / "wards.csv"), "-o", str(out)], out)  # fmt: skip
        assert f"Another vanban run is writing into {out}" in err
        assert not (out / "manifest.csv").exists()
    assert main(["render", str(config(tmp_path)), "-o", str(out)]) == 0  # free again


# --- 8. leftovers -------------------------------------------------------------------------
def test_stale_temporary_files_are_removed(tmp_path, capsys):
    out = tmp_path / "out"
    (out / ".vanban-pdf-x").mkdir(parents=True)
    (out / ".vanban-abc.tmp").write_bytes(b"half a document")
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    assert main(["render", str(config(tmp_path)), "-o", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["KH-nhi-chieu-07-2026.docx", "keep.txt"]


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting for a parent that does not reap it has ended)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


def test_a_libreoffice_timeout_ends_its_whole_process_group(tmp_path, monkeypatch):
    pidfile = tmp_path / "child.pid"
    fake = tmp_path / "soffice"
    fake.write_text(textwrap.dedent(f"""\
        #!/bin/sh
        sleep 60 &
        echo $! > {pidfile}
        wait
    """))  # fmt: skip
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(pdf, "TIMEOUT_BASE", 1)
    monkeypatch.setattr(pdf, "TIMEOUT_PER_FILE", 0)
    doc = tmp_path / "x.docx"
    doc.write_bytes(b"")
    assert pdf.convert([doc]) == [f"{doc}: LibreOffice did not finish in time"]
    child = int(pidfile.read_text())
    time.sleep(0.2)
    assert not alive(child)
    assert not list(tmp_path.glob(".vanban-*"))


# --- 9. messages in the clerk's words -----------------------------------------------------
@pytest.mark.parametrize("old, new, message", [
    ("body:\n  - heading", "body:\n\t- heading", ":7: column 1: a tab is used for indentation"),
    ("text: Nội dung.", "text: Lưu ý: nội dung.", ":8: column 16: a value that holds «: » must be "
                                                  "quoted"),
    ("date: 2026-05-07", "date: 20260507", ":3: date: must be a date such as 2026-05-07 or "
                                           "07/05/2026"),
    ("number: 7", "number: !!python/object/apply:os.system [ls]",
     ":2: the YAML tag «!!python/object/apply:os.system» is not allowed"),
    ("năm {{ year }}", "năm {{ year }", ":5: subject: expression syntax error (unexpected '}'): an "
                                       "expression is written {{ name }}"),
])  # fmt: skip
def test_messages_in_plain_words(tmp_path, capsys, old, new, message):
    path = config(tmp_path, BASE_TEXT.replace(old, new))
    err = fails(capsys, ["validate", str(path)])
    assert f"{path}{message}" in err


def test_dd_mm_yyyy_dates_in_configs(tmp_path, capsys):
    path = config(tmp_path, sub={"date: 2026-05-07": "date: 05/03/2026"})
    assert main(["render", str(path), "-o", str(tmp_path / "out")]) == 0
    (doc,) = (tmp_path / "out").glob("*.docx")
    assert "Nhị Chiểu, ngày 05 tháng 3 năm 2026" in texts(doc)


# --- 10. rollover -------------------------------------------------------------------------
@pytest.mark.parametrize("year, warning", [
    (2026, "Warning: the plan is already of 2026: only its number and date are cleared"),
    (2024, "Warning: 2024 is before the plan's year 2026: its years move back"),
])  # fmt: skip
def test_rollover_to_the_same_or_a_past_year_warns(tmp_path, capsys, year, warning):
    path = config(tmp_path, sub={"number: 7": "number: 7   # cấp sau khi ký"})
    assert main(["rollover", str(path), "--year", str(year), "-o", str(tmp_path / "n.yaml")]) == 0
    assert warning in capsys.readouterr().err
    assert "number:     # cấp sau khi ký" in (tmp_path / "n.yaml").read_text(encoding="utf-8")


# --- 11. file modes -----------------------------------------------------------------------
def test_files_honour_the_umask(tmp_path, capsys):
    old = os.umask(0o022)
    try:
        assert main(["render", str(config(tmp_path)), "-o", str(tmp_path / "out")]) == 0
        base = ROOT / "configs" / "haiphong-2026"
        table = write_table(tmp_path / "w.csv", [["ward"], ["An Biên"]])
        assert main(["bulk", str(base / "base.yaml"), "--wards", str(table), "-o",
                     str(tmp_path / "bulk")]) == 0  # fmt: skip
    finally:
        os.umask(old)
    for path in [*(tmp_path / "out").iterdir(), *(tmp_path / "bulk").iterdir()]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path


# --- 12. README ---------------------------------------------------------------------------
def test_readme_says_what_the_tests_need_and_documents_version(capsys):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = readme.split("## Set-up", 1)[1].split("\n## ", 1)[0]
    assert "../shared" in setup
    assert "vanban --version" in readme
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0 and capsys.readouterr().out.startswith("vanban ")
