"""What a document is: its kind (KẾ HOẠCH, BÁO CÁO, QUYẾT ĐỊNH, CÔNG VĂN, a text attached to a
decision …), or why Nghị định 30 does not apply to it (a form, a Party document, an agenda, a
fragment, a file in a legacy Vietnamese encoding)."""

from __future__ import annotations

import re

from .. import nd30
from ..i18n import _
from ..vocabulary import ATTACHED_TEXT, ATTACHED_TITLES, UNTITLED, title_kind
from .lines import squash
from .reader import Structure

# Letters of TCVN3 (ABC) text seen as Latin-1: "§¶ng bé c¬ quan" for "Đảng bộ cơ quan".
# Only signs that Unicode Vietnamese never uses are counted.
_TCVN3 = re.compile("[¸µ¶·¹¨»¾¼½§¬®¦ÆÇËÑØÞßæçëñøþ÷]")
_FORM_TITLES = ("ĐƠN", "TỜ KHAI", "PHIẾU ĐĂNG KÝ", "BẢN KHAI", "BẢN TỰ KIỂM ĐIỂM", "BẢN KIỂM ĐIỂM")
_LETTER = re.compile(r"[^\W\d_]")
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
    signs = len(_TCVN3.findall(text))
    if signs and signs / (len(_LETTER.findall(text)) or 1) > 0.03:
        return "TCVN3"
    return None


def _outside(d: Structure, reason: str) -> None:
    d.kind, d.applicable, d.reason = None, False, reason


# Texts outside Nghị định 30, by the words that open them (the first lines, in capitals).
_LEGAL_TITLES = ("NGHỊ ĐỊNH", "THÔNG TƯ", "LUẬT", "PHÁP LỆNH", "BỘ LUẬT", "HIẾN PHÁP",
                 "NGHỊ QUYẾT LIÊN TỊCH", "LỆNH")  # fmt: skip
# The ký hiệu of a legal text: 30/2020/NĐ-CP, 01/2011/TT-BNV, 80/2015/QH13, 12/2012/TTLT-…
_LEGAL_SYMBOL = re.compile(r"/(NĐ-CP|NĐ|TT-|TTLT-|QH\d|UBTVQH|PL-|L-CTN|NQLT-)")
# the note under an appendix's title: "(Kèm theo Nghị định số 30/2020/NĐ-CP …)"
_LEGAL_BASE = re.compile(r"\(?\s*(ban hành )?kèm theo (Nghị định|Thông tư|Luật|Pháp lệnh|"
                         r"Nghị quyết liên tịch)\b", re.IGNORECASE)  # fmt: skip
_SPEECH = re.compile(r"^(BÀI |LỜI )?(PHÁT BIỂU|DIỄN VĂN|DIỄN TỪ|NÓI CHUYỆN|LỜI KHAI MẠC|"
                     r"LỜI BẾ MẠC|KHAI MẠC|BẾ MẠC|THAM LUẬN|BÀI NÓI)\b")  # fmt: skip
_REGISTER = re.compile(r"^(SỔ\b|DANH SÁCH|DANH BẠ|DANH MỤC|BẢNG (TỔNG HỢP|THEO DÕI|KÊ|CHẤM)|"
                       r"BẢNG\b|THỐNG KÊ|BIỂU (MẪU|SỐ|TỔNG HỢP))")  # fmt: skip
_FORM_WORD = re.compile(
    r"^(ĐƠN(?! VỊ)\b|TỜ KHAI|PHIẾU (ĐĂNG KÝ|ĐỀ NGHỊ|KHẢO SÁT|LẤY Ý KIẾN)|"
    r"BẢN KHAI|BẢN (TỰ )?KIỂM ĐIỂM|BẢN CAM KẾT|GIẤY CAM KẾT|SƠ YẾU LÝ LỊCH)"
)
# A model form: "Mẫu 1.1", "Mẫu số 02", the placeholders of Phụ lục III ("TÊN CQ, TC CHỦ QUẢN",
# "(1)", "Số: …/…", "…, ngày … tháng … năm …").
_MODEL = re.compile(r"^(Mẫu|MẪU)( số)?\s*(\d|[IVX]+\b)")
_PLACEHOLDER = re.compile(
    r"TÊN (CQ|CƠ QUAN|TỔ CHỨC|TC)\b|\(\d{1,2}\)|^Số:\s*[.…]+\s*/\s*[.…]+|"
    r"^[.…]{2,}\s*,\s*ngày|ĐỊA DANH|\bx{3,}\b",
    re.IGNORECASE,
)


def _heads(d: Structure, n: int = 12) -> list[str]:
    """The first lines of the document typed in capitals (titles are): the header block's, then
    the paragraphs' (tables' too, where a form's title may sit)."""
    out = [ln.text for ln in d.agency] + [_text(d, p) for p in d.paragraphs[:n]]
    return [h for h in out if h and h == h.upper()]


