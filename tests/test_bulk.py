"""Bulk runs: layered configs, failures isolated and reported, safe and reproducible output."""

from __future__ import annotations

import csv
import hashlib
import unicodedata
from pathlib import Path

import docx
import pytest
import yaml

from generator.bulk import run
from generator.cli import main
from generator.config.layers import merge
from generator.config.load import load_text

from .conftest import MINIMAL, all_paragraphs

BASE = {k: v for k, v in MINIMAL.items() if k != "ward"}
BASE["subject"] = "Công tác dân vận năm {{ year }} trên địa bàn {{ ward.kind }} {{ ward.name }}"
BASE["recipients"] = ["UBND thành phố", "Sở Nội vụ"]


def write_base(tmp_path: Path, data: dict = BASE) -> Path:
    path = tmp_path / "base.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def write_table(path: Path, rows: list[dict]) -> Path:
    columns = list(dict.fromkeys(k for r in rows for k in r))
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def texts(path: Path) -> list[str]:
    return [p.text for p in all_paragraphs(docx.Document(str(path)))]


def test_layers_merge_deeply_replace_lists_and_append_with_plus():
    base = load_text(
        "ward: {kind: phường}\nrecipients: [A, B]\nbasis: [X]\nsigner: {name: N}\n", "base.yaml"
    )
    layer = load_text(
        "ward:\n  name: Lê Chân\nrecipients+: [C]\nbasis: [Y]\nsigner:\n  title: T\n",
        "le-chan.yaml",
    )
    merged = merge(base, layer)
    assert merged.data == {
        "ward": {"kind": "phường", "name": "Lê Chân"},
        "recipients": ["A", "B", "C"],
        "basis": ["Y"],
        "signer": {"name": "N", "title": "T"},
    }
    assert merged.origin_of(("recipients", 2)) == ("le-chan.yaml", 3)
    assert merged.origin_of(("recipients", 0)) == ("base.yaml", 2)
    assert merged.origin_of(("signer", "name")) == ("base.yaml", 4)
    assert merged.origin_of(("signer", "title")) == ("le-chan.yaml", 6)
    assert merged.origin_of(("basis", 0)) == ("le-chan.yaml", 4)


@pytest.fixture
def twenty_wards(tmp_path):
    """18 good wards, a bad table row and a bad YAML file."""
    rows = [{"ward": f"Phường Số {i}", "kind": "phường", "number": str(i + 1)} for i in range(17)]
    rows.insert(5, {"ward": "Hỏng", "kind": "phường", "number": "mười"})  # bad row: line 7
    table = write_table(tmp_path / "wards.csv", rows)
    folder = tmp_path / "wards"
    folder.mkdir()
    (folder / "le-chan.yaml").write_text(
        "ward:\n  name: Lê Chân\n  place: Phường Lê Chân\nsigner:\n  name: Trần B\n",
        encoding="utf-8",
    )
    (folder / "vo-hong.yaml").write_text("ward:\n  name: [Võ\n", encoding="utf-8")
    return write_base(tmp_path), [table, folder]


