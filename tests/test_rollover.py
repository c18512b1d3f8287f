"""vanban rollover: last year's config becomes this year's draft."""

from __future__ import annotations

import difflib
import re
import shutil

import docx
import pytest
import yaml

from generator.cli import main
from generator.config.rollover import roll_text, rollover

from .conftest import EXAMPLES, all_paragraphs, render_config

EX = {p.name[:3]: p for p in EXAMPLES}


@pytest.mark.parametrize(
    "text, old, new, expected",
    [
        (
            "Công tác dân vận chính quyền 6 tháng cuối năm 2025",
            2025,
            2026,
            "Công tác dân vận chính quyền 6 tháng cuối năm 2026",
        ),
        ("Trong Quý I năm 2026", 2026, 2027, "Trong Quý I năm 2027"),
        ("Hoàn thành trước ngày 10/3/2026", 2026, 2027, "Hoàn thành trước ngày 10/3/2027"),
        ("Tháng 6, 11/2026", 2026, 2027, "Tháng 6, 11/2027"),
        (
            "gắn với việc thực hiện chủ đề năm 2026 của thành phố",
            2026,
            2027,
            "gắn với việc thực hiện chủ đề năm 2027 của thành phố",
        ),
        ("CHỦ ĐỀ NĂM 2026", 2026, 2027, "CHỦ ĐỀ NĂM 2027"),
        (
            "tổng kết năm 2025, phương hướng nhiệm vụ công tác năm 2026",
            2025,
            2026,
            "tổng kết năm 2026, phương hướng nhiệm vụ công tác năm 2027",
        ),
        (
            "ngày 05 tháng 01 năm 2026 tổ chức hội nghị",
            2026,
            2027,
            "ngày 05 tháng 01 năm 2027 tổ chức hội nghị",
        ),
        ("Năm {{ year }} và các năm tiếp theo", 2026, 2027, "Năm {{ year }} và các năm tiếp theo"),
    ],
)
def test_the_plans_own_years_move(text, old, new, expected):
    rolled, notes, _moved = roll_text(text, old, new)
    assert rolled == expected
    assert notes == []


@pytest.mark.parametrize(
    "text",
    [
        "Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ",
        "Nghị quyết số 57-NQ/TW, ngày 22/12/2024 của Bộ Chính trị",
        "Thực hiện Kế hoạch số 134/KH-UBND ngày 16/4/2026 của Ủy ban nhân dân thành phố",
        "Nghị định số 59/2023/NĐ-CP ngày 14/8/2023",
        "Công văn 491/SNV-XDCQ&CTTN ngày 29/01/2026 về việc",
        "giai đoạn 2026-2030",
        "nhiệm kỳ 2026 - 2031",
        "Quy hoạch chung đến năm 2040, tầm nhìn đến năm 2050",
        "Luật Bảo hiểm xã hội 2024",
        "Luật thực hiện dân chủ ở cơ sở ngày 10/11/2022",
    ],
)
def test_cited_documents_periods_and_names_stay(text):
    rolled, notes, _moved = roll_text(text, 2026, 2027)
    assert rolled == text and notes == []


def test_what_is_flagged():
    def notes(text, old, new):
        rolled, found, _moved = roll_text(text, old, new)
        assert rolled == text
        assert len(found) == 1
        return found[0]

    assert "probably replaced" in notes(
        "Quyết định số 129/QĐ-UBND ngày 15/01/2025 ban hành danh mục nhiệm vụ thực hiện công tác "
        "dân vận năm 2025",
        2025,
        2026,
    )
    assert "2021-2025 ended before 2026" in notes("giai đoạn 2021-2025", 2025, 2026)
    assert "in the past" in notes("báo cáo trước ngày 15/12/2023", 2026, 2027)
    assert "not recognised" in notes("Báo cáo 2019 của Sở", 2026, 2027)


@pytest.fixture
def rolled_002(tmp_path):
    src = shutil.copy(EX["002"], tmp_path / "002.yaml")
    return src, rollover(src, 2026, tmp_path / "002-2026.yaml")


def test_rollover_002_to_2026(rolled_002, tmp_path):
    src, rolled = rolled_002
    new = yaml.safe_load(rolled.text)
    assert new["number"] is None and new["date"] == {"year": 2026}
    assert new["lineage"]["year"] == 2025 and new["lineage"]["source"] == str(src)
    assert len(new["lineage"]["sha256"]) == 64
    body = new["body"]
    assert (
        "6 tháng cuối năm năm 2026, Kế hoạch chuyển đổi số 6 tháng cuối năm 2026"
        in body[0]["children"][3]["text"]
    )
    assert "giai đoạn 2021- 2025" in body[0]["children"][3]["text"]  # kept, flagged
    quy3, quy4 = body[1]["children"]
    assert quy3["children"][0]["text"].endswith("6 tháng cuối năm 2026.")
    assert quy4["children"][3]["text"].endswith(
        "năm 2026, phương hướng nhiệm vụ công tác năm 2027."
    )
    focus = body[0]["children"][2]["text"]
    for kept in (
        "Nghị định số 59/2023/NĐ-CP ngày 14/8/2023",
        "ngày 15/01/2025",
        "danh mục thực hiện công tác dân vận năm 2025",
        "ngày 06/12/2024",
    ):
        assert kept in focus
    assert new["subject"] == "Công tác dân vận chính quyền 6 tháng cuối năm {{ year }}"
    assert new["signer"]["name"] == "Nguyễn Khánh Chi" and new["ward"] == {"name": "Đông Hải"}
    # comments, order and layout survive
    assert 'opening: ""   # this programme has no opening paragraph' in rolled.text
    assert 'numbering: none          # "Quý 3", "Quý 4" are unnumbered sub-headings' in rolled.text
    assert list(new)[:4] == ["kind", "number", "date", "ward"]
    messages = [str(r) for r in rolled.reviews]
    assert any("body[0].children[2].text: A yearly document of 2025" in m for m in messages)
    assert any("body[0].children[3].text: Period 2021-2025 ended" in m for m in messages)
    lines = rolled.text.split("\n")
    for review in rolled.reviews:  # the comment sits just above the line the review names
        assert lines[review.line - 2].lstrip().startswith("# REVIEW: ")


