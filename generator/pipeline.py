"""The one orchestration of the writing side: config → document model → written .docx.

load → expand and validate → model → render → write. The CLI, bulk, rollover and the tests all
go through these two functions."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .config.load import Source, load
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
