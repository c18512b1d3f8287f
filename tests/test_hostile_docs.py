"""Hostile and damaged Word files, made here from a real plan: each gets one clear line from
`vanban check` and `vanban import` (exit 1, never an internal error), and text inside content
controls, hyperlinks and fields is read like any other."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cli import main

from .conftest import EXAMPLES, ROOT, needs_shared, render_config

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(
        f'<!ENTITY {n} "{("&" + p + ";") * 10}">'.encode()
        for p, n in zip("abcdefg", "bcdefgh", strict=True)
    )
    + b"]><x>&h;</x>"
)
EXTERNAL = (
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    b'<w:styles xmlns:w="' + W.encode() + b'">&e;</w:styles>'
)


@pytest.fixture(scope="module")
def plan(tmp_path_factory) -> Path:
    return render_config(EXAMPLES[1], tmp_path_factory.mktemp("plan"))


def variant(
    src: Path,
    dest: Path,
    parts: dict[str, bytes | Callable[[bytes], bytes]],
    extra: list[tuple[str, bytes]] = (),
    drop: tuple[str, ...] = (),
) -> Path:
    """A copy of ``src`` with some parts replaced, added or dropped."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as z:
        for info in zin.infolist():
            if info.filename in drop:
                continue
            data = zin.read(info.filename)
            new = parts.get(info.filename)
            z.writestr(info.filename, new(data) if callable(new) else data if new is None else new)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Duplicate name"
            for name, data in extra:
                z.writestr(name, data)
    return dest


def starts(value: bytes) -> Callable[[bytes], bytes]:
    return lambda xml: re.sub(rb'w:start w:val="\d+"', b'w:start w:val="' + value + b'"', xml)


def page(attr: bytes, value: bytes) -> Callable[[bytes], bytes]:
    return lambda xml: re.sub(rb"(<w:pgSz[^>]*?w:" + attr + rb'=")\d+', rb"\g<1>" + value, xml)


# name -> (how the file is made from the plan, what the one line says)
CASES: dict[str, tuple[Callable[[Path, Path], Path], str]] = {
    **{
        f"{what}-{part.split('/')[-1]}": (
            lambda src, dest, part=part, data=data: variant(src, dest, {part: data}),
            message.format(part=re.escape(part)),
        )
        for part in (
            "word/styles.xml",
            "word/theme/theme1.xml",
            "word/settings.xml",
            "word/numbering.xml",
            "word/document.xml",
            "[Content_Types].xml",
        )
        for what, data, message in (
            ("not-xml", b"this is not XML", r"a damaged \.docx: {part} is not valid XML: open it"),
            ("empty", b"", r"a damaged \.docx: {part} is not valid XML"),
            ("bomb", BOMB, r"{part} declares entities \(a DTD\), which Word never writes"),
            ("external", EXTERNAL, r"{part} declares entities \(a DTD\)"),
        )
    },
    "missing-styles": (
        lambda s, d: variant(s, d, {}, drop=("word/styles.xml",)),
        r"a damaged \.docx: a part is missing \(.*word/styles\.xml",
    ),
    "twice": (
        lambda s, d: variant(s, d, {}, extra=[("word/document.xml", b"<x/>")]),
        r"the zip holds word/document\.xml twice: open it in Word and save it again",
    ),
    "large": (
        lambda s, d: variant(s, d, {}, extra=[("word/media/a.bin", b"\0" * 210_000_000)]),
        r"unpacks to 210\.\d MB: too large for a document",
    ),
    "bomb-member": (
        lambda s, d: variant(s, d, {}, extra=[("word/media/a.bin", b"\0" * 9_000_000)]),
        r"word/media/a\.bin unpacks from 0\.0 to 9\.0 MB \(a zip bomb\?\)",
    ),
    "page-zero": (
        lambda s, d: variant(s, d, {"word/document.xml": page(b"w", b"0")}),
        r"section 1 has an impossible page size or margins: open it in Word, set the",
    ),
    "page-huge": (
        lambda s, d: variant(s, d, {"word/document.xml": page(b"h", b"9" * 20)}),
        r"section 1 has an impossible page size",
    ),
    "page-text": (
        lambda s, d: variant(s, d, {"word/document.xml": page(b"h", b"A4")}),
        r"section 1 has an impossible page size",
    ),
    "odt": (
        lambda s, d: variant(
            s,
            d,
            {},
            drop=("word/document.xml",),
            extra=[("mimetype", b"application/vnd.oasis.opendocument.text")],
        ),
        r"an OpenDocument file \(\.odt\): open it and save it as \.docx",
    ),
    "ods": (
        lambda s, d: _write(
            d,
            _zip(
                {
                    "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                    "content.xml": b"<x/>",
                }
            ),
        ),
        r"an OpenDocument file \(\.ods\), not a text document",
    ),
    "password": (
        lambda s, d: _write(d, _ole("EncryptionInfo", "EncryptedPackage")),
        r"the file is password-protected: unlock it in Word",
    ),
    "truncated": (
        lambda s, d: _write(d, s.read_bytes()[:3000]),
        r"a damaged \.docx \(not a readable zip\)",
    ),
    "text": (lambda s, d: _write(d, b"Ke hoach so 7\n"), r"not a Word document \(\.docx\)"),
    "xlsx": (
        lambda s, d: _write(d, _zip({"xl/workbook.xml": b"<x/>"})),
        r"an Excel workbook, not a Word document",
    ),
}


