"""The examples open in LibreOffice and print as a clerk expects: the page number hidden on
page 1 and "2" at the top of page 2, Times New Roman's metric twin embedded, nothing lost.

Needs LibreOffice and poppler-utils (.ci/run installs them); without them the tests are skipped
on a developer's machine and fail in CI."""

from __future__ import annotations

import os
import shutil
import subprocess

import docx
import pytest

from .conftest import all_paragraphs

TOOLS = ("soffice", "pdftotext", "pdfinfo", "pdffonts")


@pytest.fixture(scope="module")
def pdfs(examples, tmp_path_factory):
    missing = [t for t in TOOLS if not shutil.which(t)]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI must install {missing} (see .ci/run)")
        pytest.skip(f"not installed: {missing}")
    out = tmp_path_factory.mktemp("pdf")
    profile = tmp_path_factory.mktemp("lo-profile")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), *map(str, examples.values())],
                   check=True, capture_output=True, timeout=300)
    return {key: out / (path.stem + ".pdf") for key, path in examples.items()}


def pdf_pages(path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    return text.split("\f")[:-1]


@pytest.mark.parametrize("key, low, high", [("000", 3, 6), ("001", 9, 15), ("002", 3, 6)])
def test_page_count_is_sane(pdfs, key, low, high):
    info = subprocess.run(["pdfinfo", str(pdfs[key])], check=True, capture_output=True,
                          text=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages")))
    assert low <= pages <= high


@pytest.mark.parametrize("key", ["000", "001", "002"])
def test_page_numbers(pdfs, key):
    pages = pdf_pages(pdfs[key])
    first = [line.strip() for line in pages[0].splitlines() if line.strip()]
    assert first[0].startswith("ỦY BAN NHÂN DÂN")  # no number above the header block
    second = [line.strip() for line in pages[1].splitlines() if line.strip()]
    assert second[0] == "2"


@pytest.mark.parametrize("key", ["000", "001", "002"])
def test_every_paragraph_is_printed(pdfs, examples, key):
    printed = " ".join(" ".join(pdf_pages(pdfs[key])).split())
    for p in all_paragraphs(docx.Document(str(examples[key]))):
        words = p.text.split()
        if words:  # each paragraph's first and last words, as printed
            assert words[0] in printed and words[-1] in printed, p.text


def test_fonts_are_the_times_new_roman_substitute(pdfs):
    out = subprocess.run(["pdffonts", str(pdfs["001"])], check=True, capture_output=True,
                         text=True).stdout
    fonts = {line.split()[0].split("+")[-1] for line in out.splitlines()[2:]}
    assert fonts and all(f.startswith(("LiberationSerif", "TimesNewRoman")) for f in fonts), fonts
