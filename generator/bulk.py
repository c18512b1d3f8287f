"""Bulk generation: one base config, many wards, parallel workers.

Each worker prepares the template once (render.prepare is cached per process) and then, for each
ward, merges the ward's layer over the base, validates, builds and writes one document. A ward
that fails is reported and never stops the others.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import multiprocessing as mp
import os
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import ConfigError, Problem, VanbanError
from .i18n import _
from .layers import Ward, merge, read_wards
from .load import Source, load
from .model import build
from .render import output_name, render_bytes, slug, write_file
from .validate import validate

MANIFEST = "manifest.csv"


@dataclass(frozen=True)
class Outcome:
    """What became of one ward."""

    index: int
    ward: str
    province: str | None
    file: str | None = None
    sha256: str | None = None
    tasks: int = 0
    config_sha256: str = ""
    problems: tuple[Problem, ...] = ()
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.file is not None


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # wards that could not be read
    manifest: Path | None = None

    @property
    def written(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.ok]

    @property
    def failures(self) -> list[str]:
        """One line per problem: ward, file:line, key path, message."""
        lines = [str(p) for p in self.problems]
        for o in self.outcomes:
            lines += [f"{o.ward}: {p}" for p in o.problems]
            if o.error:
                lines.append(f"{o.ward}: {o.error}")
        return lines


def stems(wards: list[Ward]) -> list[str]:
    """A unique, file-name-safe stem per ward: its name, then its province, then a counter."""
    base = [slug(w.label) for w in wards]
    count = Counter(base)
    used: set[str] = set()
    out = []
    for ward, stem in zip(wards, base, strict=True):
        if count[stem] > 1 and ward.province:
            stem = f"{stem}-{slug(ward.province)}"
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


_base: Source | None = None
_out_dir: Path | None = None


def _init(base: Source, out_dir: Path) -> None:
    global _base, _out_dir
    _base, _out_dir = base, out_dir


def _one(job: tuple[int, Ward, str]) -> Outcome:
    index, ward, stem = job
    assert _base is not None and _out_dir is not None
    src = merge(_base, ward.source)
    done = Outcome(index, ward.label, ward.province, config_sha256=config_hash(src.data))
    try:
        model = build(validate(src))
        data = render_bytes(model)
        target = write_file(_out_dir / output_name(model, stem), data)
    except ConfigError as exc:
        return replace(done, problems=tuple(exc.problems))
    except VanbanError as exc:
        return replace(done, error=str(exc))
    except Exception as exc:  # a bug must not stop the other wards
        return replace(done, error=_("internal error: {detail}").format(detail=repr(exc)))
    return replace(done, file=target.name, sha256=hashlib.sha256(data).hexdigest(),
                   tasks=model.task_count)


def _outcomes(jobs: list[tuple[int, Ward, str]], base: Source, out_dir: Path,
              workers: int) -> Iterator[Outcome]:
    if workers <= 1 or len(jobs) <= 1:
        _init(base, out_dir)
        yield from map(_one, jobs)
        return
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    chunk = max(1, min(32, len(jobs) // (workers * 8)))
    with mp.get_context(method).Pool(workers, _init, (base, out_dir)) as pool:
        yield from pool.imap_unordered(_one, jobs, chunksize=chunk)


def _progress(outcomes: Iterable[Outcome], total: int, show: bool) -> Iterator[Outcome]:
    if not show:
        yield from outcomes
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[failed]}"), TimeElapsedColumn(), TimeRemainingColumn())
    with Progress(*columns, transient=False) as bar:
        task = bar.add_task(_("documents"), total=total, failed="")
        failed = 0
        for outcome in outcomes:
            failed += not outcome.ok
            bar.update(task, advance=1, failed=_("{n} failed").format(n=failed) if failed else "")
            yield outcome


def write_manifest(report: Report, out_dir: Path) -> Path:
    """manifest.csv: every document written, with its ward, sha256, task count and the hash of
    the merged config it came from."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["ward", "province", "file", "sha256", "tasks", "config_sha256"])
    for o in report.written:
        writer.writerow([o.ward, o.province or "", o.file, o.sha256, o.tasks, o.config_sha256])
    return write_file(out_dir / MANIFEST, buffer.getvalue().encode("utf-8-sig"))


def run(base_path: Path, ward_paths: list[Path], out_dir: Path, workers: int | None = None,
        progress: bool | None = None) -> Report:
    """Render the base config for every ward; problems of single wards are in the report."""
    base = load(base_path)  # a broken base stops the run: every ward would fail the same way
    wards, problems = read_wards(ward_paths)
    jobs = [(i, w, s) for i, (w, s) in enumerate(zip(wards, stems(wards), strict=True))]
    out_dir.mkdir(parents=True, exist_ok=True)
    workers = workers or os.cpu_count() or 1
    show = sys.stderr.isatty() if progress is None else progress
    report = Report(problems=problems)
    report.outcomes = sorted(_progress(_outcomes(jobs, base, out_dir, workers), len(jobs), show),
                             key=lambda o: o.index)
    report.manifest = write_manifest(report, out_dir)
    return report
