"""Word's automatic bullets come back as Word bullets: an imported list (or an item's field
lines) whose items Word bulleted is written with ``w:numPr`` to a bullet level with the same
glyph, no typed "- " before the text; the checker passes it; import → render → import gives the
same config."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from lxml import etree

from generator.config.load import load_text
from generator.pipeline import model_of, write_document
from generator.read.check import check, failed_errors
from generator.read.document import read
from generator.read.importer import plan, to_yaml

from .conftest import EXAMPLES, ROOT, needs_shared

RETYPE = ROOT.parent / "shared" / "tools" / "retype_docx.py"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NUMBERING = "word/numbering.xml"
# the examples whose body has "-" lines (lists or field lines) for retype to bullet
BULLETED = [p for p in EXAMPLES if p.name[:3] in ("000", "002", "007")]


def _bullets(path: Path) -> dict[str, str]:
    """Text of each Word-bulleted body paragraph -> the glyph (lvlText) Word draws before it."""
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read(NUMBERING))
    abstract = {
        a.get(f"{W}abstractNumId"): {
            lvl.get(f"{W}ilvl"): (lvl.find(f"{W}numFmt").get(f"{W}val"),
                                  lvl.find(f"{W}lvlText").get(f"{W}val"))
            for lvl in a.iter(f"{W}lvl")
        } for a in root.iter(f"{W}abstractNum")
    }  # fmt: skip
    nums = {n.get(f"{W}numId"): n.find(f"{W}abstractNumId").get(f"{W}val")
            for n in root.iter(f"{W}num")}  # fmt: skip
    out = {}
    for p in docx.Document(str(path)).paragraphs:
        num_pr = p._p.find(f"{W}pPr/{W}numPr")
        if num_pr is None:
            continue
        num_id = num_pr.find(f"{W}numId").get(f"{W}val")
        ilvl = num_pr.find(f"{W}ilvl").get(f"{W}val")
        fmt, glyph = abstract[nums[num_id]][ilvl]
        if fmt == "bullet":
            out[p.text.strip()] = glyph
    return out


def _retyped(example: Path, tmp: Path, glyphs: dict[str, str] | None = None) -> Path:
    """``example`` rendered, then retyped with Word's numbering; ``glyphs`` swaps bullet
    glyphs ("-" -> "•") in its numbering part as other Word lists draw them."""
    rendered = write_document(model_of(example), tmp / "rendered").path
    typed = tmp / "typed.docx"
    subprocess.run([sys.executable, str(RETYPE), str(rendered), str(typed), "--numbering",
                    "word"], check=True, capture_output=True)  # fmt: skip
    if glyphs:
        with zipfile.ZipFile(typed) as z:
            parts = {n: z.read(n) for n in z.namelist()}
        root = etree.fromstring(parts[NUMBERING])
        for lvl in root.iter(f"{W}lvl"):
            text = lvl.find(f"{W}lvlText")
            if lvl.find(f"{W}numFmt").get(f"{W}val") == "bullet":
                text.set(f"{W}val", glyphs.get(text.get(f"{W}val"), text.get(f"{W}val")))
        parts[NUMBERING] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
        with zipfile.ZipFile(typed, "w") as z:
            for name, content in parts.items():
                z.writestr(name, content)
    return typed


def _import(path: Path) -> str:
    return to_yaml(plan(read(path)), path.name, f"{path.stem}.yaml")


def _render(text: str, out: Path) -> Path:
    return write_document(model_of(load_text(text, "imported.yaml")), out, "again").path


@needs_shared
@pytest.mark.parametrize("example", BULLETED, ids=lambda p: p.name[:3])
@pytest.mark.parametrize("glyphs", [None, {"-": "•", "+": "◦"}, {"-": "\uf0b7", "+": "▪"}],
                         ids=["dash", "dot", "symbol"])  # fmt: skip
def test_word_bullets_come_back_as_word_bullets_with_their_glyphs(tmp_path, example, glyphs):
    typed = _retyped(example, tmp_path, glyphs)
    original = _bullets(typed)
    assert original, "retype made no Word bullets"
    config = _import(typed)
    again = _render(config, tmp_path / "again")
    rendered = _bullets(again)
    assert rendered == original  # every bulleted paragraph, with its glyph, no typed "- "
    texts = [p.text for p in docx.Document(str(again)).paragraphs]
    assert not [t for t in texts if t.startswith(("- ", "+ ")) and t[2:].strip() in original]
    assert failed_errors(check(again)) == 0
    assert yaml.safe_load(_import(again)) == yaml.safe_load(config)


@needs_shared
def test_typed_dashes_stay_typed(tmp_path):
    """A plan typed with "- " by hand imports without Word bullets and prints typed dashes."""
    rendered = write_document(model_of(BULLETED[0]), tmp_path / "rendered").path
    config = _import(rendered)
    assert "bullet" not in config
    again = _render(config, tmp_path / "again")
    assert not _bullets(again)
    assert any(p.text.startswith("- ") for p in docx.Document(str(again)).paragraphs)


def _leaf_lists(nodes: list[dict]) -> list[dict]:
    """The items of ``nodes`` (at any depth) whose children are all one-paragraph leaves."""
    out = []
    for node in nodes:
        kids = node.get("children", [])
        if kids and all("children" not in k and "text" in k for k in kids):
            out.append(node)
        out += _leaf_lists(kids)
    return out


def test_a_config_bullet_list_is_written_as_word_bullets(tmp_path):
    """``numbering: bullet`` with no glyph draws "•"; ``field_style: bullet`` bullets the
    item's field lines with its glyph."""
    text = (ROOT / "configs" / "examples" / "000-nhi-chieu-ke-hoach-dan-van.yaml").read_text(
        encoding="utf-8")  # fmt: skip
    data = yaml.safe_load(text)
    listed = _leaf_lists(data["body"])[0]
    listed["numbering"] = "bullet"
    data["body"][1]["children"][0].update(field_style="bullet", bullet="◦", lead="Phòng VH-XH")
    out = _render(yaml.safe_dump(data, allow_unicode=True), tmp_path)
    bullets = _bullets(out)
    assert set(bullets.values()) == {"•", "◦"}
    assert sum(1 for g in bullets.values() if g == "•") == len(listed["children"])
    assert bullets["Cơ quan chủ trì: Phòng VH-XH."] == "◦"
    assert failed_errors(check(out)) == 0
