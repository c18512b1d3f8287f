"""The Nghị định 30 rules ``vanban check`` applies, one record per rule.

A rule has an id, what it requires (its numbers filled in from :mod:`nd30`), the section of
shared/nd30-spec.md and of the decree's appendix it comes from, a severity, the part of a
document it reads (a kind without that part, per :mod:`vocabulary`, is not checked for it), and
a test that reads the document structure (:mod:`..reader`) and returns the findings: (where and
the offending text, value found). No findings is a PASS; None means not applicable (what it
checks is absent and optional). To add a rule: write its test in the module of its part
(header, body, ending, page) and add its record here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ... import nd30
from ...i18n import N_, _
from ...vocabulary import BASIS, DATE, NUMBER, RECIPIENTS, SIGNATURE, TITLE, kind_of
from ..reader import Structure
from . import body, ending, header, page
from .common import Finding

SIZES = nd30.SIZES


@dataclass(frozen=True)
class Rule:
    id: str  # for --json and the tests
    name: str  # a msgid: what a person calls it («Căn cứ»), shown instead of the id
    requirement: str  # a msgid; its {placeholders} come from ``values``
    section: str
    severity: str  # error | warning
    test: Callable[[Structure], list[Finding] | None]  # None: not applicable
    values: dict[str, object] = field(default_factory=dict)
    needs: str | None = None  # the part it reads: a kind without it (vocabulary.Kind) is N/A

    def describe(self) -> str:
        """The requirement, translated, with its numbers."""
        return _(self.requirement).format(**self.values)

    def applies(self, d: Structure) -> bool:
        return d.applicable and (self.needs is None or kind_of(d.kind).has(self.needs))


RULES: list[Rule] = [
    Rule("page", N_("Paper and margins"),
         N_("A4 paper; margins {margins} mm (landscape pages: these, or turned a "
                    "quarter)"), "§1; PL I Mục I", "error", page.page,
         {"margins": page.MARGINS}),
    Rule("font", N_("Font"),
         N_("Times New Roman in all four font slots"), "§1; PL I Mục I", "error",
         page.fonts),
    Rule("colour", N_("Text colour"),
         N_("text in black"), "§1; PL I Mục I", "error", body.colour),
    Rule("quoc-hieu", N_("Quốc hiệu"),
         N_("Quốc hiệu: exact text, capitals, bold, {size} pt, centred"),
         "§2.1; PL I Mục II.1", "error", header.quoc_hieu, {"size": SIZES["quoc_hieu"]}),
    Rule("tieu-ngu", N_("Tiêu ngữ"),
         N_("Tiêu ngữ «Độc lập - Tự do - Hạnh phúc» with hyphens, bold, {size} pt"),
         "§2.2; PL I Mục II.1", "error", header.tieu_ngu, {"size": SIZES["tieu_ngu"]}),
    Rule("tieu-ngu-line", N_("Line under the tiêu ngữ"),
         N_("a solid line as long as the tiêu ngữ under it"),
         "§2.2; PL I Mục II.1", "error", header.tieu_ngu_rule),
    Rule("agency", N_("Issuing agency"),
         N_("issuing agency in capitals, bold, {size} pt, centred"),
         "§2.3; PL I Mục II.2", "error", header.agency, {"size": SIZES["agency"]}),
    Rule("agency-line", N_("Line under the agency"),
         N_("a solid line 1/3 to 1/2 of the agency name under it"),
         "§2.3; PL I Mục II.2", "error", header.agency_rule),
    Rule("so-ky-hieu", N_("Number and symbol"),
         N_("«Số: 05/KH-UBND»: leading zero, ký hiệu agreeing with the title, {size} pt"),
         "§2.4, §4.1; PL I Mục II.3, PL III", "error", header.number, {"size": SIZES["number"]},
         needs=NUMBER),
    Rule("date", N_("Place and date"),
         N_("«Place, ngày 05 tháng 01 năm 2026»: leading zeros, italic, {size} pt"),
         "§2.5; PL I Mục II.4", "error", header.date, {"size": SIZES["date"]},
         needs=DATE),
    Rule("title", N_("Tên loại and trích yếu"),
         N_("tên loại in capitals and trích yếu: bold, {size} pt, centred (a công "
                     "văn: «V/v …» {cv} pt, not bold)"),
         "§2.6; PL I Mục II.5", "error", header.title,
         {"size": SIZES["title"], "cv": SIZES["cong_van_subject"]}),
    Rule("subject-line", N_("Line under the trích yếu"),
         N_("a solid line 1/3 to 1/2 of the trích yếu under it"),
         "§2.6; PL I Mục II.5", "error", header.subject_rule, needs=TITLE),
    Rule("kinh-gui", N_("Kính gửi"),
         N_("«Kính gửi:» {size} pt; each recipient «- …;», the last «.»"),
         "§2.11; PL I Mục II.9a", "error", header.kinh_gui, {"size": SIZES["kinh_gui"]}),
    Rule("can-cu", N_("Căn cứ"),
         N_("căn cứ lines in italic"), "§2.7; PL I Mục II.6", "error", body.can_cu,
         needs=BASIS),
    Rule("body", N_("Body text"),
         N_("body: {size} pt, justified, first-line indent {indent} cm, {spacing} pt "
                    "between paragraphs, line spacing {line}"), "§2.7; PL I Mục II.6", "error",
         body.body, {"size": SIZES["body"], "indent": nd30.FIRST_LINE_INDENT_CM,
                     "spacing": nd30.PARAGRAPH_SPACING_PT, "line": nd30.LINE_SPACING}),
    Rule("numbering", N_("Numbering"),
         N_("numbering I, II …; 1, 2 …; a, b, c, d, đ, e, g … (Word's automatic "
                         "numbering as Word shows it)"),
         "§2.8, §3; PL I Mục II.6", "error", body.numbering),
    Rule("muc-caps", N_("Capitals of mục and khoản titles"),
         N_("«I. TITLE»: a mục title in capitals; «1. Title»: a khoản title in "
                        "normal case"), "§2.8; PL I Mục V",
         "warning", body.muc_caps),
    Rule("khoan-bold", N_("Bold headings"),
         N_("«Phần I», «I. TITLE» and «1. Title» headings in bold"),
         "§2.8; PL I Mục V", "error", body.khoan_bold),
    Rule("closing", N_("Closing mark ./."),
         N_("the body ends with «./.»"), "§2.7; PL III", "error", body.closing),
    Rule("noi-nhan", N_("Nơi nhận"),
         N_("«Nơi nhận:» {label} pt bold italic; items «- …;» {items} pt; last "
                        "«- Lưu: VT, …."), "§2.11; PL I Mục II.9", "error", ending.noi_nhan,
         {"label": SIZES["noi_nhan_label"], "items": SIZES["noi_nhan"]}, needs=RECIPIENTS),
    Rule("signature", N_("Signer's authority and title"),
         N_("TM./KT./Q./TL./TUQ. and titles in capitals, bold, {size} pt; KT. with "
                         "the deputy's title"), "§2.9; PL I Mục II.7", "error", ending.signature,
         {"size": SIZES["signer"]}, needs=SIGNATURE),
    Rule("signer-name", N_("Signer's name"),
         N_("the signer's name bold, {size} pt"), "§2.9; PL I Mục II.7b",
         "error", ending.signer_name, {"size": SIZES["signer"]}, needs=SIGNATURE),
    Rule("signature-place", N_("Place of the signature"),
         N_("the signature in the right column, beside Nơi nhận"),
         "§2.9, §2.13; PL I Mục IV", "error", ending.signature_place, needs=SIGNATURE),
    Rule("page-number", N_("Page number"),
         N_("page number at the top centre, {size} pt, not on page 1"),
         "§1; PL I Mục I", "error", page.page_number, {"size": SIZES["page_number"]}),
    Rule("table-header", N_("Table header rows"),
         N_("appendix tables repeat their header row on every page"),
         "§2.12 [practice]", "warning", page.table_headers),
    Rule("nfc", N_("Unicode (NFC)"),
         N_("text in precomposed Unicode (NFC, TCVN 6909)"), "§1; PL I Mục I", "error",
         page.nfc),
]  # fmt: skip
