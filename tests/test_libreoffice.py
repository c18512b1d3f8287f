"""PDF export: `vanban render --pdf` makes PDFs through LibreOffice that print as a clerk
expects: the page number hidden on page 1 and "2" at the top centre of page 2, Times New Roman's
metric twin embedded, nothing lost.

Needs LibreOffice and poppler-utils (.ci/run installs them); without them the tests are skipped
on a developer's machine and fail in CI."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import docx
import pytest

from generator.cli import main

from .conftest import EXAMPLES, all_paragraphs

TOOLS = ("soffice", "pdftotext", "pdfinfo", "pdffonts")


@pytest.fixture(scope="module")
def pdfs(examples, tmp_path_factory):
    missing = [t for t in TOOLS if not shutil.which(t)]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI must install {missing} (see .ci/run)")
        pytest.skip(f"not installed: {missing}")
    out = tmp_path_factory.mktemp("pdf")
    assert main(["render", *map(str, EXAMPLES), "-o", str(out), "--pdf"]) == 0
    return {key: out / (path.stem + ".pdf") for key, path in examples.items()}


def pdf_pages(path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return text.split("\f")[:-1]


@pytest.mark.parametrize("key, low, high", [("000", 3, 6), ("001", 9, 15), ("002", 3, 6)])
def test_page_count_is_sane(pdfs, key, low, high):
    info = subprocess.run(
        ["pdfinfo", str(pdfs[key])], check=True, capture_output=True, text=True
    ).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages")))
    assert low <= pages <= high


def words(pdf, page: int) -> list[tuple[str, float, float, float]]:
    """(word, x centre, top, bottom) in points for every word of ``page``."""
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [
        (w, (float(x0) + float(x1)) / 2, float(y0), float(y1))
        for x0, y0, x1, y1, w in re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', html
        )
    ]


@pytest.mark.parametrize("key", ["000", "001", "002"])
def test_page_numbers(pdfs, key):
    first = words(pdfs[key], 1)
    top = min(first, key=lambda w: w[2])
    assert top[0] in ("ỦY", "CỘNG")  # nothing above the header block: no number on page 1
    second = words(pdfs[key], 2)
    number = min(second, key=lambda w: w[2])
    assert number[0] == "2"
    text_centre = (30 + 165 / 2) / 25.4 * 72  # left margin + half the text width, in points
    assert abs(number[1] - text_centre) < 12 and number[3] < 20 / 25.4 * 72  # in the top margin


@pytest.mark.parametrize("key", ["000", "001", "002"])
def test_every_paragraph_is_printed(pdfs, examples, key):
    printed = " ".join(" ".join(pdf_pages(pdfs[key])).split())
    for p in all_paragraphs(docx.Document(str(examples[key]))):
        words = p.text.split()
        if words:  # each paragraph's first and last words, as printed
            assert words[0] in printed and words[-1] in printed, p.text


def test_fonts_are_the_times_new_roman_substitute(pdfs):
    out = subprocess.run(
        ["pdffonts", str(pdfs["001"])], check=True, capture_output=True, text=True
    ).stdout
    fonts = {line.split()[0].split("+")[-1] for line in out.splitlines()[2:]}
    assert fonts and all(f.startswith(("LiberationSerif", "TimesNewRoman")) for f in fonts), fonts


def test_missing_libreoffice_is_a_clear_message(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    out = tmp_path / "out"
    assert main(["render", str(EXAMPLES[0]), "-o", str(out), "--pdf"]) == 1
    assert "LibreOffice was not found" in capsys.readouterr().err
    assert [p.suffix for p in out.iterdir()] == [".docx"]  # the .docx is still written


def test_bulk_pdf_one_profile_per_worker(pdfs, tmp_path):
    table = tmp_path / "w.csv"
    table.write_text("ward,kind\nAn Hưng,xã\nLê Chân,phường\nĐông Hải,phường\n", encoding="utf-8")
    base = EXAMPLES[2]  # its own ward is overridden by each row
    out = tmp_path / "out"
    assert main(["bulk", str(base), "--wards", str(table), "-o", str(out), "-j", "2", "--pdf"]) == 0
    made = sorted(p.name for p in out.glob("*.pdf"))
    assert made == [
        "CTr-an-hung-05-2025.pdf",
        "CTr-dong-hai-05-2025.pdf",
        "CTr-le-chan-05-2025.pdf",
    ]
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temporary left
