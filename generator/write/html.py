"""Stage 4 for the screen: lay the document model out as HTML for the editor's live preview.

The same model as the .docx (every label, number, date and sentence already decided), and the
same numbers: the page, margins and every paragraph style come from :mod:`nd30`. The HTML is one
flow of blocks; the page script cuts it into A4 sheets in the browser."""

from __future__ import annotations

import functools

from markupsafe import Markup, escape

from .. import nd30
from .model import AppendixModel, DocModel, Para, Run, TableModel
from .model.types import AttachedText


@functools.lru_cache(maxsize=1)
def page_css() -> str:
    """The sheets' and the styles' CSS, from nd30."""
    m = {k: v.value for k, v in nd30.MARGINS_MM.items()}  # an appendix's page keeps them too
    rules = [
        f".sheet{{width:{nd30.PAGE_WIDTH_MM}mm;height:{nd30.PAGE_HEIGHT_MM}mm;"
        f"padding:{m['top']}mm {m['right']}mm {m['bottom']}mm {m['left']}mm}}",
        f".sheet.landscape{{width:{nd30.PAGE_HEIGHT_MM}mm;height:{nd30.PAGE_WIDTH_MM}mm;"
        f"padding:{m['top']}mm {m['right']}mm {m['bottom']}mm {m['left']}mm}}",
        f".sheet .folio{{top:{nd30.HEADER_DISTANCE_MM}mm;"
        f"font-size:{nd30.SIZES['page_number'].value}pt}}",
        f".vb{{font-family:'{nd30.FONT}','Liberation Serif','Tinos',serif}}",
        f".head td.left{{width:{nd30.HEADER_LEFT_COLUMN_MM.value}mm}}",
        f".signature td.left{{width:{nd30.SIGNATURE_LEFT_COLUMN_MM}mm}}",
    ]
    for style, spec in nd30.STYLES.items():
        weight = "bold" if spec.bold else "normal"
        rules.append(
            f".vb .{style}{{font-size:{spec.size}pt;font-weight:{weight};"
            f"font-style:{'italic' if spec.italic else 'normal'};text-align:{spec.align};"
            f"text-indent:{spec.first_line_cm}cm;margin:{spec.space_before}pt 0 "
            f"{spec.space_after}pt {spec.left_cm}cm;line-height:{spec.line_spacing * 1.15:.3f}}}"
        )
    return "\n".join(rules)


def _runs(runs: tuple[Run, ...]) -> Markup:
    out = []
    for r in runs:
        if r.note is not None:  # a footnote: its key, raised; the notes follow the signature
            out.append(Markup(f'<sup class="note">{escape(r.note)}</sup>'))
            continue
        text = escape(r.text)
        if r.bold:
            text = Markup(f"<b>{text}</b>")
        if r.italic:
            text = Markup(f"<i>{text}</i>")
        out.append(text)
    return Markup("").join(out)


def _p(style: str, content: Markup | str) -> Markup:
    """A paragraph of ``style``; text is escaped, markup kept."""
    return Markup(f'<p class="{style}">{escape(content)}</p>')


def _para(p: Para) -> Markup:
    runs = (Run(f"{p.bullet[-1]} "), *p.runs) if p.bullet else p.runs  # Word draws its bullet
    return _p(p.style, _runs(runs))


def _table(table: TableModel) -> Markup:
    total = sum(table.widths_mm) or 1
    cols = "".join(f'<col style="width:{100 * w / total:.2f}%">' for w in table.widths_mm)
    rows = []
    down = _row_spans(table)
    for r, row in enumerate(table.rows):
        cells = []
        for k, c in enumerate(row.cells):
            if c.merge == "continue":
                continue
            span = f' colspan="{c.span}"' if c.span > 1 else ""
            span += f' rowspan="{down[r, k]}"' if (r, k) in down else ""
            align = f' style="text-align:{c.align}"' if c.align else ""
            lines = "".join(f'<p class="{c.style}"{align}>{_runs(line)}</p>' for line in c.lines)
            cells.append(f"<td{span}>{lines}</td>")
        cls = ' class="header"' if row.header else (' class="keep"' if row.keep else "")
        rows.append(f"<tr{cls}>{''.join(cells)}</tr>")
    return Markup(f'<table class="grid"><colgroup>{cols}</colgroup>{"".join(rows)}</table>')


def _row_spans(table: TableModel) -> dict[tuple[int, int], int]:
    """The rows each merged-down cell covers, by (row, cell) of its top."""
    out: dict[tuple[int, int], int] = {}
    tops: dict[int, tuple[int, int]] = {}  # grid column -> (row, cell) of the open merge
    for r, row in enumerate(table.rows):
        col = 0
        for k, c in enumerate(row.cells):
            if c.merge == "restart":
                tops[col] = (r, k)
                out[r, k] = 1
            elif c.merge == "continue" and col in tops:
                out[tops[col]] += 1
            else:
                tops.pop(col, None)
            col += c.span
    return out


