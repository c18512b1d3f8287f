"""``vanban import``: does a plan come back whole? The "Must show" measures of issue 22.

For each plan and report in ../shared/realdocs and each example retyped by
../shared/tools/retype_docx.py: import it, render the config again, and print

- ``twice``: lines of the re-rendered text whose label is printed twice ("1. 1.", "a) a)");
- ``kinds``: whether the sequence of label kinds (I. / 1. / 1.1. / a) / a. / - / + / •) is the
  same in both, as LibreOffice prints them to text (so Word's automatic numbering counts);
- ``tables``: data tables (3 or more grid columns) whose column count came back, of all;
- ``notes``: footnotes that came back (same text), of all;
- ``words``: word similarity of the two texts (difflib, NFC);
- ``track``: tasks ``vanban track`` lists, of the items the original assigns to an agency
  (body lines "… chủ trì / thực hiện …: value", rows of a table with such a column).

    python bench/fidelity.py [FILE.docx …]
"""

from __future__ import annotations

import difflib
import re
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lxml import etree  # noqa: E402

from generator.config.load import load_text  # noqa: E402
from generator.pipeline import model_of, write_document  # noqa: E402
from generator.read.document import read  # noqa: E402
from generator.read.importer import plan, to_yaml  # noqa: E402

SHARED = ROOT.parent / "shared"
REALDOCS = SHARED / "realdocs"
RETYPES = {
    "word": ["--numbering", "word"],
    "paper": ["--header", "breaks", "--signature", "paragraphs", "--styles", "direct", "--nfd"],
}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
KIND = re.compile(
    r"^(?:(?P<decimal>\d+(?:\.\d+)+\.?)|(?P<roman>[IVXLC]+\.)|(?P<arabic>\d+[.)])|"
    r"(?P<letter>[a-zđ]\))|(?P<letterdot>[a-zđ]\.)|(?P<dash>[-–])|(?P<plus>\+)|"
    r"(?P<bullet>[•●○▪■♦*]))(?=\s)"
)
LABEL = r"(?:\d+(?:\.\d+)*\.|[IVXLC]+\.|[a-zđ][.)]|[-+])"
TWICE = re.compile(rf"^{LABEL}\s+{LABEL}\s")
AGENCY = re.compile(r"chủ trì|(cơ quan|đơn vị) thực hiện")
ASSIGNED = re.compile(r"^[-+•]?\s*[^:]{0,30}(chủ trì|(cơ quan|đơn vị) thực hiện)[^:]{0,20}:\s*\S",
                      re.I)  # fmt: skip


def texts(paths: list[Path], out: Path) -> dict[Path, list[str]]:
    """Each document as LibreOffice prints it to text, as NFC lines."""
    profile = Path(tempfile.mkdtemp(prefix="lo-fidelity-"))
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         "txt:Text (encoded):UTF8", "--outdir", str(out), *map(str, paths)],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    result = {}
    for p in paths:
        raw = (out / f"{p.stem}.txt").read_text(encoding="utf-8-sig")
        result[p] = [unicodedata.normalize("NFC", ln).strip() for ln in raw.splitlines()]
    return result


def kinds(lines: list[str]) -> list[str]:
    out = []
    for ln in lines:
        m = KIND.match(ln)
        if m:
            # LibreOffice prints every Word bullet as "•", whatever its symbol ("-", ""):
            # a bullet and a typed dash are one kind here
            out.append("dash" if m.lastgroup == "bullet" else m.lastgroup or "")
    return out


def tables(path: Path) -> list[int]:
    """The grid column count of each table with 3 or more columns."""
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    counts = [len(t.findall(f"{W}tblGrid/{W}gridCol")) for t in root.iter(f"{W}tbl")]
    return [c for c in counts if c >= 3]


