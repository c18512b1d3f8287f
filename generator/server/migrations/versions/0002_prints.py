"""Prints done by the job queue: the PDF of a .docx, both stored by their hash, or the error.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "prints",
        sa.Column("docx_sha", sa.String(64), sa.ForeignKey("blobs.sha256"), primary_key=True),
        sa.Column("pdf_sha", sa.String(64), sa.ForeignKey("blobs.sha256"), nullable=True),
        sa.Column("error", sa.Text, nullable=True),
    )


def downgrade() -> None:
    op.drop_table("prints")