def _lines(style: str, lines: list[str]) -> Markup:
    return Markup("").join(_p(style, line) for line in lines)


def _header(model: DocModel) -> Markup:
    h = model.header
    parent = _p("VBChuQuan", h.agency_parent) if h.agency_parent else Markup("")
    left = parent + _lines("VBCoQuan", h.agency_lines)
    return Markup(
        '<table class="head"><tr>'
        f'<td class="left">{left}<hr class="rule short">{_p("VBSo", "Số: " + h.number_text)}'
        f"{_lines('VBTrichYeuCV', model.vv)}</td>"
        f"<td>{_p('VBQuocHieu', nd30.QUOC_HIEU)}{_p('VBTieuNgu', nd30.TIEU_NGU)}"
        f'<hr class="rule tieu-ngu">{_p("VBNgay", h.place_date)}</td>'
        "</tr></table>"
    )


def _signature(model: DocModel) -> Markup:
    s = model.signature
    recipients = _p("VBNoiNhanNhan", nd30.NOI_NHAN) + _lines("VBNoiNhan", s.recipients)
    if s.recipients_note:
        recipients += _p("VBGhiChuNoiNhan", s.recipients_note)
    blank = Markup('<p class="VBHoTen blank">&nbsp;</p>' * nd30.SIGNATURE_BLANK_LINES)
    signer = _lines("VBChucVu", s.signer_lines) + blank + _p("VBHoTen", s.signer_name)
    return Markup(
        f'<table class="signature keep"><tr><td class="left">{recipients}</td>'
        f"<td>{signer}</td></tr></table>"
    )


def _appendix(a: AppendixModel) -> Markup:
    parts = [_p("VBPhuLuc", a.heading)] if a.heading else []
    parts += [_para(p) for p in [*a.title, *a.subtitle]]
    if a.note:
        parts.append(_para(a.note))
    parts.append(Markup('<hr class="rule short">'))
    parts += [_para(p) for p in a.paragraphs]
    if a.table is not None and len(a.table.rows) > 1:
        parts.append(_table(a.table))
    return (
        Markup('<section class="flow landscape">') + Markup("").join(parts) + Markup("</section>")
    )


def html_of(model: DocModel) -> str:
    """The document as HTML: a portrait flow of blocks, then one landscape flow per appendix."""
    parts: list[Markup | str] = [_header(model)]
    if model.title:  # a công văn has none: its trích yếu is under the number
        parts.append(_p("VBTenLoai", model.title))
        parts += [_p("VBTrichYeu", line) for line in model.subject]
        parts.append(Markup('<hr class="rule short">'))
    if model.issuer:
        parts.append(_p("VBThamQuyen", model.issuer))
    if model.kinh_gui_line:
        parts.append(_p("VBKinhGui", model.kinh_gui_line))
    elif model.kinh_gui_list:
        parts += [_p("VBKinhGuiNhan", nd30.KINH_GUI), _lines("VBKinhGuiMuc", model.kinh_gui_list)]
    parts += [_para(p) for p in [*model.basis, *model.proposal]]
    if model.enacts:
        parts.append(_p("VBBanHanh", model.enacts))
    parts += [_para(p) for p in model.opening]
    parts += [_table(b) if isinstance(b, TableModel) else _para(b) for b in model.body]
    parts += [_para(p) for p in model.closing]
    parts.append(_signature(model))
    if model.footnotes:
        parts.append(Markup('<hr class="rule short">'))
        for key, paras in model.footnotes.items():
            first = Markup(f'<sup class="note">{escape(key)}</sup> ')
            parts += [Markup('<p class="note">') + (first if i == 0 else "") + _runs(p)
                      + Markup("</p>") for i, p in enumerate(paras)]  # fmt: skip
    flow = Markup('<section class="flow">') + Markup("").join(parts) + Markup("</section>")
    appendices = model.appendices
    if model.attached is not None:  # the plan a decision issues, on pages of its own
        flow += _attached(model.attached)
        appendices = model.attached.appendices
    return str(flow + Markup("").join(_appendix(a) for a in appendices))


def _attached(text: AttachedText) -> Markup:
    parts: list[Markup | str] = [_p("VBTenLoai", text.title)]
    parts += [_p("VBTrichYeu", line) for line in text.subject]
    parts += [_para(text.note), Markup('<hr class="rule short">')]
    parts += [_para(p) for p in [*text.basis, *text.opening]]
    parts += [_table(b) if isinstance(b, TableModel) else _para(b) for b in text.body]
    parts += [_para(p) for p in text.closing]
    return Markup('<section class="flow">') + Markup("").join(parts) + Markup("</section>")
