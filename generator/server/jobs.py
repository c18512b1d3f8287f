"""Work off the request: prints (and bulk runs) go to a job queue served by a pool of warm
LibreOffice workers (:class:`generator.office.OfficePool`). On SQLite the queue is an
in-process pool of threads; on PostgreSQL it lives in the database (Procrastinate, see
:mod:`queue_pg`), so a print survives a restart of the web process and any server may run it."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol

from ..office import OfficePool
from .db import Database


class Jobs(Protocol):
    async def start(self) -> None: ...
    async def stop(self) -> None: ...
    async def pdf(self, docx: bytes) -> bytes: ...


class LocalJobs:
    """The in-process queue: one thread per LibreOffice of the pool; more requests wait."""

    def __init__(self, pool: OfficePool | None = None, warm: bool = True) -> None:
        self.pool = pool or OfficePool()
        self.warm = warm
        self._executor: ThreadPoolExecutor | None = None

    async def start(self) -> None:
        self._executor = ThreadPoolExecutor(self.pool.size, thread_name_prefix="vanban-print")
        if self.warm:  # LibreOffice starts while the first pages load
            self._executor.submit(self.pool.start)

    async def pdf(self, docx: bytes) -> bytes:
        if self._executor is None:
            await self.start()
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self.pool.pdf, docx)

    async def stop(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
        await asyncio.get_running_loop().run_in_executor(None, self.pool.close)


def jobs_for(db: Database, **kw: Any) -> Jobs:
    """The queue that suits the database."""
    if db.postgres:
        try:
            from .queue_pg import PostgresJobs
        except ImportError:  # Procrastinate not installed: the in-process queue still prints
            return LocalJobs(**kw)
        return PostgresJobs(db, **kw)
    return LocalJobs(**kw)
