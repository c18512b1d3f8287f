"""nd30 is the one home of the decree: every value vanban writes lies in the range the checker
enforces."""

from __future__ import annotations

import docx
import pytest

from generator import nd30
from generator.read.rules import RULES
from generator.vocabulary import KINDS, written_kinds

from .conftest import ROOT


def allowed_values() -> list[tuple[str, nd30.Allowed]]:
    """Every Allowed of nd30, by name (dict entries as NAME[key])."""
    out = []
    for name, value in vars(nd30).items():
        if isinstance(value, nd30.Allowed):
            out.append((name, value))
        elif isinstance(value, dict):
            out += [(f"{name}[{k}]", v) for k, v in value.items() if isinstance(v, nd30.Allowed)]
    return out


def test_there_are_ranges_for_page_sizes_body_and_rules():
    names = {n for n, _a in allowed_values()}
    assert {"MARGINS_MM[top]", "SIZES[body]", "FIRST_LINE_INDENT_CM", "LINE_SPACING",
            "PARAGRAPH_SPACING_PT", "HEADER_LEFT_COLUMN_MM", "AGENCY_RULE",
            "TIEU_NGU_RULE"} <= names  # fmt: skip


@pytest.mark.parametrize("name, allowed", allowed_values())
def test_every_value_vanban_writes_lies_in_the_range_the_checker_enforces(name, allowed):
    assert allowed.low <= allowed.value <= allowed.high, name
    assert allowed.allows(allowed.value)


@pytest.mark.parametrize("style_id", list(nd30.STYLES))
def test_every_style_size_lies_in_its_components_range(style_id):
    spec = nd30.STYLES[style_id]
    if spec.component is None:  # the tiny paragraph that carries a rule
        assert style_id == "VBDuongKe"
        return
    assert nd30.SIZES[spec.component].allows(spec.size)
    if spec.component == "body":
        assert nd30.FIRST_LINE_INDENT_CM.allows(spec.first_line_cm)
        assert nd30.PARAGRAPH_SPACING_PT.allows(max(spec.space_before, spec.space_after))
        assert nd30.LINE_SPACING.allows(spec.line_spacing)


def test_the_template_is_built_from_nd30():
    doc = docx.Document(str(ROOT / "templates" / "van_ban.docx"))
    s = doc.sections[0]
    found = [s.top_margin.mm, s.bottom_margin.mm, s.left_margin.mm, s.right_margin.mm]
    assert [round(x) for x in found] == [a.value for a in nd30.MARGINS_MM.values()]
    header = doc.tables[0]
    assert round(header.columns[0].width.mm) == nd30.HEADER_LEFT_COLUMN_MM.value
    for style_id, spec in nd30.STYLES.items():
        assert doc.styles[spec.name].font.size.pt == spec.size, style_id


def test_the_checkers_requirements_quote_nd30():
    by_id = {r.id: r.describe() for r in RULES}
    assert (
        f"{nd30.SIZES['quoc_hieu']} pt"
        in by_id["quoc-hieu"]
        == ("Quốc hiệu: exact text, capitals, bold, 12-13 pt, centred")
    )
    assert "20-25/20-25/30-35/15-20" in by_id["page"]
    assert "line spacing 1-1.5" in by_id["body"]


def test_kinds_take_their_ky_hieu_from_phu_luc_iii():
    written = {k: KINDS[k].abbreviation for k in written_kinds()}
    assert written == {
        "chuong_trinh": "CTr",
        "ke_hoach": "KH",
        "bao_cao": "BC",
        "cong_van": "",
        "quyet_dinh": "QĐ",
        "thong_bao": "TB",
        "giay_moi": "GM",
    }
    assert KINDS["quyet_dinh"].abbreviation == "QĐ" and KINDS["quy_dinh"].abbreviation == "QyĐ"
    assert not KINDS["cong_van"].title and KINDS["cong_van"].symbol == "agency-unit"
    for kind in map(KINDS.get, written):
        for sentence in (kind.opening, kind.closing, kind.appendix_note):
            assert (ROOT / "templates" / sentence).is_file()


@pytest.mark.parametrize(
    "text, ok",
    [
        ("Số: 05/KH-UBND", True),
        ("Số:\u00a0\u00a0/KH-UBND", True),
        ("Số 05/KH-UBND", False),
        ("Số: 05 /KH-UBND", False),
    ],
)
def test_number_line_format(text, ok):
    assert bool(nd30.NUMBER_LINE.fullmatch(" ".join(text.replace("\u00a0", " ").split()))) is ok


def test_date_formats_round_trip():
    line = f"Nhị Chiểu, {nd30.date_phrase(7, 5, 2026)}"
    m = nd30.DATE_LINE.fullmatch(line)
    assert line == "Nhị Chiểu, ngày 07 tháng 5 năm 2026"
    assert (m["place"], m["day"], m["month"], m["year"]) == ("Nhị Chiểu", "07", "5", "2026")
    assert nd30.SHORT_DATE.search("trước ngày 10/3/2026").group("month") == "3"
