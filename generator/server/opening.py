"""The database as a `vanban server` command opens it: migrated first, and one transaction
for a command's work, with the database's refusals as messages."""

from __future__ import annotations

import argparse
from typing import Any

from ..errors import VanbanError
from ..i18n import _
from . import require


def _database(args: argparse.Namespace, migrate: bool = False):
    require()
    from sqlalchemy.exc import SQLAlchemyError

    from .db import Database, database_url
    from .migrate import migrate as upgrade

    try:
        db = Database(database_url(args.db, args.data))
        if migrate:
            upgrade(db)
        return db
    except (SQLAlchemyError, OSError) as exc:
        raise VanbanError(
            _("Cannot open the database: {detail}").format(detail=str(exc).splitlines()[0])
        ) from None


def _run(args: argparse.Namespace, work: Any) -> Any:
    """``work(session)`` in one transaction of the database, which is migrated first."""
    from sqlalchemy.exc import SQLAlchemyError

    db = _database(args, migrate=True)
    try:
        with db.session() as session:
            return work(session)
    except SQLAlchemyError as exc:
        raise VanbanError(
            _("The database refused: {detail}").format(detail=str(exc).splitlines()[0])
        ) from None
    finally:
        db.dispose()
