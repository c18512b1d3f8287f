"""The city's base plan and its wards' plans: base revisions, ward plans (with the merge
waiting for the clerk), tracking rows; on PostgreSQL, row-level security on each (a ward plan
is also seen by its city).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None
DONE = "Hoàn thành"  # generator.tasks.track.DONE when this migration was written

# the session's units as a set PostgreSQL builds once per query and probes by hash (a hashed
# sub-plan), not a list parsed and scanned for each row: a city reads thousands of wards, and
# its dashboard counts tens of thousands of tracking rows
_UNITS = (
    "(SELECT unnest(string_to_array(nullif(coalesce(current_setting('app.units', true), ''), "
    "''), ',')::int[]))"
)
_ALL = "(SELECT coalesce(current_setting('app.all', true), '') = 'on')"
POLICIES = {
    "base_revisions": f"{_ALL} OR unit_id IN {_UNITS}",
    "ward_plans": f"{_ALL} OR unit_id IN {_UNITS}",
    "tracking": f"{_ALL} OR unit_id IN {_UNITS}",
}
# 0001's tables get the same policy in this form (what each may see is unchanged)
REPLACED = ("documents", "revisions", "outputs")


def upgrade() -> None:
    op.create_table(
        "base_revisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=False, index=True),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("config", sa.Text, nullable=False),
        sa.Column("author_id", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("unit_id", "number"),
    )
    op.create_table(
        "ward_plans",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "document_id", sa.Integer, sa.ForeignKey("documents.id"), nullable=False, unique=True
        ),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=False, index=True),
        sa.Column("city_id", sa.Integer, sa.ForeignKey("units.id"), nullable=False, index=True),
        sa.Column("base_number", sa.Integer, nullable=False),
        sa.Column("layer", sa.JSON, nullable=False),
        sa.Column("pending", sa.JSON, nullable=True),
        sa.Column("issued_number", sa.String(60), nullable=True),
        sa.Column("issued_on", sa.Date, nullable=True),
        sa.Column("report_sent_at", sa.DateTime, nullable=True),
        sa.Column("report_period", sa.String(40), nullable=True),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("tasks", sa.Integer, nullable=False, server_default="0"),
        sa.Column("done", sa.Integer, nullable=False, server_default="0"),
        sa.Column("in_progress", sa.Integer, nullable=False, server_default="0"),
        sa.Column("typed_at", sa.DateTime, nullable=True),
    )
    _tracking()
    # the dashboard reads these indexes only: the last revision's time without its text (a
    # config, tens of kilobytes, stored before the time in the row), the open tasks by due
    # date (the late ones of a day are a range of it), the wards of a city in name order
    op.create_index("ix_revisions_doc_time", "revisions", ["document_id", "number", "created_at"])
    op.create_index(
        "ix_tracking_open_due", "tracking", ["due", "document_id"],
        postgresql_where=sa.text(f"in_plan IS true AND progress <> '{DONE}'"),
        sqlite_where=sa.text(f"in_plan IS 1 AND progress <> '{DONE}'"),
    )  # fmt: skip
    op.create_index("ix_units_parent_name", "units", ["parent_id", "name"])
    if op.get_bind().dialect.name == "postgresql":
        for table in REPLACED:
            policy = f"{_ALL} OR unit_id IN {_UNITS}"
            op.execute(f"DROP POLICY IF EXISTS {table}_unit ON {table}")
            op.execute(
                f"CREATE POLICY {table}_unit ON {table} USING ({policy}) WITH CHECK ({policy})"
            )
        for table, policy in POLICIES.items():
            op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
            op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
            op.execute(
                f"CREATE POLICY {table}_unit ON {table} USING ({policy}) WITH CHECK ({policy})"
            )


def _tracking() -> None:
    op.create_table(
        "tracking",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "document_id", sa.Integer, sa.ForeignKey("documents.id"), nullable=False, index=True
        ),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=False, index=True),
        sa.Column("task_key", sa.String(80), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("number", sa.String(40), nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("due", sa.Date, nullable=True),
        sa.Column("in_plan", sa.Boolean, nullable=False),
        sa.Column("progress", sa.String(40), nullable=False),
        sa.Column("result", sa.Text, nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("updated_by", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
        sa.UniqueConstraint("document_id", "task_key"),
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        old = (
            f"{_ALL} OR unit_id = ANY(string_to_array(nullif(coalesce("
            "current_setting('app.units', true), ''), ''), ',')::int[])"
        )
        for table in REPLACED:
            op.execute(f"DROP POLICY IF EXISTS {table}_unit ON {table}")
            op.execute(f"CREATE POLICY {table}_unit ON {table} USING ({old}) WITH CHECK ({old})")
    op.drop_index("ix_units_parent_name", "units")
    op.drop_index("ix_revisions_doc_time", "revisions")
    for table in ("tracking", "ward_plans", "base_revisions"):
        op.drop_table(table)
