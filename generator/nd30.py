"""The rules of Nghị định 30/2020/NĐ-CP, in one place: the decree's side of every layout number.

Each number vanban writes is an :class:`Allowed`: the value the generator picks and the range
the decree allows, which ``vanban check`` enforces. The template builder, the model, the checker
and the tests read them from here; a test asserts that every value lies inside its range. The
number and date formats (written and read) and the numbering live here too; the document kinds
are in :mod:`vocabulary`.
Section references (§) are to ``shared/nd30-spec.md``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Allowed:
    """A value vanban writes and the range ``low``-``high`` the decree allows for it.

    ``slack`` widens the range when it is checked, for measures that are estimated (the length
    of a rule against the estimated width of the text above it).
    """

    value: float
    low: float
    high: float = math.inf
    slack: float = 0.0

    def allows(self, x: float) -> bool:
        """Whether a measured ``x`` lies within the range (with the slack)."""
        return self.low * (1 - self.slack) - 1e-9 <= x <= self.high * (1 + self.slack) + 1e-9

    def __str__(self) -> str:
        if self.high == math.inf:
            return f"≥ {self.low:g}"
        return f"{self.low:g}" if self.low == self.high else f"{self.low:g}-{self.high:g}"


# --- page (§1) -------------------------------------------------------------------------------
PAGE_WIDTH_MM = 210  # A4
PAGE_HEIGHT_MM = 297
MARGINS_MM = {
    "top": Allowed(20, 20, 25),
    "bottom": Allowed(20, 20, 25),
    "left": Allowed(30, 30, 35),
    "right": Allowed(15, 15, 20),
}
# A landscape page (an appendix table) bound with the portrait ones has its binding edge at the
# top: the portrait margins turned a quarter. Either these or the portrait ones are accepted.
LANDSCAPE_MARGINS_MM = {
    "top": MARGINS_MM["left"],
    "bottom": MARGINS_MM["right"],
    "left": MARGINS_MM["top"],
    "right": MARGINS_MM["bottom"],
}
HEADER_DISTANCE_MM = 10
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGINS_MM["left"].value - MARGINS_MM["right"].value  # 165
LANDSCAPE_TEXT_WIDTH_MM = PAGE_HEIGHT_MM - MARGINS_MM["left"].value - MARGINS_MM["right"].value

FONT = "Times New Roman"
LANGUAGE = "vi-VN"

# The size of footnote text, pt: the decree sets none; Word's own footnote size, below the
# body's 13-14 pt.
FOOTNOTE_PT = 10

# --- font sizes, pt, per component (§2.14, the font table of Phụ lục I Mục V) ------------------
SIZES = {
    "chu_quan": Allowed(13, 12, 13),
    "agency": Allowed(13, 12, 13),
    "quoc_hieu": Allowed(13, 12, 13),
    "tieu_ngu": Allowed(14, 13, 14),
    "number": Allowed(13, 13, 13),
    "date": Allowed(14, 13, 14),
    "title": Allowed(14, 13, 14),
    "subject": Allowed(14, 13, 14),
    "body": Allowed(14, 13, 14),
    "noi_nhan_label": Allowed(12, 12, 12),
    "noi_nhan": Allowed(11, 11, 11),
    "kinh_gui": Allowed(14, 13, 14),
    "cong_van_subject": Allowed(13, 12, 13),  # a công văn's "V/v …" (§2.6)
    "signer": Allowed(14, 13, 14),
    "appendix_heading": Allowed(14, 14, 14),
    "appendix_title": Allowed(14, 13, 14),
    "appendix_note": Allowed(14, 13, 14),
    "table": Allowed(13, 11, 13),  # practice (§2.12)
    "page_number": Allowed(14, 13, 14),
}

# --- body text (§2.7) ------------------------------------------------------------------------
BODY_SIZE = SIZES["body"].value
FIRST_LINE_INDENT_CM = Allowed(1.27, 1.0, 1.27, slack=0.05)  # Word rounds to 0.01 cm
PARAGRAPH_SPACING_PT = Allowed(6, 6)  # at least 6 pt between paragraphs
LINE_SPACING = Allowed(1.1, 1.0, 1.5)  # multiple of single

# --- header block (§2.1-2.6) -----------------------------------------------------------------
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
# The left column of the header: 35-45 % of the text width (practice, §2).
HEADER_LEFT_COLUMN_MM = Allowed(60, 0.35 * TEXT_WIDTH_MM, 0.45 * TEXT_WIDTH_MM)
# Rules, as a fraction of the text above them: 1/3 to 1/2 under the agency and the trích yếu
# (§2.3, §2.6), as long as the line under the tiêu ngữ (§2.2). Text widths are estimated.
AGENCY_RULE = Allowed(0.4, 1 / 3, 1 / 2, slack=0.1)
SUBJECT_RULE = AGENCY_RULE
TIEU_NGU_RULE = Allowed(1.0, 1.0, 1.0, slack=0.2)
RULE_WEIGHT = 6  # eighths of a point: a 0.75 pt line
SIGNATURE_LEFT_COLUMN_MM = 70
# Kính gửi (§2.11): where its label starts, and the width of "Kính gửi:" at 14 pt, so that the
# dashes of a list of recipients sit under the colon
KINH_GUI_INDENT_CM = 3.0
KINH_GUI_LABEL_CM = 2.0
KINH_GUI = "Kính gửi:"
# a giấy mời's meeting time: "14 giờ 00 phút, thứ Tư, ngày 15/7/2026" (Monday first)
WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")
ARTICLE = "Điều"  # Điều 1., Điều 2. … (§2.8)
AS_ARTICLE = "Như Điều"  # Nơi nhận of a decision: "- Như Điều 3;" (those its last article charges)
VV = "V/v"
SIGNATURE_BLANK_LINES = 4  # room for the signature and the seal


@dataclass(frozen=True)
class StyleSpec:
    """A paragraph style of the template: its Word name and its formatting."""

    name: str
    size: float
    bold: bool = False
    italic: bool = False
    align: str = "center"  # left | center | right | justify
    first_line_cm: float = 0.0
    space_before: float = 0.0
    space_after: float = 0.0
    line_spacing: float = 1.0
    keep_next: bool = False
    left_cm: float = 0.0  # left indent
    component: str | None = None  # the key of SIZES whose range the size must lie in


def _body(name: str, **kw: object) -> StyleSpec:
    """A style of the body: justified, indented, spaced."""
    return StyleSpec(
        name,
        BODY_SIZE,
        align="justify",
        first_line_cm=FIRST_LINE_INDENT_CM.value,
        space_before=PARAGRAPH_SPACING_PT.value,
        line_spacing=LINE_SPACING.value,
        component="body",
        **kw,  # type: ignore[arg-type]
    )


def _sized(component: str, name: str, **kw: object) -> StyleSpec:
    return StyleSpec(name, SIZES[component].value, component=component, **kw)  # type: ignore[arg-type]


_TABLE = {"space_before": 2, "space_after": 2}

# Style id -> spec.
STYLES: dict[str, StyleSpec] = {
    "VBChuQuan": _sized("chu_quan", "VB Cơ quan chủ quản"),
    "VBCoQuan": _sized("agency", "VB Cơ quan ban hành", bold=True),
    "VBQuocHieu": _sized("quoc_hieu", "VB Quốc hiệu", bold=True),
    "VBTieuNgu": _sized("tieu_ngu", "VB Tiêu ngữ", bold=True),
    "VBSo": _sized("number", "VB Số ký hiệu", space_before=6),
    "VBNgay": _sized("date", "VB Địa danh ngày", italic=True, space_before=6),
    "VBTenLoai": _sized("title", "VB Tên loại", bold=True, space_before=18, keep_next=True),
    "VBTrichYeu": _sized("subject", "VB Trích yếu", bold=True, keep_next=True),
    "VBDuongKe": StyleSpec("VB Đường kẻ", 5, space_after=10),
    # a công văn (Mẫu 1.5): "V/v …" under the number (ô 5b); Kính gửi (ô 9a), one recipient
    # on its line (centred), or the label and a list whose dashes sit under its colon
    "VBTrichYeuCV": _sized("cong_van_subject", "VB Trích yếu công văn", space_before=6),
    "VBKinhGui": _sized("kinh_gui", "VB Kính gửi", space_before=12, space_after=6, keep_next=True),
    "VBKinhGuiNhan": _sized(
        "kinh_gui",
        "VB Kính gửi (nhãn)",
        align="left",
        left_cm=KINH_GUI_INDENT_CM,
        space_before=12,
        keep_next=True,
    ),
    "VBKinhGuiMuc": _sized(
        "kinh_gui",
        "VB Kính gửi (danh sách)",
        align="left",
        left_cm=KINH_GUI_INDENT_CM + KINH_GUI_LABEL_CM,
        keep_next=True,
    ),
    "VBCanCu": _body("VB Căn cứ", italic=True),
    # a decision (Mẫu 1.2): the issuing authority under the trích yếu, and "QUYẾT ĐỊNH:" above
    # its articles, bold capitals centred; an article's "Điều 1." label is bold
    "VBThamQuyen": _sized(
        "title", "VB Thẩm quyền ban hành", bold=True, space_before=6, space_after=6, keep_next=True
    ),
    "VBBanHanh": _sized(
        "title", "VB Quyết định", bold=True, space_before=6, space_after=6, keep_next=True
    ),
    "VBNoiDung": _body("VB Nội dung"),
    "VBMuc": _body("VB Mục", bold=True, keep_next=True),
    "VBKhoan": _body("VB Khoản", bold=True, keep_next=True),
    "VBDiem": _body("VB Điểm", keep_next=True),  # a titled điểm: upright, not bold (§2.8)
    "VBNoiNhanNhan": _sized(
        "noi_nhan_label",
        "VB Nơi nhận (nhãn)",
        bold=True,
        italic=True,
        align="left",
        space_before=6,
    ),
    "VBNoiNhan": _sized("noi_nhan", "VB Nơi nhận", align="left"),
    "VBGhiChuNoiNhan": _sized("noi_nhan", "VB Nơi nhận (ghi chú)", italic=True, align="left"),
    "VBChucVu": _sized("signer", "VB Quyền hạn chức vụ", bold=True),
    "VBHoTen": _sized("signer", "VB Họ tên", bold=True),
    "VBPhuLuc": _sized("appendix_heading", "VB Phụ lục", bold=True, keep_next=True),
    "VBTieuDePhuLuc": _sized("appendix_title", "VB Tiêu đề phụ lục", bold=True, keep_next=True),
    "VBKemTheo": _sized("appendix_note", "VB Kèm theo", italic=True, keep_next=True),
    "VBBang": _sized("table", "VB Bảng", align="left", **_TABLE),
    "VBBangGiua": _sized("table", "VB Bảng giữa", **_TABLE),
    "VBBangTieuDe": _sized("table", "VB Bảng tiêu đề", bold=True, **_TABLE),
    "VBBangNhom": _sized("table", "VB Bảng nhóm", bold=True, align="left", **_TABLE),
    "VBSoTrang": _sized("page_number", "VB Số trang"),
}

# --- numbering (§2.8, §3) --------------------------------------------------------------------
# Điểm letters: the Vietnamese order the decree itself uses, without f j w z and without the
# letters with diacritics other than đ.
LETTERS = tuple("abcdđeghiklmnopqrstuvxy")

_ROMAN = [
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
]  # fmt: skip


def roman(n: int) -> str:
    """Upper-case Roman numeral of ``n`` (n >= 1)."""
    out = []
    for value, digits in _ROMAN:
        count, n = divmod(n, value)
        out.append(digits * count)
    return "".join(out)


def roman_value(text: str) -> int:
    """The number a Roman numeral stands for (0 if it is not one)."""
    return next((n for n in range(1, 400) if roman(n) == text), 0)


def letter(n: int) -> str:
    """The n-th (1-based) point letter: a, b, c, d, đ, e, g ... y, then aa, bb ..."""
    round_, index = divmod(n - 1, len(LETTERS))
    return LETTERS[index] * (round_ + 1)


# Default label style for each outline depth (1-based): I. / 1. / a) / - / +
DEPTH_STYLES = ["roman", "arabic", "letter", "dash", "plus"]
LABEL_STYLES = (
    "roman", "arabic", "decimal", "letter", "paren", "dash", "plus", "bullet", "none",
)  # fmt: skip
BULLET_GLYPH = "•"  # a Word bullet list's glyph when the config names none
# The label at the start of an outline line, one named group per style.
OUTLINE_LABEL = re.compile(
    r"^(?:(?P<decimal>\d+(?:\.\d+)+)\.|(?P<roman>[IVXLC]+)\.|(?P<arabic>\d+)\.|"
    r"(?P<letter>[a-zđ]{1,2})\)|\((?P<paren>\d{1,3})\)|(?P<dash>-)|(?P<plus>\+))(?=\s)"
)


def label(style: str, n: int, parent_number: str = "") -> tuple[str, str]:
    """Return (label text, number) for the n-th item in ``style``.

    ``number`` is what decimal children extend: "5" for "5.", "5.1" for "5.1.".
    """
    if style == "roman":
        return f"{roman(n)}.", roman(n)
    if style == "arabic":
        return f"{n}.", str(n)
    if style == "decimal":
        number = f"{parent_number}.{n}"
        return f"{number}.", number
    if style == "letter":
        return f"{letter(n)})", letter(n)
    if style == "paren":  # a công văn's points: (1), (2) …
        return f"({n})", str(n)
    if style in ("dash", "bullet"):  # bullet: Word's automatic bullet, drawn by Word
        return "-", ""
    if style == "plus":
        return "+", ""
    return "", ""


# --- số, ký hiệu and date (§2.4, §2.5) -------------------------------------------------------
DRAFT_BLANK = "\u00a0" * 6  # the gap a draft leaves for the number, the day and the month
YEAR = r"(?:19|20)\d{2}"
# "Số: 05/KH-UBND", or a draft's "Số:      /KH-UBND": a colon after Số, a number touching the /
NUMBER_LINE = re.compile(r"Số:\s*(?:(?P<number>\d+)(?=/))?/(?:(?P<year>\d{4})/)?(?P<symbol>\S+)")
SYMBOL = re.compile(r"[A-Za-zĐđ]+(?:-[A-ZĐ0-9]+)+")  # TYPE-AGENCY: KH-UBND, CTr-UBND
# "Place, ngày 05 tháng 01 năm 2026"; a draft leaves the day and the month blank
DATE_LINE = re.compile(
    r"(?P<place>[^,]+),\s*ngày\s*(?P<day>\d*)\s*tháng\s*(?P<month>\d*)\s*năm\s*(?P<year>\d{4})"
)
# 07/5/2026: how dates are cited in running text, and how clerks type them in tables
SHORT_DATE = re.compile(r"(?<![\d/])(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})(?![\d/])")


def format_number(n: int | None) -> str:
    """The number of a document: 01 ... 09, 10 ...; a draft leaves a gap."""
    return DRAFT_BLANK if n is None else f"{n:02d}"


def format_day(day: int | None) -> str:
    """Day of month: days below 10 take a leading zero."""
    return DRAFT_BLANK if day is None else f"{day:02d}"


def format_month(month: int | None) -> str:
    """Month: only January and February take a leading zero."""
    if month is None:
        return DRAFT_BLANK
    return f"{month:02d}" if month <= 2 else str(month)


def date_phrase(day: int | None, month: int | None, year: int) -> str:
    """'ngày 07 tháng 5 năm 2026'; blanks for a draft's missing day or month."""
    return f"ngày {format_day(day)} tháng {format_month(month)} năm {year}"


