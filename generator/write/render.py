"""Stage 4: lay the document model out in the .docx template, as the bytes of a .docx.

The template's tags are docxtpl's ({{ … }}, {%p … %} …); the template is patched and compiled
once per process and the package written by :mod:`package`, so a document costs one Jinja
render and one compression of its own parts."""

from __future__ import annotations

import contextvars
import functools
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import jinja2
from docxtpl import DocxTemplate
from markupsafe import Markup

from .. import nd30, textwidth
from ..errors import VanbanError
from ..i18n import _
from . import bullets, ooxml
from .model import AppendixModel, DocModel, Para, Run, TableModel
from .model.types import AttachedText
from .package import Entry, write_zip

_JINJA = jinja2.Environment(
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    finalize=lambda v: v if isinstance(v, Markup) or not isinstance(v, str) else ooxml.oneline(v),
)
# docxtpl's {{r …}} leaves the template's run around the runs it inserts, empty: dropped
_EMPTY_RUN = re.compile(r'<w:r>(?:<w:rPr>(?:(?!</w:r>).)*?</w:rPr>)?<w:t(?: xml:space="preserve")?>'
                        r"</w:t></w:r>|<w:r><w:t(?: xml:space=\"preserve\")?/></w:r>")  # fmt: skip
_SECT_PR = re.compile(r"<w:sectPr\b.*?</w:sectPr>", re.DOTALL)


# The footnotes referenced while a document is laid out, in order: their keys
_NOTES: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("notes", default=None)
# The Word bullet lists used, each its glyph per level (None: the template has no numbering part)
_BULLETS: contextvars.ContextVar[list[list[str]] | None] = contextvars.ContextVar(
    "bullets", default=None
)
_NUMBERING = "word/numbering.xml"


def _runs_xml(runs) -> str:
    out = []
    for r in runs:
        if r.note is None:
            out.append(ooxml.run(r.text, r.bold, r.italic))
            continue
        notes = _NOTES.get()
        if notes is not None:  # each reference its own footnote, as Word makes them
            notes.append(r.note)
            out.append(ooxml.footnote_reference(len(notes)))
    return "".join(out)


def _footnote_parts(model: DocModel, notes: list[str], template: Path) -> dict[str, bytes]:
    """word/footnotes.xml, and the content types and relationships that name it."""
    if not notes:
        return {}
    texts = [[
        "".join(ooxml.run(r.text, r.bold, r.italic, nd30.FOOTNOTE_PT) for r in runs)
        for runs in model.footnotes.get(key, [])] for key in notes]  # fmt: skip
    types, rels = _raw_parts(str(template))
    types = types.replace("</Types>", '<Override PartName="/word/footnotes.xml" '
                          f'ContentType="{ooxml.FOOTNOTES_TYPE}"/></Types>')  # fmt: skip
    rels = rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdVanbanFootnotes" '
        f'Type="{ooxml.FOOTNOTES_REL}" Target="footnotes.xml"/></Relationships>',
    )
    return {"[Content_Types].xml": types.encode("utf-8"),
            "word/_rels/document.xml.rels": rels.encode("utf-8"),
            "word/footnotes.xml": ooxml.footnotes(texts).encode("utf-8")}  # fmt: skip


@functools.lru_cache(maxsize=4)
def _raw_parts(template: str) -> tuple[str, str]:
    with zipfile.ZipFile(template) as z:
        return (z.read("[Content_Types].xml").decode("utf-8"),
                z.read("word/_rels/document.xml.rels").decode("utf-8"))  # fmt: skip


def _para_xml(p: Para) -> str:
    glyphs = _BULLETS.get()
    if p.bullet and glyphs is not None:  # Word draws the bullet
        num_pr = bullets.num_pr(*bullets.num_id(glyphs, p.bullet))
        return ooxml.paragraph(p.style, _runs_xml(p.runs), num_pr=num_pr)
    runs = (Run(f"{p.bullet[-1]} "), *p.runs) if p.bullet else p.runs  # no numbering part: typed
    return ooxml.paragraph(p.style, _runs_xml(runs))


def _numbering_part(glyphs: list[list[str]], template: Path) -> dict[str, bytes]:
    """word/numbering.xml with a Word bullet list for each glyph used."""
    if not glyphs:
        return {}
    with zipfile.ZipFile(template) as z:
        xml = z.read(_NUMBERING).decode("utf-8")
    return {_NUMBERING: bullets.numbering_xml(xml, glyphs).encode("utf-8")}


def _table_xml(table: TableModel) -> str:
    rows = [
        ([([_runs_xml(line) for line in c.lines], c.style, c.span, c.align, c.merge)
          for c in row.cells],
         row.header, row.keep)
        for row in table.rows
    ]  # fmt: skip
    return ooxml.table(table.widths_mm, rows)


def _body_xml(model: DocModel) -> str:
    return "".join(_table_xml(b) if isinstance(b, TableModel) else _para_xml(b) for b in model.body)


