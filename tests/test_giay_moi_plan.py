"""A giấy mời to a plan's hội nghị triển khai from a few lines (``plan:``): the invitees are the
plan's agencies (leads and supports, each once, in the plan's order), the meeting is "Hội nghị
triển khai Kế hoạch số …", time and place from the config; check is clean."""

from __future__ import annotations

import shutil

import docx

from generator.agencies import normal
from generator.cli import main
from generator.pipeline import model_of
from generator.tasks.extract import UNASSIGNED, assignments

from .conftest import EXAMPLES, render_config
from .test_cong_van import assert_clean

EXAMPLE = next(p for p in EXAMPLES if p.name.startswith("010"))
PLAN = next(p for p in EXAMPLES if p.name.startswith("000"))
DRAFT = next(p for p in EXAMPLES if p.name.startswith("001"))
FEW = "kind: giay_moi\nplan: ke-hoach.yaml\nmeeting:\n  date: 2026-03-02\n  time: 8h30\n  place: Hội trường\n"  # noqa: E501


def _lines(path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs if p.text.strip()]


def _invitees(lines: list[str]) -> list[str]:
    start = next(i for i, t in enumerate(lines) if t.endswith("trân trọng kính mời:"))
    end = next(i for i, t in enumerate(lines) if t.startswith("Tới dự "))
    return [t.removeprefix("- ").rstrip(";.") for t in lines[start + 1 : end]]


def test_the_plans_agencies_are_invited(tmp_path):
    path = render_config(EXAMPLE, tmp_path)
    lines = _lines(path)
    plan = model_of(PLAN)
    expected = [a.name for a in assignments(plan.tasks, {}) if a.name != UNASSIGNED]
    invited = _invitees(lines)
    assert [normal(n) for n in invited] == [normal(n) for n in expected]
    assert len({normal(n) for n in invited}) == len(invited) >= 4
    assert lines[lines.index(f"- {invited[-1]}.") + 1] == (
        "Tới dự hội nghị triển khai Kế hoạch số 164/KH-UBND ngày 07/5/2026 của Ủy ban nhân dân "
        "phường Nhị Chiểu."
    )
    assert "Thời gian: 14 giờ 00 phút, thứ Sáu, ngày 15/5/2026." in lines
    assert "Địa điểm: Hội trường tầng 2, trụ sở UBND phường Nhị Chiểu." in lines
    doc = docx.Document(str(path))
    head = [p.text for p in doc.paragraphs if p.text.strip()][:3]
    assert head[0] == "GIẤY MỜI" and head[1].startswith("Dự Hội nghị triển khai Kế hoạch thực hiện")
    place_date = doc.tables[0].cell(1, 1).text
    assert "tháng 5 năm 2026" in place_date  # the day is the signer's
    noi_nhan = [p.text for p in doc.tables[-1].cell(0, 0).paragraphs]
    assert noi_nhan[1] == "- Như thành phần mời;"
    assert "Lãnh Duy Tiến" in doc.tables[-1].cell(0, 1).text  # the plan's signer
    assert_clean(path, "giay_moi")


def test_a_draft_plan_and_invitees_of_ones_own(tmp_path):
    shutil.copy(DRAFT, tmp_path / "ke-hoach.yaml")
    config = tmp_path / "gm.yaml"
    config.write_text(FEW, encoding="utf-8")
    lines = _lines(render_config(config, tmp_path / "a"))
    assert any(t.startswith("Tới dự hội nghị triển khai Kế hoạch số …/KH-UBND ngày …/02/2026 "
                            "của Ủy ban nhân dân phường Việt Hoà") for t in lines)  # fmt: skip
    assert "Thời gian: 08 giờ 30 phút, thứ Hai, ngày 02/3/2026." in lines
    config.write_text(FEW + "  invitees: [Thường trực Đảng ủy phường, Các tổ dân phố]\n",
                      encoding="utf-8")  # fmt: skip
    path = render_config(config, tmp_path / "b")
    assert _invitees(_lines(path)) == ["Thường trực Đảng ủy phường", "Các tổ dân phố"]
    assert_clean(path, "giay_moi")


def test_no_invitees_and_no_plan_or_a_plan_elsewhere_is_refused(tmp_path, capsys):
    config = tmp_path / "gm.yaml"
    config.write_text(FEW.replace("plan: ke-hoach.yaml\n", "number: 3\nward: {name: X}\n"
                                  "subject: Dự họp\nsigner: {name: A}\ndate: 2026-03-01\n")
                      + "  title: Hội nghị sơ kết\n", encoding="utf-8")  # fmt: skip
    assert main(["validate", str(config)]) == 1
    assert "meeting.invitees" in capsys.readouterr().err
    plan = tmp_path / "kh.yaml"
    plan.write_text(PLAN.read_text(encoding="utf-8") + "plan: khac.yaml\n", encoding="utf-8")
    assert main(["validate", str(plan)]) == 1
    assert "kh.yaml" in capsys.readouterr().err
    config.write_text(FEW.replace("ke-hoach.yaml", "khong-co.yaml"), encoding="utf-8")
    assert main(["validate", str(config)]) == 1
    assert "no such file" in capsys.readouterr().err


def test_a_plan_naming_no_agency_asks_for_the_invitees(tmp_path, capsys):
    (tmp_path / "kh.yaml").write_text(
        "kind: ke_hoach\nnumber: 3\ndate: 2026-05-07\nward: {name: Nhị Chiểu}\nsubject: Việc A\n"
        "body: [{heading: MỤC ĐÍCH, text: Nội dung.}]\nsigner: {name: A}\n",
        encoding="utf-8",
    )
    config = tmp_path / "gm.yaml"
    config.write_text("kind: giay_moi\nplan: kh.yaml\nmeeting: {date: 2026-05-10, time: '8:00', "
                      "place: Hội trường}\n", encoding="utf-8")  # fmt: skip
    assert main(["render", str(config), "-o", str(tmp_path / "o")]) == 1
    assert "gm.yaml:3: meeting.invitees" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()
