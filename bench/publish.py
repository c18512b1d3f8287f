"""Publishing the city's base plan to its wards (`vanban server base publish`), against
`vanban bulk` on the same table, each as the city runs it: a fresh process per command.

    python bench/publish.py [-j 2] [--pg postgresql://…]

Prints, as README's table rows:
- `vanban bulk -j N` on the 114 Hải Phòng wards, and `vanban server base publish` on the same
  table into a new SQLite database (after `vanban server init`), and their ratio (target ≤ 3×);
- the same publish a second time (nothing changes);
- the publish to the 3,321 units of ../shared/data/units-2025.csv (34 cities), a new SQLite
  database, and with --pg a PostgreSQL one (target ≤ 60 s on 2 cores).
The best of three runs of each short command is kept (the machine is shared).
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "configs" / "haiphong-2026" / "base.yaml"
WARDS = ROOT / "configs" / "haiphong-2026" / "wards.csv"
UNITS = ROOT.parent / "shared" / "data" / "units-2025.csv"
VANBAN = [sys.executable, "-m", "generator", "--lang", "en"]


CPU: dict[str, float] = {}  # the CPU seconds (user + system, workers included) of the last run


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def timed(args: list[str]) -> tuple[float, str]:
    """The wall time of one command (its CPU time in ``CPU["last"]``) and its last line."""
    start, cpu = time.perf_counter(), _cpu()
    done = subprocess.run([*VANBAN, *args], capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - start
    CPU["last"] = _cpu() - cpu
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(args)}\n{done.stderr}")
    return seconds, (done.stdout.strip().splitlines() or [""])[-1]


def national_table(path: Path) -> int:
    with UNITS.open(encoding="utf-8") as f:
        units = list(csv.DictReader(f))
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["ward", "kind", "province"])
        for u in units:
            writer.writerow([u["name"], u["kind_guess"], u["province"]])
    return len(units)


def reset_pg(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()


def publish(db: list[str], table: Path, fresh: bool = True) -> tuple[float, str]:
    """One publish (into a new database unless ``fresh`` is False); init untimed."""
    if fresh:
        if db[0] == "--db":
            reset_pg(db[1])
        timed(["server", "init", *db])
    return timed(["server", "base", "publish", str(BASE), "--wards", str(table), *db])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-j", type=int, default=2)
    parser.add_argument("--pg", metavar="URL")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        bulk = min(timed(["bulk", str(BASE), "--wards", str(WARDS), "-o", f"{tmp}/out{i}",
                          "-j", str(args.j)])[0] for i in range(3))  # fmt: skip
        runs = [publish(["--data", f"{tmp}/d{i}"], WARDS) for i in range(3)]
        first = min(s for s, _said in runs)
        again = min(publish(["--data", f"{tmp}/d0"], WARDS, fresh=False)[0] for _ in range(3))
        rows += [
            ("`vanban bulk -j 2`, 114 Hải Phòng wards", "—", f"{bulk:.1f} s"),
            ("`vanban server base publish`, the same table (SQLite)", "≤ 3× bulk",
             f"{first:.1f} s ({first / bulk:.1f}×)"),
            ("the same publish again (nothing changes)", "—", f"{again:.1f} s"),
        ]  # fmt: skip
        table = tmp_path / "units.csv"
        count = national_table(table)
        for label, db in (("SQLite", ["--data", f"{tmp}/national"]),
                          ("PostgreSQL", ["--db", args.pg] if args.pg else None)):  # fmt: skip
            if db is None:
                continue
            seconds, _said = publish(db, table)
            rows.append((f"publish to all {count:,} units ({label})", "≤ 60 s on 2 cores",
                         f"{seconds:.1f} s wall, {CPU['last']:.1f} s CPU"))  # fmt: skip
    print(f"load average during the run: {os.getloadavg()[0]:.1f} (2 cores)")
    print("| measure | target | measured |\n|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
