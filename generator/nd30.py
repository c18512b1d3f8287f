"""The rules of Nghị định 30/2020/NĐ-CP that vanban applies, in one place.

Every layout number (page, margins, fonts, sizes), every numbering and date rule and the
document-kind table live here; the template builder, the model and the tests read them from here.
Section references (§) are to ``shared/nd30-spec.md``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# --- page (§1) -------------------------------------------------------------------------------
PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
MARGIN_TOP_MM = 20
MARGIN_BOTTOM_MM = 20
MARGIN_LEFT_MM = 30
MARGIN_RIGHT_MM = 15
HEADER_DISTANCE_MM = 10
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 165
LANDSCAPE_TEXT_WIDTH_MM = PAGE_HEIGHT_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 252

FONT = "Times New Roman"
LANGUAGE = "vi-VN"

# --- body text (§2.7) ------------------------------------------------------------------------
BODY_SIZE = 14
FIRST_LINE_INDENT_CM = 1.27
PARAGRAPH_SPACING_PT = 6
LINE_SPACING = 1.1  # multiple of single; the decree allows 1.0 to 1.5

# --- header block (§2.1-2.5) -----------------------------------------------------------------
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
HEADER_LEFT_COLUMN_MM = 60  # about 36 % of the text width (§2: 35-45 %)
AGENCY_RULE_FRACTION = 0.4  # the rule under the agency and the trích yếu: 1/3 to 1/2 (§2.3, §2.6)
SIGNATURE_LEFT_COLUMN_MM = 70
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


# Style id -> spec. Sizes and emphasis follow the font table of Phụ lục I (§2.14).
STYLES: dict[str, StyleSpec] = {
    "VBChuQuan": StyleSpec("VB Cơ quan chủ quản", 13),
    "VBCoQuan": StyleSpec("VB Cơ quan ban hành", 13, bold=True),
    "VBQuocHieu": StyleSpec("VB Quốc hiệu", 13, bold=True),
    "VBTieuNgu": StyleSpec("VB Tiêu ngữ", 14, bold=True),
    "VBSo": StyleSpec("VB Số ký hiệu", 13, space_before=6),
    "VBNgay": StyleSpec("VB Địa danh ngày", 14, italic=True, space_before=6),
    "VBTenLoai": StyleSpec("VB Tên loại", 14, bold=True, space_before=18, keep_next=True),
    "VBTrichYeu": StyleSpec("VB Trích yếu", 14, bold=True, keep_next=True),
    "VBDuongKe": StyleSpec("VB Đường kẻ", 5, space_after=10),
    "VBCanCu": StyleSpec(
        "VB Căn cứ",
        BODY_SIZE,
        italic=True,
        align="justify",
        first_line_cm=FIRST_LINE_INDENT_CM,
        space_before=PARAGRAPH_SPACING_PT,
        line_spacing=LINE_SPACING,
    ),
    "VBNoiDung": StyleSpec(
        "VB Nội dung",
        BODY_SIZE,
        align="justify",
        first_line_cm=FIRST_LINE_INDENT_CM,
        space_before=PARAGRAPH_SPACING_PT,
        line_spacing=LINE_SPACING,
    ),
    "VBMuc": StyleSpec(
        "VB Mục",
        BODY_SIZE,
        bold=True,
        align="justify",
        first_line_cm=FIRST_LINE_INDENT_CM,
        space_before=PARAGRAPH_SPACING_PT,
        line_spacing=LINE_SPACING,
        keep_next=True,
    ),
    "VBKhoan": StyleSpec(
        "VB Khoản",
        BODY_SIZE,
        bold=True,
        align="justify",
        first_line_cm=FIRST_LINE_INDENT_CM,
        space_before=PARAGRAPH_SPACING_PT,
        line_spacing=LINE_SPACING,
        keep_next=True,
    ),
    "VBDiem": StyleSpec(
        "VB Điểm",
        BODY_SIZE,
        italic=True,
        align="justify",
        first_line_cm=FIRST_LINE_INDENT_CM,
        space_before=PARAGRAPH_SPACING_PT,
        line_spacing=LINE_SPACING,
        keep_next=True,
    ),
    "VBNoiNhanNhan": StyleSpec(
        "VB Nơi nhận (nhãn)", 12, bold=True, italic=True, align="left", space_before=6
    ),
    "VBNoiNhan": StyleSpec("VB Nơi nhận", 11, align="left"),
    "VBGhiChuNoiNhan": StyleSpec("VB Nơi nhận (ghi chú)", 11, italic=True, align="left"),
    "VBChucVu": StyleSpec("VB Quyền hạn chức vụ", 14, bold=True, space_before=0),
    "VBHoTen": StyleSpec("VB Họ tên", 14, bold=True),
    "VBPhuLuc": StyleSpec("VB Phụ lục", 14, bold=True, keep_next=True),
    "VBTieuDePhuLuc": StyleSpec("VB Tiêu đề phụ lục", 14, bold=True, keep_next=True),
    "VBKemTheo": StyleSpec("VB Kèm theo", 14, italic=True, keep_next=True),
    "VBBang": StyleSpec("VB Bảng", 13, align="left", space_before=2, space_after=2),
    "VBBangGiua": StyleSpec("VB Bảng giữa", 13, space_before=2, space_after=2),
    "VBBangTieuDe": StyleSpec("VB Bảng tiêu đề", 13, bold=True, space_before=2, space_after=2),
    "VBBangNhom": StyleSpec(
        "VB Bảng nhóm", 13, bold=True, align="left", space_before=2, space_after=2
    ),
    "VBSoTrang": StyleSpec("VB Số trang", 14),
}

# --- numbering (§2.8, §3) --------------------------------------------------------------------
# Điểm letters: the Vietnamese order the decree itself uses, without f j w z and without the
# letters with diacritics other than đ.
LETTERS = tuple("abcdđeghiklmnopqrstuvxy")

_ROMAN = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
]


def roman(n: int) -> str:
    """Upper-case Roman numeral of ``n`` (n >= 1)."""
    out = []
    for value, digits in _ROMAN:
        count, n = divmod(n, value)
        out.append(digits * count)
    return "".join(out)


def letter(n: int) -> str:
    """The n-th (1-based) point letter: a, b, c, d, đ, e, g ... y, then aa, bb ..."""
    round_, index = divmod(n - 1, len(LETTERS))
    return LETTERS[index] * (round_ + 1)


# Default label style for each outline depth (1-based): I. / 1. / a) / - / +
DEPTH_STYLES = ["roman", "arabic", "letter", "dash", "plus"]
LABEL_STYLES = ("roman", "arabic", "decimal", "letter", "dash", "plus", "none")


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
    if style == "dash":
        return "-", ""
    if style == "plus":
        return "+", ""
    return "", ""


# --- số, ký hiệu and date (§2.4, §2.5) -------------------------------------------------------
DRAFT_BLANK = "\u00a0" * 6  # the gap a draft leaves for the number, the day and the month


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


@dataclass(frozen=True)
class Kind:
    """A document type of Phụ lục III: its title, abbreviation and the name used in sentences."""

    key: str
    title: str  # tên loại, as printed: KẾ HOẠCH
    abbreviation: str  # ký hiệu of the type (Phụ lục III, §4.1): KH
    name: str  # in running text: Kế hoạch


KINDS: dict[str, Kind] = {
    "ke_hoach": Kind("ke_hoach", "KẾ HOẠCH", "KH", "Kế hoạch"),
    "chuong_trinh": Kind("chuong_trinh", "CHƯƠNG TRÌNH", "CTr", "Chương trình"),
}

# Phụ lục III, Mục I (§4.1): the ký hiệu of each named type. Công văn has none.
TYPE_ABBREVIATIONS = {
    "NGHỊ QUYẾT": "NQ",
    "QUYẾT ĐỊNH": "QĐ",
    "CHỈ THỊ": "CT",
    "QUY CHẾ": "QC",
    "QUY ĐỊNH": "QyĐ",
    "THÔNG CÁO": "TC",
    "THÔNG BÁO": "TB",
    "HƯỚNG DẪN": "HD",
    "CHƯƠNG TRÌNH": "CTr",
    "KẾ HOẠCH": "KH",
    "PHƯƠNG ÁN": "PA",
    "ĐỀ ÁN": "ĐA",
    "DỰ ÁN": "DA",
    "BÁO CÁO": "BC",
    "BIÊN BẢN": "BB",
    "TỜ TRÌNH": "TTr",
    "HỢP ĐỒNG": "HĐ",
    "CÔNG ĐIỆN": "CĐ",
    "BẢN GHI NHỚ": "BGN",
    "BẢN THỎA THUẬN": "BTT",
    "GIẤY ỦY QUYỀN": "GUQ",
    "GIẤY MỜI": "GM",
    "GIẤY GIỚI THIỆU": "GGT",
    "GIẤY NGHỈ PHÉP": "GNP",
    "PHIẾU GỬI": "PG",
    "PHIẾU CHUYỂN": "PC",
    "PHIẾU BÁO": "PB",
}

# --- signature (§2.9) ------------------------------------------------------------------------
AUTHORITIES = ("KT.", "Q.", "TL.", "TUQ.")  # before the head's title; TM. goes before a collective
NEEDS_SIGNER_TITLE = ("KT.",)  # KT. is followed by the deputy's own title

# --- Nơi nhận (§2.11) ------------------------------------------------------------------------
ARCHIVE_PREFIX = "Lưu: VT"

# --- text width estimate ---------------------------------------------------------------------
# Advance widths (1/1000 em) of Times Roman and Times Bold (the Adobe core-font metrics that
# Times New Roman matches); used to size the short rules under the agency name and trích yếu.
_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_LOWER = "abcdefghijklmnopqrstuvwxyz"
_W_REGULAR = dict(
    zip(
        _UPPER + _LOWER,
        [
            722,
            667,
            667,
            722,
            611,
            556,
            722,
            722,
            333,
            389,
            722,
            611,
            889,
            722,
            722,
            556,
            722,
            667,
            556,
            611,
            722,
            722,
            944,
            722,
            722,
            611,
            444,
            500,
            444,
            500,
            444,
            333,
            500,
            500,
            278,
            278,
            500,
            278,
            778,
            500,
            500,
            500,
            500,
            333,
            389,
            278,
            500,
            500,
            722,
            500,
            500,
            444,
        ],
        strict=True,
    )
)
_W_BOLD = dict(
    zip(
        _UPPER + _LOWER,
        [
            722,
            667,
            722,
            722,
            667,
            611,
            778,
            778,
            389,
            500,
            778,
            667,
            944,
            722,
            778,
            611,
            778,
            722,
            556,
            667,
            722,
            722,
            1000,
            722,
            722,
            667,
            500,
            556,
            444,
            556,
            444,
            333,
            500,
            556,
            278,
            333,
            556,
            278,
            833,
            556,
            500,
            556,
            556,
            444,
            389,
            333,
            556,
            500,
            722,
            500,
            500,
            444,
        ],
        strict=True,
    )
)


def text_width_pt(text: str, size: float, bold: bool = False) -> float:
    """Approximate printed width of ``text`` in points (diacritics do not change the advance)."""
    table = _W_BOLD if bold else _W_REGULAR
    total = 0
    for ch in text:
        base = unicodedata.normalize("NFD", ch.replace("đ", "d").replace("Đ", "D"))[0]
        if base.isdigit():
            total += 500
        elif base == " ":
            total += 250
        else:
            total += table.get(base, 500 if base.isalpha() else 333)
    return total * size / 1000


def rule_length_pt(lines: list[str], size: float, bold: bool, fraction: float) -> float:
    """Length of a rule that is ``fraction`` of the longest of ``lines``."""
    return fraction * max((text_width_pt(line, size, bold) for line in lines), default=0)