def footnotes(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        if "word/footnotes.xml" not in z.namelist():
            return []
        root = etree.fromstring(z.read("word/footnotes.xml"))
    out = []
    for note in root.iter(f"{W}footnote"):
        if note.get(f"{W}type") in (None, "normal"):
            text = " ".join(
                "".join(t.text or "" for t in p.iter(f"{W}t")) for p in note.iter(f"{W}p")
            )
            out.append(unicodedata.normalize("NFC", " ".join(text.split())))
    return out


def assigned(lines: list[str], path: Path) -> int:
    """Items the document assigns to an agency: field lines, and rows of task tables."""
    count = sum(1 for ln in lines if ASSIGNED.match(ln))
    import docx

    for table in docx.Document(str(path)).tables:
        if not table.rows:
            continue
        head = [unicodedata.normalize("NFC", c.text.lower()) for c in table.rows[0].cells]
        column = next((i for i, h in enumerate(head) if AGENCY.search(h)), None)
        if column is not None:  # the rows with an agency in that column
            count += sum(
                1
                for r in table.rows[1:]
                if len(r.cells) > column
                and r.cells[column].text.strip()
                and r.cells[column] is not r.cells[0]
            )
    return count


def measure(original: Path, out: Path) -> dict[str, object]:
    imported = plan(read(original))
    text = to_yaml(imported, original.name, f"{original.stem}.yaml")
    model = model_of(load_text(text, f"{original.stem}.yaml"))
    again = write_document(model, out / "again", original.stem).path
    return {"again": again, "tasks": len(model.tasks), "reviews": len(imported.reviews)}


def report(original: Path, again: Path, lines: dict[Path, list[str]], tasks: int) -> str:
    a, b = lines[original], lines[again]
    twice = sum(1 for ln in b if TWICE.match(ln))
    same_kinds = kinds(a) == kinds(b)
    if not same_kinds and "-v" in sys.argv:
        for op in difflib.SequenceMatcher(None, kinds(a), kinds(b), autojunk=False).get_opcodes():
            if op[0] != "equal":
                print(original.name, op, kinds(a)[op[1] : op[2]][:8], kinds(b)[op[3] : op[4]][:8])
    ta, tb = tables(original), tables(again)
    kept = sum(1 for x, y in zip(ta, tb, strict=False) if x == y) if len(ta) == len(tb) else 0
    na, nb = footnotes(original), footnotes(again)
    words = difflib.SequenceMatcher(None, " ".join(a).split(), " ".join(b).split(),
                                    autojunk=False).ratio()  # fmt: skip
    want = assigned(a, original)
    track = f"{min(tasks, want)}/{want}" if want else "-"
    notes = f"{sum(1 for n in na if n in nb)}/{len(na)}"
    return (f"{original.name[:46]:46} {twice:5} {'yes' if same_kinds else 'NO':>5} "
            f"{kept:>3}/{len(ta):<3} {notes:>6} {words:6.4f} {track:>8}")  # fmt: skip


def sources(tmp: Path) -> list[Path]:
    """The realdocs plans and reports, and the examples rendered and retyped."""
    found = sorted(REALDOCS.glob("kh-*.docx")) + sorted(REALDOCS.glob("bc-*.docx"))
    for config in sorted((ROOT / "configs" / "examples").glob("*.yaml")):
        rendered = write_document(model_of(config), tmp / "examples").path
        for name, options in RETYPES.items():
            target = tmp / "retyped" / f"{rendered.stem}-{name}.docx"
            target.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run([sys.executable, str(SHARED / "tools" / "retype_docx.py"),
                            str(rendered), str(target), *options], check=True)  # fmt: skip
            found.append(target)
    return found


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        files = [Path(a) for a in sys.argv[1:] if a != "-v"] or sources(tmp)
        results = {}
        for f in files:
            try:
                results[f] = measure(f, tmp)
            except Exception as error:  # a measure: report and go on
                print(f"{f.name}: {type(error).__name__}: {error}")
        lines = texts(list(results), tmp / "txt-original")
        lines |= texts([r["again"] for r in results.values()], tmp / "txt-again")  # type: ignore[misc]
        print(f"{'file':46} {'twice':>5} {'kinds':>5} {'tables':>7} {'notes':>6} "
              f"{'words':>6} {'track':>8}")  # fmt: skip
        for f, r in results.items():
            print(report(f, r["again"], lines, r["tasks"]))  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
