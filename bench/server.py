"""`vanban server` under 100 clerks: a real server (uvicorn, on loopback, in its own processes)
on a fresh database, 100 accounts in 100 wards of Hải Phòng, each with her plan (example 001,
12 pages). For 60 s each clerk edits: she changes a task's text, the page asks for the preview
(POST /api/edit with the text), and every fifth edit she saves (PUT /api/documents/ID with the
revision she has), pausing 1-3 s between edits (she types, the page asks for a preview once
typing stops, she reads). Logging in is not timed. Prints the requests made, their median and
95th percentile latency per kind, and the errors (any answer but 200, or a timeout).

    python bench/server.py [--clerks 100] [--seconds 60] [--db postgresql://…] [--workers 2]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx2 as httpx  # noqa: E402

from generator.server import accounts, documents  # noqa: E402
from generator.server.db import Database, database_url  # noqa: E402
from generator.server.migrate import migrate  # noqa: E402
from generator.server.units import load_units  # noqa: E402

PLAN = (ROOT / "configs" / "examples" / "001-viet-hoa-ke-hoach-dan-van.yaml").read_text("utf-8")
PASSWORD = "mat-khau-bench-1"
PAUSE = (1.0, 3.0)  # seconds between a clerk's edits: she types, the page previews, she reads


def prepare(db: Database, clerks: int) -> list[tuple[str, int]]:
    """Units, one clerk per ward, one plan each: [(login, document id)]."""
    from sqlalchemy import select

    from generator.server.db import Unit

    migrate(db)
    out = []
    with db.session() as session:
        load_units(session, ROOT / "configs" / "haiphong-2026" / "wards.csv")
        wards = session.scalars(select(Unit).where(Unit.parent_id.is_not(None))).all()
        for i, ward in enumerate(wards[:clerks]):
            accounts.add_user(session, f"clerk{i}", PASSWORD, ward, "clerk")
            out.append((f"clerk{i}", documents.add_document(session, ward, PLAN).id))
    return out


async def login(base: str, name: str, errors: list, gate: asyncio.Semaphore
                ) -> httpx.AsyncClient | None:  # fmt: skip
    """A clerk's session; a few log in at a time (Argon2 is meant to be slow)."""
    client = httpx.AsyncClient(base_url=base, timeout=60)
    async with gate:
        answer = await client.post("/login", data={"login": name, "password": PASSWORD})
    if answer.status_code != 200:
        errors.append(("login", answer.status_code))
        await client.aclose()
        return None
    client.headers.update({"X-CSRF-Token": client.cookies["csrf"], "Origin": base})
    return client


async def clerk(client: httpx.AsyncClient, name: str, doc: int, until: float, times: dict,
                errors: list) -> None:  # fmt: skip
    """Edits, each previewed, every fifth saved, with a typist's pauses, until ``until``."""
    revision = (await client.get(f"/api/documents/{doc}")).json()["revision"]
    n = 0
    while time.monotonic() < until:
        await asyncio.sleep(random.uniform(PAUSE[0], PAUSE[1]))
        n += 1
        text = PLAN.replace("Triển khai", f"Triển khai ({name} {n})", 1)
        for kind in ("preview", "save") if n % 5 == 0 else ("preview",):
            start = time.perf_counter()
            try:
                if kind == "preview":
                    body = {"path": f"{doc}.yaml", "yaml": text}
                    answer = await client.post("/api/edit", json=body)
                else:
                    body = {"config": text, "revision": revision}
                    answer = await client.put(f"/api/documents/{doc}", json=body)
            except httpx.TransportError as exc:
                errors.append((kind, type(exc).__name__))
                continue
            times.setdefault(kind, []).append(time.perf_counter() - start)
            if answer.status_code != 200:
                errors.append((kind, answer.status_code))
            elif kind == "save":
                revision = answer.json()["revision"]
    await client.aclose()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def load(base: str, users: list[tuple[str, int]], seconds: float) -> tuple[dict, list]:
    """Every clerk logs in (not timed), then all edit for ``seconds``."""
    times: dict[str, list[float]] = {}
    errors: list = []
    gate = asyncio.Semaphore(4)
    clients = await asyncio.gather(*(login(base, u, errors, gate) for u, _d in users))
    until = time.monotonic() + seconds
    await asyncio.gather(*(clerk(c, u, d, until, times, errors)
                           for c, (u, d) in zip(clients, users, strict=True) if c))  # fmt: skip
    return times, errors


def main() -> None:
    args = argparse.ArgumentParser()
    args.add_argument("--clerks", type=int, default=100)
    args.add_argument("--seconds", type=float, default=60)
    args.add_argument("--db")
    args.add_argument("--workers", type=int, default=2, help="server processes")
    opts = args.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = database_url(opts.db, Path(tmp))
        db = Database(url)
        users = prepare(db, opts.clerks)
        db.dispose()
        port = _free_port()
        command = [sys.executable, "-m", "generator", "server", "run", "--db", url, "--port",
                   str(port), "--workers", str(opts.workers)]  # fmt: skip
        server = subprocess.Popen(command, cwd=tmp, env={**os.environ, "PYTHONPATH": str(ROOT)})
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    httpx.get(base + "/login", timeout=1)
                    break
                except httpx.TransportError:
                    time.sleep(0.2)
            times, errors = asyncio.run(load(base, users, opts.seconds))
        finally:
            server.terminate()
            server.wait(30)
    print(f"{len(users)} clerks, {opts.seconds:.0f} s, {'PostgreSQL' if opts.db else 'SQLite'}, "
          f"{opts.workers} server processes, load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    for kind, values in sorted(times.items()):
        values.sort()
        p95 = values[int(0.95 * (len(values) - 1))]
        print(f"{kind}: {len(values)} requests, median {statistics.median(values) * 1000:.0f} ms,"
              f" 95th percentile {p95 * 1000:.0f} ms")  # fmt: skip
    print(f"errors: {len(errors)} {sorted(set(errors))[:5]}")


if __name__ == "__main__":
    main()
