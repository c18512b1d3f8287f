"""The city's dashboard with 3,321 units' data: every unit of ../shared/data/units-2025.csv
loaded under one city (the worst case: one page of 3,321 rows), or with --national under its
34 cities (the dashboard of the one with the most wards), the base plan published to each,
every ward's tracking filled (progress, due dates past and future), some plans approved or
issued, some reports sent. Then GET /api/dashboard as the city, through the application
(Starlette's test client, in process), with several sorts and filters, and the roll-up
workbook.

    python bench/dashboard.py [--db postgresql://…] [-n 60] [--national]

Prints the median and 95th percentile of each request, as README's table rows. Run it on
PostgreSQL in a throw-away cluster with:

    pg_virtualenv -t sh -c '.venv/bin/python bench/dashboard.py \\
        --db "postgresql://$PGUSER:$PGPASSWORD@$PGHOST:$PGPORT/$PGDATABASE"'
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
UNITS = ROOT.parent / "shared" / "data" / "units-2025.csv"
BASE = ROOT / "configs" / "haiphong-2026" / "base.yaml"
CITY = "thành phố Thử Nghiệm"
PASSWORD = "mat-khau-dai-1"


def table(path: Path, one_city: bool) -> int:
    """The national table as it is (34 cities), or with every unit under one city."""
    with UNITS.open(encoding="utf-8") as f:
        units = list(csv.DictReader(f))
    seen: set[str] = set()
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["ward", "kind", "province"])
        for u in units:
            if not one_city:
                writer.writerow([u["name"], u["kind_guess"], u["province"]])
                continue
            # one city: a name two provinces share gets its province after it
            name = u["name"] if u["name"] not in seen else f"{u['name']} ({u['province']})"
            seen.add(name)
            writer.writerow([name, u["kind_guess"], CITY])
    return len(units)


def fill(db, count: int, one_city: bool = True) -> str:
    """Publish, then tracking rows, approvals, issues and reports, in batches."""
    from sqlalchemy import func, insert, select, update

    from generator.server import accounts
    from generator.server.base import publish_table
    from generator.server.city_db import TrackingRow, WardPlan
    from generator.server.db import Document, Unit, now
    from generator.server.tracking import recount
    from generator.tasks.track import DONE, IN_PROGRESS, NOT_STARTED

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "units.csv"
        table(path, one_city)
        start = time.perf_counter()
        with db.session() as session:
            publish_table(session, BASE, path)
        print(f"published to {count:,} wards in {time.perf_counter() - start:.1f} s")
    rng = random.Random(27)
    with db.session() as session:
        wards = func.count(Unit.id).label("wards")
        biggest = session.execute(
            select(Unit.parent_id, wards).where(Unit.parent_id.is_not(None))
            .group_by(Unit.parent_id).order_by(wards.desc()).limit(1)
        ).one()  # fmt: skip
        city = session.get(Unit, biggest.parent_id)
        accounts.add_user(session, "city", PASSWORD, city, "city")
        plans = session.execute(select(WardPlan.id, WardPlan.document_id, WardPlan.unit_id)).all()
        t, today = now(), dt.date.today()
        rows = []
        for _plan, doc, unit in plans:
            for i in range(24):
                due = today + dt.timedelta(days=rng.randint(-200, 200))
                progress = rng.choice([DONE, IN_PROGRESS, NOT_STARTED, ""])
                rows.append({"document_id": doc, "unit_id": unit, "task_key": f"t{i}",
                             "position": i, "number": str(i + 1), "content": f"Nhiệm vụ {i}",
                             "due": due, "in_plan": True, "progress": progress, "result": "",
                             "evidence": "", "note": "", "updated_at": t})  # fmt: skip
        session.execute(insert(TrackingRow), rows)
        recount(session)
        chosen = [doc for _p, doc, _u in plans if rng.random() < 0.5]
        session.execute(update(Document).where(Document.id.in_(chosen)).values(approved=1))
        issued = [p for p, doc, _u in plans if doc in set(chosen[: len(chosen) // 2])]
        session.execute(update(WardPlan).where(WardPlan.id.in_(issued))
                        .values(issued_number="12/KH-UBND", issued_on=today))  # fmt: skip
        sent = [p for p, _d, _u in plans if rng.random() < 0.4]
        session.execute(update(WardPlan).where(WardPlan.id.in_(sent))
                        .values(report_sent_at=t, report_period="6 tháng"))  # fmt: skip
    print(f"{len(rows):,} tracking rows; the dashboard of {city.name}: {biggest.wards} wards")
    return city.name


def app_role(url: str) -> str:
    """The URL of a role that is neither a superuser nor the tables' owner, as the server
    should run: PostgreSQL's row-level security applies to each of its queries."""
    from sqlalchemy import create_engine, make_url, text

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1),
                           isolation_level="AUTOCOMMIT")  # fmt: skip
    with engine.connect() as conn:
        if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = 'vanban_bench'")).scalar():
            conn.execute(text("DROP OWNED BY vanban_bench CASCADE"))
            conn.execute(text("DROP ROLE vanban_bench"))
        conn.execute(text("CREATE ROLE vanban_bench LOGIN PASSWORD 'bench'"))
        conn.execute(text("GRANT USAGE ON SCHEMA public TO vanban_bench"))
        conn.execute(text("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public "
                          "TO vanban_bench"))  # fmt: skip
        conn.execute(text("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO vanban_bench"))
        conn.execute(text("VACUUM ANALYZE"))
    engine.dispose()
    return (
        make_url(url)
        .set(username="vanban_bench", password="bench")
        .render_as_string(hide_password=False)
    )


