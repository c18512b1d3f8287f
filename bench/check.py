"""Speed of ``vanban check``: the Hải Phòng bulk output (114 plans of 12 pages), checked with
``-j 1`` and ``-j 2``, in documents per second; and the start-up time of ``vanban --version``.

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
        for jobs in (1, 2):
            seconds, out = timed([*VANBAN, "check", "--json", "-j", str(jobs), *files])
            reports = json.loads(out)
            errors = sum(r["errors"] for r in reports)
            print(f"vanban check -j {jobs}: {len(files)} documents in {seconds:.2f} s, "
                  f"{len(files) / seconds:.0f} documents/s ({errors} errors)")  # fmt: skip
    starts = [timed([*VANBAN, "--version"])[0] for _ in range(7)]
    print(f"vanban --version: {statistics.median(starts) * 1000:.0f} ms (median of 7)")


if __name__ == "__main__":
    main()
