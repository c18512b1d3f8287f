"""The config's vocabulary, in one place: the document kinds, the ward kinds, the signing
authorities, the task fields and the styles kept with the next paragraph.

Both sides read it: the schema validates against it, the model lays a document out from its
kind, the reader tells a document's kind by it and the check rules ask the kind what it has,
the importer recognises the words of a field in it, and the editor receives it as JSON
(:func:`as_json`). Adding a task field is one :class:`TaskField` here; letting vanban write a
kind is its record here plus its standard sentences in ``templates/<key>/``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from . import nd30

# --- kinds (Phụ lục III) ---------------------------------------------------------------------
# What a document of a kind has. A check rule that reads a part the kind lacks does not apply.
NUMBER, DATE, TITLE, BASIS, RECIPIENTS, SIGNATURE = (
    "number", "date", "title", "basis", "recipients", "signature")  # fmt: skip
KINH_GUI, VV = "kinh_gui", "vv"  # "Kính gửi:"; a "V/v …" trích yếu under the number
INVITES = "invites"  # a meeting block (what, who chairs, when, where) and "Như thành phần mời"
ISSUER = "issuer"  # the issuing authority's line under the trích yếu: CHỦ TỊCH ỦY BAN NHÂN DÂN …
STANDARD = frozenset({NUMBER, DATE, TITLE, BASIS, RECIPIENTS, SIGNATURE})
CITES_IN_TEXT = STANDARD - {BASIS}  # cites its grounds in running text, not as căn cứ lines


@dataclass(frozen=True)
class Kind:
    """A document type: what it has and how it is laid out. ``folder`` names its standard
    sentences under ``templates/`` when vanban writes it."""

    key: str  # in configs and in ``check --json``: ke_hoach
    title: str  # tên loại as printed: KẾ HOẠCH ("" for a công văn, which has none)
    abbreviation: str  # its part of the ký hiệu (Phụ lục III): KH
    name: str  # in running text: Kế hoạch
    parts: frozenset[str] = STANDARD
    symbol: str = "type-agency"  # 05/KH-UBND; "agency-unit" for a công văn: 12/UBND-VX
    body: str = "outline"  # I. / 1. / a); "articles" for Điều 1, Điều 2 …
    attached: bool = False  # issued with a decision: no number, date or Nơi nhận of its own
    folder: str | None = None  # templates/<folder>/{opening,closing,appendix_note}.j2
    enacts: str = ""  # the enacting words above its articles: "QUYẾT ĐỊNH:"
    file_tag: str = ""  # its output files' prefix when it has no abbreviation: CV-…docx
    # rollover: the years, relative to the document's own, that are its own and move with it
    own_years: tuple[int, int] = (-1, 1)

    def has(self, part: str) -> bool:
        return part in self.parts

    @property
    def written(self) -> bool:
        """Whether vanban writes documents of this kind."""
        return self.folder is not None

    @property
    def opening(self) -> str:
        return f"{self.folder}/opening.j2"

    @property
    def closing(self) -> str:
        return f"{self.folder}/closing.j2"

    @property
    def appendix_note(self) -> str:
        return f"{self.folder}/appendix_note.j2"


def _key(title: str) -> str:
    """KẾ HOẠCH -> ke_hoach."""
    text = unicodedata.normalize("NFD", title.replace("Đ", "D").replace("đ", "d"))
    return "_".join("".join(c for c in text if c.isascii()).lower().split())


def _kind(title: str, abbreviation: str, **kw: Any) -> Kind:
    key = _key(title)
    name = title[0] + title[1:].lower()
    return Kind(key, title, abbreviation, name, **kw)


ARTICLES = {"body": "articles"}
_TYPES = [
    _kind("NGHỊ QUYẾT", "NQ", **ARTICLES),
    _kind("QUYẾT ĐỊNH", "QĐ", **ARTICLES, parts=STANDARD | {ISSUER}, enacts="QUYẾT ĐỊNH:",
          folder="quyet_dinh"),
    _kind("CHỈ THỊ", "CT"), _kind("QUY CHẾ", "QC", **ARTICLES),
    _kind("QUY ĐỊNH", "QyĐ", **ARTICLES), _kind("THÔNG CÁO", "TC"),
    _kind("THÔNG BÁO", "TB", parts=CITES_IN_TEXT, folder="thong_bao"), _kind("HƯỚNG DẪN", "HD"),
    _kind("KẾ HOẠCH", "KH", folder="ke_hoach"),
    _kind("CHƯƠNG TRÌNH", "CTr", folder="chuong_trinh"), _kind("PHƯƠNG ÁN", "PA"),
    _kind("ĐỀ ÁN", "ĐA"), _kind("DỰ ÁN", "DA"),
    _kind("BÁO CÁO", "BC", parts=CITES_IN_TEXT, folder="bao_cao"),
    _kind("BIÊN BẢN", "BB", parts=CITES_IN_TEXT),
    _kind("TỜ TRÌNH", "TTr", parts=CITES_IN_TEXT | {KINH_GUI}),
    _kind("HỢP ĐỒNG", "HĐ"), _kind("CÔNG ĐIỆN", "CĐ"), _kind("BẢN GHI NHỚ", "BGN"),
    _kind("BẢN THỎA THUẬN", "BTT"), _kind("GIẤY ỦY QUYỀN", "GUQ"),
    _kind("GIẤY MỜI", "GM", parts=CITES_IN_TEXT | {INVITES}, folder="giay_moi"),
    _kind("GIẤY GIỚI THIỆU", "GGT"),
    _kind("GIẤY NGHỈ PHÉP", "GNP"), _kind("PHIẾU GỬI", "PG"), _kind("PHIẾU CHUYỂN", "PC"),
    _kind("PHIẾU BÁO", "PB"),
    # a công văn has no tên loại: its trích yếu is "V/v …" under the number, and it is addressed
    Kind("cong_van", "", "", "Công văn", parts=CITES_IN_TEXT - {TITLE} | {VV, KINH_GUI},
         symbol="agency-unit", folder="cong_van", file_tag="CV"),
    # a text issued with a decision ("ban hành kèm theo Quyết định …"): its own title, but no
    # number, date, Nơi nhận or signature
    Kind("van_ban_kem_theo", "", "", "Văn bản kèm theo", parts=frozenset({TITLE, BASIS}),
         attached=True),
]  # fmt: skip
KINDS: dict[str, Kind] = {k.key: k for k in _TYPES}
TYPE_ABBREVIATIONS = {k.title: k.abbreviation for k in _TYPES if k.title}
ATTACHED_TEXT = "van_ban_kem_theo"
# The titles a text attached to a decision may carry.
ATTACHED_TITLES = ("QUY CHẾ", "QUY ĐỊNH", "ĐIỀU LỆ", "QUY TRÌNH", "CHƯƠNG TRÌNH", "KẾ HOẠCH")
# The kind of a numbered document with no tên loại, its trích yếu a "V/v …" (a công văn).
UNTITLED = next(k for k in _TYPES if k.has(VV) and not k.title)
# A document whose kind is not known is read as having every usual part.
UNKNOWN = Kind("", "", "", "")


def written_kinds() -> list[str]:
    """The keys of the kinds vanban writes, in the table's order."""
    return [key for key, kind in KINDS.items() if kind.written]


