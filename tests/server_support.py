"""What the server's tests share: a database (SQLite, and PostgreSQL when VANBAN_TEST_DB_URL
names one, as .ci/run does under pg_virtualenv) with two wards of one city and a user of every
role, and a test client logged in as one of them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest.importorskip(
    "sqlalchemy", reason="the server extra is not installed: pip install '.[server]'"
)
pytest.importorskip("starlette", reason="the web stack is not installed")
from sqlalchemy import create_engine, text
from starlette.testclient import TestClient

from generator.server import accounts, documents
from generator.server.db import Database
from generator.server.jobs import LocalJobs
from generator.server.migrate import migrate
from generator.server.units import find_unit, load_units
from generator.server.web import create_app

from .conftest import EXAMPLES

# the tests log in hundreds of times: a cheap Argon2 (the server keeps the library's default)
accounts.use_hasher(__import__("argon2").PasswordHasher(time_cost=1, memory_cost=1024))
PG_URL = os.environ.get("VANBAN_TEST_DB_URL")
DB_KINDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
PASSWORD = "mat-khau-dai-1"
WARD_A, WARD_B, CITY = "Nhị Chiểu", "Việt Hòa", "thành phố Hải Phòng"
USERS = {  # login: (unit, role)
    "clerk_a": (WARD_A, "clerk"),
    "clerk_a2": (WARD_A, "clerk"),
    "leader_a": (WARD_A, "leader"),
    "clerk_b": (WARD_B, "clerk"),
    "city": (CITY, "city"),
    "admin": (CITY, "admin"),
}
CONFIG = next(p for p in EXAMPLES if p.name.startswith("000")).read_text(encoding="utf-8")
ORIGIN = "http://testserver"


def reset_postgres(url: str) -> None:
    """An empty public schema (each test starts from no tables)."""
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()


def ward_table(folder: Path) -> Path:
    table = folder / "wards.csv"
    table.write_text(
        f"ward,kind,province\n{WARD_A},phường,{CITY}\n{WARD_B},phường,{CITY}\n", encoding="utf-8"
    )
    return table


def make_db(kind: str, folder: Path) -> Database:
    if kind == "postgresql":
        reset_postgres(PG_URL or "")
        db = Database(PG_URL or "")
    else:
        db = Database(f"sqlite:///{folder / 'vanban.db'}")
    migrate(db)
    with db.session() as session:
        load_units(session, ward_table(folder))
        for login, (unit, role) in USERS.items():
            accounts.add_user(session, login, PASSWORD, find_unit(session, unit), role)
    return db


@pytest.fixture(params=DB_KINDS)
def db(request, tmp_path):
    database = make_db(request.param, tmp_path)
    yield database
    database.dispose()


def add_doc(db: Database, unit: str, text: str = CONFIG) -> int:
    with db.session() as session:
        return documents.add_document(session, find_unit(session, unit), text).id


@pytest.fixture
def app(db):
    return create_app(db, frozenset({"testclient"}), jobs=LocalJobs(warm=False))


def client_for(app, login: str | None, password: str = PASSWORD, **kw) -> TestClient:
    """A client logged in as ``login`` that sends the CSRF header and the page's origin."""
    client = TestClient(app, **kw)
    if login is None:
        return client
    answer = client.post("/login", data={"login": login, "password": password})
    assert answer.status_code == 200, answer.text
    client.headers["X-CSRF-Token"] = client.cookies["csrf"]
    client.headers["Origin"] = ORIGIN
    return client
