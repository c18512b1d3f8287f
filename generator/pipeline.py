"""The one orchestration of each direction, shared by the CLI, bulk, the editor and the tests.

Writing: config → load → expand and validate → model → render → write. Reading: a Word file →
structure → config text (import), and a config's text → next year's draft (rollover)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from .config.load import Source, load
from .config.rollover import Rolled, roll_config
from .config.validate import validate
from .files import output_name, write_file
from .write.model import DocModel, build
from .write.render import render_bytes


@dataclass(frozen=True)
class Written:
    path: Path
    sha256: str


def model_of(config: str | Path | Source) -> DocModel:
    """The document model of a config file (or of a loaded, possibly merged, source)."""
    return build(validate(config if isinstance(config, Source) else load(config)))


def write_document(model: DocModel, out_dir: Path, stem: str | None = None) -> Written:
    """Render ``model`` and write it atomically under ``out_dir``, named by ``output_name``."""
    data = render_bytes(model)
    path = write_file(out_dir / output_name(model, stem), data)
    return Written(path, hashlib.sha256(data).hexdigest())


@dataclass(frozen=True)
class Imported:
    """A Word plan as config text, and what to check by hand in it."""

    text: str
    reviews: list[str] = field(default_factory=list)  # messages, in the order of the text
    notes: list[str] = field(default_factory=list)  # rollover's warnings


def import_plan(docx: Path, dest: Path, year: int | None = None) -> Imported:
    """The plan typed in ``docx`` as the text of a config to be written at ``dest``; with
    ``year``, rolled to that year's draft (which checks it first)."""
    from .read.document import read
    from .read.importer import plan, to_yaml

    imported = plan(read(docx))
    text = to_yaml(imported, docx.name, str(dest))
    reviews = [message for _path, message in imported.reviews]
    if not year:
        return Imported(text, reviews)
    rolled = roll_config(text, dest, year, dest)
    return Imported(rolled.text, reviews + [r.message for r in rolled.reviews], rolled.notes)


def roll(text: str, path: Path, year: int, dest: Path) -> Rolled:
    """The config text of the file ``path`` (as edited, perhaps unsaved) rolled to ``year``,
    named ``dest``, its lineage pointing at ``path``."""
    return roll_config(text, path, year, dest, hashlib.sha256(text.encode("utf-8")).hexdigest())
