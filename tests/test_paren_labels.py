"""A công văn's points numbered (1), (2) … (``numbering: paren``): written as such, restarting
under each item, checked in sequence, and read back by import as the same numbering, with the
points' fields as fields."""

from __future__ import annotations

import docx
import yaml

from generator.cli import main
from generator.read.check import FAIL, verdict

from .conftest import EXAMPLES, render_config
from .test_cong_van import assert_clean

EXAMPLE = next(p for p in EXAMPLES if p.name.startswith("004"))


def _points(path) -> list[list[str]]:
    """The (n) labels of each group of points, as printed."""
    groups: list[list[str]] = []
    for p in docx.Document(str(path)).paragraphs:
        if p.text[:1].isdigit() and ". " in p.text[:4]:
            groups.append([])
        elif p.text.startswith("(") and groups:
            groups[-1].append(p.runs[0].text.strip())
    return [g for g in groups if g]


def test_points_are_written_and_read_back_as_typed(tmp_path):
    config = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    path = render_config(EXAMPLE, tmp_path)
    counts = [len(n["children"]) for n in config["body"] if n.get("numbering") == "paren"]
    assert _points(path)[: len(counts)] == [[f"({i})" for i in range(1, c + 1)] for c in counts]
    assert_clean(path, "cong_van")
    back = tmp_path / "back.yaml"
    assert main(["import", str(path), "-o", str(back)]) == 0
    read = yaml.safe_load(back.read_text(encoding="utf-8"))
    for mine, theirs in zip(config["body"], read["body"], strict=True):
        assert theirs.get("numbering") == mine.get("numbering")
        for a, b in zip(mine.get("children", []), theirs.get("children", []), strict=True):
            text = b["text"] if isinstance(b["text"], str) else " ".join(b["text"])
            assert not text.startswith("(") and " ".join(a["text"].split()) == text
            for key in ("lead", "executing", "coordinating", "timeline"):
                assert (key in b) == (key in a), key  # a field, not text
    again = render_config(back, tmp_path / "again")
    assert _points(again) == _points(path)


def test_a_point_out_of_sequence_is_found(tmp_path):
    path = render_config(EXAMPLE, tmp_path)
    doc = docx.Document(str(path))
    second = next(p for p in doc.paragraphs if p.text.startswith("(2) "))
    second.runs[0].text = "(3) "
    broken = tmp_path / "broken.docx"
    doc.save(str(broken))
    (result,) = [r for r in verdict(broken).results if r.rule.id == "numbering"]
    assert result.status == FAIL
    assert any("«3» where «2» was expected" in str(f) for f in result.findings)
