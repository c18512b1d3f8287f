"""Stage 4 and 5: lay the document model out in the .docx template and write the file atomically."""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import unicodedata
from pathlib import Path

import jinja2
from docxtpl import DocxTemplate
from lxml import etree
from markupsafe import Markup

from . import nd30, ooxml
from .errors import VanbanError
from .i18n import _
from .model import AppendixModel, DocModel

_JINJA = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
_SECT_PR = re.compile(r"<w:sectPr\b.*?</w:sectPr>", re.DOTALL)


def _body_xml(model: DocModel) -> str:
    return "".join(
        ooxml.paragraph(p.style, "".join(ooxml.run(r.text, r.bold, r.italic) for r in p.runs))
        for p in model.body)


def _appendix_xml(appendix: AppendixModel) -> str:
    parts = [ooxml.paragraph("VBPhuLuc", ooxml.run(appendix.heading))]
    parts += [ooxml.paragraph("VBTieuDePhuLuc", ooxml.run(line)) for line in appendix.title]
    if appendix.note:
        parts.append(ooxml.paragraph("VBKemTheo", ooxml.run(appendix.note)))
    parts.append(ooxml.subject_rule(appendix.title, nd30.LANDSCAPE_TEXT_WIDTH_MM))
    parts += [ooxml.paragraph(p.style, ooxml.run(p.text)) for p in appendix.paragraphs]
    if len(appendix.rows) > 1:
        parts.append(ooxml.table(appendix.widths_mm, [
            ([(c.text, c.style, c.span) for c in row.cells], row.header)
            for row in appendix.rows]))
    return "".join(parts)


def _appendices_xml(model: DocModel, portrait: str) -> tuple[str, str | None]:
    """The appendices, each in its own landscape section; and the last section's properties."""
    if not model.appendices:
        return "", None
    land = ooxml.landscape(portrait)
    parts = [ooxml.section_break(portrait)]  # ends the signed document's portrait section
    for i, appendix in enumerate(model.appendices):
        if i:
            parts.append(ooxml.section_break(land))
        parts.append(_appendix_xml(appendix))
    parts.append(ooxml.section_break(""))  # Word needs a paragraph after a final table
    return "".join(parts), land


def _context(model: DocModel, portrait: str) -> tuple[dict, str | None]:
    col = nd30.HEADER_LEFT_COLUMN_MM
    agency_style = nd30.STYLES["VBCoQuan"]
    agency_rule = ooxml.rule(col, nd30.rule_length_pt(
        model.agency_lines, agency_style.size, True, nd30.AGENCY_RULE_FRACTION))
    appendices, last_section = _appendices_xml(model, portrait)
    context = {
        "agency_parent": model.agency_parent,
        "agency_lines": model.agency_lines,
        "rule_agency": Markup(agency_rule),
        "number_text": model.number_text,
        "place_date": model.place_date,
        "title": model.title,
        "subject": model.subject,
        "rule_subject": Markup(ooxml.subject_rule(model.subject)),
        "basis": model.basis,
        "opening": model.opening,
        "body": Markup(_body_xml(model)),
        "closing": model.closing,
        "recipients": model.recipients,
        "recipients_note": model.recipients_note,
        "signer_lines": model.signer_lines,
        "signer_name": model.signer_name,
        "appendices": Markup(appendices),
    }
    return context, last_section


def render(model: DocModel) -> DocxTemplate:
    """Render ``model`` into its template; returns the filled document."""
    tpl = DocxTemplate(str(model.template))
    docx = tpl.get_docx()
    body = docx.element.body
    portrait = etree.tostring(body.sectPr, encoding="unicode")
    portrait = re.sub(r'\sxmlns:\w+="[^"]*"', "", portrait)  # namespaces live on the root
    context, last_section = _context(model, portrait)
    try:
        tpl.render(context, _JINJA)
    except jinja2.TemplateError as exc:
        raise VanbanError(_("{path}: template error: {detail}").format(
            path=model.template, detail=exc)) from None
    if last_section is not None:
        new = etree.fromstring(
            f'<w:x xmlns:w="{ooxml.W_NS}" xmlns:r="http://schemas.openxmlformats.org/'
            f'officeDocument/2006/relationships">{last_section}</w:x>')[0]
        body = tpl.docx.element.body
        body.replace(body.sectPr, new)
    props = tpl.docx.core_properties
    props.title = f"{model.title} {' '.join(model.subject)}"
    props.author = model.agency_lines[-1] if model.agency_lines else ""
    props.last_modified_by = "vanban"
    stamp = dt.datetime(model.year, 1, 1)
    props.created = props.modified = stamp
    props.revision = 1
    return tpl


def slug(text: str) -> str:
    """ASCII file-name part: 'Nhị Chiểu' -> 'nhi-chieu'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def output_name(model: DocModel) -> str:
    """File name from kind, ward, number and year: KH-nhi-chieu-164-2026.docx (Windows-safe)."""
    number = nd30.format_number(model.number) if model.number else "du-thao"
    return f"{model.kind.abbreviation}-{slug(model.ward)}-{number}-{model.year}.docx"


def write(model: DocModel, out_dir: Path) -> Path:
    """Render ``model`` and write it under ``out_dir`` atomically; returns the path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / output_name(model)
    tpl = render(model)
    fd, tmp = tempfile.mkstemp(prefix=".vanban-", suffix=".docx", dir=out_dir)
    os.close(fd)
    try:
        tpl.save(tmp)
        os.replace(tmp, target)
    except OSError as exc:
        raise VanbanError(_("cannot write {path}: {reason}").format(
            path=target, reason=exc.strerror or exc)) from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target
