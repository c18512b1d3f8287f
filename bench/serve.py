"""Speed of ``vanban serve`` on the 12-page Hải Phòng plan (example 001, Việt Hoà):

- an edit (a task's text changed in the form), as the page sends it: the YAML merged with its
  comments kept, validated, modelled and laid out as HTML, over HTTP; median and 95th
  percentile of 50 edits;
- in Chromium, on a 30-page plan (``long_plan``: example 001's outline three times and a
  paragraph of four pages), an edit of a task's text timed with performance.now around the
  sheets' update: the request (the server's time and the transfer), the sheets cut again and
  painted (the next animation frame), and the two together (when Chromium and chromedriver
  are installed);
- "Bản in": the real pages through the warm LibreOffice (PDF and page images), median of 5.

    python bench/serve.py
"""

from __future__ import annotations

import copy
import json
import shutil
import socket
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import uvicorn
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.serve.app import Editor, create_app  # noqa: E402

EXAMPLE = "001-viet-hoa-ke-hoach-dan-van.yaml"
EDITS = 50
LONG = "ke-hoach-30-trang.yaml"  # the 30-page plan the Chromium figures are taken on
_SENTENCE = ("Tăng cường công tác dân vận chính quyền, nâng cao chất lượng phục vụ Nhân dân, "
             "giải quyết kịp thời các kiến nghị chính đáng của người dân và doanh nghiệp trên "
             "địa bàn phường; ")  # fmt: skip


def long_plan(copies: int = 2, sentences: int = 110) -> str:
    """Example 001 grown to about 30 pages: its outline ``copies`` more times, and a paragraph
    of ``sentences`` sentences (about four pages) as its second part."""
    data = yaml.safe_load((ROOT / "configs" / "examples" / EXAMPLE).read_text(encoding="utf-8"))
    body = data["body"]
    data["body"] = body + [copy.deepcopy(item) for _ in range(copies) for item in body[1:]]
    data["body"].insert(1, {"heading": "BỐI CẢNH", "text": [_SENTENCE * sentences + "xong."]})
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=2**30)


def start(editor: Editor) -> tuple[str, uvicorn.Server]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(editor), host="127.0.0.1", port=port,
                                           log_level="warning"))  # fmt: skip
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


def post(url: str, token: str, body: dict) -> dict:
    request = urllib.request.Request(url, json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json",
                                              "X-Vanban-Token": token})  # fmt: skip
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.loads(response.read())


def figures(name: str, ms: list[float]) -> None:
    ms = sorted(ms)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    print(f"{name}: median {statistics.median(ms):.0f} ms, 95th percentile {p95:.0f} ms "
          f"({len(ms)} edits)")  # fmt: skip


def http_edits(base: str, token: str) -> None:
    doc = post(f"{base}/api/open", token, {"example": EXAMPLE})
    text, data = doc["yaml"], doc["data"]
    task = data["body"][1]["children"][0]["children"][0]
    times = []
    for i in range(EDITS):
        task["text"] = f"Tổ chức quán triệt lần {i} về công tác dân vận chính quyền."
        start = time.perf_counter()
        answer = post(f"{base}/api/edit", token, {"yaml": text, "data": data, "path": EXAMPLE})
        times.append((time.perf_counter() - start) * 1000)
        assert answer["html"] and f"lần {i} " in answer["html"], answer["problems"]
    figures("edit → new preview (HTTP, server side)", times)
    merges = []
    for i in range(EDITS):  # what the page asks once the typing stops: the text, comments kept
        task["text"] = f"Tổ chức quán triệt lần {i} về công tác dân vận chính quyền."
        start = time.perf_counter()
        text = post(f"{base}/api/merge", token, {"yaml": text, "data": data})["yaml"]
        merges.append((time.perf_counter() - start) * 1000)
        assert f"lần {i} " in text and text.startswith("#")
    figures("form edit → YAML text with its comments (HTTP, after the typing pause)", merges)


# One edit as the page makes it after the typing pause, timed in Chromium: the request and its
# answer (the server's time and the transfer), then the sheets cut again and painted (the next
# animation frame).
EDIT_IN_PAGE = """
const [token, path, i, done] = arguments;
const doc = window.benchDoc;
doc.data.body[2].children[0].children[0].text =
  `Tổ chức quán triệt lần ${i} về công tác dân vận chính quyền.`;
const t0 = performance.now();
fetch("/api/edit", {method: "POST", body: JSON.stringify({path, data: doc.data}),
                    headers: {"Content-Type": "application/json", "X-Vanban-Token": token}})
  .then((r) => r.json()).then((answer) => {
    const t1 = performance.now();
    const sheets = paginate(answer.html, document.getElementById("pages"));
    requestAnimationFrame(() => {
      const t2 = performance.now();
      done([t1 - t0, t2 - t1, t2 - t0, sheets]);
    });
  });
"""


def browser_edits(base: str, token: str, root: Path) -> None:
    """50 edits of a task's text of the 30-page plan, timed in Chromium around the sheets'
    update: the request (server and transfer), the sheets cut and painted, and the sum."""
    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver_path):
        print("edit → sheets on screen (Chromium): skipped, Chromium not installed")
        return
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    (root / LONG).write_text(long_plan(), encoding="utf-8")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1600,1000",
                "--disable-background-networking", "--no-first-run", "--disable-sync"):  # fmt: skip
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_script_timeout(60)
    try:
        driver.get(base + "/")
        driver.execute_async_script(
            "const [token, path, done] = arguments;"
            "fetch('/api/open', {method: 'POST', body: JSON.stringify({path}), headers: "
            "{'Content-Type': 'application/json', 'X-Vanban-Token': token}})"
            ".then((r) => r.json()).then((doc) => { window.benchDoc = doc;"
            "document.getElementById('pages').hidden = false;"
            "done(paginate(doc.html, document.getElementById('pages'))); });",
            token,
            LONG,
        )
        runs = [driver.execute_async_script(EDIT_IN_PAGE, token, LONG, i) for i in range(EDITS)]
        figures("edit → answer in Chromium (server, 30-page plan)", [r[0] for r in runs])
        figures("answer → sheets cut and painted (Chromium, 30 pages)", [r[1] for r in runs])
        figures("edit → sheets on screen (Chromium, 30-page plan, after the typing pause)",
                [r[2] for r in runs])  # fmt: skip
        print(f"  the preview has {runs[-1][3]} sheets")
    finally:
        driver.quit()


def prints(base: str, token: str, editor: Editor) -> None:
    if not shutil.which("soffice"):
        print("Bản in: skipped, LibreOffice not installed")
        return
    doc = post(f"{base}/api/open", token, {"example": EXAMPLE})
    editor.office.start()  # the server starts it with the page; waited for here
    times = []
    for _ in range(5):
        start = time.perf_counter()
        answer = post(f"{base}/api/print", token, {"yaml": doc["yaml"], "path": EXAMPLE})
        times.append(time.perf_counter() - start)
    print(f"Bản in (warm LibreOffice, PDF and {len(answer['pages'])} page images): median "
          f"{statistics.median(times):.2f} s, slowest {max(times):.2f} s")  # fmt: skip


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        editor = Editor(root=Path(tmp).resolve())
        base, server = start(editor)
        try:
            http_edits(base, editor.token)
            browser_edits(base, editor.token, Path(tmp).resolve())
            prints(base, editor.token, editor)
        finally:
            server.should_exit = True
            editor.office.close()


if __name__ == "__main__":
    main()
