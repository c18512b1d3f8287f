"""Build ``templates/van_ban.docx``, the Word template of a Mẫu 1.4 document (KẾ HOẠCH,
CHƯƠNG TRÌNH ...), from the rules in ``generator/nd30.py``.

The .docx it writes is the file users restyle in Word; run this again only to start over from
the ND30 defaults:  python tools/build_template.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import nd30, textwidth  # noqa: E402
from generator.write import ooxml  # noqa: E402

ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


def _set_fonts(rpr) -> None:
    """Times New Roman in all four font slots, no theme fonts."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{slot}"), nd30.FONT)


def setup_defaults(doc) -> None:
    styles = doc.styles.element
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr)
    for tag in ("w:sz", "w:szCs", "w:lang"):
        old = rpr.find(qn(tag))
        if old is not None:
            rpr.remove(old)
    for tag, val in (("w:sz", round(nd30.BODY_SIZE * 2)), ("w:szCs", round(nd30.BODY_SIZE * 2))):
        el = OxmlElement(tag)
        el.set(qn("w:val"), str(val))
        rpr.append(el)
    lang = OxmlElement("w:lang")
    for attr in ("val", "eastAsia"):
        lang.set(qn(f"w:{attr}"), nd30.LANGUAGE)
    lang.set(qn("w:bidi"), "ar-SA")
    rpr.append(lang)
    # theme fonts in any style would override Times New Roman: drop them everywhere
    for fonts in styles.iter(qn("w:rFonts")):
        for attr in [a for a in fonts.attrib if a.endswith("Theme") or "theme" in a]:
            del fonts.attrib[attr]
        if len(fonts.attrib) and fonts.getparent() is not rpr:
            _set_fonts(fonts.getparent())
    spacing = (
        styles.find(qn("w:docDefaults"))
        .find(qn("w:pPrDefault"))
        .find(qn("w:pPr"))
        .find(qn("w:spacing"))
    )
    for k, v in (("after", "0"), ("line", "240"), ("lineRule", "auto")):
        spacing.set(qn(f"w:{k}"), v)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(nd30.BODY_SIZE)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)


def add_styles(doc) -> None:
    for style_id, spec in nd30.STYLES.items():
        style = doc.styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
        style.element.set(qn("w:styleId"), style_id)
        style.base_style = doc.styles["Normal"]
        style.quick_style = True
        style.font.size = Pt(spec.size)
        style.font.bold = spec.bold
        style.font.italic = spec.italic
        # complex-script size and emphasis too, so no slot falls back
        rpr = style.element.get_or_add_rPr()
        szcs = OxmlElement("w:szCs")
        szcs.set(qn("w:val"), str(int(spec.size * 2)))
        rpr.append(szcs)
        if spec.bold:
            rpr.append(OxmlElement("w:bCs"))
        if spec.italic:
            rpr.append(OxmlElement("w:iCs"))
        fmt = style.paragraph_format
        fmt.alignment = ALIGN[spec.align]
        fmt.first_line_indent = Cm(spec.first_line_cm) if spec.first_line_cm else None
        fmt.left_indent = Cm(spec.left_cm) if spec.left_cm else None
        fmt.space_before = Pt(spec.space_before)
        fmt.space_after = Pt(spec.space_after)
        fmt.line_spacing = spec.line_spacing
        fmt.keep_with_next = spec.keep_next
        fmt.widow_control = True
        if style_id == "VBDuongKe":
            ppr = style.element.get_or_add_pPr()
            bdr = OxmlElement("w:pBdr")
            line = OxmlElement("w:bottom")
            weight = str(nd30.RULE_WEIGHT)
            for k, v in (("val", "single"), ("sz", weight), ("space", "0"), ("color", "000000")):
                line.set(qn(f"w:{k}"), v)
            bdr.append(line)
            ppr.append(bdr)  # put in its place by sort_properties


def page_setup(doc) -> None:
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Mm(nd30.PAGE_WIDTH_MM), Mm(nd30.PAGE_HEIGHT_MM)
    m = {side: Mm(a.value) for side, a in nd30.MARGINS_MM.items()}
    sec.top_margin, sec.bottom_margin = m["top"], m["bottom"]
    sec.left_margin, sec.right_margin = m["left"], m["right"]
    sec.header_distance = Mm(nd30.HEADER_DISTANCE_MM)
    sec.footer_distance = Mm(nd30.HEADER_DISTANCE_MM)
    sec.gutter = Mm(0)
    # page number at the top centre, hidden on page 1 (a different, empty first-page header)
    sec.different_first_page_header_footer = True
    par = sec.header.paragraphs[0]
    par.style = doc.styles[nd30.STYLES["VBSoTrang"].name]
    for kind, text in (
        ("begin", None),
        (None, " PAGE "),
        ("separate", None),
        (None, "2"),
        ("end", None),
    ):
        r = par.add_run()
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            r._r.append(fld)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            r._r.append(instr)
        else:
            r.text = text
    sec.first_page_header.is_linked_to_previous = False
    sec.first_page_header.paragraphs[0].text = ""


