"""A Ban Chỉ đạo's members (``members:``) in a quyết định: the table such decisions carry (STT,
Họ và tên, Chức vụ, Nhiệm vụ trong Ban), in an article or as an appendix; check is clean."""

from __future__ import annotations

import docx
import yaml

from generator.cli import main

from .conftest import EXAMPLES, render_config, write_yaml
from .test_cong_van import assert_clean
from .test_quyet_dinh import QD

EXAMPLE = next(p for p in EXAMPLES if p.name.startswith("009"))
HEADER = ["STT", "Họ và tên", "Chức vụ", "Nhiệm vụ trong Ban"]


def _rows(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def test_the_members_table_in_article_1(tmp_path):
    path = render_config(EXAMPLE, tmp_path)
    doc = docx.Document(str(path))
    members = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))["body"][0]["members"]
    (table,) = [t for t in doc.tables if t.cell(0, 0).text == "STT"]
    rows = _rows(table)
    assert rows[0] == HEADER
    assert rows[1:] == [[str(i), m["name"], m["position"], m.get("role", "Thành viên")]
                        for i, m in enumerate(members, start=1)]  # fmt: skip
    assert rows[1][3] == "Trưởng ban" and rows[2][3] == "Phó Trưởng ban"
    assert rows[-1][3] == "Thành viên"  # the default role
    # the table sits in Điều 1, after its sentence and before Điều 2
    body = doc.element.body
    article_1 = next(p for p in doc.paragraphs if p.text.startswith("Điều 1."))
    article_2 = next(p for p in doc.paragraphs if p.text.startswith("Điều 2."))
    order = list(body.iterchildren())
    assert order.index(article_1._p) < order.index(table._tbl) < order.index(article_2._p)
    head = table.rows[0].cells[1].paragraphs[0]
    assert head.runs[0].bold or head.style.font.bold  # a header row, in bold
    assert_clean(path, "quyet_dinh")


def test_members_as_an_appendix_and_refused_with_a_table(tmp_path, capsys):
    members = [
        {"name": "Ông Nguyễn Văn A", "position": "Chủ tịch UBND phường", "role": "Trưởng ban"},
        {"name": "Bà Trần Thị B", "position": "Công chức"},
    ]
    config = write_yaml(tmp_path, {**QD, "appendices": [
        {"title": "DANH SÁCH THÀNH VIÊN BAN CHỈ ĐẠO", "members": members}]})  # fmt: skip
    path = render_config(config, tmp_path / "out")
    (table,) = [t for t in docx.Document(str(path)).tables if t.cell(0, 0).text == "STT"]
    assert _rows(table) == [HEADER, ["1", "Ông Nguyễn Văn A", "Chủ tịch UBND phường", "Trưởng ban"],
                            ["2", "Bà Trần Thị B", "Công chức", "Thành viên"]]  # fmt: skip
    assert_clean(path, "quyet_dinh")
    both = write_yaml(tmp_path, {**QD, "body": [{"text": "Thành lập:", "members": members,
        "table": {"columns": [{"title": "X"}], "rows": [["1"]]}}]}, "both.yaml")  # fmt: skip
    assert main(["validate", str(both)]) == 1
    assert "both.yaml:" in capsys.readouterr().err
    missing = write_yaml(tmp_path, {**QD, "body": [{"text": "Thành lập:", "members": [
        {"position": "Chủ tịch"}]}]}, "missing.yaml")  # fmt: skip
    assert main(["validate", str(missing)]) == 1
    assert "body[0].members[0].name" in capsys.readouterr().err


def test_import_reads_the_members_and_any_table_of_an_article_back(tmp_path):
    path = render_config(EXAMPLE, tmp_path)
    out = tmp_path / "back.yaml"
    assert main(["import", str(path), "-o", str(out)]) == 0
    back = yaml.safe_load(out.read_text(encoding="utf-8"))
    members = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))["body"][0]["members"]
    assert back["body"][0]["members"] == [{"role": "Thành viên", **m} for m in members]
    table = {"columns": [{"title": "Nội dung"}, {"title": "Thời gian"}],
             "rows": [["Hội nghị triển khai", "Tháng 5"], ["Sơ kết", "Tháng 7"]]}  # fmt: skip
    config = write_yaml(tmp_path, {**QD, "body": [{"text": "Lịch làm việc:", "table": table},
                                                  *QD["body"][1:]]}, "lich.yaml")  # fmt: skip
    rendered = render_config(config, tmp_path / "lich")
    assert main(["import", str(rendered), "-o", str(tmp_path / "lich.back.yaml")]) == 0
    kept = yaml.safe_load((tmp_path / "lich.back.yaml").read_text(encoding="utf-8"))
    rows = kept["body"][0]["table"]["rows"]
    assert [[c if isinstance(c, str) else " ".join(c) for c in r] for r in rows] == table["rows"]
