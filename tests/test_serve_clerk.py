"""A clerk's whole path through `vanban serve` in Chromium, as she works: a real Word plan
opened, its year, number, date and signer changed, tasks added, moved, deleted and the deletion
undone, a phrase made bold, the page reloaded and her draft taken back, the .docx and the PDF
downloaded: the .docx holds every change and no markup. And a new plan started from the
gallery, saved under its title. (Fixtures and helpers: test_serve_browser.py.)"""

from __future__ import annotations

import re
import shutil
import threading
import time
from pathlib import Path

import docx
import pytest

from .test_serve_browser import (
    CHROMIUM,  # noqa: F401  (the module is skipped without a browser)
    By,
    Keys,
    browser,  # noqa: F401  (a fixture)
    field,
    preview_text,
    server,  # noqa: F401  (a fixture)
    type_into,
    wait,
)

REALDOCS = Path(__file__).resolve().parents[2] / "shared" / "realdocs"
PLAN = REALDOCS / "kh-kiem-tra-cchc-2026-lam-dong.docx"
NOT_HERS = ("**", "Cấp 2", "+ con", ".yaml", "cong_van", "ke_hoach", "body[", "signer.")


@pytest.fixture
def served_plan(tmp_path):
    """The editor started on a Word plan, as `vanban serve plan.docx` does."""
    import uvicorn

    from generator.serve.app import Editor, create_app

    from .test_serve_browser import _free_port

    if not PLAN.is_file():
        pytest.skip(f"{PLAN} is not here")
    shutil.copy(PLAN, tmp_path / PLAN.name)
    editor = Editor(root=tmp_path.resolve(), start=(tmp_path / PLAN.name).resolve())
    port = _free_port()
    config = uvicorn.Config(create_app(editor, ["127.0.0.1"]), host="127.0.0.1", port=port,
                            log_level="warning")  # fmt: skip
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    while not srv.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/", tmp_path
    srv.should_exit = True
    thread.join(10)


def data(driver, path: str):
    return driver.execute_script("return get(arguments[0])", path)


def select_text(driver, box, phrase: str) -> None:
    """Select ``phrase`` inside a text box, as her mouse does."""
    assert driver.execute_script("""
        const [box, phrase] = arguments; box.focus();
        const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const at = n.nodeValue.indexOf(phrase);
          if (at < 0) continue;
          const range = document.createRange();
          range.setStart(n, at); range.setEnd(n, at + phrase.length);
          getSelection().removeAllRanges(); getSelection().addRange(range);
          return true;
        }
        return false;""", box, phrase)  # fmt: skip


def action(driver, path: str, words: str) -> None:
    buttons = field(driver, path).find_elements(By.CSS_SELECTOR, ":scope > .node-head button")
    next(b for b in buttons if b.text == words).click()


def downloaded(folder: Path, suffix: str, before: set[Path]) -> Path:
    def done(_d):
        new = [p for p in folder.glob(f"*{suffix}") if p not in before]
        return new[0] if new and new[0].stat().st_size > 0 else None

    return done


def page_words(driver) -> str:
    return driver.find_element(By.TAG_NAME, "body").text


def assert_docx_holds_every_change(driver, text: str, gone: str) -> None:
    """The downloaded .docx: the number, date, signer, the moved task, the undone deletion and
    the bold phrase, with no markup."""
    before = set(driver.downloads.iterdir())
    driver.find_element(By.ID, "download-docx").click()
    target = wait(driver, downloaded(driver.downloads, ".docx", before), 30)
    document = docx.Document(str(target))
    paragraphs = list(document.paragraphs)
    texts = [p.text for p in paragraphs]
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert f"d) {text}" in texts and any(t.startswith(f"b) {gone}") for t in texts)
    assert texts.index(f"d) {text}") < next(i for i, t in enumerate(texts) if t.startswith("đ) "))
    assert "Số: 45/KH-UBND" in cells and "ngày 15 tháng 01 năm 2027" in cells
    assert "Nguyễn Văn Bình" in cells + "\n".join(texts)
    assert not any("**" in t for t in texts) and "**" not in cells
    runs = next(p for p in paragraphs if p.text == f"d) {text}").runs
    assert [r.text for r in runs if r.bold] == ["ngày hội"]


