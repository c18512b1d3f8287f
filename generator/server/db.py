"""The server's tables (SQLAlchemy 2) and how a connection is opened: SQLite in the data folder
by default, PostgreSQL by URL. On PostgreSQL each transaction says which units it may see
(``app.units``), and row-level security, set up by the migrations, enforces it a second time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    text,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

DEFAULT_DATA = Path("vanban-data")
DB_FILE = "vanban.db"
POOL = 20  # connections kept (and as many more at a peak): the server's worker threads are 40


def now() -> dt.datetime:
    """The time stored with every row: UTC, without tzinfo (the same on SQLite and PostgreSQL)."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class Unit(Base):
    """A ward (phường, xã, đặc khu) or the city above them."""

    __tablename__ = "units"
    __table_args__ = (UniqueConstraint("name", "parent_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40), default="")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), nullable=True)
    layer: Mapped[dict] = mapped_column(JSON, default=dict)  # the ward table's row


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    login: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


class LoginSession(Base):
    """An open session: the cookie's digest (the cookie itself is never stored)."""

    __tablename__ = "sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    csrf: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)


class Throttle(Base):
    """Failed logins per login name and per address."""

    __tablename__ = "throttle"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    first_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class Blob(Base):
    """A file stored once, by the sha256 of its content: an uploaded Word plan, an output."""

    __tablename__ = "blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Document(Base):
    """A config, its revisions kept in :class:`Revision`; ``head`` is the newest's number."""

    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    head: Mapped[int] = mapped_column(Integer, default=1)
    approved: Mapped[int | None] = mapped_column(Integer, nullable=True)  # a revision number
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    source_sha: Mapped[str | None] = mapped_column(ForeignKey("blobs.sha256"), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


class Revision(Base):
    """One saved text of a document, never changed afterwards."""

    __tablename__ = "revisions"
    __table_args__ = (UniqueConstraint("document_id", "number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    number: Mapped[int] = mapped_column(Integer)
    base: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the revision it edited
    config: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    note: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


class Output(Base):
    """A document made from a revision (.docx, .pdf), its bytes in :class:`Blob`."""

    __tablename__ = "outputs"
    __table_args__ = (UniqueConstraint("document_id", "revision", "kind"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    revision: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))
    sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))


class Print(Base):
    """A print done by the job queue: the PDF of a .docx (both in :class:`Blob`), or why not."""

    __tablename__ = "prints"
    docx_sha: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"), primary_key=True)
    pdf_sha: Mapped[str | None] = mapped_column(ForeignKey("blobs.sha256"), nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)


SCOPED_TABLES = ("documents", "revisions", "outputs")  # row-level security on PostgreSQL


def database_url(db: str | None, data: Path | None) -> str:
    """The URL given, or the SQLite file in the data folder (created)."""
    if db:
        return db
    folder = data or DEFAULT_DATA
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{(folder / DB_FILE).resolve()}"


def engine_for(url: str) -> Engine:
    """An engine; SQLite gets foreign keys, WAL and a wait on a busy file."""
    if url.startswith(("postgresql://", "postgres://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True, pool_size=POOL, max_overflow=POOL)
    engine = create_engine(
        url,
        connect_args={"timeout": 30, "check_same_thread": False},
        pool_size=POOL,
        max_overflow=POOL,
    )

    @event.listens_for(engine, "connect")
    def _pragmas(conn, _record) -> None:  # pragma: no cover - trivial
        cursor = conn.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    return engine


class Database:
    """An engine and the sessions opened on it, each limited to the units it may see."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = engine_for(url)
        self.postgres = self.engine.dialect.name == "postgresql"
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self, units: Iterable[int] | None = None) -> Iterator[Session]:
        """A transaction that sees the documents of ``units`` (None: every unit, for the
        commands run on the server itself); committed at the end, rolled back on an error."""
        with self._sessions() as session, session.begin():
            if self.postgres:
                scope = "" if units is None else ",".join(str(int(u)) for u in units)
                session.execute(
                    text(
                        "SELECT set_config('app.units', :u, true), set_config('app.all', :a, true)"
                    ),
                    {"u": scope, "a": "on" if units is None else "off"},
                )
            yield session

    def bypasses_policies(self) -> bool:
        """Whether this PostgreSQL role escapes row-level security (a superuser, BYPASSRLS)."""
        if not self.postgres:
            return False
        with self.engine.connect() as conn:
            row = conn.execute(
                text("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user")
            ).scalar()
        return bool(row)

    def dispose(self) -> None:
        self.engine.dispose()
