"""Rules of the end of the document: Nơi nhận, the signature, where the signature sits."""

from __future__ import annotations

from ... import nd30
from ...i18n import _
from ..reader import Structure
from .common import Finding, at, style

SIZES = nd30.SIZES


def noi_nhan(d: Structure) -> list[Finding]:
    if d.noi_nhan is None:
        return [("", _("not found"))]
    out = []
    if d.noi_nhan.text != nd30.NOI_NHAN:
        out.append((at(d.noi_nhan), _("expected «Nơi nhận:»")))
    out += style(d, d.noi_nhan, SIZES["noi_nhan_label"], True, True)
    items = d.recipients
    if not items:
        return [*out, (at(d.noi_nhan), _("no recipients listed"))]
    for line in items[:-1]:
        if not line.text.startswith("- ") or not line.text.endswith(";"):
            out.append((at(line), _("each recipient is «- …;»")))
    if not nd30.ARCHIVE_LINE.fullmatch(items[-1].text):
        out.append((at(items[-1]), _("the last line is «- Lưu: VT, <unit>.»")))
    for line in items:
        out += [(at(line), v) for _t, v in style(d, line, SIZES["noi_nhan"], None, False)]
    return out[:3]


def signature(d: Structure) -> list[Finding]:
    if not d.signer:
        return [("", _("not found"))]
    lines = [line.text for line in d.signer]
    out = []
    for line in d.signer[:-1]:
        if nd30.MISWRITTEN_AUTHORITY.match(line.text):
            found = _("write the authority as TM., KT., Q., TL. or TUQ. and a space")
            out.append((at(line), found))
        out += style(d, line, SIZES["signer"], True, False, caps=True)
    for i, text in enumerate(lines[:-1]):
        deputy = lines[i + 1] if i + 1 < len(lines) - 1 else None
        if text.startswith("KT.") and (deputy is None or nd30.SIGNATURE_AUTHORITY.match(deputy)):
            out.append((at(d.signer[i]), _("KT. is followed by the deputy's own title")))
    return out[:3]


def signer_name(d: Structure) -> list[Finding] | None:
    if len(d.signer) < 2:
        return None
    return style(d, d.signer[-1], SIZES["signer"], True, False)


def signature_place(d: Structure) -> list[Finding] | None:
    if not d.signer:
        return None
    first = d.signer[0]
    if first.cell is not None:
        row = first.cell._tc.getparent()
        cells = row.findall(first.cell._tc.tag)
        if cells and cells[0] is first.cell._tc and len(cells) > 1:
            return [(at(first), _("the signature is in the left column: it goes on the right, "
                                  "beside Nơi nhận"))]  # fmt: skip
        return []
    align = d.fmt.paragraph(first.para).align
    indent = first.para.paragraph_format.left_indent or 0
    if first.column == 0 and align not in ("center", "right") and indent < 5 * 360000:
        return [(at(first), _("the signature is not in the right half of the page"))]
    if d.noi_nhan is not None and d.noi_nhan.index > first.index:
        return [(at(first), _("the signature comes before Nơi nhận: they sit side by side, "
                              "Nơi nhận on the left"))]  # fmt: skip
    return []
