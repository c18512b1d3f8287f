"""The job queue on PostgreSQL: Procrastinate keeps the jobs in the database, so a print is
not lost when a web process restarts, and any server process may run it. The .docx goes into
the blobs (by hash), a job names it, a worker in the server's process prints it through the
pool of warm LibreOffices and stores the PDF; the request waits for that row. A job whose
LibreOffice failed is retried by Procrastinate; the same .docx is printed once."""

from __future__ import annotations

import asyncio
import contextlib

from sqlalchemy import select, text

from ..errors import VanbanError
from ..i18n import _
from ..office import OfficePool
from .db import Blob, Database, Print
from .documents import store_blob

QUEUE, TASK = "vanban-print", "vanban.print"
WAIT_SECONDS, POLL_SECONDS = 300.0, 0.05


def conninfo(db: Database) -> str:
    return db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


def install_queue(db: Database) -> None:
    """Procrastinate's tables, once (they have no Alembic migration of their own)."""
    try:
        import psycopg
        from procrastinate.schema import SchemaManager
    except ImportError:
        return
    with db.engine.connect() as conn:
        if conn.execute(text("SELECT to_regclass('procrastinate_jobs')")).scalar():
            return
    schema = SchemaManager.get_schema()
    with psycopg.connect(conninfo(db), autocommit=True) as conn:
        conn.execute(schema)


class PostgresJobs:
    """Prints through Procrastinate; the worker runs in this process, beside the server."""

    def __init__(self, db: Database, pool: OfficePool | None = None, warm: bool = True) -> None:
        import procrastinate

        self.db, self.pool, self.warm = db, pool or OfficePool(), warm
        self.app = procrastinate.App(
            connector=procrastinate.PsycopgConnector(conninfo=conninfo(db))
        )
        retry = procrastinate.RetryStrategy(max_attempts=3, retry_exceptions={VanbanError})
        self.task = self.app.task(name=TASK, queue=QUEUE, retry=retry)(self._print)
        self._worker: asyncio.Task | None = None
        self._opened = False

    async def start(self) -> None:
        await self.app.open_async()
        self._opened = True
        if self.warm:
            asyncio.get_running_loop().run_in_executor(None, self.pool.start)
        self._worker = asyncio.create_task(
            self.app.run_worker_async(
                queues=[QUEUE],
                concurrency=self.pool.size,
                install_signal_handlers=False,
                listen_notify=True,
                delete_jobs="successful",
            )
        )

    async def _print(self, docx_sha: str) -> None:
        """The job: the PDF of the stored .docx, stored; an error is retried, then kept."""
        loop = asyncio.get_running_loop()
        docx = await loop.run_in_executor(None, self._blob, docx_sha)
        try:
            pdf = await loop.run_in_executor(None, self.pool.pdf, docx)
        except VanbanError as exc:
            await loop.run_in_executor(None, self._store, docx_sha, None, str(exc))
            raise
        await loop.run_in_executor(None, self._store, docx_sha, pdf, None)

    def _blob(self, sha: str) -> bytes:
        with self.db.session() as session:
            blob = session.get(Blob, sha)
            return blob.data if blob else b""

    def _store(self, docx_sha: str, pdf: bytes | None, error: str | None) -> None:
        with self.db.session() as session:
            row = session.get(Print, docx_sha) or Print(docx_sha=docx_sha)
            row.pdf_sha = store_blob(session, pdf) if pdf is not None else None
            row.error = error
            session.merge(row)

    def _submit(self, docx: bytes) -> str:
        with self.db.session() as session:
            sha = store_blob(session, docx)
            done = session.get(Print, sha)
            if done is not None and done.pdf_sha is None:
                session.delete(done)  # an earlier failure: try again
            return sha

    def _result(self, sha: str) -> tuple[bytes | None, str | None] | None:
        with self.db.session() as session:
            row = session.get(Print, sha)
            if row is None:
                return None
            if row.pdf_sha is None:
                return None, row.error
            return session.scalar(select(Blob.data).where(Blob.sha256 == row.pdf_sha)), None

    async def pdf(self, docx: bytes) -> bytes:
        loop = asyncio.get_running_loop()
        sha = await loop.run_in_executor(None, self._submit, docx)
        if await loop.run_in_executor(None, self._result, sha) is None:
            await self.task.defer_async(docx_sha=sha)
        waited = 0.0
        while waited < WAIT_SECONDS:
            result = await loop.run_in_executor(None, self._result, sha)
            if result is not None and (result[0] is not None or self._failed_for_good(sha)):
                if result[0] is None:
                    raise VanbanError(
                        _("LibreOffice could not print the document: {detail}").format(
                            detail=result[1]
                        )
                    )
                return result[0]
            await asyncio.sleep(POLL_SECONDS)
            waited += POLL_SECONDS
        raise VanbanError(_("LibreOffice did not finish in time"))

    def _failed_for_good(self, sha: str) -> bool:
        """Whether the job of ``sha`` ran out of attempts (its last error stands)."""
        with self.db.engine.connect() as conn:
            status = conn.execute(
                text(
                    "SELECT status FROM procrastinate_jobs WHERE args->>'docx_sha' = :s "
                    "ORDER BY id DESC LIMIT 1"
                ),
                {"s": sha},
            ).scalar()
        return status == "failed"

    async def stop(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._worker
        if self._opened:
            await self.app.close_async()
        await asyncio.get_running_loop().run_in_executor(None, self.pool.close)
