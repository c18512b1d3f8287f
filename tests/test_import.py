"""vanban import: a plan typed in Word comes back as a config that renders the same text."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
import yaml
from docx import Document

from generator.cli import main
from generator.pipeline import model_of, write_document
from generator.read.document import read
from generator.read.lines import cells
from generator.read.numbering import Numbering

from .conftest import EXAMPLES, ROOT, labels, needs_shared

REALDOCS = ROOT.parent / "shared" / "realdocs"
RETYPE = ROOT.parent / "shared" / "tools" / "retype_docx.py"
_spec = importlib.util.spec_from_file_location("bench_import", ROOT / "bench" / "import.py")
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("rendered")
    return {p.name[:3]: write_document(model_of(p), out).path for p in EXAMPLES}


def body_labels(path: Path) -> list[str]:
    return labels(p.text for p in bench.paragraphs(bench.docx.Document(str(path))))


@needs_shared
@pytest.mark.parametrize("name", bench.PLANS)
def test_a_real_plan_renders_back_to_its_text(tmp_path, name):
    score, _seconds, _again = bench.round_trip(REALDOCS / name, tmp_path)
    assert score >= 0.97, score  # its speed is bench/import.py's figure, not a test's


@pytest.mark.parametrize("key", ["000", "001", "002", "003"])
def test_examples_render_import_render(rendered, tmp_path, key):
    score, _s, again = bench.round_trip(rendered[key], tmp_path)
    assert score >= 0.999
    assert body_labels(again) == body_labels(rendered[key])  # the same numbering


@needs_shared
@pytest.mark.parametrize("key", ["000", "001", "002", "003"])
@pytest.mark.parametrize("options", [["--header", "tabs"], ["--header", "breaks"],
                                     ["--signature", "paragraphs"], ["--styles", "direct"],
                                     ["--nfd"], ["--numbering", "word"]])  # fmt: skip
def test_retyped_examples_import_back_to_the_same_text(rendered, tmp_path, key, options):
    typed = tmp_path / "typed.docx"
    subprocess.run([sys.executable, str(RETYPE), str(rendered[key]), str(typed), *options],
                   check=True, capture_output=True)  # fmt: skip
    _score, _s, again = bench.round_trip(typed, tmp_path)
    # Word's e) put back to đ); Word's bullets come back as Word's, their glyph "-" / "+"
    assert _words_shown(again) == bench.words(rendered[key])


def _words_shown(path: Path) -> list[str]:
    """``bench.words`` with the glyph of each Word bullet before its paragraph, as Word
    shows it."""
    doc = bench.docx.Document(str(path))
    numbering = Numbering(doc, {})
    texts = []
    for p in bench.paragraphs(doc):
        bullet = numbering.label(p) and numbering.glyph
        texts.append(f"{bullet} {p.text}" if bullet else p.text)
    return unicodedata.normalize("NFC", " ".join(texts)).split()


_LABEL = re.compile(r"^([IVXLC]+|\d+(\.\d+)*|[a-zđ])[.)]?$")


def _words(text: str) -> Counter:
    """The words of ``text`` that carry content: NFC, without the punctuation around them and
    without outline labels (vanban computes those)."""
    out = Counter()
    for word in unicodedata.normalize("NFC", text).split():
        word = word.strip(".,;:!?()“”\"'*/-+")
        if word and not _LABEL.match(word):
            out[word] += 1
    return out


@pytest.mark.parametrize("source", [
    *[pytest.param(REALDOCS / n, id=n, marks=needs_shared) for n in bench.PLANS],
    *[pytest.param(e, id=e.name) for e in EXAMPLES],
])  # fmt: skip
def test_no_word_of_the_original_is_dropped(tmp_path, source):
    if source.suffix == ".yaml":
        source = write_document(model_of(source), tmp_path).path
    _score, _s, again = bench.round_trip(source, tmp_path)
    d = read(source)  # the body and what follows the signature (not the header: vanban's)
    tables = {id(t._tbl): t for t in [*(t for _i, t in d.body_tables), *d.appendix_tables]}
    lines = [ln.text for ln in d.body] + [ln.text for ln in d.tail if hasattr(ln, "text")]
    texts = [c.text for t in tables.values() for c in cells(t)]
    original = " ".join(lines + texts)
    missing = _words(original) - _words(" ".join(bench.words(again)))
    assert not missing, missing


def test_the_imported_config_validates_and_names_its_guesses(rendered, tmp_path, capsys):
    dest = tmp_path / "plan.yaml"
    assert main(["import", str(rendered["001"]), "-o", str(dest)]) == 0
    out = capsys.readouterr().out
    assert f"Wrote {dest}" in out and "place(s) to review" in out
    assert main(["validate", str(dest)]) == 0
    data = yaml.safe_load(dest.read_text(encoding="utf-8"))
    assert data["kind"] == "ke_hoach" and data["ward"]["name"] == "Việt Hoà"
    assert data["signer"]["name"] == "Đào Quang Dương" and data["archive"] == "VHXH"


@needs_shared
def test_guesses_are_review_comments(tmp_path, capsys):
    dest = tmp_path / "kh.yaml"
    assert main(["import", str(REALDOCS / "kh-khao-sat-phu-tho-2012.docx"), "-o", str(dest)]) == 0
    text = dest.read_text(encoding="utf-8")
    assert "# REVIEW: " in text
    n = text.count("# REVIEW: ")
    assert f"{n} place(s) to review (the «# REVIEW:» comments)" in capsys.readouterr().out


@needs_shared
def test_the_review_comments_are_announced_in_the_words_written(tmp_path, capsys):
    """Under Vietnamese the file's comments and the count printed use the same words, the
    rollover's comments (--year) counted with the import's."""
    from generator.i18n import set_language

    dest = tmp_path / "kh.yaml"
    source = REALDOCS / "kh-cchc-2026-lam-dong.docx"
    try:
        assert main(["--lang", "vi", "import", str(source), "-o", str(dest), "--year", "2027"]) == 0
    finally:
        set_language("en")
    text = dest.read_text(encoding="utf-8")
    n = text.count("# KIỂM TRA: ")
    assert n >= 1 and "# review" not in text.lower()
    assert f"{n} chỗ cần xem lại (các chú thích «# KIỂM TRA:»)" in capsys.readouterr().out


def test_year_chains_into_rollover(rendered, tmp_path, capsys):
    dest = tmp_path / "next.yaml"
    assert main(["import", str(rendered["000"]), "--year", "2027", "-o", str(dest)]) == 0
    data = yaml.safe_load(dest.read_text(encoding="utf-8"))
    assert data["date"] == {"year": 2027} and data["number"] is None
    # the plan's years are derived ({{ year }}): the new year flows into the text
    assert "lineage" not in data and "năm {{ year }}" in dest.read_text(encoding="utf-8")
    text = " ".join(p.text for p in Document(write_document(model_of(dest), tmp_path).path)
                    .paragraphs)  # fmt: skip
    assert "năm 2027" in text and "năm 2026" not in text


@needs_shared
@pytest.mark.parametrize("name, words", [
    ("dang-kiem-diem-tcvn3.docx", "legacy TCVN3 encoding"),
    ("don-khoi-kien.docx", "not a kind of document vanban writes: a form or a petition"),
])  # fmt: skip
def test_a_document_that_is_not_a_plan_is_refused(tmp_path, capsys, name, words):
    assert main(["import", str(REALDOCS / name), "-o", str(tmp_path / "x.yaml")]) == 1
    assert words in capsys.readouterr().err
    assert not (tmp_path / "x.yaml").exists()


def test_malformed_files_get_the_checkers_messages(tmp_path, capsys):
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    assert main(["import", str(empty), "-o", str(tmp_path / "x.yaml")]) == 1
    assert f"{empty}: the file is empty" in capsys.readouterr().err
    assert main(["import", str(tmp_path / "none.docx")]) == 1
    assert "no such file" in capsys.readouterr().err


def test_another_issuing_agency_comes_back_with_its_parent_and_abbreviation(tmp_path):
    from .conftest import render_dict

    render_dict(tmp_path, ward={"name": "Lâm Đồng", "kind": "tỉnh"},
                agency={"parent": "UBND TỈNH LÂM ĐỒNG", "name": ["SỞ NỘI VỤ"],
                        "abbreviation": "SNV"},
                signer={"collective": None, "authority": "KT.", "title": "GIÁM ĐỐC",
                        "signer_title": "PHÓ GIÁM ĐỐC", "name": "B"})  # fmt: skip
    (source,) = (tmp_path / "out").glob("*.docx")
    dest = tmp_path / "back.yaml"
    assert main(["import", str(source), "-o", str(dest)]) == 0
    data = yaml.safe_load(dest.read_text(encoding="utf-8"))
    assert data["ward"] == {"name": "Lâm Đồng", "kind": "tỉnh"}
    assert data["agency"] == {"name": ["SỞ NỘI VỤ"], "parent": "UBND TỈNH LÂM ĐỒNG",
                              "abbreviation": "SNV"}  # fmt: skip
    assert data["signer"] == {"name": "B", "collective": None, "authority": "KT.",
                              "title": "GIÁM ĐỐC", "signer_title": "PHÓ GIÁM ĐỐC"}  # fmt: skip
    _score, _s, again = bench.round_trip(source, tmp_path)
    assert bench.words(again) == bench.words(source)