def test_a_clerks_whole_path_on_a_real_word_plan(served_plan, browser):  # noqa: F811
    url, _root = served_plan
    browser.get(url)
    wait(browser, lambda d: "Kiểm tra công tác cải cách hành chính năm 2026" in preview_text(d), 60)
    assert not any(w in page_words(browser) for w in NOT_HERS), page_words(browser)

    # year, number, date, signer
    type_into(field(browser, "year"), "2027")
    type_into(field(browser, "number"), "45")
    type_into(field(browser, "date.day"), "15")
    type_into(field(browser, "date.month"), "1")
    type_into(field(browser, "date.year"), "2027")
    type_into(field(browser, "signer.name"), "Nguyễn Văn Bình")
    wait(browser, lambda d: "Số: 45/KH-UBND" in preview_text(d))
    wait(browser, lambda d: "Nguyễn Văn Bình" in preview_text(d))

    # a task added under "1. Mục đích", then moved up above d)
    goal = "body[0].children[0]"
    action(browser, goal, "Thêm mục con")
    new = f"{goal}.children[4]"
    text = "Tổ chức ngày hội cải cách hành chính của tỉnh."
    type_into(wait(browser, lambda d: field(d, f"{new}.text")), text)
    wait(browser, lambda d: f"đ) {text}" in preview_text(d))
    action(browser, new, "Lên")
    moved = f"{goal}.children[3]"
    wait(browser, lambda d: f"d) {text}" in preview_text(d))
    assert field(browser, moved).find_element(By.CSS_SELECTOR, ".item-label").text == "I.1.d)"

    # a task deleted, and the deletion undone (the button, then Ctrl+Z on a second one)
    gone = "Nhằm phát hiện những cách làm hay"
    action(browser, f"{goal}.children[1]", "Xóa")
    wait(browser, lambda d: gone not in preview_text(d))
    browser.find_element(By.ID, "undo").click()
    wait(browser, lambda d: gone in preview_text(d))
    action(browser, f"{goal}.children[1]", "Xóa")
    wait(browser, lambda d: gone not in preview_text(d))
    browser.find_element(By.ID, "form").send_keys(Keys.CONTROL, "z")
    wait(browser, lambda d: gone in preview_text(d))
    assert data(browser, f"{moved}.text") == text  # undo took back only the deletion

    # a phrase made bold: formatting on the page, emphasis in the config
    box = field(browser, f"{moved}.text")
    select_text(browser, box, "ngày hội")
    browser.find_element(By.ID, "format-bold").click()
    wait(browser, lambda d: data(d, f"{moved}.text") == text.replace("ngày hội", "**ngày hội**"))
    assert box.find_element(By.TAG_NAME, "b").text == "ngày hội"
    assert "**" not in box.text
    wait(browser, lambda d: d.find_elements(By.XPATH, "//div[@id='pages']//b[.='ngày hội']"))

    # the page reloaded: her draft is offered back, the Word plan is not imported over it
    assert browser.execute_script(
        "const e = new Event('beforeunload', {cancelable: true}); window.dispatchEvent(e);"
        "return e.defaultPrevented")  # fmt: skip
    time.sleep(0.5)  # the draft is kept a moment after the last keystroke
    browser.refresh()
    offer = wait(browser, lambda d: d.find_element(By.ID, "draft-offer"))
    wait(browser, lambda d: offer.is_displayed())
    assert "Khôi phục bản nháp chưa lưu?" in offer.text
    assert not browser.find_elements(By.CSS_SELECTOR, "#pages .sheet")
    browser.find_element(By.ID, "draft-restore").click()
    wait(browser, lambda d: f"d) {text}" in preview_text(d) and "Số: 45/KH-UBND" in preview_text(d))
    assert field(browser, "signer.name").get_attribute("value") == "Nguyễn Văn Bình"
    assert not any(w in page_words(browser) for w in NOT_HERS), page_words(browser)

    # the .docx: every change, no markup
    assert_docx_holds_every_change(browser, text, gone)

    # the PDF, through LibreOffice (the print route)
    if shutil.which("soffice"):
        before = set(browser.downloads.iterdir())
        browser.find_element(By.ID, "download-pdf").click()
        pdf = wait(browser, downloaded(browser.downloads, ".pdf", before), 120)
        assert pdf.read_bytes().startswith(b"%PDF")


