"""The city's base plan published to its wards (`vanban server base publish`, and POST
/api/base from the city's page): each ward's document is the base filled from its row as bulk
fills it, readable YAML with the base's comments; a second publish changes nothing; a table
with problems stores nothing and names them all."""

from __future__ import annotations

import io
import sys

import pytest
from sqlalchemy import func, select

from generator.cli import main
from generator.config.layers import iter_table, merge
from generator.config.load import load, load_text
from generator.pipeline import model_of

from .conftest import ROOT
from .server_support import WARD_A, WARD_B, app, client_for, db, ward_table  # noqa: F401

BASE = ROOT / "configs" / "haiphong-2026" / "base.yaml"


def publish(db, table, base=BASE):
    from generator.server.base import publish_table

    with db.session() as session:
        return publish_table(session, base, table)


def counts(db) -> tuple[int, int, int, int]:
    from generator.server.city_db import BaseRevision, WardPlan
    from generator.server.db import Document, Revision

    with db.session() as session:
        return tuple(
            session.scalar(select(func.count()).select_from(t))
            for t in (Document, Revision, BaseRevision, WardPlan)
        )


def ward_texts(db) -> dict[str, str]:
    from generator.server.city_db import WardPlan
    from generator.server.db import Document, Revision, Unit

    with db.session() as session:
        rows = session.execute(
            select(Unit.name, Revision.config)
            .join(WardPlan, WardPlan.unit_id == Unit.id)
            .join(Document, Document.id == WardPlan.document_id)
            .join(Revision, (Revision.document_id == Document.id)
                  & (Revision.number == Document.head))
        )  # fmt: skip
        return dict(rows.all())


def test_each_ward_gets_the_base_filled_as_bulk_fills_it(db, tmp_path):
    table = ward_table(tmp_path)
    [done] = publish(db, table)
    assert (done.created, done.base, done.new_base) == (2, 1, True)
    texts = ward_texts(db)
    assert set(texts) == {WARD_A, WARD_B}
    base = load(BASE)
    for ward in iter_table(table):
        text = texts[ward.label]
        assert load_text(text, "x.yaml").data == merge(base, ward.source).data
        # readable YAML: the base's own comments and layout, the ward named near the top
        assert "# drafts: no number, the day left blank" in text
        assert text.startswith(BASE.read_text(encoding="utf-8").split("kind:")[0])
        model = model_of(load_text(text, "x.yaml"))
        assert ward.label in " ".join(model.subject)


def test_a_second_publish_changes_nothing(db, tmp_path):
    table = ward_table(tmp_path)
    publish(db, table)
    before, texts = counts(db), ward_texts(db)
    [again] = publish(db, table)
    assert (again.created, again.merged, again.unchanged, again.new_base) == (0, 0, 2, False)
    assert counts(db) == before == (2, 2, 1, 2)
    assert ward_texts(db) == texts


def test_a_table_with_problems_stores_nothing_and_names_them_all(db, tmp_path):
    from generator.errors import ConfigError

    table = tmp_path / "bad.csv"
    table.write_text(
        "ward,kind,province,signer.name\n"
        f"{WARD_A},phường,thành phố Hải Phòng,{{{{ 7 * 7 }}}}\n"
        "Lạc Long,phường,,\n"
        f"{WARD_A},phường,thành phố Hải Phòng,\n",
        encoding="utf-8",
    )
    before = counts(db)
    with pytest.raises(ConfigError) as caught:
        publish(db, table)
    lines = str(caught.value).splitlines()
    assert [line.split(": ")[0] for line in lines] == [f"{table}:{n}" for n in (2, 3, 4)]
    assert "signer.name" in lines[0] and "province" in lines[1] and "ward" in lines[2]
    assert counts(db) == before


def test_the_command_and_its_message(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    table = ward_table(tmp_path)
    args = ["--lang", "vi", "server", "base", "publish", str(BASE), "--wards", str(table)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "thành phố Hải Phòng" in out and "2" in out
    assert main(args) == 0
    assert "2" in capsys.readouterr().out
    broken = tmp_path / "broken.yaml"
    broken.write_text("kind: ke_hoach\nsubject: [a\n", encoding="utf-8")
    assert main([*args[:5], str(broken), "--wards", str(table)]) != 0
    err = capsys.readouterr().err
    assert "broken.yaml" in err and "Traceback" not in err


def test_the_city_publishes_from_its_page_to_the_wards_loaded(app, db):
    base = BASE.read_text(encoding="utf-8")
    assert client_for(app, "clerk_a").post("/api/base", json={"config": base}).status_code == 403
    city = client_for(app, "city")
    answer = city.post("/api/base", json={"config": base})
    assert answer.status_code == 200, answer.text
    assert (answer.json()["created"], answer.json()["base"]) == (2, 1)
    assert city.post("/api/base", json={"config": base}).json()["unchanged"] == 2
    assert [r["number"] for r in city.get("/api/base").json()["revisions"]] == [1]
    clerk = client_for(app, "clerk_a")
    [doc] = clerk.get("/api/documents").json()["documents"]
    text = clerk.get(f"/api/documents/{doc['id']}").json()["config"]
    assert f"name: {WARD_A}" in text and doc["unit"] == WARD_A
    bad = city.post("/api/base", json={"config": "kind: ke_hoach\nsubject: [a\n"})
    assert bad.status_code == 422


def test_the_city_s_base_page(app, db):
    city = client_for(app, "city")
    base = BASE.read_text(encoding="utf-8")
    empty = city.get("/base").text
    assert "Gửi tới các phường, xã" in empty and "<textarea" in empty
    done = city.post("/api/base", json={"config": base}).json()
    assert done["message"].startswith("thành phố Hải Phòng: kế hoạch khung bản 1 (mới)")
    page = city.get("/base").text
    assert "công tác dân vận chính quyền" in page and "<li>1:" in page
    assert "Kế hoạch khung của thành phố" in city.get("/").text
    assert "Chỉ tài khoản của thành phố" in client_for(app, "clerk_a").get("/base").text