def measure(client, path: str, params: dict, n: int) -> tuple[float, float, float, int]:
    """Median and 95th percentile of the wall time, median CPU time of this process (the
    application and the client; the database server's is not in it), size of the answer."""
    times, cpu, size = [], [], 0
    for _ in range(n):
        start, used = time.perf_counter(), time.process_time()
        answer = client.get(path, params=params)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - used) * 1000)
        assert answer.status_code == 200, answer.text[:200]
        size = len(answer.content)
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    return statistics.median(times), p95, statistics.median(cpu), size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="a PostgreSQL URL (default: SQLite in a temporary folder)")
    parser.add_argument("-n", type=int, default=60)
    parser.add_argument("--national", action="store_true",
                        help="the table's 34 cities (default: all units under one)")  # fmt: skip
    args = parser.parse_args()
    from argon2 import PasswordHasher
    from starlette.testclient import TestClient

    from generator.server import accounts
    from generator.server.db import Database
    from generator.server.jobs import LocalJobs
    from generator.server.migrate import migrate
    from generator.server.web import create_app

    accounts.use_hasher(PasswordHasher(time_cost=1, memory_cost=1024))
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{tmp}/vanban.db"
        if args.db:
            from sqlalchemy import create_engine, text

            engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
            with engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            engine.dispose()
        db = Database(url)
        migrate(db)
        with UNITS.open(encoding="utf-8") as f:
            count = sum(1 for _ in csv.DictReader(f))
        city = fill(db, count, one_city=not args.national)
        if args.db:
            db.dispose()
            db = Database(app_role(url))
        app = create_app(db, frozenset({"testclient"}), jobs=LocalJobs(warm=False))
        with TestClient(app) as client:
            client.post("/login", data={"login": "city", "password": PASSWORD})
            cases = [
                ("/api/dashboard", {}, "all wards, by name"),
                ("/api/dashboard", {"sort": "late", "order": "desc"}, "all wards, most late first"),
                ("/api/dashboard", {"state": "drafting", "report": "missing"},
                 "drafting, report missing"),
                ("/api/dashboard", {"late": "1", "sort": "updated", "order": "desc"},
                 "with late tasks, by last update"),
                ("/api/dashboard", {"q": "an", "limit": "50"}, "name search, 50 rows"),
                ("/api/dashboard.xlsx", {}, "roll-up workbook"),
            ]  # fmt: skip
            kind = "PostgreSQL, row-level security on" if args.db else "SQLite"
            print(f"| request ({kind}, {count:,} units, {city}) | median | 95th percentile | "
                  "CPU, app and client | size |\n|---|---|---|---|---|")  # fmt: skip
            for path, params, label in cases:
                n = max(10, args.n // 4) if path.endswith(".xlsx") else args.n
                median, p95, cpu, size = measure(client, path, params, n)
                print(f"| {label} | {median:.0f} ms | {p95:.0f} ms | {cpu:.0f} ms | "
                      f"{size / 1024:.0f} KB |")  # fmt: skip
            print(f"load average: {os.getloadavg()[0]:.1f} (2 cores)")
        db.dispose()


if __name__ == "__main__":
    main()