def kind_of(key: str | None) -> Kind:
    """The record of ``key``; :data:`UNKNOWN` for None or a key not in the table."""
    return KINDS.get(key or "", UNKNOWN)


def title_kind(text: str) -> Kind | None:
    """The kind a tên loại line names ("KẾ HOẠCH", "KẾ HOẠCH, NHIỆM VỤ", "QUY ĐỊNH QUẢN LÝ …"
    in capitals); None if it names none."""
    text = " ".join(text.split()).replace("HOÀ", "HÒA")
    if text != text.upper():
        return None
    for kind in sorted(KINDS.values(), key=lambda k: len(k.title), reverse=True):
        title = kind.title
        if title and (text == title or text.startswith((title + ",", title + " "))):
            return kind
    return None


# --- the ward, the signature -----------------------------------------------------------------
WARD_KINDS = ("phường", "xã", "đặc khu", "tỉnh", "thành phố")
AUTHORITIES = nd30.AUTHORITIES


# --- task fields -----------------------------------------------------------------------------
@dataclass(frozen=True)
class TaskField:
    """A field of a task: its key in the config, its default label (a "Label: value" line in the
    body, a column header in an appendix), its short header in the editor's grid, and the words
    by which the importer recognises it in a typed label or column header (``header_words``: in
    a column header only); ``tracked``: a column of the tracking workbook and the agencies'
    sheets."""

    key: str
    label: str
    short: str
    words: tuple[str, ...] = field(default=())
    tracked: bool = True
    header_words: tuple[str, ...] = field(default=())