def _write(dest: Path, data: bytes) -> Path:
    dest.write_bytes(data)
    return dest


def _zip(members: dict[str, bytes]) -> bytes:
    import io

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def _ole(*streams: str) -> bytes:
    """The shape of an OLE2 compound file whose directory names ``streams`` (what Word writes
    for a password-protected .docx)."""
    head = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    entries = b"".join(s.encode("utf-16-le").ljust(64, b"\0") + b"\0" * 64 for s in streams)
    return head + b"\0" * 512 + entries


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_damaged_or_hostile_file_gets_one_clear_line(plan, tmp_path, capsys, name):
    make, message = CASES[name]
    bad = make(plan, tmp_path / f"{name}.docx")
    assert main(["check", "--json", str(bad)]) == 1
    (report,) = json.loads(capsys.readouterr().out)
    assert re.search(message, report["error"]), report["error"]
    assert report["error"].startswith(f"{bad}: ")
    assert main(["import", str(bad), "-o", str(tmp_path / "plan.yaml")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and re.search(message, err), err
    assert "internal error" not in err and "Traceback" not in err
    assert not (tmp_path / "plan.yaml").exists()


def test_numbering_that_is_not_a_number_or_absurd_is_read(plan, tmp_path, capsys):
    """A start that is not a number reads as 1; one of 10⁹ as Word's largest (32767); neither
    costs time nor fails the read."""
    assert main(["check", "--json", str(plan)]) == 0
    good = json.loads(capsys.readouterr().out)[0]
    for value in (b"abc", b"1000000000", b"-5", b"9" * 30):
        bad = variant(plan, tmp_path / "n.docx", {"word/numbering.xml": starts(value)})
        main(["check", "--json", str(bad)])
        report = json.loads(capsys.readouterr().out)[0]
        assert report.get("error") is None and report["kind"] == good["kind"], value


@needs_shared
def test_huge_list_starts_give_labels_word_can_show(plan, tmp_path):
    from generator.read.document import read

    typed = tmp_path / "typed.docx"
    tool = ROOT.parent / "shared" / "tools" / "retype_docx.py"
    subprocess.run(
        [sys.executable, str(tool), str(plan), str(typed), "--numbering", "word"],
        check=True,
        capture_output=True,
    )
    huge = variant(typed, tmp_path / "huge.docx", {"word/numbering.xml": starts(b"1000000000")})
    labels = [ln.text.split()[0] for ln in read(huge).body if ln.auto_label]
    assert labels and all(len(label) < 12 for label in labels), labels[:5]
    assert "32767." in labels or "XXXMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMDCCLXVII." not in labels


def _wrap_in_controls(xml: bytes) -> bytes:
    """Every paragraph and table of the body inside a block content control, every run of a
    table cell inside an inline one, and the runs of every other body paragraph inside a
    hyperlink or a simple field, the way Word's templates and forms hold them."""
    from lxml import etree

    root = etree.fromstring(xml)
    q = f"{{{W}}}"
    body = root.find(f"{q}body")

    def wrap(el, tag: str, content: bool = True) -> None:
        outer = etree.Element(f"{q}{tag}")
        el.addprevious(outer)
        if content:
            etree.SubElement(outer, f"{q}sdtPr")
            inner = etree.SubElement(outer, f"{q}sdtContent")
        else:
            inner = outer
        inner.append(el)

    for i, p in enumerate(body.findall(f"{q}p")):
        runs = p.findall(f"{q}r")
        if runs and i % 3:
            holder = etree.Element(f"{q}{'hyperlink' if i % 3 == 1 else 'fldSimple'}")
            if i % 3 == 2:
                holder.set(f"{q}instr", " MERGEFIELD x ")
            runs[0].addprevious(holder)
            for r in runs:
                holder.append(r)
    for tc in body.iter(f"{q}tc"):
        for r in list(tc.iter(f"{q}r")):
            wrap(r, "sdt")
    for el in [c for c in body if c.tag in (f"{q}p", f"{q}tbl")]:
        wrap(el, "sdt")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


@pytest.mark.parametrize("example", [1, 3])
def test_text_in_content_controls_hyperlinks_and_fields_is_read(tmp_path, capsys, example):
    plan = render_config(EXAMPLES[example], tmp_path)
    wrapped = variant(plan, tmp_path / "forms.docx", {"word/document.xml": _wrap_in_controls})
    assert b"<w:sdtContent>" in zipfile.ZipFile(wrapped).read("word/document.xml")
    reports = []
    for path in (plan, wrapped):
        main(["check", "--json", str(path)])
        report = json.loads(capsys.readouterr().out)[0]
        reports.append({r["id"]: r["status"] for r in report["rules"]} | {"kind": report["kind"]})
    assert reports[0] == reports[1]
    texts = []
    for path in (plan, wrapped):
        out = tmp_path / f"{path.stem}.yaml"
        assert main(["import", str(path), "-o", str(out)]) == 0
        texts.append(out.read_text(encoding="utf-8").split("\n", 1)[1])  # past the source line
    assert texts[0] == texts[1]
    capsys.readouterr()


def test_a_document_too_long_or_too_large_is_refused_with_its_size(plan, tmp_path, monkeypatch,
                                                                  capsys):  # fmt: skip
    """The limits are lowered here so that the files stay small; bench/big.py runs the real
    ones (50,000 paragraphs, 60 MB)."""
    from generator.read import source

    monkeypatch.setattr(source, "MAX_PARAGRAPHS", 50)
    assert main(["import", str(plan), "-o", str(tmp_path / "p.yaml")]) == 1
    err = capsys.readouterr().err
    assert re.search(r"\d{3,} paragraphs, more than the 50 a document read here may have: "
                     r"split it", err), err  # fmt: skip
    monkeypatch.setattr(source, "MAX_PARAGRAPHS", 20_000)
    monkeypatch.setattr(source, "MAX_XML", 50_000)
    size = zipfile.ZipFile(plan).getinfo("word/document.xml").file_size
    assert main(["check", str(plan)]) == 1
    assert (f"its text (word/document.xml) is {size / 1e6:.1f} MB, more than 0.1 MB: too large "
            "to read; split the document") in capsys.readouterr().out  # fmt: skip


MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


@pytest.mark.parametrize("content_type", [
    "application/vnd.ms-word.document.macroEnabled.main+xml",  # .docm
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",  # .dotx
])  # fmt: skip
def test_a_macro_document_or_a_template_is_read_like_a_docx(plan, tmp_path, capsys, content_type):
    other = variant(plan, tmp_path / "plan.docm", {"[Content_Types].xml": lambda x: x.replace(
        MAIN.encode(), content_type.encode())})  # fmt: skip
    for path in (plan, other):
        main(["check", "--json", str(path)])
        report = json.loads(capsys.readouterr().out)[0]
        assert report["kind"] == "ke_hoach" and report["errors"] == 0, report.get("error")


def test_a_main_part_named_otherwise_is_found_and_strict_xml_is_named(plan, tmp_path, capsys):
    moved = tmp_path / "moved.docx"
    with zipfile.ZipFile(plan) as zin, zipfile.ZipFile(moved, "w") as z:
        for info in zin.infolist():
            data = zin.read(info.filename)
            name = info.filename.replace("word/document.xml", "word/document2.xml")
            name = name.replace("word/_rels/document.xml.rels", "word/_rels/document2.xml.rels")
            data = data.replace(b"/word/document.xml", b"/word/document2.xml")
            data = data.replace(b'Target="word/document.xml"', b'Target="word/document2.xml"')
            z.writestr(name, data)
    assert main(["check", "--json", str(moved)]) == 0
    assert json.loads(capsys.readouterr().out)[0]["kind"] == "ke_hoach"
    strict = variant(plan, tmp_path / "strict.docx", {"word/document.xml": lambda x: x.replace(
        W.encode(), b"http://purl.oclc.org/ooxml/wordprocessingml/main")})  # fmt: skip
    assert main(["check", "--json", str(strict)]) == 1
    assert json.loads(capsys.readouterr().out)[0]["error"] == (
        f"{strict}: a Strict Open XML document: open it in Word and save it as a Word Document "
        "(.docx)"
    )
