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
    import gc

    import docx  # noqa: F401 - imported once here, not in every worker after the fork

    reports: dict[int, Report] = {}
    gc.freeze()  # the workers' collector leaves what they inherit alone (no copy-on-write)
    try:
        _run(paths, list(range(len(paths))), workers, reports)
        for i in range(len(paths)):  # a worker died: each file it left, alone in a new worker
            if i not in reports:
                _run(paths, [i], 1, reports)
    finally:
        gc.unfreeze()
    for i in range(len(paths)):
        if i not in reports:
            message = _("The checker stopped while reading this file (it ran out of memory or "
                        "crashed)")  # fmt: skip
            reports[i] = unreadable(paths[i], checker_failed(paths[i], message))
    return [reports[i] for i in range(len(paths))]


def _context() -> Any:
    return mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")


def _run(paths: list[Path], indexes: list[int], workers: int, reports: dict[int, Report]) -> None:
    """Check ``paths[i]`` for each of ``indexes`` into ``reports``, a few files per task; the
    files of a task whose worker died are left out."""
    size = max(1, min(8, len(indexes) // (workers * 4)))
    chunks = [indexes[i : i + size] for i in range(0, len(indexes), size)]
    try:
        with ProcessPoolExecutor(workers, mp_context=_context()) as pool:
            futures = [(chunk, pool.submit(_check_chunk, [paths[i] for i in chunk]))
                       for chunk in chunks]  # fmt: skip
            for chunk, future in futures:
                _collect(paths, chunk, future, reports)
    except BrokenProcessPool:
        pass


def _check_chunk(paths: list[Path]) -> list[Report]:
    return [check_file(p) for p in paths]


def _collect(paths: list[Path], chunk: list[int], future: Future, reports: dict[int, Report]):
    try:
        for i, report in zip(chunk, future.result(), strict=True):
            reports[i] = report
    except BrokenProcessPool:
        pass  # checked again alone
    except Exception as exc:  # the reports could not come back (pickling …): their error
        for i in chunk:
            reports[i] = unreadable(paths[i], checker_failed(paths[i], exc))
