"""Bulk generation: one base config, many wards, parallel workers.

The worker processes start before any ward is read, and the wards are read as a stream, so
memory does not grow with their number. Each worker prepares the template once (render.prepare
is cached per process); then, for each ward, it merges the ward's layer over the base, validates,
builds and writes one document. A ward that fails is reported and never stops the others.
"""

from __future__ import annotations

import csv
import hashlib
import json
import multiprocessing as mp
import os
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .config.layers import Ward, iter_wards, merge
from .config.load import Source, load
from .config.validate import validate
from .errors import ConfigError, Problem, VanbanError
from .files import atomic_open, output_folder, output_name, slug
from .i18n import _
from .pipeline import model_of, write_document
from .progress import progress_bar

MANIFEST = "manifest.csv"
MANIFEST_COLUMNS = ["ward", "province", "file", "sha256", "tasks", "config_sha256"]


@dataclass(frozen=True)
class Outcome:
    """What became of one ward."""

    ward: str
    province: str | None
    file: str | None = None
    sha256: str | None = None
    tasks: int = 0
    config_sha256: str = ""
    problems: tuple[Problem, ...] = ()
    error: str | None = None
    warning: str | None = None  # written all the same

    @property
    def ok(self) -> bool:
        return self.file is not None


@dataclass
class Report:
    written: int = 0
    failed: int = 0  # wards without a document
    failures: list[str] = field(default_factory=list)  # ward: file:line: key.path: message
    warnings: list[str] = field(default_factory=list)  # the same, for what is still written
    manifest: Path | None = None


def stems(names: list[tuple[str, str | None]]) -> list[str]:
    """A unique, file-name-safe stem per (ward, province): the ward's name; for a name that
    several wards share, with the province; then with a counter."""
    base = [slug(label) for label, _province in names]
    count = Counter(base)
    used: set[str] = set()
    out = []
    for (_label, province), stem in zip(names, base, strict=True):
        if count[stem] > 1 and province:
            stem = f"{stem}-{slug(province)}"
        candidate, n = stem, 2
        while candidate in used:
            candidate, n = f"{stem}-{n}", n + 1
        used.add(candidate)
        out.append(candidate)
    return out


def config_hash(data: object) -> str:
    try:
        text = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    except TypeError:  # keys of mixed types
        text = repr(data)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Make:
    """What each ward gets: its plan; or its tracking workbook; or its report for ``period``
    from its workbook in ``sheets``, found by the plan's file name (KH-….xlsx)."""

    what: str = "plan"  # plan | track | report
    period: str | None = None
    sheets: Path | None = None


_base: Source | None = None
_out_dir: Path | None = None
_make = Make()


def _init(base: Source, out_dir: Path, make: Make) -> None:
    global _base, _out_dir, _make
    _base, _out_dir, _make = base, out_dir, make


def _write(src: Source, stem: str, done: Outcome) -> Outcome:
    """Write what ``_make`` asks for one ward."""
    assert _out_dir is not None
    if _make.what == "plan":
        model = model_of(src)
        written = write_document(model, _out_dir, stem)
        return replace(done, file=written.path.name, sha256=written.sha256, tasks=model.task_count)
    from .tasks.report import write_report
    from .tasks.track_update import track
    from .write.model import build

    config = validate(src)
    plan = build(config)
    sheet_name = Path(output_name(plan, stem)).with_suffix(".xlsx").name
    if _make.what == "track":
        path = _out_dir / sheet_name  # a workbook already there is updated: its typing stays
        sheet = track(plan, path, path if path.is_file() else None)
        return replace(done, file=sheet.path.name, sha256=sheet.sha256, tasks=len(plan.tasks))
    sheet = (_make.sheets or _out_dir) / sheet_name
    warning = None
    if not sheet.is_file():
        warning = _("No tracking workbook {path}: the report has “…” where results go").format(
            path=sheet)  # fmt: skip
    assert _make.period is not None
    report = write_report(config, plan, _make.period, _out_dir, sheet if warning is None else None,
                          stem)  # fmt: skip
    return replace(done, file=report.docx.name, sha256=report.sha256,
                   tasks=len(plan.tasks), warning=warning)  # fmt: skip


