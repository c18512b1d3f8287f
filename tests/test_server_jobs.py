"""Printing off the request: the pool of warm LibreOffice workers tries a print again on a
fresh LibreOffice when its own is killed mid-job, replaces each after a few dozen documents,
and serves the editor's "Bản in" through the server's job queue."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess

import pytest

from generator.office import OfficePool
from generator.pipeline import model_of
from generator.write.render import render_bytes

from .conftest import EXAMPLES
from .server_support import CONFIG, PG_URL, app, client_for, db  # noqa: F401

pytestmark = pytest.mark.skipif(
    not shutil.which("soffice") or not shutil.which("pdftotext"),
    reason="LibreOffice or poppler-utils is not installed",
)
DOCX = render_bytes(model_of(EXAMPLES[0]))


def _text(pdf: bytes) -> str:
    done = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def test_a_print_is_tried_again_when_its_libreoffice_is_killed():
    pool = OfficePool(size=1, retries=2, timeout=30)
    killed = []

    def kill_first(office) -> None:
        office.start()  # running, warm
        if not killed and office._office is not None:
            os.killpg(office._office.pid, signal.SIGKILL)
            office._office.wait(10)
            killed.append(office._office.pid)

    pool.on_borrow = kill_first
    try:
        pdf = pool.pdf(DOCX)
    finally:
        pool.close()
    assert killed and pool.restarts == 1
    assert "KẾ HOẠCH" in _text(pdf)


def test_each_libreoffice_is_replaced_after_a_few_documents():
    pool = OfficePool(size=1, recycle=2, timeout=30)
    seen = []
    pool.on_borrow = seen.append
    try:
        texts = [_text(pool.pdf(DOCX)) for _ in range(3)]
    finally:
        pool.close()
    assert all("KẾ HOẠCH" in t for t in texts)
    assert seen[0] is seen[1] and seen[2] is not seen[1] and pool.restarts == 0


def test_the_editor_s_print_goes_through_the_queue(app):
    with client_for(app, "clerk_a") as clerk:
        clerk.headers["X-CSRF-Token"] = clerk.cookies["csrf"]
        answer = clerk.post("/api/print", json={"path": "1.yaml", "yaml": CONFIG})
        assert answer.status_code == 200, answer.text
        pages = answer.json()["pages"]
        assert len(pages) >= 2 and all(p.startswith("data:image/jpeg;base64,") for p in pages)


@pytest.mark.skipif(not PG_URL, reason="VANBAN_TEST_DB_URL names no PostgreSQL database")
def test_on_postgresql_a_print_job_is_retried_by_the_queue(tmp_path):
    """Procrastinate's job: its LibreOffice killed on the first attempt (the pool does not try
    again here), the queue runs the job again and the print arrives."""
    import asyncio

    from sqlalchemy import text

    from generator.server.queue_pg import PostgresJobs

    from .server_support import make_db

    db = make_db("postgresql", tmp_path)
    pool = OfficePool(size=1, retries=0, timeout=30)
    killed = []

    def kill_first(office) -> None:
        office.start()
        if not killed and office._office is not None:
            os.killpg(office._office.pid, signal.SIGKILL)
            office._office.wait(10)
            killed.append(True)

    pool.on_borrow = kill_first
    jobs = PostgresJobs(db, pool, warm=False)

    async def go() -> bytes:
        await jobs.start()
        try:
            return await asyncio.wait_for(jobs.pdf(DOCX), 240)
        finally:
            await jobs.stop()

    try:
        pdf = asyncio.run(go())
        assert killed and pool.restarts == 1 and "KẾ HOẠCH" in _text(pdf)
        with db.engine.connect() as conn:
            attempts = conn.execute(text("SELECT attempts FROM procrastinate_jobs")).all()
            printed = conn.execute(text("SELECT count(*) FROM prints WHERE pdf_sha IS NOT NULL"))
            assert printed.scalar() == 1
        assert attempts in ([], [(2,)])  # the job is deleted once it succeeded
    finally:
        db.dispose()


def test_the_pdf_of_a_revision_is_printed_once_and_kept(app, db):
    from sqlalchemy import select

    from generator.server.db import Output

    from .server_support import WARD_A, add_doc

    doc = add_doc(db, WARD_A)
    with client_for(app, "clerk_a") as clerk:
        first = clerk.get(f"/api/documents/{doc}/pdf")
        assert first.status_code == 200 and "KẾ HOẠCH" in _text(first.content)
        assert clerk.get(f"/api/documents/{doc}/pdf").content == first.content
        assert client_for(app, "clerk_b").get(f"/api/documents/{doc}/pdf").status_code == 404
    with db.session() as session:
        kinds = session.scalars(select(Output.kind).order_by(Output.kind)).all()
    assert kinds == ["docx", "pdf"]
