"""Alembic's environment: run on the connection ``vanban server`` hands it (see
:func:`generator.server.migrate.upgrade`); there is no alembic.ini."""

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=None)
with context.begin_transaction():
    context.run_migrations()
