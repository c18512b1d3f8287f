"""The database brought to the newest schema: Alembic's migrations, run in-process, then (on
PostgreSQL) the job queue's own tables."""

from __future__ import annotations

from pathlib import Path

from .db import Database


def migrate(database: Database) -> None:
    """Bring the database's tables to the newest migration (Alembic, run in-process)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    if database.postgres:
        from .queue_pg import install_queue

        install_queue(database)
