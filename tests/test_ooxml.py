"""The ooxml builders, on XML snippets."""

from __future__ import annotations

from lxml import etree

from generator import nd30
from generator.write import ooxml

W = f"{{{ooxml.W_NS}}}"


def parse(fragment: str):
    return etree.fromstring(f'<w:x xmlns:w="{ooxml.W_NS}">{fragment}</w:x>')[0]


def test_run_escapes_text_and_keeps_it_on_one_line():
    r = parse(ooxml.run("a & <b>\n\tc  d", bold=True))
    assert [c.tag for c in r.find(f"{W}rPr")] == [f"{W}b", f"{W}bCs"]
    t = r.find(f"{W}t")
    assert t.text == "a & <b> c d"
    assert t.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"


def test_run_without_emphasis_has_no_properties():
    assert parse(ooxml.run("x")).find(f"{W}rPr") is None
    italic = parse(ooxml.run("x", italic=True)).find(f"{W}rPr")
    assert [c.tag for c in italic] == [f"{W}i", f"{W}iCs"]


def test_paragraph_style_and_indent():
    p = parse(ooxml.paragraph("VBNoiDung", ooxml.run("x"), indent_twips=120))
    ppr = p.find(f"{W}pPr")
    assert ppr.find(f"{W}pStyle").get(f"{W}val") == "VBNoiDung"
    ind = ppr.find(f"{W}ind")
    assert (ind.get(f"{W}left"), ind.get(f"{W}right")) == ("120", "120")


def test_rule_is_centred_in_its_column():
    p = parse(ooxml.rule(60, 100))
    ind = p.find(f"{W}pPr/{W}ind")
    left = int(ind.get(f"{W}left"))
    assert left == (ooxml.twips(60) - 2000) // 2
    assert p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "VBDuongKe"


def test_landscape_swaps_the_page_and_restarts_numbering():
    portrait = ('<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgNumType w:start="3"/>'
                '<w:cols w:space="720"/></w:sectPr>')  # fmt: skip
    s = parse(ooxml.landscape(portrait))
    size = s.find(f"{W}pgSz")
    assert (size.get(f"{W}w"), size.get(f"{W}h"), size.get(f"{W}orient")) == (
        "16838", "11906", "landscape")  # fmt: skip
    assert [n.get(f"{W}start") for n in s.iter(f"{W}pgNumType")] == ["1"]


def test_table_repeats_its_header_and_never_splits_rows():
    xml = ooxml.table([20, 80], [
        ([([ooxml.run("TT")], "VBBangTieuDe", 1, None, ""),
          ([ooxml.run("Nhiệm vụ")], "VBBangTieuDe", 1, None, "")], True, True),
        ([([ooxml.run("NHÓM"), ooxml.run("hai")], "VBBangNhom", 2, "right", "")], False, True),
        ([([ooxml.run("x")], "VBBang", 2, None, "")], False, False),
    ])  # fmt: skip
    tbl = parse(xml)
    rows = tbl.findall(f"{W}tr")
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert rows[1].find(f"{W}trPr/{W}tblHeader") is None
    assert [r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows] == [True, True, False]
    group = rows[1].find(f"{W}tc")
    assert len(group.findall(f"{W}p")) == 2  # a cell of two lines: two paragraphs
    assert group.find(f"{W}p/{W}pPr/{W}jc").get(f"{W}val") == "right"
    assert rows[1].find(f"{W}tc/{W}tcPr/{W}gridSpan").get(f"{W}val") == "2"
    widths = [int(g.get(f"{W}w")) for g in tbl.iter(f"{W}gridCol")]
    assert widths == [ooxml.twips(20), ooxml.twips(80)]
    assert rows[1].find(f"{W}tc/{W}tcPr/{W}tcW").get(f"{W}w") == str(sum(widths))


def test_table_merges_cells_down():
    xml = ooxml.table([20, 80], [
        ([([ooxml.run("STT")], "VBBangTieuDe", 1, None, "restart"),
          ([ooxml.run("Kết quả")], "VBBangTieuDe", 1, None, "")], True, True),
        ([([""], "VBBangTieuDe", 1, None, "continue"),
          ([ooxml.run("Số liệu")], "VBBangTieuDe", 1, None, "")], True, True),
    ])  # fmt: skip
    first, second = (r.find(f"{W}tc/{W}tcPr") for r in parse(xml).findall(f"{W}tr"))
    assert first.find(f"{W}vMerge").get(f"{W}val") == "restart"
    below = second.find(f"{W}vMerge")
    assert below is not None and below.get(f"{W}val") is None
    names = [c.tag.split("}")[1] for c in first]
    assert names.index("vMerge") < names.index("vAlign")  # the schema's order


def test_subject_rule_is_a_fraction_of_the_widest_line():
    p = parse(ooxml.subject_rule(["Một dòng ngắn", "Một dòng dài hơn một chút"]))
    left = int(p.find(f"{W}pPr/{W}ind").get(f"{W}left"))
    length_pt = (ooxml.twips(nd30.TEXT_WIDTH_MM) - 2 * left) / 20
    from generator.textwidth import text_width_pt

    widest = text_width_pt("Một dòng dài hơn một chút", nd30.SIZES["subject"].value, True)
    assert abs(length_pt / widest - nd30.SUBJECT_RULE.value) < 0.01
