"""The editor's preview is the print: in headless Chromium, the sheets that pages.js cuts from
the preview's HTML hold the document's whole text, in order (a paragraph longer than a sheet
included), and there are as many as LibreOffice prints (or one more or fewer)."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import socket
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
import yaml

pytest.importorskip("starlette", reason="the web stack is not installed: pip install '.[serve]'")
import uvicorn

from generator.cli import main
from generator.config.load import load_text
from generator.pipeline import model_of, write_document
from generator.serve.app import Editor, create_app
from generator.serve.session import preview

from .conftest import EXAMPLES, ROOT, needs_shared

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
if not (CHROMIUM and DRIVER and shutil.which("soffice") and shutil.which("pdfinfo")):
    if os.environ.get("VANBAN_REQUIRE_BROWSER"):
        raise RuntimeError("Chromium, chromedriver and LibreOffice are required here")
    pytest.skip("Chromium, chromedriver, LibreOffice or poppler not installed",
                allow_module_level=True)  # fmt: skip

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402

_spec = importlib.util.spec_from_file_location("bench_serve", ROOT / "bench" / "serve.py")
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)
REALDOCS = ROOT.parent / "shared" / "realdocs"

# The sheets as the page lays them out, with their text: the page numbers and the header rows
# a table repeats on each sheet are left out, as they are not the document's text once more.
PAGINATE = """
const target = document.getElementById("pages");
target.hidden = false;
const staging = document.createElement("div");
staging.innerHTML = arguments[0];
const texts = (root) => {  // its text nodes, a space between them (cells, paragraphs)
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const out = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) out.push(n.data);
  return out.join(" ");
};
const prose = (root) => {  // the text outside tables, in order
  const copy = root.cloneNode(true);
  copy.querySelectorAll("table.grid").forEach((e) => e.remove());
  return texts(copy);
};
const flows = [...staging.querySelectorAll("section.flow")];
const count = paginate(arguments[0], target);
const sheets = [...target.querySelectorAll(".sheet")].map((sheet) => {
  const copy = sheet.cloneNode(true);
  copy.querySelectorAll(".folio, tr.repeated").forEach((e) => e.remove());
  return copy;
});
return [count, flows.map(texts).join(" "), sheets.map(texts), flows.map(prose).join(" "),
        sheets.map(prose).join(" ")];
"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    editor = Editor(root=tmp_path_factory.mktemp("serve").resolve())
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(editor, ["127.0.0.1"], warm=False)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1600,1000", "--no-first-run", "--disable-sync",
                f"--user-data-dir={tmp_path_factory.mktemp('chrome')}"):  # fmt: skip
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.get(f"http://127.0.0.1:{port}/")
    yield driver
    driver.quit()
    server.should_exit = True
    thread.join(10)


def printed(text: str, tmp_path: Path) -> tuple[int, str]:
    """The pages LibreOffice prints of the config ``text``, and their text."""
    from generator.pdf import convert

    path = write_document(model_of(load_text(text, str(tmp_path / "x.yaml"))), tmp_path).path
    assert convert([path]) == []
    pdf = path.with_suffix(".pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    words = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout  # fmt: skip
    return int(re.search(r"Pages:\s+(\d+)", info.stdout)[1]), words


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def assert_preview_is_the_print(browser, text: str, tmp_path: Path) -> int:
    html = preview(text, "x.yaml")["html"]
    assert html
    count, flow, sheets, flow_prose, sheets_prose = browser.execute_script(PAGINATE, html)
    # no word lost or doubled; the text outside tables in the document's order (a table row
    # split between sheets gives each cell's first lines, then their rest)
    assert Counter(" ".join(sheets).split()) == Counter(flow.split())
    assert squeeze(sheets_prose) == squeeze(flow_prose)
    assert all(squeeze(s) for s in sheets), "an empty sheet"
    pages, pdf_text = printed(text, tmp_path)
    assert abs(count - pages) <= 1, (count, pages)
    # LibreOffice prints the same words (hyphenation and the page numbers aside)
    words = set(re.findall(r"\w{6,}", flow)) - set(re.findall(r"\w{6,}", pdf_text))
    assert not words, sorted(words)[:10]
    return count


@pytest.mark.parametrize("example", [e for e in EXAMPLES if e.name[:3] in ("001", "005")],
                         ids=lambda e: e.name[:3])  # fmt: skip
def test_the_examples_preview_as_they_print(browser, tmp_path, example):
    assert_preview_is_the_print(browser, example.read_text(encoding="utf-8"), tmp_path)


def test_a_paragraph_longer_than_two_sheets_goes_on_over_them(browser, tmp_path):
    text = bench.long_plan(copies=0, sentences=110)  # about four pages in one paragraph
    count = assert_preview_is_the_print(browser, text, tmp_path)
    html = preview(text, "x.yaml")["html"]
    browser.execute_script(PAGINATE, html)
    parts = browser.execute_script(
        "return [...document.querySelectorAll('#pages p')]"
        ".filter((p) => p.textContent.includes('kiến nghị chính đáng')).length"
    )
    assert parts >= 4 and count >= 15


def test_a_thirty_page_plan_previews_as_it_prints(browser, tmp_path):
    count = assert_preview_is_the_print(browser, bench.long_plan(), tmp_path)
    assert count >= 29


@needs_shared
def test_an_imported_real_plan_previews_as_it_prints(browser, tmp_path):
    config = tmp_path / "kh.yaml"
    assert main(["import", str(REALDOCS / "kh-kiem-tra-cchc-2026-lam-dong.docx"),
                 "-o", str(config)]) == 0  # fmt: skip
    assert_preview_is_the_print(browser, config.read_text(encoding="utf-8"), tmp_path)


def test_an_edit_recuts_the_sheets_as_a_fresh_cut_would(browser, tmp_path):
    """The page re-cuts only from the sheet an edit changes, and keeps the sheets after it once
    they start the same: the result is the sheets a cut from scratch gives."""
    data = yaml.safe_load(bench.long_plan())
    task = data["body"][2]["children"][0]["children"][0]
    htmls = [preview(yaml.safe_dump(data, allow_unicode=True), "x.yaml")["html"]]
    for text in ("Quán triệt ngắn.", "Quán triệt dài hơn: " + "nội dung thêm, " * 40, "Khác."):
        task["text"] = text
        htmls.append(preview(yaml.safe_dump(data, allow_unicode=True), "x.yaml")["html"])
    del data["body"][3]
    htmls.append(preview(yaml.safe_dump(data, allow_unicode=True), "x.yaml")["html"])
    sheets = """
    const texts = (root) => [...root.querySelectorAll(".sheet")].map((s) => s.textContent);
    const target = document.getElementById("pages");
    target.hidden = false;
    const out = [];
    for (const html of arguments[0]) {
      const n = paginate(html, target);
      const fresh = document.createElement("div");
      target.parentNode.appendChild(fresh);
      fresh.className = target.className;
      fresh.style.zoom = getComputedStyle(target).zoom;
      paginate(html, fresh);
      out.push([n, texts(target), texts(fresh)]);
      fresh.remove();
    }
    return out;
    """
    for count, again, fresh in browser.execute_script(sheets, htmls):
        assert count == len(fresh) and again == fresh
