"""`vanban server`'s editor page in a real browser (Debian's Chromium, selenium): a clerk logs in
on the login form, opens her ward's plan from the page's list, edits its subject, saves, reloads
and finds the new revision; the page never shows a key path, an id or a file name. Skipped
without Chromium, except under VANBAN_REQUIRE_BROWSER (CI), where that fails instead."""

from __future__ import annotations

import os
import threading
import time

import pytest

from .server_support import CONFIG, PASSWORD, WARD_A, WARD_B, add_doc, make_db
from .test_serve_browser import (  # noqa: F401  (fixtures)
    By,
    _free_port,
    browser,
    field,
    preview_text,
    server,
    type_into,
    wait,
)
from .test_serve_clerk import NOT_HERS, page_words

SHOTS = os.environ.get("VANBAN_SCREENSHOTS")  # a folder to keep the page's picture in


@pytest.fixture(scope="module")
def city_server(tmp_path_factory):
    """The server's application on SQLite behind uvicorn on a real port, as `server run` runs it;
    a plan of each ward."""
    import uvicorn

    from generator.server.jobs import LocalJobs
    from generator.server.web import create_app

    db = make_db("sqlite", tmp_path_factory.mktemp("server"))
    mine = add_doc(db, WARD_A)
    other = add_doc(db, WARD_B, CONFIG.replace("Thực hiện Nghị quyết", "Phường bên cạnh", 1))
    port = _free_port()
    app = create_app(db, jobs=LocalJobs(warm=False))
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    while not srv.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", mine, other, db
    srv.should_exit = True
    thread.join(10)
    db.dispose()


def log_in(browser, url: str, login: str) -> None:
    """Log in on the login form, as a clerk does (a fresh session)."""
    browser.get(f"{url}/login")
    browser.delete_all_cookies()
    browser.get(f"{url}/login")
    browser.find_element(By.NAME, "login").send_keys(login)
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.TAG_NAME, "button").click()
    wait(browser, lambda d: d.current_url.rstrip("/") == url)


def test_a_clerk_edits_and_saves_a_plan_of_her_ward(city_server, browser):
    url, mine, other, db = city_server
    log_in(browser, url, "clerk_a")
    wait(browser, lambda d: f"/edit/{mine}" in d.page_source)
    browser.get(f"{url}/edit/new")
    choices = wait(
        browser,
        lambda d: d.find_elements(By.CSS_SELECTOR, "#open-file option[value]:not([value=''])"),
    )
    listed = [c.text for c in choices]
    assert len(listed) == 1 and listed[0].startswith("Kế hoạch – Thực hiện Nghị quyết"), listed
    assert not any("Phường bên cạnh" in t for t in listed)  # another ward's plan is not hers
    choices[0].click()
    wait(browser, lambda d: "KẾ HOẠCH" in preview_text(d))
    subject = "Tổ chức thực hiện công tác dân vận của chính quyền năm 2027"
    type_into(field(browser, "subject"), subject)
    wait(browser, lambda d: subject.upper()[:30] in preview_text(d).upper())
    browser.find_element(By.ID, "save").click()
    wait(browser, lambda d: d.find_element(By.ID, "status").text == "Đã lưu")
    with db.session() as session:
        from generator.server.db import Document

        assert session.get(Document, mine).head == 2
    browser.get(f"{url}/edit/{mine}")
    browser.refresh()
    wait(browser, lambda d: subject[:30] in d.find_element(By.ID, "title").text)
    wait(browser, lambda d: subject.upper()[:30] in preview_text(d).upper())
    words = page_words(browser)
    hidden = (*NOT_HERS, f"{mine}.yaml", f"{other}.yaml", "/edit/", "config.yaml")
    assert not any(w in words for w in hidden), [w for w in hidden if w in words]
    if SHOTS:
        browser.save_screenshot(os.path.join(SHOTS, "server-editor.png"))

    # "Lịch sử": revision 1, looked at (the preview shows its subject again)
    browser.find_element(By.ID, "history").click()
    entries = wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#history-list li"))
    assert len(entries) == 1 and "Bản lưu trước lúc" in entries[0].text
    entries[0].find_element(By.TAG_NAME, "button").click()
    wait(browser, lambda d: "THỰC HIỆN NGHỊ QUYẾT" in preview_text(d).upper())
    browser.find_element(By.CSS_SELECTOR, "#draft-offer button:last-child").click()  # "Đóng"

    # someone else saves meanwhile: her save is refused in her words, her text stays
    with db.session() as session:
        from sqlalchemy import select

        from generator.server.accounts import Account, readable_units
        from generator.server.db import User
        from generator.server.documents import revision, save

        user = session.scalar(select(User).where(User.login == "clerk_a2"))
        units = readable_units(session, user)
        other_clerk = Account(user.id, user.login, user.role, user.unit_id, units, "")
        text = revision(session, session.get(Document, mine)).config
        save(session, other_clerk, mine, text.replace("năm 2027", "năm 2028", 1), 2)
    mine_now = "Tổ chức thực hiện công tác dân vận của chính quyền năm 2029"
    type_into(field(browser, "subject"), mine_now)
    wait(browser, lambda d: "2029" in d.find_element(By.ID, "title").text)
    browser.find_element(By.ID, "save").click()
    told = wait(browser, lambda d: "Chưa lưu" in d.find_element(By.ID, "status").text)
    said = browser.find_element(By.ID, "status").text
    assert told and "clerk_a2" in said and f"{mine}" not in said, said
    assert "2029" in browser.find_element(By.ID, "title").text


def test_a_word_plan_uploaded_on_the_page_becomes_hers(city_server, browser, tmp_path):
    from generator.pipeline import model_of, write_document

    from .conftest import EXAMPLES

    url, _mine, _other, db = city_server
    plan = write_document(model_of(EXAMPLES[1]), tmp_path).path
    log_in(browser, url, "clerk_a")
    browser.get(f"{url}/edit/new")
    wait(browser, lambda d: d.execute_script("return typeof gallery !== 'undefined' && gallery[0]"))
    browser.find_element(By.ID, "upload").send_keys(str(plan))
    wait(browser, lambda d: "KẾ HOẠCH" in preview_text(d), 60)
    words = page_words(browser)
    assert plan.name not in words and ".yaml" not in words and "(chưa lưu)" not in words
    with db.session() as session:
        from sqlalchemy import select

        from generator.server.db import Document, Unit

        units = session.execute(
            select(Unit.name).join(Document, Document.unit_id == Unit.id).where(
                Document.source_sha.is_not(None))
        ).scalars().all()  # fmt: skip
    assert units == [WARD_A]
