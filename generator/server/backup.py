"""``vanban server backup``: a consistent copy of the database while the server runs. SQLite:
its online backup (a new database file); PostgreSQL: ``pg_dump`` in its custom format. The copy
is written to a temporary name and renamed when complete."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from ..errors import VanbanError
from ..i18n import _
from .db import Database


def backup(db: Database, data: Path, output: Path | None = None) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    suffix = ".dump" if db.postgres else ".db"
    target = output or data / "backups" / f"vanban-{stamp}{suffix}"
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        raise VanbanError(_("{path} exists: give another name with -o").format(path=target))
    partial = target.with_name(f".{target.name}.partial")
    try:
        if db.postgres:
            _pg_dump(db, partial)
        else:
            source = sqlite3.connect(db.engine.url.database or "")
            copy = sqlite3.connect(partial)
            with copy:
                source.backup(copy)
            copy.close()
            source.close()
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def _pg_dump(db: Database, path: Path) -> None:
    command = shutil.which("pg_dump")
    if not command:
        raise VanbanError(_("pg_dump was not found: apt-get install postgresql-client"))
    url = db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    done = subprocess.run(
        [command, "--format=custom", "--file", str(path), url],
        capture_output=True,
        text=True,
        timeout=3600,
    )
    if done.returncode != 0:
        raise VanbanError(
            _("pg_dump failed: {detail}").format(
                detail=(done.stderr.strip().splitlines() or [""])[-1]
            )
        )
