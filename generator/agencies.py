"""Agencies named in a task's lead and coordinating fields: where one name ends and the next
begins ("Phòng Kinh tế, Hạ tầng và Đô thị" is one agency), and the form two spellings of one
name share (hoá = hóa, UBND = Ủy ban nhân dân). Shared by the agencies' sheets and công văn
(:mod:`tasks.extract`) and a giấy mời's invitees (:mod:`write.model.meeting`)."""

from __future__ import annotations

import re
import unicodedata

# The words an agency's name starts with: a list item that starts otherwise continues the
# previous name ("Phòng Kinh tế, Hạ tầng và Đô thị" is one agency).
_AGENCY_START = re.compile(
    r"^(Phòng|Văn phòng|Ban|Trung tâm|Công an|Ủy ban|Uỷ ban|UBND|Đảng ủy|Đảng uỷ|Đảng bộ|Hội|"
    r"Đoàn|Trường|Trạm|Các|BCH|MTTQ|Mặt trận|Sở|Bộ|Chi cục|Chi nhánh|Kho bạc|Bảo hiểm|BHXH|Tổ|"
    r"Liên đoàn|Cơ quan|Thanh tra|Đài|Bưu điện|Ngân hàng|Viện|Bệnh viện|Thường trực|Hội đồng|"
    r"HĐND|Cán bộ|Công chức|Lãnh đạo|Chủ tịch|Phó Chủ tịch|Thủ trưởng|Người đứng đầu|Đội|"
    r"Hợp tác xã|Doanh nghiệp|Tòa án|Viện kiểm sát|Chi bộ|Cụm|Khu|Thôn|Ấp|Bản|Tổ dân phố|"
    r"Quân sự|Cảnh sát|Phường|Xã|Đặc khu|Tỉnh|Thành phố|[A-ZĐ]{2,})\b"
)
# old-style tone marks ("hoá", "thuỷ") -> the new style, so both spellings match
_TONE_MOVES = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}  # fmt: skip


# abbreviations written for the same agency, spelled out for matching only
_ABBREVIATIONS = {
    "ubnd": "ủy ban nhân dân", "hđnd": "hội đồng nhân dân", "mttq": "mặt trận tổ quốc",
    "ubmttq": "ủy ban mặt trận tổ quốc", "ubkt": "ủy ban kiểm tra", "ub": "ủy ban",
    "bch": "ban chỉ huy", "vh - xh": "văn hóa - xã hội", "vhxh": "văn hóa - xã hội",
    "bhxh": "bảo hiểm xã hội", "đu": "đảng ủy",
}  # fmt: skip
# what a task says an agency does, after its name: "Phòng Văn hóa - Xã hội tổng hợp, theo dõi"
_ROLE = re.compile(r"\s+(tổng hợp|theo dõi|đề nghị|chủ trì|phối hợp|thực hiện|hướng dẫn|tham mưu|"
                   r"báo cáo)\b(?P<rest>.*)$")  # fmt: skip
# names that say nothing without what follows them: "Ban Chỉ đạo thực hiện Quy chế dân chủ" is
# not cut to "Ban Chỉ đạo", or every Ban Chỉ đạo of the plan would be one agency
_GENERIC = {"ban", "ban chỉ đạo", "ban chỉ huy", "ban quản lý", "tổ", "tổ công tác", "hội đồng",
            "đoàn", "đội", "tổ giúp việc", "cơ quan", "các cơ quan", "các đơn vị"}  # fmt: skip


def normal(name: str) -> str:
    """An agency's name for matching: NFC, lower case, new-style tone marks, abbreviations
    spelled out, the same spacing around hyphens, no commas, one space."""
    text = unicodedata.normalize("NFC", name).lower()
    for old, new in _TONE_MOVES.items():
        text = re.sub(rf"{old}\b", new, text)
    text = re.sub(r"\s*[-–—]\s*", " - ", text)
    text = " ".join(re.sub(r"[,;.:()]", " ", text).split())
    for short, full in _ABBREVIATIONS.items():
        text = re.sub(rf"(?<!\w){re.escape(short)}(?!\w)", full, text)
    return text


def agencies(text: str) -> list[str]:
    """The agencies a lead or coordinating field names, in order; a remark in brackets and what
    the task says the agency does are left out."""
    text = re.sub(r"\s*\([^)]*\)", "", text)
    names: list[str] = []
    closed = False  # the last name ended in a remark: what follows it is the remark's
    parts = re.split(r"\s*([;,\n])\s*", text)
    for part, after in zip(parts[::2], [",", *parts[1::2]], strict=True):
        part = part.strip(" .")
        if not part:
            continue
        own = part[:1].upper() + part[1:]  # "…; các đơn vị sự nghiệp": a name of its own
        if after != "," and not _starts_like_agency(part) and _starts_like_agency(own):
            part = own
        if not _starts_like_agency(part) and names:
            if not closed:
                names[-1] += ", " + part
            continue
        cut = _without_role(part)
        closed = cut != part
        names.append(cut)
    return names


def _starts_like_agency(part: str) -> bool:
    """Whether ``part`` starts like an agency's name, typed in capitals too ("CÔNG AN PHƯỜNG")."""
    return bool(_AGENCY_START.match(part) or _AGENCY_START.match(part[:1] + part[1:].lower()))


def _without_role(part: str) -> str:
    """``part`` without what it says the agency does ("… tổng hợp, theo dõi chung"); kept whole
    when that would leave a name that says nothing, or when a proper name follows the verb."""
    m = _ROLE.search(part)
    if m is None:
        return part
    name, rest = part[: m.start()], m["rest"].strip()
    if normal(name) in _GENERIC or (rest[:1].isupper()):
        return part
    return name
