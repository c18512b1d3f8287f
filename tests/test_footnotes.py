"""Footnotes: a config's ``footnotes`` print as Word footnotes, and a plan's footnotes come
back into the config, each referenced where it was."""

from __future__ import annotations

import unicodedata
import zipfile
from pathlib import Path

import yaml
from lxml import etree

from generator.cli import main
from generator.pipeline import model_of, write_document
from generator.write.html import html_of

from .conftest import ROOT, needs_shared

REALDOCS = ROOT.parent / "shared" / "realdocs"
EXAMPLE = ROOT / "configs" / "examples" / "000-nhi-chieu-ke-hoach-dan-van.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _notes(path: Path) -> tuple[list[str], list[str]]:
    """(the footnotes' texts in id order, the ids referenced in the body in order)."""
    with zipfile.ZipFile(path) as z:
        body = etree.fromstring(z.read("word/document.xml"))
        if "word/footnotes.xml" not in z.namelist():
            return [], [r.get(f"{W}id") for r in body.iter(f"{W}footnoteReference")]
        notes = etree.fromstring(z.read("word/footnotes.xml"))
        assert b"footnotes.xml" in z.read("word/_rels/document.xml.rels")
        assert b"/word/footnotes.xml" in z.read("[Content_Types].xml")
    texts = [unicodedata.normalize("NFC", " ".join(
                 "".join(t.text or "" for t in p.iter(f"{W}t")).strip() for p in n.iter(f"{W}p")))
             for n in notes.iter(f"{W}footnote") if n.get(f"{W}type") is None]  # fmt: skip
    return texts, [r.get(f"{W}id") for r in body.iter(f"{W}footnoteReference")]


def _config(tmp_path: Path, **changes) -> Path:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data.update(changes)
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_footnotes_print_as_word_footnotes_where_referenced(tmp_path):
    config = _config(
        tmp_path,
        opening="Căn cứ tình hình[^nguon], Ủy ban ban hành Kế hoạch.",
        footnotes={"nguon": ["Báo cáo số 5/BC-UBND.", "Và *số liệu* quý I."]},
    )
    model = model_of(config)
    path = write_document(model, tmp_path / "out").path
    texts, refs = _notes(path)
    assert texts == ["Báo cáo số 5/BC-UBND. Và số liệu quý I."] and refs == ["1"]
    with zipfile.ZipFile(path) as z:
        body = z.read("word/document.xml").decode("utf-8")
    assert "Căn cứ tình hình</w:t></w:r><w:r><w:rPr><w:vertAlign" in body  # right after
    assert "[^" not in body
    page = html_of(model)
    assert '<sup class="note">nguon</sup>' in page and "Báo cáo số 5/BC-UBND." in page


def test_a_reference_without_its_text_is_refused_with_its_place(tmp_path, capsys):
    config = _config(tmp_path, opening="Theo báo cáo[^2].", footnotes={1: "Một."})
    assert main(["validate", str(config)]) != 0
    err = capsys.readouterr().err
    assert "plan.yaml" in err and "opening" in err and "[^2]" in err


@needs_shared
def test_a_reports_footnotes_come_back_and_print_again(tmp_path):
    source = REALDOCS / "bc-cchc-2025-lam-dong.docx"
    dest = tmp_path / "bc.yaml"
    assert main(["import", str(source), "-o", str(dest)]) == 0
    data = yaml.safe_load(dest.read_text(encoding="utf-8"))
    assert sorted(data["footnotes"]) == list(range(1, 18))
    text = dest.read_text(encoding="utf-8")
    assert text.index("[^1]") < text.index("[^2]") < text.index("[^17]")
    again = write_document(model_of(dest), tmp_path / "out").path
    before, refs_before = _notes(source)
    after, refs_after = _notes(again)
    assert after == before and len(refs_after) == len(refs_before) == 17
