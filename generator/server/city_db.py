"""The city's tables, beside :mod:`db`'s: each published revision of a city's base plan, the
ward plans made from it (with the ward's row of the table and a merge waiting for the clerk),
and each ward plan's tracking rows."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from .db import Base, now


class BaseRevision(Base):
    """One published text of a city's base plan, never changed afterwards."""

    __tablename__ = "base_revisions"
    __table_args__ = (UniqueConstraint("unit_id", "number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)  # the city
    number: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    config: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


class WardPlan(Base):
    """A ward's plan made from its city's base: the document, the base revision it last took
    in, the ward's row it was filled from, the merge waiting for the clerk (if any), and what
    the city's dashboard shows besides (the plan's số and date once issued, the report)."""

    __tablename__ = "ward_plans"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), unique=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)  # the ward
    city_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    base_number: Mapped[int] = mapped_column(Integer)
    layer: Mapped[dict] = mapped_column(JSON, default=dict)
    pending: Mapped[dict | None] = mapped_column(JSON(none_as_null=True), nullable=True)
    issued_number: Mapped[str | None] = mapped_column(String(60), nullable=True)
    issued_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    report_sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    report_period: Mapped[str | None] = mapped_column(String(40), nullable=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    # the tracking rows' counts, kept by :mod:`tracking` (late is counted when asked: it
    # depends on the day)
    tasks: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    in_progress: Mapped[int] = mapped_column(Integer, default=0)
    typed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class TrackingRow(Base):
    """One task of a ward's plan through the year: the tracking sheet's typed columns, the due
    date ``track`` computes from the task's timeline."""

    __tablename__ = "tracking"
    __table_args__ = (UniqueConstraint("document_id", "task_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    task_key: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(Integer, default=0)
    number: Mapped[str] = mapped_column(String(40), default="")
    content: Mapped[str] = mapped_column(Text, default="")
    due: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    in_plan: Mapped[bool] = mapped_column(Boolean, default=True)
    progress: Mapped[str] = mapped_column(String(40), default="")
    result: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)


CITY_SCOPED = ("base_revisions", "ward_plans", "tracking")  # row-level security on PostgreSQL
