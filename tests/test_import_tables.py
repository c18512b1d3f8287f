"""vanban import: tables come back with every column and every cell in its place, merged
header cells as merged cells, task tables as tasks whatever other columns they have."""

from __future__ import annotations

from pathlib import Path

import docx
import yaml

from generator.cli import main
from generator.pipeline import model_of, write_document
from generator.read.grid import grid, header_rows
from generator.write.html import html_of

from .conftest import ROOT, needs_shared

REALDOCS = ROOT.parent / "shared" / "realdocs"


def _import(tmp_path: Path, source: Path) -> tuple[dict, Path]:
    dest = tmp_path / "plan.yaml"
    assert main(["import", str(source), "-o", str(dest)]) == 0
    again = write_document(model_of(dest), tmp_path / "again").path
    return yaml.safe_load(dest.read_text(encoding="utf-8")), again


def _texts(places) -> list[list[str]]:
    return [[p.text if p.origin else "" for p in row] for row in places]


def _wide(path: Path) -> list:
    return [t for t in docx.Document(str(path)).tables if len(grid(t)[0]) >= 3]


@needs_shared
def test_two_row_merged_headers_keep_every_column_and_cell(tmp_path):
    source = REALDOCS / "bc-cchc-2025-lam-dong.docx"
    _data, again = _import(tmp_path, source)
    before, after = _wide(source), _wide(again)
    assert len(before) == len(after) == 9
    for a, b in zip(before, after, strict=True):
        ga, gb = grid(a), grid(b)
        assert len(ga[0]) == len(gb[0]) == 5
        assert ("STT", 1, 2) in [(p.text, p.span, p.down) for p in ga[0]] or a is before[-1]
        assert header_rows(gb) == header_rows(ga) == 2
        for ra, rb in zip(ga[:2], gb[:2], strict=True):  # merged down and across, as typed
            assert [(p.text, p.span, p.down) for p in rb if p.origin] == [
                (p.text, p.span, p.down) for p in ra if p.origin]  # fmt: skip
        assert _texts(gb)[2:] == _texts(ga)[2:]  # each figure under its own heading


@needs_shared
def test_a_task_table_with_other_columns_gives_tasks_and_keeps_the_columns(tmp_path):
    source = REALDOCS / "kh-cchc-2026-2030-lam-dong.docx"
    data, again = _import(tmp_path, source)
    table = data["appendices"][0]
    titles = [c.get("title") for c in table["columns"]]
    assert titles.count(None) == 5 and "Sản phẩm" in titles
    first = table["rows"][0]
    assert first["tt"] == "I" and first["rows"][0]["lead"] == "Sở Tư pháp"
    assert first["rows"][0]["cells"]["Sản phẩm"].startswith("Văn bản quy phạm")
    model = model_of(tmp_path / "plan.yaml")
    assert len(model.tasks) >= 59 and model.tasks[0].value("lead") == "Sở Tư pháp"
    original, printed = _wide(source)[-1], _wide(again)[-1]
    assert _texts(grid(printed))[:8] == _texts(grid(original))[:8]


EXAMPLE = ROOT / "configs" / "examples" / "003-lam-dong-ke-hoach-dan-chu.yaml"
HEAD = [[{"text": "STT", "rows": 2}, {"text": "Đơn vị", "rows": 2},
         {"text": "Kết quả", "span": 2}], ["Số lượng", "Tỷ lệ"]]  # fmt: skip
ROWS = [["1", "Tổ 1", "10", "50%"], ["2", "Tổ 2", "7", "35%"]]


def test_a_merged_header_prints_merged_and_comes_back(tmp_path):
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    columns = [{"title": t} for t in ["STT", "Đơn vị", "Số lượng", "Tỷ lệ"]]
    data["appendices"] = [{"heading": "Phụ lục", "title": "Kết quả",
                           "table": {"columns": columns, "head": HEAD, "rows": ROWS}}]  # fmt: skip
    config = tmp_path / "head.yaml"
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    printed = write_document(model_of(config), tmp_path / "out").path
    places = grid(_wide(printed)[-1])
    assert header_rows(places) == 2
    assert [(p.text, p.span, p.down) for p in places[0] if p.origin] == [
        ("STT", 1, 2), ("Đơn vị", 1, 2), ("Kết quả", 2, 1)]  # fmt: skip
    assert _texts(places)[2:] == ROWS
    back, again = _import(tmp_path, printed)
    table = back["appendices"][-1]["table"]
    assert table["head"] == HEAD and table["rows"] == ROWS
    assert [c["title"] for c in table["columns"]] == ["STT", "Đơn vị", "Số lượng", "Tỷ lệ"]
    assert _texts(grid(_wide(again)[-1])) == _texts(places)
    page = html_of(model_of(config))  # the editor's preview merges the same cells
    assert '<td rowspan="2"><p class="VBBangTieuDe">STT</p></td>' in page
    assert '<td colspan="2"><p class="VBBangTieuDe">Kết quả</p></td>' in page


def test_head_that_does_not_fill_the_columns_is_refused(tmp_path, capsys):
    source = ROOT / "configs" / "examples" / "003-lam-dong-ke-hoach-dan-chu.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["appendices"] = [{"heading": "Phụ lục", "table": {
        "columns": [{"title": "A"}, {"title": "B"}, {"title": "C"}],
        "head": [[{"text": "A", "rows": 2}, {"text": "B-C", "span": 3}], ["B", "C"]],
        "rows": [["1", "2", "3"]]}}]  # fmt: skip
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert main(["validate", str(path)]) != 0
    err = capsys.readouterr().err
    assert "bad.yaml" in err and "appendices[0].table.head[0]" in err


def test_a_table_with_broken_or_huge_spans_reads_without_failing(tmp_path):
    """A hostile file: gridSpan not a number, a span of 100000, gridBefore of a million."""
    from docx.oxml import parse_xml

    d = docx.Document()
    t = d.add_table(rows=2, cols=3)
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    first, second = (c._tc for c in t.rows[0].cells[:2])
    first.get_or_add_tcPr().append(parse_xml(f'<w:gridSpan {ns} w:val="x"/>'))
    second.get_or_add_tcPr().append(parse_xml(f'<w:gridSpan {ns} w:val="100000"/>'))
    t.rows[1]._tr.get_or_add_trPr().append(parse_xml(f'<w:gridBefore {ns} w:val="1000000"/>'))
    places = grid(t)
    assert all(len(row) <= 63 for row in places) and len(places) == 2
