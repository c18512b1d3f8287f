"""Golden-text tests: each example config reproduces its reference plan in ../shared/seeds."""

from __future__ import annotations

import difflib
import re

import docx
import pytest

from .conftest import SEEDS, body_paragraphs, iter_block, labels, needs_shared, table_paragraphs

pytestmark = needs_shared

SEED_FILES = {p.name[:3]: p for p in SEEDS.glob("[0-9][0-9][0-9]_*.txt")}


def reference_lines(key: str) -> list[str]:
    """The seed's lines, without the extraction's artefacts: markdown marks, notes such as
    "*(Handwritten signature in blue ink)*", and table header rows repeated at page breaks."""
    out, seen_rows = [], set()
    for raw in SEED_FILES[key].read_text(encoding="utf-8").splitlines():
        if re.fullmatch(r"\s*\*\(.*\)\*\s*", raw):
            continue
        line = re.sub(r"^#+\s*", "", raw).replace("*", "").strip()
        if "\t" in line:
            if line in seen_rows:
                continue
            seen_rows.add(line)
        if line:
            out.append(line)
    return out


def document_lines(path) -> list[str]:
    """The document's lines in order, leaving out the agency name and the quốc hiệu (the
    extraction of the seeds lost that part of the header block). Rows of an appendix table are
    joined with tabs, as in the seeds."""
    doc = docx.Document(str(path))
    lines = []
    for i, block in enumerate(iter_block(doc)):
        if not hasattr(block, "rows"):
            if block.text.strip():
                lines.append(block.text)
        elif block.rows[0]._tr.xpath("./w:trPr/w:tblHeader"):
            for row in block.rows:
                cells = {id(c._tc): c.text for c in row.cells}  # merged cells once
                lines.append("\t".join(cells.values()))
        else:
            rows = block.rows[1:] if i == 0 else block.rows
            lines += [
                p.text
                for row in rows
                for cell in row.cells
                for p in cell.paragraphs
                if p.text.strip()
            ]
    return lines


def words(lines: list[str]) -> list[str]:
    return " ".join(lines).split()


def body_labels(lines: list[str]) -> list[str]:
    """Numbering labels of the body: outside tables, before "Nơi nhận"."""
    body = []
    for line in lines:
        if line.startswith("Nơi nhận"):
            break
        if "\t" not in line:
            body.append(line)
    return labels(body)


@pytest.mark.parametrize("key", ["000", "001", "002"])
def test_example_reads_like_its_seed(examples, key):
    ours, ref = document_lines(examples[key]), reference_lines(key)
    ratio = difflib.SequenceMatcher(None, words(ours), words(ref), autojunk=False).ratio()
    assert ratio >= 0.98, f"word similarity {ratio:.4f}"


@pytest.mark.parametrize("key", ["000", "001", "002"])
def test_example_numbering_matches_seed(examples, key):
    ours = labels(p.text for p in body_paragraphs(docx.Document(str(examples[key]))))
    assert ours == body_labels(reference_lines(key))
    assert ours, "no numbering labels found"


def test_seed_001_appendix_rows_are_numbered_like_the_seed(examples):
    doc = docx.Document(str(examples["001"]))
    table = [b for b in iter_block(doc) if hasattr(b, "rows")][-1]
    ours = [row.cells[0].text for row in table.rows]
    ref = [line.split("\t")[0] for line in reference_lines("001") if "\t" in line]
    assert ours == ref
    assert ours[:4] == ["TT", "1", "1.1", "1.2"]
    assert [t for t in ours if t.isalpha() and t != "TT"] == ["a", "b", "c", "d"]
    assert all(p.text for p in table_paragraphs(table) if p.text.strip())
