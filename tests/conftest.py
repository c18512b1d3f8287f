"""Shared helpers: render configs and read the .docx they produce."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
import yaml
from docx.document import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from generator.i18n import set_language
from generator.load import load
from generator.model import build
from generator.render import write
from generator.validate import validate

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "configs" / "examples").glob("*.yaml"))
SEEDS = ROOT.parent / "shared" / "seeds"

# The smallest valid config; tests override parts of it.
MINIMAL = {
    "kind": "ke_hoach",
    "number": 7,
    "date": "2026-05-07",
    "ward": {"name": "Nhị Chiểu"},
    "subject": "Thực hiện công tác dân vận năm {{ year }}",
    "body": [{"heading": "MỤC ĐÍCH", "text": "Nội dung."}],
    "recipients": ["UBND thành phố"],
    "signer": {"name": "Nguyễn Văn A"},
}


@pytest.fixture(autouse=True)
def english_messages(monkeypatch):
    """Messages in English whatever the machine's locale (main() reads it)."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    set_language("en")
    yield
    set_language("en")


def render_config(path: Path, out_dir: Path) -> Path:
    return write(build(validate(load(path))), out_dir)


def write_yaml(tmp_path: Path, data: dict, name: str = "ward.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def render_dict(tmp_path: Path, **overrides) -> Document:
    """Render MINIMAL with ``overrides`` and open the result."""
    path = write_yaml(tmp_path, {**MINIMAL, **overrides})
    return docx.Document(str(render_config(path, tmp_path / "out")))


@pytest.fixture(scope="session")
def examples(tmp_path_factory) -> dict[str, Path]:
    """Every example config rendered once: name prefix (000, 001, 002) -> .docx path."""
    out = tmp_path_factory.mktemp("examples")
    return {p.name[:3]: render_config(p, out) for p in EXAMPLES}


def iter_block(doc: Document):
    """Paragraphs and tables of the body, in document order."""
    for child in doc.element.body.iterchildren():
        if child.tag.endswith("}p"):
            yield Paragraph(child, doc)
        elif child.tag.endswith("}tbl"):
            yield Table(child, doc)


def table_paragraphs(table: Table):
    for row in table.rows:
        seen = set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            yield from cell.paragraphs


def all_paragraphs(doc: Document):
    for block in iter_block(doc):
        if isinstance(block, Paragraph):
            yield block
        else:
            yield from table_paragraphs(block)


def body_paragraphs(doc: Document) -> list[Paragraph]:
    """Paragraphs outside tables, with text."""
    return [b for b in iter_block(doc) if isinstance(b, Paragraph) and b.text.strip()]


LABEL = re.compile(r"^(?:[IVXLC]+\.|\d+(?:\.\d+)*\.|[a-zđ]\)|[-+])(?=\s)")


def labels(lines) -> list[str]:
    return [m.group() for line in lines if (m := LABEL.match(line.strip()))]


def style_attr(paragraph: Paragraph, getter):
    """Effective paragraph-level value: the paragraph's own, else its style chain's."""
    value = getter(paragraph)
    style = paragraph.style
    while value is None and style is not None:
        value = getter(style)
        style = style.base_style
    return value


def font_attr(paragraph: Paragraph, name: str):
    """Effective font attribute (size, bold, italic) of the paragraph's text runs."""
    values = set()
    for run in paragraph.runs:
        if not run.text.strip():
            continue
        value = getattr(run.font, name)
        style = paragraph.style
        while value is None and style is not None:
            value = getattr(style.font, name)
            style = style.base_style
        values.add(value)
    assert len(values) <= 1, f"mixed {name} in {paragraph.text!r}: {values}"
    return values.pop() if values else None
