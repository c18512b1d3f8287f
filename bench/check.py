"""Speed of ``vanban check``: the Hải Phòng bulk output (114 plans of 12 pages), checked with
``-j 1`` and ``-j 2``, in documents per second, against a bare python-docx open-and-walk of the
same files (open each, walk every paragraph and table cell and read its runs' text, in one
process, as the baseline); and the start-up time of ``vanban --version``.

    python bench/check.py
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VANBAN = [sys.executable, "-m", "generator"]
BASE = ROOT / "configs" / "haiphong-2026"
ROUNDS = 5  # the best of five runs of each
# The baseline: what any reader of the files has to do at least, with python-docx's objects.
WALK = """
import sys, docx
for name in sys.argv[1:]:
    doc = docx.Document(name)
    for p in doc.paragraphs:
        _ = [r.text for r in p.runs]
    for t in doc.tables:
        for row in t.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    _ = [r.text for r in p.runs]
"""


def timed(args: list[str]) -> tuple[float, str, float]:
    """Wall seconds, standard output and CPU seconds (the command and its workers) of a run."""
    start, cpu = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(args, capture_output=True, text=True, cwd=ROOT).stdout
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds = used.ru_utime + used.ru_stime - cpu.ru_utime - cpu.ru_stime
    return time.perf_counter() - start, out, seconds


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([*VANBAN, "bulk", str(BASE / "base.yaml"), "--wards",
                        str(BASE / "wards.csv"), "-o", tmp], check=True, capture_output=True,
                       cwd=ROOT)  # fmt: skip
        files = sorted(str(p) for p in Path(tmp).glob("*.docx"))
        runs: dict[str, list[tuple[float, str, float]]] = {"walk": [], "1": [], "2": []}
        for _round in range(ROUNDS):  # interleaved, so a busy moment weighs on all alike
            runs["walk"].append(timed([sys.executable, "-c", WALK, *files]))
            for jobs in ("1", "2"):
                runs[jobs].append(timed([*VANBAN, "check", "--json", "-j", jobs, *files]))
        walk, _out, walk_cpu = min(runs["walk"])
        print(f"bare python-docx open-and-walk: {len(files)} documents in {walk:.2f} s, "
              f"{len(files) / walk:.0f} documents/s, {walk_cpu:.2f} s of CPU")  # fmt: skip
        for jobs in ("1", "2"):
            seconds, out, cpu = min(runs[jobs])
            errors = sum(r["errors"] for r in json.loads(out))
            print(f"vanban check -j {jobs}: {len(files)} documents in {seconds:.2f} s, "
                  f"{len(files) / seconds:.0f} documents/s ({errors} errors), "
                  f"{walk / seconds:.2f}× the bare walk; {cpu:.2f} s of CPU")  # fmt: skip
    starts = [timed([*VANBAN, "--version"])[0] for _ in range(7)]
    print(f"vanban --version: {statistics.median(starts) * 1000:.0f} ms (median of 7)")


if __name__ == "__main__":
    main()
