"""README's pictures of the city's pages, taken in headless Chromium from a real server:
the Hải Phòng base published to its 114 wards, tracking typed in for some, a revised base
that conflicts with one ward's edit. Writes docs/dashboard.png (the city's dashboard) and
docs/merge.png (the merge page as the ward's clerk sees it).

    python bench/pictures.py
"""

from __future__ import annotations

import random
import shutil
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BASE = ROOT / "configs" / "haiphong-2026" / "base.yaml"
WARDS = ROOT / "configs" / "haiphong-2026" / "wards.csv"
PASSWORD = "mat-khau-dai-1"


def populate(db) -> int:
    """Publish, type tracking for some wards, approve and issue some, make one conflict;
    return the conflicting ward's document."""
    from starlette.testclient import TestClient

    from generator.server import accounts
    from generator.server.base import publish_table
    from generator.server.jobs import LocalJobs
    from generator.server.units import find_unit
    from generator.server.web import create_app
    from generator.tasks.track import DONE, IN_PROGRESS

    with db.session() as session:
        publish_table(session, BASE, WARDS)
        city = find_unit(session, "thành phố Hải Phòng")
        accounts.add_user(session, "so-noi-vu", PASSWORD, city, "city")
        for login, ward, role in (("nhi-chieu", "Nhị Chiểu", "clerk"),
                                  ("ld-nhi-chieu", "Nhị Chiểu", "leader")):  # fmt: skip
            accounts.add_user(session, login, PASSWORD, find_unit(session, ward), role)
    app = create_app(db, frozenset({"testclient"}), jobs=LocalJobs(warm=False))
    rng = random.Random(27)
    with TestClient(app) as c:
        c.post("/login", data={"login": "so-noi-vu", "password": PASSWORD})
        docs = {d["unit"]: d["id"] for d in c.get("/api/documents").json()["documents"]}
    for ward in [*rng.sample(sorted(docs), 12), "Nhị Chiểu"]:
        with db.session() as session:
            unit = find_unit(session, ward)
            if ward != "Nhị Chiểu":
                accounts.add_user(session, f"u{unit.id}", PASSWORD, unit, "clerk")
        with TestClient(app) as c:
            login = "nhi-chieu" if ward == "Nhị Chiểu" else f"u{unit.id}"
            c.post("/login", data={"login": login, "password": PASSWORD})
            c.headers.update({"X-CSRF-Token": c.cookies["csrf"], "Origin": "http://testserver"})
            rows = c.get(f"/api/documents/{docs[ward]}/tracking").json()["rows"]
            changes = [{"key": r["key"], "progress": rng.choice([DONE, DONE, IN_PROGRESS, ""])}
                       for r in rows]  # fmt: skip
            c.put(f"/api/documents/{docs[ward]}/tracking", json={"rows": changes})
            if rng.random() < 0.5:
                c.post(f"/api/documents/{docs[ward]}/report", json={"period": "6 tháng"})
        if ward != "Nhị Chiểu" and rng.random() < 0.5:
            _issue(db, app, ward, docs[ward], rng)
    doc = docs["Nhị Chiểu"]
    with TestClient(app) as c:
        c.post("/login", data={"login": "nhi-chieu", "password": PASSWORD})
        c.headers.update({"X-CSRF-Token": c.cookies["csrf"], "Origin": "http://testserver"})
        got = c.get(f"/api/documents/{doc}").json()
        text = got["config"].replace(
            "timeline: Thường xuyên", "timeline: Tháng 6/2026  # phường: họp dân tháng 6", 1
        )
        text = text.replace("lead: Phòng Văn hóa - Xã hội, Ban Chỉ huy",
                            "lead: Văn phòng HĐND và UBND phường, Ban Chỉ huy", 1)  # fmt: skip
        c.put(f"/api/documents/{doc}", json={"config": text, "revision": got["revision"]})
    revised = BASE.read_text(encoding="utf-8").replace("timeline: Thường xuyên",
                                                       "timeline: Quý IV/2026", 1)  # fmt: skip
    revised = revised.replace("lead: Phòng Văn hóa - Xã hội, Ban Chỉ huy",
                              "lead: Phòng Nội vụ, Ban Chỉ huy", 1)  # fmt: skip
    assert yaml.safe_load(revised) != yaml.safe_load(BASE.read_text(encoding="utf-8"))
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False, encoding="utf-8") as f:
        f.write(revised)
    with db.session() as session:
        publish_table(session, Path(f.name), WARDS)
    Path(f.name).unlink()
    return doc


def _issue(db, app, ward: str, doc: int, rng: random.Random) -> None:
    """The ward's leader approves the plan; half of them say it was issued."""
    from starlette.testclient import TestClient

    from generator.server import accounts
    from generator.server.units import find_unit

    with db.session() as session:
        unit = find_unit(session, ward)
        accounts.add_user(session, f"ld{unit.id}", PASSWORD, unit, "leader")
    with TestClient(app) as c:
        c.post("/login", data={"login": f"ld{unit.id}", "password": PASSWORD})
        c.headers.update({"X-CSRF-Token": c.cookies["csrf"], "Origin": "http://testserver"})
        head = c.get(f"/api/documents/{doc}").json()["revision"]
        c.post(f"/api/documents/{doc}/approve", json={"revision": head})
        if rng.random() < 0.6:
            number = f"{rng.randint(10, 90)}/KH-UBND"
            c.post(f"/api/documents/{doc}/issued", json={"number": number, "date": "2026-03-02"})


def serve(db):
    import uvicorn

    from generator.server.jobs import LocalJobs
    from generator.server.web import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(db, jobs=LocalJobs(warm=False))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


def browser(profile: str):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or shutil.which("chromium-browser") or ""
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1000", "--no-first-run", f"--user-data-dir={profile}",
                "--lang=vi"):  # fmt: skip
        options.add_argument(arg)
    return webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)


def login(driver, url: str, who: str) -> None:
    from selenium.webdriver.common.by import By

    driver.delete_all_cookies()
    driver.get(url + "/login")
    driver.find_element(By.NAME, "login").send_keys(who)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    driver.find_element(By.TAG_NAME, "button").click()
    time.sleep(0.5)


def main() -> None:
    from argon2 import PasswordHasher

    from generator.server import accounts
    from generator.server.db import Database
    from generator.server.migrate import migrate

    accounts.use_hasher(PasswordHasher(time_cost=1, memory_cost=1024))
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{tmp}/vanban.db")
        migrate(db)
        doc = populate(db)
        server, url = serve(db)
        driver = browser(f"{tmp}/chrome")
        try:
            login(driver, url, "so-noi-vu")
            driver.get(url + "/dashboard?sort=late&order=desc")
            driver.set_window_size(1400, 1000)
            driver.save_screenshot(str(ROOT / "docs" / "dashboard.png"))
            login(driver, url, "nhi-chieu")
            driver.get(f"{url}/merge/{doc}")
            height = driver.execute_script("return document.body.scrollHeight")
            driver.set_window_size(1100, min(max(height + 40, 600), 1400))
            driver.save_screenshot(str(ROOT / "docs" / "merge.png"))
        finally:
            driver.quit()
            server.should_exit = True
            db.dispose()
    print("docs/dashboard.png, docs/merge.png")


if __name__ == "__main__":
    main()