def test_rollover_is_deterministic(rolled_002, tmp_path):
    src, rolled = rolled_002
    again = rollover(src, 2026, tmp_path / "002-2026.yaml")
    assert again.text == rolled.text and again.diff == rolled.diff


def rendered_words(path, out) -> list[str]:
    doc = docx.Document(str(render_config(path, out)))
    return " ".join(p.text for p in all_paragraphs(doc)).split()


@pytest.mark.parametrize("key, old, new", [("002", 2025, 2026), ("001", 2026, 2027)])
def test_draft_differs_from_last_year_exactly_where_it_should(tmp_path, key, old, new):
    src = shutil.copy(EX[key], tmp_path / f"{key}.yaml")
    dest = tmp_path / f"{key}-new.yaml"
    dest.write_text(rollover(src, new, dest).text, encoding="utf-8")
    before = rendered_words(src, tmp_path / "a")
    after = rendered_words(dest, tmp_path / "b")
    changes = [
        (before[i1:i2], after[j1:j2])
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(
            None, before, after, autojunk=False
        ).get_opcodes()
        if op != "equal"
    ]
    assert changes
    for was, now in changes:
        for word in was + now:  # only years, and the number and date the draft leaves blank
            assert re.search(r"20\d\d", word) or word in (
                "05/CTr-UBND",
                "/CTr-UBND",
                "/KH-UBND",
                "07",
                "28",
                "8",
                "02",
                "tháng",
            ), (was, now)
    joined = " ".join(after)
    assert f"ngày tháng năm {new}" in joined
    if key == "001":
        for moved in (
            "10/3/2027",
            "Tháng 6, 11/2027",
            "Quý I, Quý II năm 2027",
            "Trong Quý I năm 2027",
            "CHỦ ĐỀ NĂM 2027",
            "chủ đề năm 2027",
            "Năm 2027 và các năm tiếp theo",
            "công tác dân vận chính quyền năm 2027",
        ):
            assert moved in joined, moved
        for kept in (
            "nhiệm kỳ 2026 - 2031",
            "giai đoạn 2026 - 2030",
            "giai đoạn 2025-2030",
            "Nghị quyết số 57-NQ/TW, ngày 22/12/2024",
            "ngày 28/01/2026",
            "491/SNV-XDCQ&CTTN ngày 29/01/2026 về việc thực hiện công tác dân vận "
            "chính quyền năm 2026",
            "đến năm 2040, tầm nhìn đến năm 2050",
        ):
            assert kept in joined, kept


def test_rollover_001_review_names_each_superseded_basis_document(tmp_path):
    src = shutil.copy(EX["001"], tmp_path / "001.yaml")
    rolled = rollover(src, 2027, tmp_path / "001-2027.yaml")
    superseded = [r for r in rolled.reviews if "probably replaced" in r.message]
    assert {r.path for r in superseded} >= {("basis", 2), ("basis", 3)}
    assert not any(r.path in (("basis", 0), ("basis", 1)) for r in rolled.reviews)
    assert any(
        "bầu cử" not in r.message and "event" in r.message and r.path[-1] == 2
        for r in rolled.reviews
    )  # 5.3: the 2026 elections


def test_cli_dry_run_writes_nothing_and_old_config_stays(tmp_path, capsys):
    src = shutil.copy(EX["002"], tmp_path / "ctr-2025.yaml")
    before = src.read_bytes()
    assert main(["rollover", str(src), "--year", "2026", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "-number: 5" in out and "To check by hand" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ctr-2025.yaml"]
    assert main(["rollover", str(src), "--year", "2026"]) == 0
    assert main(["render", str(tmp_path / "ctr-2026.yaml"), "-o", str(tmp_path / "out")]) == 0
    assert src.read_bytes() == before
    assert (tmp_path / "ctr-2026.yaml").exists()
    assert (tmp_path / "out" / "CTr-dong-hai-du-thao-2026.docx").exists()
    assert main(["rollover", str(src), "--year", "2026", "-o", str(src)]) == 1
    assert "would overwrite" in capsys.readouterr().err
