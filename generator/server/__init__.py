"""`vanban server`: the editor for a whole city, with accounts per unit, the history of every
document and a real database (SQLite in a data folder, or PostgreSQL by URL).

Needs the optional extra: ``pip install 'vanban[server]'``. Nothing here is imported by the plain
``vanban`` command until ``vanban server`` runs."""

from __future__ import annotations

from ..errors import VanbanError
from ..i18n import _

EXTRA = ("sqlalchemy", "alembic", "argon2")


def require() -> None:
    """A clear message when the server's extra is not installed."""
    import importlib.util

    missing = [name for name in EXTRA if importlib.util.find_spec(name) is None]
    if missing:
        raise VanbanError(
            _(
                "vanban server needs its extra: pip install 'vanban[server]' (missing: {names})"
            ).format(names=", ".join(missing))
        )
