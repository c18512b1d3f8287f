"""What a document is: its kind (KẾ HOẠCH, BÁO CÁO, QUYẾT ĐỊNH, CÔNG VĂN, a text attached to a
decision …), or why Nghị định 30 does not apply to it (a form, a Party document, an agenda, a
fragment, a file in a legacy Vietnamese encoding)."""

from __future__ import annotations

import re

from .. import nd30
from ..i18n import _
from .reader import Structure

# Letters of TCVN3 (ABC) text seen as Latin-1: "§¶ng bé c¬ quan" for "Đảng bộ cơ quan".
# Only signs that Unicode Vietnamese never uses are counted.
_TCVN3 = re.compile("[¸µ¶·¹¨»¾¼½§¬®¦ÆÇËÑØÞßæçëñøþ÷]")
_FORM_TITLES = ("ĐƠN", "TỜ KHAI", "PHIẾU ĐĂNG KÝ", "BẢN KHAI", "BẢN TỰ KIỂM ĐIỂM", "BẢN KIỂM ĐIỂM")
_PARTY = ("ĐẢNG CỘNG SẢN VIỆT NAM", "ĐẢNG BỘ", "CHI BỘ", "ĐẢNG ỦY")


def legacy_encoding(d: Structure) -> str | None:
    """'TCVN3' or 'VNI' when the text is typed in a pre-Unicode Vietnamese font."""
    fonts = set()
    for p in d.paragraphs[:60]:
        for r in d.runs_in(p):
            if r.text.strip():
                fonts.add((d.fmt.run(p, r).fonts.get("ascii") or "").lower())
    if any(f.startswith(".vn") for f in fonts):
        return "TCVN3"
    if any(f.startswith("vni") for f in fonts):
        return "VNI"
    text = " ".join(r.text for p in d.paragraphs[:60] for r in d.runs_in(p))
    letters = sum(c.isalpha() for c in text) or 1
    if len(_TCVN3.findall(text)) / letters > 0.03:
        return "TCVN3"
    return None


def _outside(d: Structure, reason: str) -> None:
    d.kind, d.applicable, d.reason = None, False, reason


def detect(d: Structure) -> None:
    """Set ``d.kind``, ``d.applicable`` and ``d.reason``."""
    encoding = legacy_encoding(d)
    if encoding:
        font = ".VnTime" if encoding == "TCVN3" else "VNI-Times"
        return _outside(d, _(
            "the text is typed in the legacy {encoding} encoding ({font} fonts), not Unicode: "
            "convert it to Unicode (Unikey: Công cụ chuyển mã, {encoding} → Unicode) and set "
            "Times New Roman, then check it again"
        ).format(encoding=encoding, font=font))  # fmt: skip
    heads = [ln.text.upper() for ln in d.agency] + [
        " ".join("".join(r.text for r in d.runs_in(p)).split()).upper()
        for p in d.paragraphs[:8]]  # fmt: skip
    if any(h.startswith(_PARTY) for h in heads):
        return _outside(d, _(
            "a document of the Communist Party (its header says ĐẢNG …): Party documents follow "
            "the Party's own rules, not Nghị định 30"))  # fmt: skip
    title = d.title.text.upper() if d.title else ""
    if d.quoc_hieu is None:
        return _outside(d, _(
            "no Quốc hiệu (CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM): not an administrative document "
            "(an agenda, a table, a fragment)"))  # fmt: skip
    if title.startswith(_FORM_TITLES):
        return _outside(d, _(
            "«{title}» is a form or an application by a person, not an administrative document "
            "of an agency").format(title=d.title.text))  # fmt: skip
    if not d.agency and d.number is None:
        return _outside(d, _(
            "no issuing agency and no number: a form or a fragment, not an administrative "
            "document"))  # fmt: skip
    kind_title = nd30.title_kind(title) if title else None
    if kind_title:
        attached = d.attachment is not None or any(
            "kèm theo" in ln.text.lower() for ln in d.subject)  # fmt: skip
        if kind_title in nd30.ATTACHED_TITLES and d.number is None and attached:
            d.kind = nd30.ATTACHED_TEXT
        else:
            d.kind = nd30.TYPE_KEYS[kind_title]
    elif any(ln.text.startswith("V/v") for ln in d.subject) or d.kinh_gui or d.number:
        d.kind = "cong_van"


def is_legal(d: Structure) -> bool:
    """A quy phạm decision: its number carries the year (07/2025/QĐ-UBND)."""
    return d.number is not None and bool(nd30.LEGAL_NUMBER.match(d.number.text))
