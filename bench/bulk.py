"""National bulk run: the plan of configs/haiphong-2026/base.yaml (seed 001's size, with its
DANH MỤC table) for all 3,321 communes and wards of ../shared/data/units-2025.csv.

    python bench/bulk.py [-j 2] [--naive 300]

Prints, from one run:
- vanban bulk: documents per second over all units with -j workers;
- a naive baseline on the same documents: stock docxtpl, a fresh DocxTemplate(path) loaded,
  rendered and saved per document, one process (on the first --naive units: it is slow);
- their ratio;
- peak RSS of the bulk run (main process and workers) after 300 and after all documents, to show
  that memory does not grow with the number of documents.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

UNITS = ROOT.parent / "shared" / "data" / "units-2025.csv"
BASE = ROOT / "configs" / "haiphong-2026" / "base.yaml"


def write_table(path: Path, limit: int | None) -> int:
    with UNITS.open(encoding="utf-8") as f:
        units = list(csv.DictReader(f))[:limit]
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["ward", "kind", "province"])
        for u in units:
            writer.writerow([u["name"], u["kind_guess"], u["province"]])
    return len(units)


def peak_rss_mb() -> tuple[float, float]:
    """Peak resident memory (MB) of this process and of its largest finished child."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def child(limit: int | None, workers: int) -> None:
    """One bulk run in this (fresh) process; prints its figures as JSON."""
    from generator.bulk import run

    with tempfile.TemporaryDirectory() as tmp:
        table = Path(tmp) / "units.csv"
        count = write_table(table, limit)
        start = time.perf_counter()
        report = run(BASE, [table], Path(tmp) / "out", workers=workers, progress=False)
        seconds = time.perf_counter() - start
    own, workers_rss = peak_rss_mb()
    print(
        json.dumps(
            {
                "units": count,
                "written": report.written,
                "failures": report.failed,
                "seconds": seconds,
                "rss_main": own,
                "rss_worker": workers_rss,
            }
        )
    )


def naive(limit: int) -> dict:
    """Stock docxtpl per document: load the template, render, save."""
    from docxtpl import DocxTemplate

    from generator.bulk import stems
    from generator.config.layers import Ward, iter_wards, merge
    from generator.config.load import load
    from generator.files import output_name
    from generator.pipeline import model_of
    from generator.write.render import _JINJA, _context, prepare

    with tempfile.TemporaryDirectory() as tmp:
        table = Path(tmp) / "units.csv"
        write_table(table, limit)
        base = load(BASE)
        wards = [w for w in iter_wards([table]) if isinstance(w, Ward)]
        out = Path(tmp) / "out"
        out.mkdir()
        start = time.perf_counter()
        for ward, stem in zip(wards, stems([(w.label, w.province) for w in wards]), strict=True):
            model = model_of(merge(base, ward.source))
            context, _last = _context(model, prepare(model.template))
            tpl = DocxTemplate(str(model.template))
            tpl.render(context, _JINJA)
            tpl.save(out / output_name(model, stem))
        seconds = time.perf_counter() - start
    return {"units": len(wards), "seconds": seconds}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--naive", type=int, default=300, help="units for the naive baseline")
    parser.add_argument("--child", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child(args.child or None, args.jobs)
        return

    def bulk(limit: int) -> dict:
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(limit), "-j", str(args.jobs)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        return json.loads(out.splitlines()[-1])

    small = bulk(300)
    full = bulk(0)
    base = naive(args.naive)
    ours = full["written"] / full["seconds"]
    theirs = base["units"] / base["seconds"]
    print(f"units: {full['units']}, written: {full['written']}, failures: {full['failures']}")
    print(f"vanban bulk -j {args.jobs}: {full['seconds']:.1f} s, {ours:.0f} documents/s")
    print(f"naive docxtpl (1 process, {base['units']} units): {theirs:.1f} documents/s")
    print(f"ratio: {ours / theirs:.1f}x")
    print(
        f"peak RSS after {small['written']} documents: main {small['rss_main']:.0f} MB, "
        f"worker {small['rss_worker']:.0f} MB"
    )
    print(
        f"peak RSS after {full['written']} documents: main {full['rss_main']:.0f} MB, "
        f"worker {full['rss_worker']:.0f} MB"
    )


if __name__ == "__main__":
    main()
