"""Speed of ``vanban check``: the Hải Phòng bulk output (114 plans of 12 pages), checked with
``-j 1`` and ``-j 2``, in documents per second, against a bare python-docx open-and-walk of the
same files (open each, walk every paragraph and table cell and read its runs' text, in one
process, as the baseline); and the start-up time of ``vanban --version``.

    python bench/check.py
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VANBAN = [sys.executable, "-m", "generator"]
BASE = ROOT / "configs" / "haiphong-2026"
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


def timed(args: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    out = subprocess.run(args, capture_output=True, text=True, cwd=ROOT).stdout
    return time.perf_counter() - start, out


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([*VANBAN, "bulk", str(BASE / "base.yaml"), "--wards",
                        str(BASE / "wards.csv"), "-o", tmp], check=True, capture_output=True,
                       cwd=ROOT)  # fmt: skip
        files = sorted(str(p) for p in Path(tmp).glob("*.docx"))
        walk = min(timed([sys.executable, "-c", WALK, *files])[0] for _ in range(3))
        print(f"bare python-docx open-and-walk: {len(files)} documents in {walk:.2f} s, "
              f"{len(files) / walk:.0f} documents/s")  # fmt: skip
        for jobs in (1, 2):
            runs = [timed([*VANBAN, "check", "--json", "-j", str(jobs), *files]) for _ in range(3)]
            seconds, out = min(runs)
            errors = sum(r["errors"] for r in json.loads(out))
            print(f"vanban check -j {jobs}: {len(files)} documents in {seconds:.2f} s, "
                  f"{len(files) / seconds:.0f} documents/s ({errors} errors), "
                  f"{walk / seconds:.2f}× the bare walk")  # fmt: skip
    starts = [timed([*VANBAN, "--version"])[0] for _ in range(7)]
    print(f"vanban --version: {statistics.median(starts) * 1000:.0f} ms (median of 7)")


if __name__ == "__main__":
    main()
