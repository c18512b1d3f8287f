"""Row-level security on PostgreSQL, the second wall: raw SQL as the application's role sees
only the rows of the units its transaction names, whatever the query asks. Runs when
VANBAN_TEST_DB_URL names a PostgreSQL database (.ci/run: under pg_virtualenv)."""

from __future__ import annotations

import pytest

from .server_support import PG_URL, WARD_A, WARD_B, add_doc, make_db

pytestmark = pytest.mark.skipif(
    not PG_URL, reason="VANBAN_TEST_DB_URL names no PostgreSQL database (see .ci/run)"
)


@pytest.fixture
def pg(tmp_path):
    db = make_db("postgresql", tmp_path)
    yield db
    db.dispose()


def _units(db) -> dict[str, int]:
    from sqlalchemy import text

    with db.session() as session:
        return dict(session.execute(text("SELECT name, id FROM units")).all())


def test_raw_sql_as_the_app_role_sees_only_its_units(pg):
    from sqlalchemy import text

    a, b = add_doc(pg, WARD_A), add_doc(pg, WARD_B)
    units = _units(pg)
    with pg.engine.begin() as conn:  # an unprivileged role, as the server should run
        conn.execute(text("DROP ROLE IF EXISTS vanban_app_test"))
        conn.execute(text("CREATE ROLE vanban_app_test NOLOGIN"))
        conn.execute(text("GRANT USAGE ON SCHEMA public TO vanban_app_test"))
        conn.execute(text("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO vanban_app_test"))
        conn.execute(
            text("GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO vanban_app_test")
        )
    with pg.engine.connect() as conn, conn.begin():
        conn.execute(text("SET LOCAL ROLE vanban_app_test"))
        conn.execute(text("SELECT set_config('app.units', :u, true)"), {"u": str(units[WARD_A])})
        docs = conn.execute(text("SELECT id FROM documents")).scalars().all()
        revisions = conn.execute(text("SELECT document_id FROM revisions")).scalars().all()
        # a query that forgets the filter, or asks for the other ward by name, still gets none
        other = conn.execute(text("SELECT count(*) FROM documents WHERE id = :b"), {"b": b})
        assert (docs, revisions, other.scalar()) == ([a], [a], 0)
        # nor can it write a row into the other ward
        with pytest.raises(Exception, match="row-level security"):
            conn.execute(
                text(
                    "INSERT INTO documents (unit_id, title, head, created_at) "
                    "VALUES (:u, 'x', 1, now())"
                ),
                {"u": units[WARD_B]},
            )
    with pg.engine.connect() as conn, conn.begin():
        conn.execute(text("SET LOCAL ROLE vanban_app_test"))  # nothing named: nothing seen
        assert conn.execute(text("SELECT count(*) FROM documents")).scalar() == 0
    with pg.engine.begin() as conn:
        conn.execute(text("DROP OWNED BY vanban_app_test"))
        conn.execute(text("DROP ROLE vanban_app_test"))


def test_the_server_s_sessions_set_the_units_the_policies_read(pg):
    """What ``Database.session(units)`` sets is what the policies read: under a role that
    does not bypass them (the tables' owner too: FORCE ROW LEVEL SECURITY), a session of ward
    B counts B's document only, and the server's own commands (units=None) see both."""
    from sqlalchemy import text

    add_doc(pg, WARD_A)
    add_doc(pg, WARD_B)
    with pg.engine.begin() as conn:
        forced = (
            conn.execute(
                text("SELECT relname FROM pg_class WHERE relforcerowsecurity ORDER BY relname")
            )
            .scalars()
            .all()
        )
        conn.execute(text("DROP ROLE IF EXISTS vanban_app_test"))
        conn.execute(text("CREATE ROLE vanban_app_test NOLOGIN"))
        conn.execute(text("GRANT USAGE ON SCHEMA public TO vanban_app_test"))
        conn.execute(text("GRANT SELECT ON ALL TABLES IN SCHEMA public TO vanban_app_test"))
    assert {"documents", "outputs", "revisions"} <= set(forced)
    counts = []
    for units in ([_units(pg)[WARD_B]], None):
        with pg.session(units=units) as session:
            session.execute(text("SET LOCAL ROLE vanban_app_test"))
            counts.append(session.execute(text("SELECT count(*) FROM documents")).scalar())
    assert counts == [1, 2]
    with pg.engine.begin() as conn:
        conn.execute(text("DROP OWNED BY vanban_app_test"))
        conn.execute(text("DROP ROLE vanban_app_test"))
