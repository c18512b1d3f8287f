"""Row-level security on the city's tables (PostgreSQL): raw SQL as an ordinary role sees the
ward plans, tracking rows and base revisions of the units its transaction names, and nothing
of another ward's. Runs when VANBAN_TEST_DB_URL names a PostgreSQL database (.ci/run)."""

from __future__ import annotations

import pytest

from .server_support import PG_URL, WARD_A, WARD_B, make_db
from .test_server_base import publish, ward_table

pytestmark = pytest.mark.skipif(
    not PG_URL, reason="VANBAN_TEST_DB_URL names no PostgreSQL database (see .ci/run)"
)


def test_the_city_s_tables_are_seen_per_unit(tmp_path):
    from sqlalchemy import text

    db = make_db("postgresql", tmp_path)
    try:
        publish(db, ward_table(tmp_path))
        with db.session() as session:
            units = dict(session.execute(text("SELECT name, id FROM units")).all())
            docs = dict(session.execute(text("SELECT unit_id, document_id FROM ward_plans")).all())
            session.execute(text(
                "INSERT INTO tracking (document_id, unit_id, task_key, position, number, content,"
                " in_plan, progress, result, evidence, note, updated_at) VALUES "
                "(:a, :ua, 'k', 0, '1', 'x', true, '', '', '', '', now()),"
                "(:b, :ub, 'k', 0, '1', 'x', true, '', '', '', '', now())"),
                {"a": docs[units[WARD_A]], "ua": units[WARD_A], "b": docs[units[WARD_B]],
                 "ub": units[WARD_B]})  # fmt: skip
        with db.engine.begin() as conn:
            conn.execute(text("DROP ROLE IF EXISTS vanban_city_test"))
            conn.execute(text("CREATE ROLE vanban_city_test NOLOGIN"))
            conn.execute(text("GRANT USAGE ON SCHEMA public TO vanban_city_test"))
            conn.execute(text("GRANT SELECT ON ALL TABLES IN SCHEMA public TO vanban_city_test"))
        seen = {}
        for who in (WARD_A, "thành phố Hải Phòng"):
            scope = [units[WARD_A]] if who == WARD_A else list(units.values())
            with db.session(units=scope) as session:
                session.execute(text("SET LOCAL ROLE vanban_city_test"))
                seen[who] = [
                    session.execute(text(f"SELECT count(*) FROM {table}")).scalar()
                    for table in ("ward_plans", "tracking", "base_revisions")
                ]
        assert seen[WARD_A] == [1, 1, 0]  # the base revision is the city's
        assert seen["thành phố Hải Phòng"] == [2, 2, 1]
        with db.engine.begin() as conn:
            conn.execute(text("DROP OWNED BY vanban_city_test"))
            conn.execute(text("DROP ROLE vanban_city_test"))
    finally:
        db.dispose()
