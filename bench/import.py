"""``vanban import``: how faithfully and how fast a plan comes back.

For each plan in ../shared/realdocs (the KẾ HOẠCH and CHƯƠNG TRÌNH files): import it, render the
config, and compare the words of the original with those of the re-rendered document (numbers
and labels included; word-level similarity, difflib). For the examples: render → import → render.
Prints the similarity and the import time (processor seconds, the fastest of three) of each
file.

    python bench/import.py
"""

from __future__ import annotations

import difflib
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import docx  # noqa: E402

from generator.config.load import load_text  # noqa: E402
from generator.pipeline import model_of, write_document  # noqa: E402
from generator.read.document import read  # noqa: E402
from generator.read.importer import plan, to_yaml  # noqa: E402
from generator.read.lines import paragraphs  # noqa: E402

REALDOCS = ROOT.parent / "shared" / "realdocs"
PLANS = ["kh-cchc-2026-2030-lam-dong.docx", "kh-cchc-2026-lam-dong.docx",
         "kh-kiem-tra-cchc-2026-lam-dong.docx", "kh-khao-sat-phu-tho-2012.docx"]  # fmt: skip


def words(path: Path) -> list[str]:
    """Every word of a document, tables included, in order (header and footer left out), as
    NFC (vanban writes precomposed text whatever it read)."""
    text = " ".join(p.text for p in paragraphs(docx.Document(str(path))))
    return unicodedata.normalize("NFC", text).split()


def similarity(a: list[str], b: list[str]) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def round_trip(path: Path, out: Path) -> tuple[float, float, Path]:
    """(similarity, import seconds, re-rendered .docx) of one plan; the import timed three
    times in processor seconds, the fastest kept (the first pays Python's warm-up; processor
    time does not count the other programs of a shared machine)."""
    times = []
    for _n in range(3):
        start = time.process_time()
        imported = plan(read(path))
        text = to_yaml(imported, path.name, str(out / f"{path.stem}.yaml"))
        times.append(time.process_time() - start)
    seconds = min(times)
    model = model_of(load_text(text, f"{path.stem}.yaml"))
    again = write_document(model, out / "again", path.stem).path
    return similarity(words(path), words(again)), seconds, again


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        print(f"{'file':44} {'similarity':>10} {'import s':>9}")
        for name in PLANS:
            score, seconds, _ = round_trip(REALDOCS / name, out)
            print(f"{name:44} {score:10.4f} {seconds:9.2f}")
        for config in sorted((ROOT / "configs" / "examples").glob("*.yaml")):
            rendered = write_document(model_of(config), out / "ex").path
            score, seconds, _ = round_trip(rendered, out)
            print(f"{config.name:44} {score:10.4f} {seconds:9.2f}")


if __name__ == "__main__":
    main()