def _appendix_xml(appendix: AppendixModel) -> str:
    parts = [ooxml.paragraph("VBPhuLuc", ooxml.run(appendix.heading))] if appendix.heading else []
    parts += [_para_xml(p) for p in [*appendix.title, *appendix.subtitle]]
    if appendix.note:
        parts.append(_para_xml(appendix.note))
    ruled = [p.text for p in [*appendix.title, *appendix.subtitle]] or [appendix.heading]
    parts.append(ooxml.subject_rule(ruled, nd30.LANDSCAPE_TEXT_WIDTH_MM))
    parts += [_para_xml(p) for p in appendix.paragraphs]
    if appendix.table is not None and len(appendix.table.rows) > 1:
        parts.append(_table_xml(appendix.table))
    return "".join(parts)


def _appendices_xml(model: DocModel, prepared: PreparedTemplate) -> tuple[str, str | None]:
    """The appendices, each in its own landscape section; and the last section's properties."""
    if not model.appendices:
        return "", None
    land = prepared.landscape
    parts = [ooxml.section_break(prepared.portrait)]  # ends the signed document's portrait section
    for i, appendix in enumerate(model.appendices):
        if i:
            parts.append(ooxml.section_break(land))
        parts.append(_appendix_xml(appendix))
    parts.append(ooxml.section_break(""))  # Word needs a paragraph after a final table
    return "".join(parts), land


def _attached_xml(text: AttachedText, prepared: PreparedTemplate) -> tuple[str, str]:
    """The plan a decision issues, on a new page after it (its page numbers from 1), then
    its appendices; and the last section's properties."""
    own = ooxml.restarted(prepared.portrait)
    parts = [ooxml.section_break(prepared.portrait)]  # ends the decision's section
    parts.append(ooxml.paragraph("VBTenLoai", ooxml.run(text.title)))
    parts += [ooxml.paragraph("VBTrichYeu", ooxml.run(line)) for line in text.subject]
    parts.append(_para_xml(text.note))
    parts.append(ooxml.subject_rule(text.subject))
    parts += [_para_xml(p) for p in [*text.basis, *text.opening]]
    parts += [_table_xml(b) if isinstance(b, TableModel) else _para_xml(b) for b in text.body]
    parts += [_para_xml(p) for p in text.closing]
    last = own
    for i, appendix in enumerate(text.appendices):
        parts.append(ooxml.section_break(prepared.landscape if i else own))
        parts.append(_appendix_xml(appendix))
        last = prepared.landscape
    parts.append(ooxml.section_break(""))  # Word needs a paragraph after a final table
    return "".join(parts), last


def _context(model: DocModel, prepared: PreparedTemplate) -> tuple[dict, str | None]:
    head, sign = model.header, model.signature
    agency_rule = ooxml.rule(
        nd30.HEADER_LEFT_COLUMN_MM.value,
        textwidth.rule_length_pt(
            head.agency_lines, nd30.STYLES["VBCoQuan"].size, True, nd30.AGENCY_RULE.value
        ),
    )
    appendices, last_section = _appendices_xml(model, prepared)
    if model.attached is not None:  # validation refuses appendices of its own
        appendices, last_section = _attached_xml(model.attached, prepared)
    context = {
        "agency_parent": head.agency_parent,
        "agency_lines": head.agency_lines,
        "rule_agency": Markup(agency_rule),
        "number_text": head.number_text,
        "place_date": head.place_date,
        "title": model.title,
        "vv": Markup(ooxml.BREAK.join(ooxml.run(line) for line in model.vv)),
        "kinh_gui_line": model.kinh_gui_line,
        "kinh_gui_list": model.kinh_gui_list,
        "issuer": model.issuer,
        "proposal": [Markup(_runs_xml(p.runs)) for p in model.proposal],
        "enacts": model.enacts,
        "subject": model.subject,
        "rule_subject": Markup(ooxml.subject_rule(model.subject)),
        "basis": [Markup(_runs_xml(p.runs)) for p in model.basis],
        "opening": [Markup(_runs_xml(p.runs)) for p in model.opening],
        "body": Markup(_body_xml(model)),
        "closing": [Markup(_runs_xml(p.runs)) for p in model.closing],
        "recipients": sign.recipients,
        "recipients_note": sign.recipients_note,
        "signer_lines": sign.signer_lines,
        "signer_name": sign.signer_name,
        "appendices": Markup(appendices),
    }
    return context, last_section


_JINJA_MARK = re.compile(r"\{[{%]")
_CORE_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<dc:title>{title}</dc:title><dc:creator>{creator}</dc:creator>"
    "<cp:lastModifiedBy>vanban</cp:lastModifiedBy><cp:revision>1</cp:revision>"
    '<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
    '<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
    "</cp:coreProperties>"
)


@dataclass(frozen=True)
class PreparedTemplate:
    """A .docx template read, patched and compiled once: its Jinja parts, and every other part
    already compressed."""

    parts: tuple[tuple[str, Entry | jinja2.Template | None], ...]  # None: docProps/core.xml
    portrait: str  # the body's final section properties, as written in document.xml
    landscape: str  # the same for an appendix: landscape, page numbers from 1


