"""A pool of warm LibreOffice workers for many prints at once (``vanban server``'s jobs and
``vanban bulk --pdf``): about one per two cores, each with its own profile
(:class:`serve.printer.WarmOffice`), a timeout per document, and a fresh LibreOffice every few
dozen documents. A print whose LibreOffice dies or hangs is tried again on a fresh one."""

from __future__ import annotations

import contextlib
import os
import queue
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .errors import VanbanError
from .files import write_file
from .i18n import _
from .progress import progress_bar
from .serve.printer import WarmOffice

RECYCLE = 40  # documents a LibreOffice prints before it is replaced (its memory grows)
RETRIES = 2  # further tries of a print whose LibreOffice failed
TIMEOUT = 60.0  # seconds for one document


def default_size() -> int:
    """About one LibreOffice per two cores, at least one."""
    return max(1, (os.cpu_count() or 2) // 2)


class OfficePool:
    """``size`` warm LibreOffice workers; :meth:`pdf` borrows a free one."""

    def __init__(self, size: int | None = None, recycle: int = RECYCLE, retries: int = RETRIES,
                 timeout: float = TIMEOUT) -> None:  # fmt: skip
        self.size = size or default_size()
        self.recycle, self.retries, self.timeout = recycle, retries, timeout
        self._free: queue.Queue[int] = queue.Queue()
        self._offices = [WarmOffice(timeout) for _ in range(self.size)]
        self._used = [0] * self.size
        self._lock = threading.Lock()
        self.restarts = 0  # LibreOffices replaced after a failure (for tests and logs)
        self.on_borrow: Callable[[WarmOffice], None] | None = None  # a test's hook
        for i in range(self.size):
            self._free.put(i)

    def start(self) -> None:
        """Start every LibreOffice now, side by side, so the first prints are quick."""
        threads = [threading.Thread(target=o.start, daemon=True) for o in self._offices]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    def _fresh(self, i: int) -> None:
        with self._lock:
            old, self._offices[i] = self._offices[i], WarmOffice(self.timeout)
            self._used[i] = 0
        old.close()

    def pdf(self, docx: bytes) -> bytes:
        """The PDF of a .docx; a failed LibreOffice is replaced and the print tried again."""
        i = self._free.get()
        try:
            for attempt in range(self.retries + 1):
                office = self._offices[i]
                if self.on_borrow is not None:
                    self.on_borrow(office)
                try:
                    data = office.pdf(docx)
                except VanbanError:
                    self._fresh(i)
                    self.restarts += 1
                    if attempt == self.retries:
                        raise
                    continue
                self._used[i] += 1
                if self._used[i] >= self.recycle:
                    self._fresh(i)
                return data
            raise AssertionError("unreachable")  # pragma: no cover
        finally:
            self._free.put(i)

    def close(self) -> None:
        for office in self._offices:
            with contextlib.suppress(Exception):
                office.close()


def print_files(paths: list[Path], workers: int, show: bool | None = None) -> list[str]:
    """Write ``x.pdf`` beside each ``x.docx`` of ``paths`` with a pool of ``workers`` warm
    LibreOffices, a progress bar on a terminal; returns the problems. Without LibreOffice's
    ``uno`` module, the batches of :func:`pdf.convert` (a cold start per batch)."""
    from .pdf import convert, soffice
    from .serve.printer import uno_python

    if not paths:
        return []
    soffice()  # a clear message when LibreOffice is missing
    if os.name != "posix" or uno_python() is None:
        return convert(paths, workers)
    pool = OfficePool(size=max(1, min(workers, len(paths))))
    problems: list[str] = []

    def one(path: Path) -> str | None:
        try:
            write_file(path.with_suffix(".pdf"), pool.pdf(path.read_bytes()))
        except (VanbanError, OSError) as exc:
            return _("{path}: no PDF made: {detail}").format(path=path, detail=exc)
        return None

    show = sys.stderr.isatty() if show is None else show
    try:
        pool.start()
        with ThreadPoolExecutor(pool.size) as threads, _bar(len(paths), show) as advance:
            for problem in threads.map(one, paths):
                if problem:
                    problems.append(problem)
                advance()
    finally:
        pool.close()
    return problems


@contextlib.contextmanager
def _bar(total: int, show: bool) -> Iterator[Callable[[], None]]:
    """A progress bar for the PDF phase (rich, on stderr), or nothing."""
    if not show:
        yield lambda: None
        return
    with progress_bar() as bar:
        task = bar.add_task(_("PDF"), total=total)
        yield lambda: bar.update(task, advance=1)