def test_a_new_plan_from_the_gallery(server, browser):  # noqa: F811
    url, root = server
    browser.get(url)
    browser.find_element(By.ID, "new").click()
    dialog = wait(browser, lambda d: d.find_element(By.ID, "new-dialog"))
    wait(browser, lambda d: dialog.is_displayed())
    cards = dialog.find_elements(By.CSS_SELECTOR, "#gallery .card")
    words = " ".join(c.text for c in cards)
    assert "Kế hoạch" in words and "Phường Nhị Chiểu" in words and ".yaml" not in words
    next(c for c in cards if c.text.startswith("Kế hoạch trống")).click()
    browser.find_element(By.ID, "wizard-create").click()  # nothing filled in yet: told
    assert browser.find_element(By.ID, "wizard-problem").text == (
        "Tên phường, xã, Người ký – Họ và tên: bắt buộc")  # fmt: skip
    browser.find_element(By.ID, "wizard-subject").send_keys("Tuyên truyền pháp luật năm 2027")
    browser.find_element(By.ID, "wizard-ward").send_keys("Tân Lập")
    browser.find_element(By.ID, "wizard-signer").send_keys("Trần Thị Hoa")
    type_into(browser.find_element(By.ID, "wizard-year"), "2027")
    browser.find_element(By.ID, "wizard-draft").click()  # numbered and dated
    browser.find_element(By.ID, "wizard-number").send_keys("12")
    browser.execute_script("document.getElementById('wizard-date').value = '2027-01-05'")
    browser.find_element(By.ID, "wizard-create").click()
    wait(browser, lambda d: "PHƯỜNG TÂN LẬP" in preview_text(d))
    assert "Số: 12/KH-UBND" in preview_text(browser)
    assert "Tuyên truyền pháp luật năm 2027" in preview_text(browser)
    typed = "Tổ chức tuyên truyền tại các khu dân cư."
    type_into(field(browser, "body[1].children[0].text"), typed)
    wait(browser, lambda d: typed in preview_text(d))
    assert not any(w in page_words(browser) for w in NOT_HERS), page_words(browser)
    browser.find_element(By.ID, "save").click()
    saved = root / "ke-hoach-tuyen-truyen-phap-luat-2027.yaml"
    wait(browser, lambda d: saved.is_file())
    assert "Tổ chức tuyên truyền tại các khu dân cư." in saved.read_text(encoding="utf-8")
    wait(browser, lambda d: "chưa lưu" not in d.find_element(By.ID, "title").text)

    # a second save keeps the first in the history; restoring it is an edit she then saves
    type_into(field(browser, "signer.name"), "Lê Văn Nam")
    wait(browser, lambda d: "Lê Văn Nam" in preview_text(d))
    browser.find_element(By.ID, "save").click()
    wait(browser, lambda d: "Lê Văn Nam" in saved.read_text(encoding="utf-8"))
    browser.find_element(By.ID, "history").click()
    restore = wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "#history-list .restore"))
    assert "Bản lưu trước lúc" in browser.find_element(By.ID, "history-list").text
    restore.click()
    wait(browser, lambda d: "Trần Thị Hoa" in preview_text(d))
    assert field(browser, "signer.name").get_attribute("value") == "Trần Thị Hoa"
    assert "Lê Văn Nam" in saved.read_text(encoding="utf-8")  # not saved until she saves
    browser.find_element(By.ID, "save").click()
    wait(browser, lambda d: "Trần Thị Hoa" in saved.read_text(encoding="utf-8"))
    kept = list((root / ".vanban" / "lich-su" / saved.stem).glob("*.yaml"))
    assert len(kept) == 2 and not list(root.glob("output*"))