def test_failures_are_isolated_and_reported(tmp_path, twenty_wards, capsys):
    base, wards = twenty_wards
    out = tmp_path / "out"
    code = main(
        [
            "bulk",
            str(base),
            "--wards",
            str(wards[0]),
            "--wards",
            str(wards[1]),
            "-o",
            str(out),
            "-j",
            "2",
        ]
    )
    err = capsys.readouterr().err
    assert code == 1
    documents = sorted(out.glob("*.docx"))
    assert len(documents) == 18
    assert f"Hỏng: {wards[0]}:7: number: must be a whole number" in err
    assert f"{wards[1] / 'vo-hong.yaml'}:3: invalid YAML" in err
    assert "18 documents written" in err and "2 ward(s) failed" in err
    with (out / "manifest.csv").open(encoding="utf-8-sig") as f:
        manifest = list(csv.DictReader(f))
    assert len(manifest) == 18 and manifest[0]["ward"] == "Phường Số 0"
    for row in manifest:
        data = (out / row["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row["sha256"]
        assert int(row["tasks"]) == 0 and len(row["config_sha256"]) == 64
    le_chan = texts(out / "KH-le-chan-07-2026.docx")
    assert any(t.startswith("Phường Lê Chân, ngày 07 tháng 5 năm 2026") for t in le_chan)
    assert "TM. ỦY BAN NHÂN DÂN" in le_chan and "Trần B" in le_chan


def test_hostile_ward_names_stay_inside_with_readable_names(tmp_path):
    names = ["../x", "CON", "a/b", "Đông Hải", "Đông Hải", "..\\..\\evil", "???", "nul.txt"]
    rows = [
        {"ward": n, "province": p}
        for n, p in zip(names, ["", "", "", "Hải Phòng", "Cà Mau", "", "", ""], strict=True)
    ]
    out = tmp_path / "out"
    report = run(
        write_base(tmp_path, {**BASE, "signer": {"name": "A"}}),
        [write_table(tmp_path / "w.csv", rows)],
        out,
        workers=1,
        progress=False,
    )
    assert report.failures == [  # a name without letters is no ward's name
        f"???: {tmp_path / 'w.csv'}:8: ward.name: must be the ward's name (found «???»)"
    ]
    files = sorted(p.name for p in out.iterdir() if p.suffix == ".docx")
    assert files == sorted(
        [
            "KH-x-07-2026.docx",
            "KH-con-07-2026.docx",
            "KH-a-b-07-2026.docx",
            "KH-dong-hai-hai-phong-07-2026.docx",
            "KH-dong-hai-ca-mau-07-2026.docx",
            "KH-evil-07-2026.docx",
            "KH-nul-txt-07-2026.docx",
        ]
    )
    assert all(p.parent == out for p in out.rglob("*.docx"))
    assert not list(tmp_path.glob("*.docx")) and not (tmp_path.parent / "x").exists()


def test_runs_are_byte_identical_and_j1_equals_j2(tmp_path):
    rows = [{"ward": f"Xã {i}", "kind": "xã"} for i in range(6)]
    table = write_table(tmp_path / "w.csv", rows)
    base = write_base(tmp_path)
    outputs = []
    for name, workers in (("a", 1), ("b", 2), ("c", 2)):
        run(base, [table], tmp_path / name, workers=workers, progress=False)
        outputs.append({p.name: p.read_bytes() for p in (tmp_path / name).iterdir()})
    assert len(outputs[0]) == 7  # 6 documents and the manifest
    assert outputs[0] == outputs[1] == outputs[2]


def test_table_values_are_data_and_nfd_becomes_nfc(tmp_path):
    nfd = unicodedata.normalize("NFD", "Việt Hoà")
    rows = [{"ward": nfd, "signer.name": "Trần Thị Mai", "date": "05/01/2026",
             "vars.unit": "Phòng Văn hóa & <Xã hội>"}]  # fmt: skip
    base = write_base(tmp_path, {**BASE, "closing": "Liên hệ {{ vars.unit }}."})
    out = tmp_path / "out"
    report = run(base, [write_table(tmp_path / "w.csv", rows)], out, workers=1, progress=False)
    assert not report.failures, report.failures
    (path,) = out.glob("*.docx")
    assert path.name == "KH-viet-hoa-07-2026.docx"
    lines = texts(path)
    assert "Liên hệ Phòng Văn hóa & <Xã hội>./." in lines and "Trần Thị Mai" in lines
    assert "PHƯỜNG VIỆT HOÀ" in lines and unicodedata.normalize("NFC", nfd) == "Việt Hoà"
    assert any(t == "Việt Hoà, ngày 05 tháng 01 năm 2026" for t in lines)
    assert all(unicodedata.is_normalized("NFC", t) for t in lines)


def test_table_cells_are_never_evaluated_and_markup_never_printed(tmp_path):
    rows = [{"ward": "An Hưng", "signer.name": "{{ 7*7 }}", "vars.unit": "{{ ''.__class__ }}"},
            {"ward": "Tân Lập"}]  # fmt: skip
    base = write_base(tmp_path, {**BASE, "closing": "Liên hệ {{ vars.unit | default('') }}."})
    out = tmp_path / "out"
    report = run(base, [write_table(tmp_path / "w.csv", rows)], out, workers=1, progress=False)
    table = tmp_path / "w.csv"
    assert report.written == 1 and report.failed == 1
    assert report.failures == [
        f"An Hưng: {table}:2: signer.name: a table cell is data, not an expression: "
        "«{{ 7*7 }}» would print its braces; remove them",
        f"An Hưng: {table}:2: vars.unit: a table cell is data, not an expression: "
        "«{{ ''.__class__ }}» would print its braces; remove them",
    ]
    assert [p.name for p in out.glob("*.docx")] == ["KH-tan-lap-07-2026.docx"]


def test_xlsx_table(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["ward", "kind", "number", "signer.name"])
    sheet.append(["An Hưng", "xã", 12, "Phạm C"])
    book.save(tmp_path / "w.xlsx")
    out = tmp_path / "out"
    report = run(write_base(tmp_path), [tmp_path / "w.xlsx"], out, workers=1, progress=False)
    assert not report.failures, report.failures
    lines = texts(out / "KH-an-hung-12-2026.docx")
    assert "XÃ AN HƯNG" in lines and "Số: 12/KH-UBND" in lines and "Phạm C" in lines


def test_bundled_haiphong_run(haiphong_run):
    report, out = haiphong_run
    assert not report.failures, report.failures[:3]
    assert report.written == 114 == len(list(out.glob("*.docx")))
    lines = texts(out / "KH-nhi-chieu-du-thao-2026.docx")
    assert "PHƯỜNG NHỊ CHIỂU" in lines and "Lãnh Duy Tiến" in lines
