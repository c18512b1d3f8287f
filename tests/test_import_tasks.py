"""vanban import: a plan's tasks come back as tasks, so that track, extract and report work on
an imported plan: field lines with or without a dash or a letter, task table rows."""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml
from openpyxl import load_workbook

from generator.cli import main
from generator.pipeline import model_of, write_document

from .conftest import EXAMPLES, ROOT, needs_shared

RETYPE = ROOT.parent / "shared" / "tools" / "retype_docx.py"
REALDOCS = ROOT.parent / "shared" / "realdocs"


# The plans among the examples, and the công văn whose points are numbered (1), (2) …
PLANS = [p for p in EXAMPLES if yaml.safe_load(p.read_text(encoding="utf-8"))["kind"]
         in ("ke_hoach", "chuong_trinh", "bao_cao", "cong_van")]  # fmt: skip


@needs_shared
@pytest.mark.parametrize("example", PLANS, ids=lambda p: p.name[:3])
def test_every_task_of_a_retyped_plan_is_tracked(tmp_path, example):
    original = model_of(example)
    rendered = write_document(original, tmp_path / "rendered").path
    typed = tmp_path / "typed.docx"
    subprocess.run(
        [
            sys.executable,
            str(RETYPE),
            str(rendered),
            str(typed),
            "--styles",
            "direct",
            "--signature",
            "paragraphs",
        ],
        check=True,
        capture_output=True,
    )
    config = tmp_path / "plan.yaml"
    assert main(["import", str(typed), "-o", str(config)]) == 0
    imported = model_of(config)
    # the tasks assigned to an agency, each with its fields (a lone "Thời gian: …" line may
    # read as a field of the item above it)
    want = [tuple(sorted(t.fields.items())) for t in original.tasks if t.owner]
    got = [tuple(sorted(t.fields.items())) for t in imported.tasks if t.owner]
    assert set(got) == set(want)  # a shared task printed twice comes back twice
    if not want:
        return
    book = tmp_path / "plan.xlsx"
    assert main(["track", str(config), "-o", str(book)]) == 0
    cells = " ".join(str(c) for row in load_workbook(book).worksheets[0].iter_rows(values_only=True)
                     for c in row if c)  # fmt: skip
    owned = [t for t in imported.tasks if t.owner]
    assert all(t.owner in cells for t in owned)


@needs_shared
def test_an_agency_paragraph_is_offered_as_a_task(tmp_path):
    dest = tmp_path / "bc.yaml"
    assert (
        main(["import", str(REALDOCS / "bc-tong-ket-pcmt-2025-lam-dong.docx"), "-o", str(dest)])
        == 0
    )
    text = dest.read_text(encoding="utf-8")
    assert "# REVIEW: «Sở Y tế: …» reads as a task of Sở Y tế" in text
    at = text.index("# REVIEW: «Sở Y tế: …»")
    assert text[at:].split("\n")[1].lstrip().startswith("- 'Sở Y tế: Thực hiện")


def test_a_signer_typed_after_the_signature_table_stays_the_signer(tmp_path):
    import copy

    import docx
    import yaml

    example = next(p for p in EXAMPLES if p.name.startswith("000"))
    path = write_document(model_of(example), tmp_path / "rendered").path
    d = docx.Document(str(path))
    table = d.tables[-1]
    name = next(p for p in reversed(table.rows[-1].cells[-1].paragraphs) if p.text.strip())
    moved = copy.deepcopy(name._p)
    name._p.getparent().remove(name._p)
    table._tbl.addnext(moved)
    d.save(str(path))
    dest = tmp_path / "plan.yaml"
    assert main(["import", str(path), "-o", str(dest)]) == 0
    data = yaml.safe_load(dest.read_text(encoding="utf-8"))
    assert data["signer"]["name"] == yaml.safe_load(example.read_text(encoding="utf-8"))[
        "signer"]["name"]  # fmt: skip
    assert "appendices" not in data


@needs_shared
def test_a_list_kept_as_typed_is_flagged_at_its_item(tmp_path):
    dest = tmp_path / "bc.yaml"
    assert main(["import", str(REALDOCS / "bc-vhxh-xa-phu-my-bac-2026.docx"), "-o",
                 str(dest)]) == 0  # fmt: skip
    lines = dest.read_text(encoding="utf-8").split("\n")
    at = next(i for i, ln in enumerate(lines) if "do not run in order: kept as typed" in ln)
    assert lines[at + 1].strip() == "- heading: KẾT QUẢ ĐẠT ĐƯỢC"
    mixed = next(i for i, ln in enumerate(lines) if "A list of mixed labels (1.1. -)" in ln)
    assert lines[mixed + 1].strip().startswith("- ")  # above the item whose list it is
