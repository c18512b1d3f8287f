"""Big and hostile inputs: the wall time and peak memory of each answer of vanban, run as the
clerk runs it (a fresh process per input). Each input is made here from an example.

    python bench/big.py

- 50,000 paragraphs (example 001's body repeated), checked and imported: refused with the count;
  19,500 (just under the limit): read;
- a 60 MB document.xml, of text or of empty paragraphs: refused with its size;
- a tiny file whose lists start at 10⁹, 2,000 numbered paragraphs: checked;
- a zip bomb (1 GB of zeros in 1 MB): refused;
- a 50 MB sheet and a stray value in XFD1048576: `track --update` and `report --from`.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VANBAN = [sys.executable, "-m", "generator", "--lang", "en"]
# vanban in a process that says its own peak memory when it ends
MEASURED = [
    sys.executable,
    "-c",
    "import atexit, resource, sys; atexit.register(lambda: print("
    "'peak', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)); "
    "from generator.cli import main; sys.exit(main(sys.argv[1:]))",
    "--lang",
    "en",
]
PLAN = ROOT / "configs" / "examples" / "001-viet-hoa-ke-hoach-dan-van.yaml"


def run(label: str, args: list[str]) -> None:
    """Run one command in a child process; print its time, peak memory and last line."""
    start = time.perf_counter()
    # started by a small shell, so that it does not inherit this process's high-water mark
    done = subprocess.run(["sh", "-c", '"$@"; exit $?', "sh", *MEASURED, *args],
                          capture_output=True, text=True, cwd=ROOT)  # fmt: skip
    seconds = time.perf_counter() - start
    lines = done.stderr.strip().splitlines()
    peak = int(lines.pop().split()[1]) if lines and lines[-1].startswith("peak ") else 0  # KiB
    said = (lines or done.stdout.strip().splitlines())[-1:] or [""]
    memory = f"{peak / 1024:.0f} MB"
    print(f"| {label} | {seconds:.1f} s | {memory} | exit {done.returncode}: {said[0][:90]} |")


def rewrite(src: Path, dest: Path, parts: dict, extra: dict[str, int] | None = None) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as z:
        for info in zin.infolist():
            data = zin.read(info.filename)
            change = parts.get(info.filename)
            z.writestr(info.filename, change(data) if change else data)
        for name, size in (extra or {}).items():  # zeros, written a megabyte at a time
            with z.open(name, "w", force_zip64=True) as f:
                for _ in range(size // 2**20):
                    f.write(bytes(2**20))
    return dest


def many_paragraphs(xml: bytes, count: int = 50_000) -> bytes:
    paragraphs = re.findall(rb"<w:p[ >].*?</w:p>", xml, flags=re.S)
    body = [p for p in paragraphs if b"<w:t" in p][20:60]
    filler = b"".join(body[i % len(body)] for i in range(count))
    at = xml.rindex(b"<w:sectPr")
    return xml[:at] + filler + xml[at:]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        subprocess.run([*VANBAN, "render", str(PLAN), "-o", tmp], check=True, capture_output=True,
                       cwd=ROOT)  # fmt: skip
        plan = next(out.glob("*.docx"))
        big = rewrite(plan, out / "50000.docx", {"word/document.xml": many_paragraphs})
        most = rewrite(plan, out / "19500.docx", {"word/document.xml": lambda x: many_paragraphs(
            x, 19_500)})  # fmt: skip
        text = rewrite(plan, out / "60mb-text.docx", {"word/document.xml": lambda x: x.replace(
            b"<w:body>", b"<w:body>" + b"".join(b"<w:p><w:r><w:t>%d %x</w:t></w:r></w:p>" % (
                i, i * 7919) for i in range(1_400_000)))})  # fmt: skip
        huge = rewrite(plan, out / "60mb.docx", {"word/document.xml": lambda x: x.replace(
            b"<w:body>", b"<w:body>" + b"<w:p/>" * 10_000_000)})  # fmt: skip
        typed = out / "typed.docx"
        tool = ROOT.parent / "shared" / "tools" / "retype_docx.py"
        if tool.is_file():
            subprocess.run([sys.executable, str(tool), str(plan), str(typed), "--numbering",
                            "word"], check=True, capture_output=True)  # fmt: skip
        else:
            typed = plan
        starts = rewrite(typed, out / "start.docx", {"word/numbering.xml": lambda x: re.sub(
            rb'w:start w:val="\d+"', b'w:start w:val="1000000000"', x)})  # fmt: skip
        bomb = rewrite(plan, out / "bomb.docx", {}, {"word/media/zeros.bin": 2**30})
        print("| input | time | peak memory | answer |")
        print("|---|---|---|---|")
        run("check, 50,000 paragraphs", ["check", str(big)])
        run("import, 50,000 paragraphs", ["import", str(big), "-o", str(out / "big.yaml")])
        run("check, 19,500 paragraphs (the most read)", ["check", str(most)])
        run("import, 19,500 paragraphs", ["import", str(most), "-o", str(out / "most.yaml")])
        run("check, 60 MB document.xml of text", ["check", str(text)])
        run("check, 60 MB document.xml, compressed 600×", ["check", str(huge)])
        run("check, lists starting at 10⁹", ["check", str(starts)])
        run("check, a 1 GB zip bomb", ["check", str(bomb)])
        book = out / "theo-doi.xlsx"
        subprocess.run([*VANBAN, "track", str(PLAN), "-o", str(book)], check=True,
                       capture_output=True, cwd=ROOT)  # fmt: skip
        rows = b"".join(b'<row r="%d"><c r="L%d" t="inlineStr"><is><t>ghi chep %d</t></is></c>'
                        b"</row>" % (i, i, i) for i in range(40, 700_000))  # fmt: skip
        sheet = rewrite(book, out / "50mb.xlsx", {"xl/worksheets/sheet1.xml": lambda x: x.replace(
            b"</sheetData>", rows + b"</sheetData>")})  # fmt: skip
        run("track --update, a 50 MB sheet", ["track", str(PLAN), "--update", str(sheet)])
        from openpyxl import load_workbook

        wb = load_workbook(book)
        wb["Theo dõi"]["XFD1048576"] = "lạc"
        wb.save(out / "stray.xlsx")
        run("track --update, a value in XFD1048576",
            ["track", str(PLAN), "--update", str(out / "stray.xlsx")])  # fmt: skip
        run("report --from, a value in XFD1048576", ["report", str(PLAN), "--period", "6m",
            "--from", str(out / "stray.xlsx"), "-o", str(out / "bc")])  # fmt: skip


if __name__ == "__main__":
    main()
