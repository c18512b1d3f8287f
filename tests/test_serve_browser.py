"""`vanban serve` in a real browser: Debian's Chromium driven by selenium. Without Chromium the
test is skipped with that reason; CI installs it and sets VANBAN_REQUIRE_BROWSER=1, so there a
missing browser fails instead."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import docx
import pytest

pytest.importorskip("starlette", reason="the web stack is not installed: pip install '.[serve]'")
import uvicorn

from generator.serve.app import Editor, create_app

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
if not (CHROMIUM and DRIVER):
    if os.environ.get("VANBAN_REQUIRE_BROWSER"):
        raise RuntimeError("Chromium and chromedriver are required here (VANBAN_REQUIRE_BROWSER)")
    pytest.skip("Chromium or chromedriver not installed (apt-get install chromium "
                "chromium-driver)", allow_module_level=True)  # fmt: skip

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

EXAMPLE_001 = (
    Path(__file__).resolve().parents[1] / "configs/examples/001-viet-hoa-ke-hoach-dan-van.yaml"
)


def printed_pages(config: Path, tmp_path: Path) -> int:
    """The pages LibreOffice prints of ``config``."""
    from generator.pdf import convert
    from generator.pipeline import model_of, write_document

    docx_path = write_document(model_of(config), tmp_path).path
    assert convert([docx_path]) == []
    info = subprocess.run(["pdfinfo", str(docx_path.with_suffix(".pdf"))], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    return int(re.search(r"Pages:\s+(\d+)", info)[1])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("serve")
    editor = Editor(root=root.resolve())  # messages in Vietnamese, the default
    app = create_app(editor, ["127.0.0.1", "localhost"], warm=False)
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    while not srv.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/", root
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser(server, tmp_path_factory):
    downloads = tmp_path_factory.mktemp("downloads")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1600,1000", "--disable-background-networking", "--no-first-run",
                "--disable-component-update", "--disable-sync",
                f"--user-data-dir={tmp_path_factory.mktemp('chrome')}"):  # fmt: skip
        options.add_argument(arg)
    # a reload with unsaved work asks first (beforeunload): the test answers "leave"
    options.set_capability("unhandledPromptBehavior", "accept")
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})  # fmt: skip
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.downloads = downloads
    yield driver
    driver.quit()


def open_example(driver, url: str, name: str, shown: str) -> None:
    """Load the page, open the example ``name`` as it is (as a new document) and wait until the
    preview shows ``shown``."""
    driver.get(url)
    wait(driver, lambda d: d.execute_script("return typeof gallery !== 'undefined' && gallery[0]"))
    driver.execute_script("post('/api/open', {example: arguments[0]}).then(open)", name)
    wait(driver, lambda d: shown in preview_text(d))


def wait(driver, condition, timeout=30):
    return WebDriverWait(driver, timeout).until(lambda d: condition(d))


def preview_text(driver) -> str:
    return driver.find_element(By.ID, "pages").text


def field(driver, path: str):
    return driver.find_element(By.CSS_SELECTOR, f'#form [data-path="{path}"]')


def erase(element) -> None:
    """Empty a field with the keyboard, as a clerk does (so the page hears it)."""
    element.send_keys(Keys.CONTROL, "a")
    element.send_keys(Keys.DELETE)


def type_into(element, text: str) -> None:
    erase(element)
    element.send_keys(text)


def paste(element, text: str) -> None:
    """Replace the field's text at once, as a paste does (typing a whole config key by key
    takes the browser seconds, and its timing varies)."""
    element.parent.execute_script(
        "arguments[0].focus(); arguments[0].value = arguments[1];"
        "arguments[0].dispatchEvent(new InputEvent('input', {bubbles: true,"
        " inputType: 'insertFromPaste'}));", element, text)  # fmt: skip


def test_edit_an_example_in_the_browser(server, browser):
    url, _root = server
    open_example(browser, url, "000-nhi-chieu-ke-hoach-dan-van.yaml", "PHƯỜNG NHỊ CHIỂU")
    sheets = browser.find_elements(By.CSS_SELECTOR, "#pages .sheet")
    assert len(sheets) >= 3  # A4 sheets, the header block on the first
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in sheets[0].text
    assert "Số: 164/KH-UBND" in sheets[0].text

    # the ward's name: the preview follows
    type_into(field(browser, "ward.name"), "Hồng Bàng")
    wait(browser, lambda d: "PHƯỜNG HỒNG BÀNG" in preview_text(d))
    assert "PHƯỜNG NHỊ CHIỂU" not in preview_text(browser)

    # a task added under section II: a child of its first khoản
    node = field(browser, "body[1].children[0]")
    before = len(
        browser.find_elements(
            By.CSS_SELECTOR, '[data-path^="body[1].children[0].children["][data-path$=".text"]'
        )
    )
    node.find_element(By.CSS_SELECTOR, ":scope > .node-head button[data-action=child]").click()
    new = f"body[1].children[0].children[{before}]"
    type_into(wait(browser, lambda d: field(d, f"{new}.text")), "Tổ chức ngày hội dân vận khéo.")
    field(browser, new).find_element(By.TAG_NAME, "summary").click()  # who, how and when
    field(browser, f"{new}.lead").send_keys("Phòng Văn hóa - Xã hội")
    wait(browser, lambda d: "d) Tổ chức ngày hội dân vận khéo." in preview_text(d))
    wait(browser, lambda d: "- Cơ quan chủ trì: Phòng Văn hóa - Xã hội." in preview_text(d))
    # the YAML text follows, once the typing stops
    yaml_text = lambda d: d.find_element(By.ID, "yaml").get_attribute("value")  # noqa: E731
    wait(browser, lambda d: "Tổ chức ngày hội dân vận khéo." in yaml_text(d))

    # an emptied required field: its message beside it, in Vietnamese
    erase(field(browser, "signer.name"))
    problem = wait(
        browser, lambda d: d.find_element(By.CSS_SELECTOR, '.problem[data-for="signer.name"]')
    )
    assert problem.text == "bắt buộc"
    assert "lỗi cần sửa" in browser.find_element(By.ID, "status").text
    field(browser, "signer.name").send_keys("Lãnh Duy Tiến")
    wait(browser, lambda d: not d.find_elements(By.CSS_SELECTOR, ".problem"))

    # the .docx downloads and opens
    browser.find_element(By.ID, "download-docx").click()
    target = browser.downloads / "KH-hong-bang-164-2026.docx"
    wait(browser, lambda d: target.is_file() and target.stat().st_size > 0, 60)
    document = docx.Document(str(target))
    texts = [p.text for p in document.paragraphs]
    assert "d) Tổ chức ngày hội dân vận khéo." in texts
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert any("PHƯỜNG HỒNG BÀNG" in c for c in cells)


def test_the_outline_indents_outdents_and_moves(server, browser):
    url, _root = server
    open_example(
        browser,
        url,
        "000-nhi-chieu-ke-hoach-dan-van.yaml",
        "c) Tổ chức thông tin, tuyên truyền sâu rộng",
    )

    def click(path: str, words: str) -> None:
        buttons = field(browser, path).find_elements(By.CSS_SELECTOR, ":scope > .node-head button")
        next(b for b in buttons if b.text == words).click()

    def label(path: str) -> str:
        return field(browser, path).find_element(By.CSS_SELECTOR, ".item-label").text

    assert label("body[1].children[0].children[1]") == "II.1.b)"  # as the sheets print it
    click("body[1].children[0].children[1]", "Thụt vào")  # b) becomes a point of a)
    wait(browser, lambda d: "b) Tổ chức thông tin, tuyên truyền sâu rộng" in preview_text(d))
    wait(browser, lambda d: label("body[1].children[0].children[0].children[0]") == "II.1.a)(1)")
    click("body[1].children[0].children[0].children[0]", "Lùi ra")  # and back
    wait(browser, lambda d: "c) Tổ chức thông tin, tuyên truyền sâu rộng" in preview_text(d))
    click("body[1].children[0].children[2]", "Lên")  # c) moves above b)
    wait(browser, lambda d: "b) Tổ chức thông tin, tuyên truyền sâu rộng" in preview_text(d))
    assert "c) Tổ chức quán triệt, triển khai cụ thể hóa" in preview_text(browser)
    # from the keyboard: the focus on b), Alt+↓ moves it below c)
    item = field(browser, "body[1].children[0].children[1]")
    browser.execute_script("arguments[0].focus()", item)
    item.send_keys(Keys.ALT, Keys.ARROW_DOWN)
    wait(browser, lambda d: "c) Tổ chức thông tin, tuyên truyền sâu rộng" in preview_text(d))
    assert browser.switch_to.active_element.get_attribute("data-path") == (
        "body[1].children[0].children[2]")  # fmt: skip
    browser.switch_to.active_element.send_keys(Keys.ARROW_UP)  # ↑: the item above
    assert browser.switch_to.active_element.get_attribute("data-path") == (
        "body[1].children[0].children[1]")  # fmt: skip
    browser.switch_to.active_element.send_keys(Keys.ARROW_DOWN)
    click("body[1].children[0].children[2]", "Xóa")
    wait(browser, lambda d: "Tổ chức thông tin, tuyên truyền sâu rộng" not in preview_text(d))


def test_the_yaml_tab_is_kept_in_step_with_the_form(server, browser):
    url, root = server
    open_example(browser, url, "000-nhi-chieu-ke-hoach-dan-van.yaml", "PHƯỜNG NHỊ CHIỂU")
    browser.find_element(By.CSS_SELECTOR, "#advanced summary").click()  # under "Nâng cao"
    area = browser.find_element(By.ID, "yaml")
    wait(browser, lambda d: area.get_attribute("value"))
    text = area.get_attribute("value")
    assert text.startswith("# KẾ HOẠCH số 164/KH-UBND")  # the example's comments are kept
    paste(area, text.replace("number: 164", "number: 165"))
    wait(browser, lambda d: "Số: 165/KH-UBND" in preview_text(d))
    browser.find_element(By.CSS_SELECTOR, "#advanced summary").click()
    assert field(browser, "number").get_attribute("value") == "165"
    # saved into the folder served, named after its title, with its comments
    before = set(root.glob("*.yaml"))
    browser.find_element(By.ID, "save").click()
    wait(browser, lambda d: set(root.glob("*.yaml")) - before)
    (saved,) = set(root.glob("*.yaml")) - before
    assert saved.name.startswith("ke-hoach-thuc-hien-nghi-quyet-")
    assert saved.name.endswith("2026.yaml")
    assert "number: 165" in saved.read_text(encoding="utf-8")
    assert saved.read_text(encoding="utf-8").startswith("# KẾ HOẠCH số 164/KH-UBND")


def test_screenshot_for_the_readme(server, browser, tmp_path):
    """The README's picture of the page (written to docs/ when VANBAN_SCREENSHOT is set)."""
    url, _root = server
    open_example(browser, url, "001-viet-hoa-ke-hoach-dan-van.yaml", "PHƯỜNG VIỆT HOÀ")
    # as many sheets as LibreOffice prints (give or take one: lines break a little apart)
    sheets = len(browser.find_elements(By.CSS_SELECTOR, "#pages .sheet"))
    assert len(browser.find_elements(By.CSS_SELECTOR, "#pages .sheet.landscape")) >= 3
    if shutil.which("soffice") and shutil.which("pdfinfo"):
        assert abs(sheets - printed_pages(EXAMPLE_001, tmp_path)) <= 1
    # the outline in the form, and the second sheet, where the tasks start
    browser.execute_script(
        "document.querySelector('[data-path=\"body[1]\"]').scrollIntoView();"
        "document.querySelectorAll('#pages .sheet')[1].scrollIntoView();"
    )
    out = Path(os.environ.get("VANBAN_SCREENSHOT") or tmp_path / "serve.png")
    assert browser.save_screenshot(str(out)) and out.stat().st_size > 10_000