def borderless_table(doc, widths_mm: list[float], rows: int):
    table = doc.add_table(rows=rows, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # w:tblLayout fixed
    tbl_pr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        m = OxmlElement(f"w:{side}")
        m.set(qn("w:w"), "28")
        m.set(qn("w:type"), "dxa")
        margins.append(m)
    tbl_pr.append(margins)
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(w)
    for col, w in zip(table.columns, widths_mm, strict=True):
        col.width = Mm(w)
    return table


def _fill(doc, cell, items: list[tuple[str, str]]) -> None:
    """``cell``'s paragraphs: (text, style id) each."""
    for i, (text, style_id) in enumerate(items):
        p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        if text:
            p.add_run(text)
        p.style = doc.styles[nd30.STYLES[style_id].name]


def _add(doc, text: str, style_id: str = "VBNoiDung"):
    p = doc.add_paragraph(text)
    p.style = doc.styles[nd30.STYLES[style_id].name]
    return p


def header_block(doc) -> None:
    """The header table: agency and its rule | Quốc hiệu, tiêu ngữ and its rule; số | date."""
    left = nd30.HEADER_LEFT_COLUMN_MM.value
    header = borderless_table(doc, [left, nd30.TEXT_WIDTH_MM - left], 2)
    _fill(doc, header.cell(0, 0), [
        ("{%p if agency_parent %}", "VBChuQuan"),
        ("{{ agency_parent }}", "VBChuQuan"),
        ("{%p endif %}", "VBChuQuan"),
        ("{%p for line in agency_lines %}", "VBCoQuan"),
        ("{{ line }}", "VBCoQuan"),
        ("{%p endfor %}", "VBCoQuan"),
        ("{{p rule_agency }}", "VBDuongKe"),
    ])  # fmt: skip
    _fill(doc, header.cell(0, 1), [(nd30.QUOC_HIEU, "VBQuocHieu"), (nd30.TIEU_NGU, "VBTieuNgu")])
    motto_rule = ooxml.rule(
        nd30.TEXT_WIDTH_MM - left,
        textwidth.text_width_pt(nd30.TIEU_NGU, nd30.STYLES["VBTieuNgu"].size, bold=True),
    )
    header.cell(0, 1)._tc.append(_xml(motto_rule))
    _fill(doc, header.cell(1, 0), [
        ("Số: {{ number_text }}", "VBSo"),
        # a công văn's trích yếu, "V/v …", 6 pt under the number (ô 5b)
        ("{%p if vv %}", "VBTrichYeuCV"),
        ("{{r vv }}", "VBTrichYeuCV"),  # its lines, broken with w:br
        ("{%p endif %}", "VBTrichYeuCV"),
    ])  # fmt: skip
    _fill(doc, header.cell(1, 1), [("{{ place_date }}", "VBNgay")])


def body_block(doc) -> None:
    """Title, trích yếu and its rule (a kind with a tên loại), Kính gửi (a kind addressed to
    someone), căn cứ, opening, the body, the closing sentences."""
    for text, style_id in [
        ("{%p if title %}", "VBTenLoai"),
        ("{{ title }}", "VBTenLoai"), ("{%p for line in subject %}", "VBTrichYeu"),
        ("{{ line }}", "VBTrichYeu"), ("{%p endfor %}", "VBTrichYeu"),
        ("{{p rule_subject }}", "VBDuongKe"), ("{%p endif %}", "VBDuongKe"),
        ("{%p if issuer %}", "VBThamQuyen"), ("{{ issuer }}", "VBThamQuyen"),
        ("{%p endif %}", "VBThamQuyen"),
        ("{%p if kinh_gui_line %}", "VBKinhGui"), ("{{ kinh_gui_line }}", "VBKinhGui"),
        ("{%p endif %}", "VBKinhGui"),
        ("{%p if kinh_gui_list %}", "VBKinhGuiNhan"), (nd30.KINH_GUI, "VBKinhGuiNhan"),
        ("{%p endif %}", "VBKinhGuiNhan"), ("{%p for line in kinh_gui_list %}", "VBKinhGuiMuc"),
        ("{{ line }}", "VBKinhGuiMuc"), ("{%p endfor %}", "VBKinhGuiMuc"),
        ("{%p for line in basis %}", "VBCanCu"),
        ("{{r line }}", "VBCanCu"), ("{%p endfor %}", "VBCanCu"),
        ("{%p for line in proposal %}", "VBCanCu"), ("{{r line }}", "VBCanCu"),
        ("{%p endfor %}", "VBCanCu"),
        ("{%p if enacts %}", "VBBanHanh"), ("{{ enacts }}", "VBBanHanh"),
        ("{%p endif %}", "VBBanHanh"),
    ]:  # fmt: skip
        _add(doc, text, style_id)
    for text in ("{%p for line in opening %}", "{{r line }}", "{%p endfor %}", "{{p body }}",
                 "{%p for line in closing %}"):  # fmt: skip
        _add(doc, text)
    _add(doc, "{{r line }}").paragraph_format.keep_with_next = True  # no signature alone
    _add(doc, "{%p endfor %}")
    _add(doc, "").paragraph_format.keep_with_next = True  # a blank line above the signature


def signature_block(doc) -> None:
    """Nơi nhận | the signer's titles, room for the signature and seal, the name."""
    sig_left = nd30.SIGNATURE_LEFT_COLUMN_MM
    sig = borderless_table(doc, [sig_left, nd30.TEXT_WIDTH_MM - sig_left], 1)
    sig.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    _fill(doc, sig.cell(0, 0), [
        ("Nơi nhận:", "VBNoiNhanNhan"),
        ("{%p for line in recipients %}", "VBNoiNhan"),
        ("{{ line }}", "VBNoiNhan"),
        ("{%p endfor %}", "VBNoiNhan"),
        ("{%p if recipients_note %}", "VBGhiChuNoiNhan"),
        ("{{ recipients_note }}", "VBGhiChuNoiNhan"),
        ("{%p endif %}", "VBGhiChuNoiNhan"),
    ])  # fmt: skip
    _fill(doc, sig.cell(0, 1), [
        ("{%p for line in signer_lines %}", "VBChucVu"),
        ("{{ line }}", "VBChucVu"),
        ("{%p endfor %}", "VBChucVu"),
        *[("", "VBHoTen")] * nd30.SIGNATURE_BLANK_LINES,
        ("{{ signer_name }}", "VBHoTen"),
    ])  # fmt: skip


def build(path: Path) -> None:
    doc = Document()
    setup_defaults(doc)
    add_styles(doc)
    page_setup(doc)
    body = doc.element.body
    body.remove(body[0]) if body[0].tag == qn("w:p") else None
    header_block(doc)
    body_block(doc)
    signature_block(doc)
    _add(doc, "{{p appendices }}")

    # drop what python-docx's default template carries and a plan does not need: a thumbnail of
    # another document, the Word 2010 style copy, custom XML
    for owner in (doc.part.package, doc.part):
        for rid, rel in list(owner.rels.items()):
            if rel.reltype.endswith(("/thumbnail", "/stylesWithEffects", "/customXml")):
                del owner.rels[rid]
    # every property element in schema order, whatever python-docx and the code above appended
    for part in (doc.element, doc.styles.element, *_header_parts(doc)):
        ooxml.sort_properties(part)
    compatibility_mode_15(doc)
    props = doc.core_properties
    props.author = props.last_modified_by = "vanban"
    props.title = "vanban: Mẫu 1.4 (Nghị định 30/2020/NĐ-CP)"
    props.comments = ""
    doc.save(path)


def compatibility_mode_15(doc) -> None:
    """Word 2013 and later open the file as a current document, not in "Compatibility Mode"
    (python-docx's default template says Word 2010, mode 14); the extended properties say who
    wrote it instead of "Microsoft Macintosh Word" 14."""
    settings = doc.settings.element
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")
    app = next(p for p in doc.part.package.parts if p.partname == "/docProps/app.xml")
    app._blob = (
        app.blob.replace(b"<Application>Microsoft Macintosh Word</Application>",
                         b"<Application>vanban</Application>")
        .replace(b"<Template>Normal.dotm</Template>", b"<Template/>")
        .replace(b"<AppVersion>14.0000</AppVersion>", b"<AppVersion>15.0000</AppVersion>")
    )  # fmt: skip


def _header_parts(doc):
    for section in doc.sections:
        for part in (section.header, section.first_page_header, section.footer):
            if not part.is_linked_to_previous:
                yield part._element


def _xml(fragment: str):
    from lxml import etree

    return etree.fromstring(f'<w:x xmlns:w="{ooxml.W_NS}">{fragment}</w:x>')[0]


if __name__ == "__main__":
    out = ROOT / "templates" / "van_ban.docx"
    build(out)
    print(f"wrote {out}")
