"""README's recipes are true: a new task field is one record in ``vocabulary.TASK_FIELDS``, and
a new kind one record in ``vocabulary.KINDS`` (with its standard sentences). Each test runs
vanban in a fresh interpreter whose vocabulary has the new record, as a developer's would."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import docx
import openpyxl
import pytest
import yaml

from generator.vocabulary import TASK_FIELDS, as_json, column_of, field_of, written_kinds

from .conftest import MINIMAL, write_yaml

ROOT = Path(__file__).resolve().parent.parent

FIELD = 'v.TASK_FIELDS["budget"] = v.TaskField("budget", "Kinh phí", "Kinh phí", ("kinh phí",))'
KIND = ('v.KINDS["de_cuong"] = v.Kind("de_cuong", "ĐỀ CƯƠNG", "ĐC", "Đề cương", '
        'folder="ke_hoach")')  # fmt: skip


def vanban(record: str, *args: str | Path) -> subprocess.CompletedProcess:
    """``vanban ARGS`` with ``record`` added to the vocabulary before anything else loads."""
    script = (f"import sys\nfrom generator import vocabulary as v\n{record}\n"
              "from generator.cli import main\nsys.exit(main(sys.argv[1:]))")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", script, *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done


def texts(path: Path) -> list[str]:
    d = docx.Document(str(path))
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    return [p.text for p in d.paragraphs] + cells


def test_a_new_task_field_is_one_record(tmp_path):
    config = write_yaml(tmp_path, {
        **MINIMAL,
        "tasks": [{"id": "t", "content": "Tuyên truyền", "lead": "Phòng Văn hóa - Xã hội",
                   "budget": "5 triệu đồng"}],
        "body": [{"heading": "NHIỆM VỤ", "children": [
            {"text": "Tổ chức hội nghị", "lead": "Văn phòng", "budget": "2 triệu đồng"}]}],
        "appendices": [{"title": "DANH MỤC", "columns": ["tt", "content", "lead", "budget"],
                        "rows": [{"task": "t"}]}],
    })  # fmt: skip
    out = tmp_path / "out"
    vanban(FIELD, "render", config, "-o", out)
    (plan,) = out.glob("*.docx")
    printed = texts(plan)
    assert "- Kinh phí: 2 triệu đồng." in printed  # the body's field line, default label
    assert "Kinh phí" in printed and "5 triệu đồng" in printed  # the appendix column

    vanban(FIELD, "track", config, "-o", tmp_path / "theo-doi.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "theo-doi.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    header = next(r for r in rows if "STT" in r)
    assert "Kinh phí" in header
    budgets = {r[header.index("Kinh phí")] for r in rows[rows.index(header) + 1 :]}
    assert budgets == {"2 triệu đồng", "5 triệu đồng"}

    vanban(FIELD, "extract", config, "--by", "lead", "-o", tmp_path / "sheets")
    sheets = sorted((tmp_path / "sheets").glob("*.docx"))
    assert sheets and all("Kinh phí" in texts(s) for s in sheets)
    assert "5 triệu đồng" in [t for s in sheets for t in texts(s)]

    vanban(FIELD, "import", plan, "-o", tmp_path / "back.yaml")
    back = yaml.safe_load((tmp_path / "back.yaml").read_text(encoding="utf-8"))
    item = back["body"][0]["children"][0]
    assert item["budget"] == "2 triệu đồng" and "labels" not in item
    column_keys = [next(iter(c)) if isinstance(c, dict) else c
                   for c in back["appendices"][0]["columns"]]  # fmt: skip
    assert "budget" in column_keys


def test_a_new_kind_is_one_record(tmp_path):
    config = write_yaml(tmp_path, {**MINIMAL, "kind": "de_cuong"})
    out = tmp_path / "out"
    vanban(KIND, "render", config, "-o", out)
    (doc,) = out.glob("*.docx")
    assert doc.name.startswith("DC-")  # an ASCII file name
    printed = texts(doc)
    assert "ĐỀ CƯƠNG" in printed and any("/ĐC-UBND" in t for t in printed)

    report = vanban(KIND, "check", doc, "--json").stdout
    verdict = yaml.safe_load(report)
    verdict = verdict[0] if isinstance(verdict, list) else verdict
    assert verdict["kind"] == "de_cuong" and verdict["errors"] == 0

    vanban(KIND, "import", doc, "-o", tmp_path / "back.yaml")
    back = yaml.safe_load((tmp_path / "back.yaml").read_text(encoding="utf-8"))
    assert back["kind"] == "de_cuong" and "title" not in back


@pytest.mark.parametrize(
    "label, field, column",
    [
        ("Cơ quan chủ trì tham mưu thực hiện", "lead", "lead"),
        ("Cơ quan thực hiện chủ trì", "lead", "lead"),
        ("Đơn vị thực hiện, phối hợp", "coordinating", "coordinating"),
        ("Hình thức thực hiện", "form", "form"),
        ("Thời gian thực hiện", "timeline", "timeline"),
        ("Đơn vị thực hiện", "executing", "executing"),
        ("Tiến độ", None, "timeline"),  # a report's "Tiến độ: Đang thực hiện" is not a deadline
        ("Tiến độ thực hiện", "executing", "timeline"),
        ("Nội dung công việc", None, "content"),
        ("STT", None, "tt"),
        ("Sản phẩm", None, None),
    ],
)
def test_the_importer_reads_a_label_by_the_vocabulary(label, field, column):
    """A word that ends several fields' labels ("thực hiện") is the weakest clue."""
    assert field_of(label) == field
    assert column_of(label) == column


def test_the_editor_receives_the_vocabulary():
    sent = as_json()
    assert [k for k, _n in sent["kinds"]] == written_kinds()
    assert [k for k, _l in sent["fields"]] == list(TASK_FIELDS)
    assert sent["keep_with_next"] and set(sent["columns"]) == {"tt", "content", *TASK_FIELDS}


def test_a_kind_lays_out_from_what_its_record_has(tmp_path):
    """Letting vanban write the tờ trình (addressed with Kính gửi, its grounds in running text)
    is its record's folder: the writer, the checker and the editor follow the record."""
    record = ('import dataclasses\nv.KINDS["to_trinh"] = dataclasses.replace('
              'v.KINDS["to_trinh"], folder="ke_hoach")')  # fmt: skip
    config = write_yaml(tmp_path, {**MINIMAL, "kind": "to_trinh", "number": 12,
                                   "kinh_gui": "Ủy ban nhân dân thành phố Hải Phòng"})  # fmt: skip
    vanban(record, "render", config, "-o", tmp_path / "out")
    (doc,) = (tmp_path / "out").glob("*.docx")
    printed = texts(doc)
    assert "TỜ TRÌNH" in printed and any("12/TTr-UBND" in t for t in printed)
    assert "Kính gửi: Ủy ban nhân dân thành phố Hải Phòng" in printed
    verdict = yaml.safe_load(vanban(record, "check", doc, "--json").stdout)
    verdict = verdict[0] if isinstance(verdict, list) else verdict
    assert verdict["kind"] == "to_trinh" and verdict["errors"] == 0
    status = {r["id"]: r["status"] for r in verdict["rules"]}
    assert status["kinh-gui"] == "PASS" and status["can-cu"] == "N/A"
    script = "import json\nprint(json.dumps(v.as_json()['kinds']))\nraise SystemExit(0)"
    sent = vanban(f"{record}\n{script}").stdout
    assert '"to_trinh"' in sent