@functools.lru_cache(maxsize=16)
def _prepare(path: str, mtime_ns: int) -> PreparedTemplate:
    patcher = DocxTemplate(path)  # only its tag patching ({%p …%}, {{r …}} …) is used
    parts: list[tuple[str, Entry | jinja2.Template | None]] = []
    portrait = ""
    try:
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                content = z.read(name)
                if name == "docProps/core.xml":
                    parts.append((name, None))
                    continue
                text = content.decode("utf-8") if name.endswith(".xml") else ""
                if name == "word/document.xml":
                    found = _SECT_PR.findall(text)
                    portrait = found[-1] if found else ""
                if name.startswith("word/") and _JINJA_MARK.search(text):
                    parts.append(
                        (name, _JINJA.from_string(_EMPTY_RUN.sub("", patcher.patch_xml(text))))
                    )
                else:
                    parts.append((name, Entry.deflate(name, content)))
    except (OSError, zipfile.BadZipFile, UnicodeDecodeError) as exc:
        raise VanbanError(
            _("{path}: not a usable .docx template: {detail}").format(path=path, detail=exc)
        ) from None
    except jinja2.TemplateError as exc:
        raise VanbanError(
            _("{path}: template error: {detail}").format(path=path, detail=exc)
        ) from None
    if not portrait:
        raise VanbanError(
            _("{path}: not a usable .docx template: {detail}").format(
                path=path, detail="word/document.xml has no section properties"
            )
        )
    return PreparedTemplate(tuple(parts), portrait, ooxml.landscape(portrait))


def prepare(path: Path) -> PreparedTemplate:
    """The prepared template at ``path``; prepared once per process while the file is unchanged."""
    try:
        mtime = path.stat().st_mtime_ns
    except OSError as exc:
        raise VanbanError(_("Cannot read: {reason}").format(reason=f"{path}: {exc}")) from None
    return _prepare(str(path), mtime)


_BODY = re.compile(r"(<w:body>).*(</w:body>)", re.DOTALL)


def _package(prepared: PreparedTemplate, title: str, creator: str, year: int,
             xml_of: Callable[[str, jinja2.Template], str],
             extra: dict[str, bytes] | None = None) -> bytes:  # fmt: skip
    """The .docx: the template's unchanged parts as they are, the document properties, each
    Jinja part as ``xml_of`` writes it, and the ``extra`` parts (in place of the template's)."""
    entries = []
    extra = dict(extra or {})
    for name, part in prepared.parts:
        if name in extra:
            entries.append(Entry.deflate(name, extra.pop(name)))
            continue
        if isinstance(part, Entry):
            entries.append(part)
            continue
        if part is None:
            xml = _CORE_XML.format(title=escape(title), creator=escape(creator),
                                   stamp=f"{year:04d}-01-01T00:00:00Z")  # fmt: skip
        else:
            xml = xml_of(name, part)
        entries.append(Entry.deflate(name, xml.encode("utf-8")))
    entries += [Entry.deflate(name, content) for name, content in extra.items()]
    return write_zip(entries)


def render_sheets(template: Path, sheets: list[AppendixModel], title: str, year: int) -> bytes:
    """A .docx of landscape pages laid out like appendices, with nothing else: the task
    sheets that ``vanban extract`` hands to each agency."""
    prepared = prepare(template)
    parts = [_appendix_xml(a) + (ooxml.section_break(prepared.landscape)
             if i < len(sheets) - 1 else "") for i, a in enumerate(sheets)]  # fmt: skip
    body = "".join(parts) + ooxml.section_break("") + prepared.landscape

    def xml_of(name: str, part: jinja2.Template) -> str:
        if name != "word/document.xml":
            return part.render({})
        with zipfile.ZipFile(template) as z:
            return _BODY.sub(lambda m: m[1] + body + m[2], z.read(name).decode("utf-8"))

    return _package(prepared, title, "vanban", year, xml_of)


def render_bytes(model: DocModel) -> bytes:
    """The .docx of ``model``, as bytes."""
    prepared = prepare(model.template)
    token = _NOTES.set([])
    numbered = any(name == _NUMBERING for name, _part in prepared.parts)
    bullet_token = _BULLETS.set([] if numbered else None)
    try:
        context, last_section = _context(model, prepared)
        notes = _NOTES.get() or []
        glyphs = _BULLETS.get() or []
    finally:
        _NOTES.reset(token)
        _BULLETS.reset(bullet_token)

    def xml_of(name: str, part: jinja2.Template) -> str:
        try:
            xml = part.render(context)
        except jinja2.TemplateError as exc:
            raise VanbanError(
                _("{path}: template error: {detail}").format(path=model.template, detail=exc)
            ) from None
        if name == "word/document.xml" and last_section:
            at = xml.rfind(prepared.portrait)  # the last section is an appendix's
            xml = xml[:at] + last_section + xml[at + len(prepared.portrait) :]
        return xml

    title = f"{model.title} {' '.join(model.subject)}"
    creator = model.header.agency_lines[-1] if model.header.agency_lines else ""
    extra = _footnote_parts(model, notes, model.template)
    extra.update(_numbering_part(glyphs, model.template))
    return _package(prepared, title, creator, model.year, xml_of, extra)
