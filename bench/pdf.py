"""The PDF phase of `vanban bulk --pdf` on the 114 Hải Phòng plans (12 pages each): the cold
batches of pdf.convert (a LibreOffice started per 40 documents) against the pool of warm
LibreOffices (generator/office.py), with the same number of workers, one after the other.

    python bench/pdf.py [-j 2]

Prints the wall time of each and the machine's load average before each (the machine is
shared: compare the two figures of one run)."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.bulk import run  # noqa: E402
from generator.office import print_files  # noqa: E402
from generator.pdf import convert  # noqa: E402


def main() -> None:
    args = argparse.ArgumentParser()
    args.add_argument("-j", "--jobs", type=int, default=2)
    jobs = args.parse_args().jobs
    base = ROOT / "configs" / "haiphong-2026"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        run(base / "base.yaml", [base / "wards.csv"], out, jobs, progress=False)
        files = sorted(out.glob("*.docx"))
        for name, phase in (("cold batches (pdf.convert)", convert),
                            ("warm pool (office.print_files)", print_files)):  # fmt: skip
            for pdf in out.glob("*.pdf"):
                pdf.unlink()
            load = os.getloadavg()[0]
            start = time.perf_counter()
            problems = phase(files, jobs)
            wall = time.perf_counter() - start
            made = len(list(out.glob("*.pdf")))
            print(f"{name}: {made} PDFs in {wall:.1f} s with -j {jobs} "
                  f"({len(problems)} problems; load average before: {load:.1f})")  # fmt: skip
    shutil.rmtree(Path(tempfile.gettempdir()) / "vanban-bench-pdf", ignore_errors=True)


if __name__ == "__main__":
    main()
