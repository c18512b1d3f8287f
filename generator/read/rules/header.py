"""Rules of the header block and the title: Quốc hiệu, tiêu ngữ, agency, số/ký hiệu, date,
tên loại and trích yếu, and the short rules under them."""

from __future__ import annotations

import re

from ... import nd30
from ...i18n import _
from ...vocabulary import VV, kind_of, title_kind
from ..kinds import is_legal
from ..lines import Line, squash
from ..reader import Structure
from .common import Finding, at, excerpt, issuing, rule_under, style

SIZES = nd30.SIZES


def quoc_hieu(d: Structure) -> list[Finding]:
    line = d.quoc_hieu
    out = style(d, line, SIZES["quoc_hieu"], True, False, True, "center", nd30.QUOC_HIEU)
    if line is not None and line.text.replace("HOÀ", "HÒA") != nd30.QUOC_HIEU:
        out.append((at(line), _("text differs from «{expected}»").format(
            expected=nd30.QUOC_HIEU)))  # fmt: skip
    return out


def tieu_ngu(d: Structure) -> list[Finding]:
    line = d.tieu_ngu
    out = style(d, line, SIZES["tieu_ngu"], True, False, align="center", what=nd30.TIEU_NGU)
    if line is not None and line.text != nd30.TIEU_NGU:
        why = _("an en or em dash") if re.search("[–—]", line.text) else _("different text")
        if re.sub(r"\s*-\s*", " - ", line.text) == nd30.TIEU_NGU:
            why = _("hyphens without a space on each side")
        out.append((at(line), _("{why}; expected «{expected}»").format(
            why=why, expected=nd30.TIEU_NGU)))  # fmt: skip
    return out


def tieu_ngu_rule(d: Structure) -> list[Finding]:
    lines = [d.tieu_ngu] if d.tieu_ngu else []
    anchors = [d.quoc_hieu] if d.quoc_hieu else []
    return rule_under(d, lines, nd30.TIEU_NGU_RULE, SIZES["tieu_ngu"].value, True, anchors)


def agency(d: Structure) -> list[Finding]:
    if not d.agency:
        return [("", _("not found"))]
    out = []
    for line in issuing(d):
        out += style(d, line, SIZES["agency"], True, False, caps=True, align="center")
    return out[:1]


def agency_rule(d: Structure) -> list[Finding]:
    lines = issuing(d) if d.agency else []
    return rule_under(d, lines, nd30.AGENCY_RULE, SIZES["agency"].value, True, d.agency)


def _plain(line: Line) -> str:
    """A line's text with the draft's non-breaking blanks as spaces, squashed."""
    return squash(line.text.replace("\u00a0", " "))


def number(d: Structure) -> list[Finding] | None:
    if d.number is None:
        return [("", _("not found"))]
    text, where = _plain(d.number), at(d.number)
    m = nd30.NUMBER_LINE.fullmatch(text)
    if not m:
        return [(where, _("expected «Số: 05/KH-UBND» (a colon after Số, no spaces around /)"))]
    num, symbol = m.group("number"), m.group("symbol")
    out = []
    if num and not is_legal(d) and num != nd30.format_number(int(num)):
        out.append((where, _("number {n}: numbers below 10 take a leading 0 (0{n})").format(
            n=num)))  # fmt: skip
    if kind_of(d.kind).symbol == "agency-unit":  # a công văn: 12/UBND-VX
        if not nd30.SYMBOL.fullmatch(symbol):
            out.append((where, _("a công văn's ký hiệu is AGENCY-UNIT, such as UBND-VX; found "
                                 "«{symbol}»").format(symbol=symbol)))  # fmt: skip
    elif not nd30.SYMBOL.fullmatch(symbol):
        out.append((where, _("ký hiệu «{symbol}» is not TYPE-AGENCY").format(symbol=symbol)))
    elif d.title is not None:
        kind = title_kind(d.title.text)
        found = symbol.split("-")[0]
        if kind and found != kind.abbreviation:
            out.append((where, _("«{title}» takes the ký hiệu {expected}, found {found}").format(
                title=kind.title, expected=kind.abbreviation, found=found)))  # fmt: skip
    return out + [(where, v) for _t, v in style(d, d.number, SIZES["number"], None, False)]


def date(d: Structure) -> list[Finding]:
    if d.date is None:
        return [("", _("not found"))]
    text, where = _plain(d.date), at(d.date)
    m = nd30.DATE_LINE.fullmatch(text)
    if not m:
        return [(where, _("expected «Place, ngày dd tháng m năm yyyy»"))]
    out = []
    day, month = m.group("day"), m.group("month")
    if day and day != nd30.format_day(int(day)):
        out.append((where, _("ngày {day}: days below 10 take a leading 0").format(day=day)))
    if month and month != nd30.format_month(int(month)):
        out.append((where, _("tháng {month}: write tháng {expected}").format(
            month=month, expected=nd30.format_month(int(month)))))  # fmt: skip
    return out + style(d, d.date, SIZES["date"], None, True)


def title(d: Structure) -> list[Finding]:
    if kind_of(d.kind).has(VV):  # no tên loại; the "V/v" trích yếu under the number
        out = []
        for line in d.subject:
            out += style(d, line, SIZES["cong_van_subject"], False, False)
        return out[:2]
    out = style(d, d.title, SIZES["title"], True, False, True, "center", _("tên loại"))
    for line in d.subject:
        out += style(d, line, SIZES["subject"], True, False, align="center")
    return out[:3]


def subject_rule(d: Structure) -> list[Finding] | None:
    if not d.subject:
        return None
    anchors = [d.title] if d.title else []
    return rule_under(d, d.subject, nd30.SUBJECT_RULE, SIZES["subject"].value, True, anchors)


def kinh_gui(d: Structure) -> list[Finding] | None:
    if not d.kinh_gui:
        return None
    out = []
    first = d.kinh_gui[0]
    if not first.text.startswith("Kính gửi:"):
        out.append((at(first), _("expected «Kính gửi:» with a colon")))
    for line in d.kinh_gui:
        out += style(d, line, SIZES["kinh_gui"], None, False)
    items = [ln for ln in d.kinh_gui[1:] if ln.text.startswith("-")]
    for line in items[:-1]:
        if not line.text.endswith(";"):
            out.append((at(line), _("each recipient is «- …;»")))
    if items and not items[-1].text.endswith("."):
        out.append((at(items[-1]), _("the last recipient ends with «.»")))
    return [(w, excerpt(f, 120)) for w, f in out[:3]]