def _first_texts(d: Structure, n: int = 20) -> list[str]:
    return [t for t in (_text(d, p) for p in d.paragraphs[:n]) if t]


def _text(d: Structure, p) -> str:
    return squash("".join(r.text for r in d.runs_in(p)))


def outside_reason(d: Structure) -> str | None:
    """Why the decree does not apply to ``d`` (a legal text, a model form, a petition, a speech,
    a register or a bare table, a Party document); None when it may apply."""
    heads = _heads(d)
    texts = _first_texts(d)
    if any(h.upper().startswith(_PARTY) for h in heads[:8]):
        return _("a document of the Communist Party (its header says ĐẢNG …): Party documents "
                 "follow the Party's own rules, not Nghị định 30")  # fmt: skip
    number = d.number.text if d.number else ""
    title = d.title.text.upper() if d.title else ""
    if any(_LEGAL_BASE.match(t) for t in texts[:12]):
        return _("an appendix of a legal text (a nghị định, thông tư or luật): legal texts follow "
                 "the Law on legal documents, not Nghị định 30")  # fmt: skip
    legal_title = title.startswith(_LEGAL_TITLES) or any(h in _LEGAL_TITLES for h in heads[:10])
    if legal_title or _LEGAL_SYMBOL.search(number):
        return _("a legal text (a nghị định, thông tư or luật): legal texts follow the Law on "
                 "legal documents, not Nghị định 30")  # fmt: skip
    placeholders = sum(bool(_PLACEHOLDER.search(t)) for t in texts[:10] if len(t) < 100)
    if any(_MODEL.match(t) for t in texts[:6]) or placeholders >= 2:
        return _("a model form with placeholders to fill in (a template), not a document an "
                 "agency issued")  # fmt: skip
    if any(_FORM_WORD.match(h) and len(h) < 90 for h in heads):
        return _("a form or a petition by a person (ĐƠN, TỜ KHAI …), not an administrative "
                 "document of an agency")  # fmt: skip
    if any(_SPEECH.match(h) and len(h) < 120 for h in heads):
        return _("a speech (phát biểu, diễn văn …): the decree does not govern speeches")
    if not title and any(_REGISTER.match(h) and len(h) < 120 for h in heads):
        return _("a register or a list (sổ, danh sách, bảng …), not an administrative document")
    if d.quoc_hieu is None:
        if _mostly_tables(d):
            return _("a table with no header block, title or signature: not an administrative "
                     "document")  # fmt: skip
        return _("no Quốc hiệu (CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM): not an administrative "
                 "document (an agenda, a table, a fragment)")  # fmt: skip
    if title and title.startswith(_FORM_TITLES):
        return _("«{title}» is a form or an application by a person, not an administrative "
                 "document of an agency").format(title=d.title.text)  # fmt: skip
    if not d.agency and d.number is None:
        return _("no issuing agency and no number: a form or a fragment, not an administrative "
                 "document")  # fmt: skip
    return None


def _mostly_tables(d: Structure) -> bool:
    """Whether the document's text is nearly all in tables."""
    return d.tables > 0 and len([ln for ln in d.body if len(ln.text) > 40]) < 3


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
    if _attached(d):
        d.kind = ATTACHED_TEXT
        return None
    reason = outside_reason(d)
    if reason:
        return _outside(d, reason)
    title = d.title.text.upper() if d.title else ""
    kind = title_kind(title) if title else None
    if kind:
        d.kind = kind.key
    elif any(ln.text.startswith("V/v") for ln in d.subject) or d.kinh_gui or d.number:
        d.kind = UNTITLED.key  # a numbered document without a tên loại: a công văn
    return None


_ATTACHED_LINE = re.compile(r"(ban hành )?kèm theo (Quyết định|Nghị quyết)", re.IGNORECASE)


def _attached(d: Structure) -> bool:
    """A text issued with a decision (QUY CHẾ, QUY ĐỊNH, ĐIỀU LỆ … "ban hành kèm theo Quyết
    định số …"): its title names such a text, a line under it says what it is attached to, and
    it has no number of its own."""
    if d.title is None:
        return False
    title = " ".join(d.title.text.upper().split())
    if not title.startswith(ATTACHED_TITLES):
        return False
    if d.number is not None:  # a number of its own: a document, not an attachment
        return False
    near = [d.attachment] if d.attachment else []
    near += d.subject + d.body[:3]
    return any(_ATTACHED_LINE.search(ln.text) for ln in near if ln is not None)


def is_legal(d: Structure) -> bool:
    """A quy phạm decision: its number carries the year (07/2025/QĐ-UBND)."""
    return d.number is not None and bool(nd30.LEGAL_NUMBER.match(d.number.text))