def test_problems_notes_help_and_paste_in_her_words(server, browser):  # noqa: F811
    from .test_serve_browser import erase, open_example

    url, _root = server
    open_example(browser, url, "000-nhi-chieu-ke-hoach-dan-van.yaml", "PHƯỜNG NHỊ CHIỂU")
    # a problem names the field as the form labels it and takes her to it
    erase(field(browser, "signer.name"))
    item = wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "#problems li"))
    assert item.text == "Người ký – Họ và tên: bắt buộc"
    item.click()
    assert browser.switch_to.active_element.get_attribute("data-path") == "signer.name"
    field(browser, "signer.name").send_keys("Lãnh Duy Tiến")
    wait(browser, lambda d: not d.find_elements(By.CSS_SELECTOR, "#problems li"))
    # a key missing as a whole is named by its part of the form
    browser.execute_script("beforeEdit(); set('signer', undefined); renderForm(); changed();")
    wait(browser, lambda d: [li.text for li in d.find_elements(By.CSS_SELECTOR, "#problems li")]
         == ["Người ký: bắt buộc"])  # fmt: skip
    browser.find_element(By.ID, "undo").click()
    wait(browser, lambda d: not d.find_elements(By.CSS_SELECTOR, "#problems li"))

    # a note sits next to the item its path points into, the path never shown
    typed = "body[1].children[0].children[0].text"
    notes = [{"path": typed, "message": "Năm 2025 gõ sẵn: xem lại"},
             "Xem lại phụ lục"]  # fmt: skip
    browser.execute_script("setNotes(arguments[0]); showNotes();", notes)
    note = field(browser, "body[1].children[0].children[0].text").find_element(
        By.XPATH, "following-sibling::div[@class='item-note']")  # fmt: skip
    assert note.text == "Năm 2025 gõ sẵn: xem lại"
    notes = [li.text for li in browser.find_elements(By.CSS_SELECTOR, "#notes li")]
    assert notes == ["Mục II.1.a) – Nội dung (mỗi dòng một đoạn): Năm 2025 gõ sẵn: xem lại",
                     "Xem lại phụ lục"]  # fmt: skip

    # "?" says what the field is and what the decree asks
    number = field(browser, "number").find_element(By.XPATH, "..")
    number.find_element(By.CSS_SELECTOR, "button.help").click()
    assert "Điều 15" in number.find_element(By.CSS_SELECTOR, ".help-text").text

    # a paste from Word or a web page keeps the words, bold and italic, nothing else
    box = field(browser, "body[1].children[0].children[0].text")
    erase(box)
    browser.execute_script("""
        const box = arguments[0]; box.focus();
        const data = new DataTransfer();
        data.setData('text/html', '<p style="color:red"><span style="font-weight:700">Đậm</span>'
          + ' và <em>nghiêng</em> <a href="x">liên kết</a><img src="x"></p><p>dòng hai *sao*</p>');
        data.setData('text/plain', 'Đậm và nghiêng liên kết');
        box.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true,
                                                       cancelable: true}));""", box)  # fmt: skip
    wait(browser, lambda d: data(d, "body[1].children[0].children[0].text")
         == ["**Đậm** và *nghiêng* liên kết", "dòng hai \\*sao\\*"])  # fmt: skip
    assert box.find_elements(By.TAG_NAME, "a") == [] and box.find_elements(By.TAG_NAME, "img") == []
    wait(browser, lambda d: "a) Đậm và nghiêng liên kết" in preview_text(d))
    assert "dòng hai *sao*" in preview_text(browser)


@pytest.mark.parametrize("width, height", [(1280, 800), (1366, 768)])
def test_the_page_fits_the_screen_and_the_bar_is_one_row(server, browser, width, height):  # noqa: F811
    from .test_serve_browser import open_example

    url, _root = server
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})  # fmt: skip
    try:
        open_example(browser, url, "001-viet-hoa-ke-hoach-dan-van.yaml", "PHƯỜNG VIỆT HOÀ")
        tops = browser.execute_script(
            "return [...document.querySelectorAll('header.bar > *')]"
            ".filter((e) => e.offsetParent).map((e) => e.getBoundingClientRect())"
            ".map((r) => [r.top, r.bottom, r.right])")  # fmt: skip
        assert max(t for t, _b, _r in tops) < min(b for _t, b, _r in tops)  # one row
        assert max(r for _t, _b, r in tops) <= width
        sizes = browser.execute_script(
            "const d = document.documentElement; return [d.scrollWidth, d.scrollHeight]"
        )
        assert sizes == [width, height]  # no scrolling of the page itself: the panes scroll
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_next_years_plan_from_the_page(server, browser):  # noqa: F811
    from .test_serve_browser import open_example

    url, _root = server
    open_example(browser, url, "000-nhi-chieu-ke-hoach-dan-van.yaml", "PHƯỜNG NHỊ CHIỂU")
    browser.find_element(By.ID, "rollover").click()
    year = wait(browser, lambda d: d.find_element(By.ID, "year-new"))
    wait(browser, lambda d: year.is_displayed())
    assert year.get_attribute("value") == "2027"
    browser.find_element(By.ID, "year-create").click()
    wait(browser, lambda d: "ngày" in preview_text(d) and "năm 2027" in preview_text(d))
    assert "chưa lưu" in browser.find_element(By.ID, "title").text
    notes = [li.text for li in browser.find_elements(By.CSS_SELECTOR, "#notes li")]
    assert not any(re.match(r"\d+:", n) or re.search(r"\b[a-z_]+(\[\d+\])?(\.\w+)*:", n)
                   for n in notes), notes  # fmt: skip
    assert not any(w in page_words(browser) for w in NOT_HERS), page_words(browser)
