"""Checking many files: a verdict for every file, whatever happens in one of them.

In one process each file's check is wrapped (:func:`report.check_file`). With ``-j N`` the files
go to worker processes one by one; a worker that dies on a file (out of memory, a crash in a
library) breaks the pool, and the files it left without a verdict are checked again, each in a
fresh worker of its own, so that only the file that kills a worker gets the error.
"""

from __future__ import annotations

import multiprocessing as mp
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from ..i18n import _
from .report import check_file, checker_failed, unreadable

Report = dict[str, Any]


def check_files(paths: list[Path], jobs: int = 1) -> list[Report]:
    """The report of every file of ``paths``, in order, checked by ``jobs`` processes."""
    workers = min(max(jobs, 1), len(paths))
    if workers <= 1:
        return [check_file(p) for p in paths]
    import docx  # noqa: F401 - imported once here, not in every worker after the fork

    reports: dict[int, Report] = {}
    _run(paths, list(range(len(paths))), workers, reports)
    for i in range(len(paths)):  # a worker died: each file it left, alone in a fresh worker
        if i not in reports:
            _run(paths, [i], 1, reports)
        if i not in reports:
            message = _("the checker stopped while reading this file (it ran out of memory or "
                        "crashed)")  # fmt: skip
            reports[i] = unreadable(paths[i], checker_failed(paths[i], message))
    return [reports[i] for i in range(len(paths))]


def _context() -> Any:
    return mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")


def _run(paths: list[Path], indexes: list[int], workers: int, reports: dict[int, Report]) -> None:
    """Check ``paths[i]`` for each of ``indexes`` into ``reports``; a file whose worker died is
    left out."""
    try:
        with ProcessPoolExecutor(workers, mp_context=_context()) as pool:
            futures: list[tuple[int, Future]] = [
                (i, pool.submit(check_file, paths[i])) for i in indexes]  # fmt: skip
            for i, future in futures:
                _collect(paths[i], i, future, reports)
    except BrokenProcessPool:
        pass


def _collect(path: Path, i: int, future: Future, reports: dict[int, Report]) -> None:
    try:
        reports[i] = future.result()
    except BrokenProcessPool:
        pass  # checked again alone
    except Exception as exc:  # the report could not come back (pickling …): this file's error
        reports[i] = unreadable(path, checker_failed(path, exc))