# In the order they are printed. A new field is one line here.
TASK_FIELDS: dict[str, TaskField] = {f.key: f for f in (
    TaskField("lead", "Cơ quan chủ trì", "Chủ trì", ("chủ trì",)),
    # who carries it out shows under the lead when there is no lead (TaskItem.owner)
    TaskField("executing", "Cơ quan thực hiện", "Thực hiện", ("thực hiện",), tracked=False),
    TaskField("coordinating", "Cơ quan phối hợp", "Phối hợp", ("phối hợp",)),
    TaskField("form", "Hình thức thực hiện", "Hình thức", ("hình thức",), tracked=False),
    # "Tiến độ" heads a timeline column; as a line, "Tiến độ: …" is a report's progress
    TaskField("timeline", "Thời gian thực hiện", "Thời gian", ("thời gian",),
              header_words=("tiến độ",)),
)}  # fmt: skip
# The columns of a task table besides the fields: its header and the words that name it.
ROW_COLUMNS = {"tt": ("TT", ("stt", "tt")), "content": ("Nhiệm vụ", ("nhiệm vụ", "nội dung"))}


# The columns of an appendix task table that gives none.
DEFAULT_COLUMNS = ("tt", "content", "lead", "coordinating", "timeline")


def _specific_first(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(word, key) pairs, the words found in fewer of the fields' labels first: "thực hiện"
    ends three labels, so "Hình thức thực hiện" is a form and "Cơ quan chủ trì thực hiện" a
    lead before either is who carries it out."""
    labels = [f.label.lower() for f in TASK_FIELDS.values()]
    return sorted(pairs, key=lambda pair: sum(pair[0] in label for label in labels))


def field_of(label: str) -> str | None:
    """The task field a typed label names: "Cơ quan chủ trì tham mưu" -> lead."""
    low = label.lower().strip()
    words = _specific_first([(w, f.key) for f in TASK_FIELDS.values() for w in f.words])
    return next((key for word, key in words if word in low), None)


def column_of(header: str) -> str | None:
    """The task-table column a header names: "STT" -> tt, "Nội dung công việc" -> content,
    "Đơn vị chủ trì" -> lead. A short word names a column only when it is the whole header."""
    low = header.lower().strip()
    words = [(w, key) for key, (_h, ws) in ROW_COLUMNS.items() for w in ws] + [
        (w, f.key) for f in TASK_FIELDS.values() for w in (*f.words, *f.header_words)]  # fmt: skip
    exact = next((key for w, key in words if w == low), None)
    return exact or next((key for w, key in _specific_first(words) if len(w) > 3 and w in low),
                         None)  # fmt: skip


def column_headers() -> dict[str, str]:
    """The default header of every task-table column."""
    return {key: header for key, (header, _w) in ROW_COLUMNS.items()} | {
        f.key: f.label for f in TASK_FIELDS.values()}  # fmt: skip


def tracked_fields() -> list[TaskField]:
    """The fields the tracking workbook and the agencies' sheets give a column, in order."""
    return [f for f in TASK_FIELDS.values() if f.tracked]


# --- layout ----------------------------------------------------------------------------------
KEEP_WITH_NEXT = tuple(style for style, spec in nd30.STYLES.items() if spec.keep_next)


def as_json() -> dict[str, Any]:
    """The vocabulary the editor's page builds its choices from."""
    return {
        "kinds": [[key, KINDS[key].name] for key in written_kinds()],
        # what each kind has: the form shows Kính gửi, the drafting unit … only where they belong
        "kind_parts": {
            key: {
                "parts": sorted(KINDS[key].parts),
                "symbol": KINDS[key].symbol,
                "enacts": KINDS[key].enacts,
            }
            for key in written_kinds()
        },
        "ward_kinds": [[k, k] for k in WARD_KINDS],
        "authorities": [[a, a] for a in AUTHORITIES],
        "fields": [[f.key, f.label] for f in TASK_FIELDS.values()],
        # the task-table columns: their short headers in the editor's grid, and the default set
        "columns": {k: h for k, (h, _w) in ROW_COLUMNS.items()}
        | {f.key: f.short for f in TASK_FIELDS.values()},
        "default_columns": list(DEFAULT_COLUMNS),
        "keep_with_next": list(KEEP_WITH_NEXT),
    }


# The table of a Ban Chỉ đạo's members (``members:``): (header, width in mm, alignment)
MEMBER_COLUMNS = (("STT", 12.0, "center"), ("Họ và tên", 48.0, None), ("Chức vụ", 72.0, None),
                  ("Nhiệm vụ trong Ban", 33.0, "center"))  # fmt: skip
