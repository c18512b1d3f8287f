"""Shared helpers: render configs and read the .docx they produce."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import docx
import pytest
import yaml
from docx.document import Document
from docx.table import Table
from docx.text.paragraph import Paragraph
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir

from generator import nd30
from generator.i18n import set_language
from generator.pipeline import model_of, write_document
from generator.read.effective import ParaFormat, Resolver, RunFormat
from generator.read.lines import blocks as iter_block
from generator.read.lines import cells, paragraphs

# Hypothesis keeps no example database and its other files in a temporary folder: nothing is
# written into the checkout (.hypothesis/).
_HYPOTHESIS_HOME = tempfile.mkdtemp(prefix="vanban-hypothesis-")
atexit.register(shutil.rmtree, _HYPOTHESIS_HOME, True)
set_hypothesis_home_dir(_HYPOTHESIS_HOME)
settings.register_profile("vanban", database=None)
settings.load_profile("vanban")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "configs" / "examples").glob("*.yaml"))
SEEDS = ROOT.parent / "shared" / "seeds"
# The reference plans live beside the checkout (../shared), not in it.
needs_shared = pytest.mark.skipif(
    not SEEDS.is_dir(), reason="../shared/seeds is not beside the checkout: no reference plans"
)

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
    return write_document(model_of(path), out_dir).path


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


def table_paragraphs(table: Table):
    for cell in cells(table):
        yield from cell.paragraphs


def all_paragraphs(doc: Document):
    return paragraphs(doc)


def body_paragraphs(doc: Document) -> list[Paragraph]:
    """Paragraphs outside tables, with text."""
    return [b for b in iter_block(doc) if isinstance(b, Paragraph) and b.text.strip()]


def labels(lines) -> list[str]:
    return [m.group() for line in lines if (m := nd30.OUTLINE_LABEL.match(line.strip()))]


def _resolver(paragraph: Paragraph) -> Resolver:
    return Resolver(paragraph.part.package.main_document_part.document)


def run_format(paragraph: Paragraph) -> RunFormat:
    """The effective format of the paragraph's text runs, as Word resolves it (all alike)."""
    formats = [f for _r, f in _resolver(paragraph).text_runs(paragraph)]
    assert formats and all(f == formats[0] for f in formats), f"mixed in {paragraph.text!r}"
    return formats[0]


def para_format(paragraph: Paragraph) -> ParaFormat:
    """The effective paragraph format, as Word resolves it."""
    return _resolver(paragraph).paragraph(paragraph)


HAI_PHONG = ROOT / "configs" / "haiphong-2026"


@pytest.fixture(scope="session")
def haiphong_run(tmp_path_factory):
    """The bundled 114-ward Hải Phòng bulk run, made once per test session: (report, folder)."""
    from generator.bulk import run

    out = tmp_path_factory.mktemp("haiphong")
    report = run(HAI_PHONG / "base.yaml", [HAI_PHONG / "wards.csv"], out, workers=2,
                 progress=False)  # fmt: skip
    return report, out


@pytest.fixture
def base_docx(tmp_path) -> Path:
    """A small rendered plan with five points, to break one rule at a time."""
    points = [{"text": f"Điểm số {i}."} for i in range(5)]
    body = [{"heading": "MỤC ĐÍCH", "children": [{"heading": "Mục đích", "children": points}]}]
    render_dict(tmp_path, body=body)
    return next((tmp_path / "out").glob("*.docx"))


def broken(base: Path, tmp_path: Path, change) -> Path:
    """A copy of ``base`` after ``change(doc)``."""
    doc = docx.Document(str(base))
    change(doc)
    path = tmp_path / "broken.docx"
    doc.save(str(path))
    return path