def number_text(number: int | None, *groups: str | None) -> str:
    """The số, ký hiệu after "Số: ", its groups joined by "-" (an empty one left out):
    05/KH-UBND; a công văn's 125/UBND-VHXH."""
    return f"{format_number(number)}/{'-'.join(g for g in groups if g)}"


# A quy phạm decision's number carries its year: 07/2025/QĐ-UBND
LEGAL_NUMBER = re.compile(r"Số:\s*\d+/\d{4}/")


# --- signature (§2.9) ------------------------------------------------------------------------
AUTHORITIES = ("KT.", "Q.", "TL.", "TUQ.")  # before the head's title; TM. goes before a collective
NEEDS_SIGNER_TITLE = ("KT.",)  # KT. is followed by the deputy's own title
SIGNATURE_AUTHORITY = re.compile(r"^(TM|KT|Q|TL|TUQ)\.\s\S")
MISWRITTEN_AUTHORITY = re.compile(r"^(T/M|K/T|T/L|TM|KT|TL|TUQ|Q)\b(?!\.\s)")

# --- Nơi nhận (§2.11) ------------------------------------------------------------------------
NOI_NHAN = "Nơi nhận:"
ARCHIVE_PREFIX = "Lưu: VT"
ARCHIVE_LINE = re.compile(r"- Lưu: VT(,.*)?\.")
BLACK = ("auto", "000000", "text1", "black")  # text colours that print black
CLOSING_MARK = "./."