def _one(job: tuple[Ward, str]) -> Outcome:
    ward, stem = job
    assert _base is not None and _out_dir is not None
    src = merge(_base, ward.source)
    done = Outcome(ward.label, ward.province, config_sha256=config_hash(src.data))
    try:
        return _write(src, stem, done)
    except ConfigError as exc:
        return replace(done, problems=tuple(exc.problems))
    except VanbanError as exc:
        return replace(done, error=str(exc))
    except Exception as exc:  # a bug must not stop the other wards
        return replace(done, error=_("Internal error: {detail}").format(detail=repr(exc)))


def _pool(workers: int, base: Source, out_dir: Path, make: Make) -> Any:
    """The worker processes (none for one worker: the jobs then run here)."""
    _init(base, out_dir, make)
    if workers <= 1:
        return None
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    return mp.get_context(method).Pool(workers, _init, (base, out_dir, make))


def _progress(outcomes: Iterable[Outcome], total: int, show: bool) -> Iterator[Outcome]:
    """``outcomes`` unchanged, with a progress bar on a terminal."""
    if not show:
        yield from outcomes
        return
    with progress_bar("{task.fields[failed]}") as bar:
        task = bar.add_task(_("documents"), total=total, failed="")
        failed = 0
        for outcome in outcomes:
            failed += not outcome.ok
            bar.update(task, advance=1, failed=_("{n} failed").format(n=failed) if failed else "")
            yield outcome


def run(
    base_path: Path,
    ward_paths: list[Path],
    out_dir: Path,
    workers: int | None = None,
    progress: bool | None = None,
    make: Make | None = None,
) -> Report:
    """Render the base config for every ward (or, by ``make``, its tracking workbook or its
    report); write the files and ``manifest.csv`` (every file with its ward, sha256, task count
    and the hash of the config it came from)."""
    base = load(base_path)  # a broken base stops the run: every ward would fail the same way
    with output_folder(out_dir):
        return _run(base, ward_paths, out_dir, workers, progress, make or Make())


def _run(
    base: Source, ward_paths: list[Path], out_dir: Path, workers: int | None,
    progress: bool | None, make: Make,
) -> Report:  # fmt: skip
    report = Report(warnings=[str(w) for w in base.warnings])
    pool = _pool(workers or os.cpu_count() or 1, base, out_dir, make)
    try:
        # a light first pass: the names, for output file names that are unique across the run
        names = [(w.label, w.province) for w in iter_wards(ward_paths) if isinstance(w, Ward)]

        def jobs() -> Iterator[tuple[Ward, str]]:
            wards = iter_wards(ward_paths)
            first: dict[tuple[str, str | None], tuple[str, int | None]] = {}
            for stem in stems(names):
                ward = next(wards)
                while not isinstance(ward, Ward):  # a ward that cannot be read
                    report.failed += 1
                    report.failures.append(str(ward))
                    ward = next(wards)
                report.warnings += [f"{ward.label}: {w}" for w in ward.source.warnings]
                key, where = (ward.label, ward.province), ward.source.origin_of(())
                if key in first:
                    report.failed += 1
                    problem = Problem(*where, "ward", _(
                        "Listed twice: the first, at {file}:{line}, is the one written"
                    ).format(file=first[key][0], line=first[key][1]))  # fmt: skip
                    report.failures.append(f"{ward.label}: {problem}")
                    continue
                first[key] = where
                yield ward, stem
            for problem in wards:  # problems after the last ward
                report.failed += 1
                report.failures.append(str(problem))

        outcomes = pool.imap(_one, jobs(), chunksize=8) if pool else map(_one, jobs())
        show = sys.stderr.isatty() if progress is None else progress
        report.manifest = out_dir / MANIFEST
        with atomic_open(report.manifest, "w", encoding="utf-8-sig", newline="") as f:
            manifest = csv.writer(f, lineterminator="\n")
            manifest.writerow(MANIFEST_COLUMNS)
            for o in _progress(outcomes, len(names), show):
                if o.warning:
                    report.warnings.append(f"{o.ward}: {o.warning}")
                if o.ok:
                    report.written += 1
                    manifest.writerow(
                        [o.ward, o.province or "", o.file, o.sha256, o.tasks, o.config_sha256]
                    )
                else:
                    report.failed += 1
                    report.failures += [f"{o.ward}: {p}" for p in o.problems]
                    if o.error:
                        report.failures.append(f"{o.ward}: {o.error}")
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    return report
