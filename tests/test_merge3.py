"""Three-way merge of a ward's plan with the city's revised base (config/merge3.py), on the
bundled Hải Phòng base plan's data."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from generator.config.load import load_text
from generator.config.merge3 import merge3, resolve
from generator.pipeline import model_of

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "configs" / "examples" / "000-nhi-chieu-ke-hoach-dan-van.yaml"


@pytest.fixture
def base() -> dict:
    return yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


def content(data: dict) -> list:
    """NỘI DUNG's items."""
    return data["body"][1]["children"]


def first_task(data: dict) -> dict:
    return content(data)[0]["children"][0]


def test_one_side_changed_takes_that_side(base: dict) -> None:
    ward = copy.deepcopy(base)
    first_task(ward)["text"] += " Phường bổ sung."
    city = copy.deepcopy(base)
    city["basis"].append("Căn cứ Kế hoạch số 200/KH-UBND ngày 01/6/2026 của UBND thành phố")
    assert merge3(base, base, ward).data == ward
    assert merge3(base, city, base).data == city
    merged = merge3(base, city, ward)
    assert merged.conflicts == []
    assert merged.data["basis"][-1].startswith("Căn cứ Kế hoạch số 200")
    assert first_task(merged.data)["text"].endswith("Phường bổ sung.")


def test_both_sides_edit_different_items_and_fields(base: dict) -> None:
    ward, city = copy.deepcopy(base), copy.deepcopy(base)
    first_task(ward)["timeline"] = "Quý III/2026"
    first_task(city)["coordinating"] = "Ủy ban MTTQ phường"
    content(city)[0]["children"][2]["text"] = "Tổ chức thông tin, tuyên truyền (thành phố sửa)."
    merged = merge3(base, city, ward)
    assert merged.conflicts == []
    task = first_task(merged.data)
    assert (task["timeline"], task["coordinating"]) == ("Quý III/2026", "Ủy ban MTTQ phường")
    assert content(merged.data)[0]["children"][2]["text"].endswith("(thành phố sửa).")
    model_of(load_text(yaml.safe_dump(merged.data, allow_unicode=True), "merged.yaml"))


def test_inserts_from_both_sides_land_where_each_put_them(base: dict) -> None:
    ward, city = copy.deepcopy(base), copy.deepcopy(base)
    tasks_city = content(city)[0]["children"]
    tasks_city.insert(1, {"text": "Nhiệm vụ mới của thành phố.", "lead": "Phòng Nội vụ"})
    tasks_ward = content(ward)[0]["children"]
    tasks_ward.append({"text": "Nhiệm vụ riêng của phường.", "lead": "Công an phường"})
    merged = merge3(base, city, ward)
    texts = [t["text"] for t in content(merged.data)[0]["children"]]
    assert merged.conflicts == []
    assert texts[1] == "Nhiệm vụ mới của thành phố."
    assert texts[-1] == "Nhiệm vụ riêng của phường."
    assert len(texts) == len(content(base)[0]["children"]) + 2


def test_same_text_changed_both_ways_is_a_conflict_the_clerk_settles(base: dict) -> None:
    ward, city = copy.deepcopy(base), copy.deepcopy(base)
    first_task(ward)["timeline"] = "Tháng 6/2026"
    first_task(city)["timeline"] = "Quý IV/2026"
    merged = merge3(base, city, ward)
    [conflict] = merged.conflicts
    assert conflict.path == "body[1].children[0].children[0].timeline"
    assert (conflict.base, conflict.city, conflict.ward) == (
        "Thường xuyên", "Quý IV/2026", "Tháng 6/2026")  # fmt: skip
    assert first_task(merged.data)["timeline"] == "Tháng 6/2026"  # hers until she chooses
    assert first_task(resolve(merged, {conflict.path: "city"}))["timeline"] == "Quý IV/2026"
    assert first_task(resolve(merged, {}))["timeline"] == "Tháng 6/2026"


def test_an_edited_item_followed_through_the_wards_move(base: dict) -> None:
    ward, city = copy.deepcopy(base), copy.deepcopy(base)
    items = content(ward)[0]["children"]
    items.append(items.pop(0))  # the ward moves the first task last
    first_task(city)["lead"] = "Văn phòng HĐND và UBND phường"
    merged = merge3(base, city, ward)
    assert merged.conflicts == []
    moved = content(merged.data)[0]["children"][-1]
    assert moved["text"] == first_task(base)["text"]
    assert moved["lead"] == "Văn phòng HĐND và UBND phường"


def test_deletions_against_edits_are_offered_both_ways(base: dict) -> None:
    ward, city = copy.deepcopy(base), copy.deepcopy(base)
    del content(ward)[0]["children"][1]  # the ward drops a task the city rewrites
    content(city)[0]["children"][1]["timeline"] = "Năm 2026"
    content(ward)[0]["children"][1]["timeline"] = "Quý II/2026"  # (was 2) rewrites one it drops
    del content(city)[0]["children"][2]
    merged = merge3(base, city, ward)
    by_side = {(c.city is None, c.ward is None): c for c in merged.conflicts}
    assert set(by_side) == {(False, True), (True, False)}
    kept = [t["text"] for t in content(merged.data)[0]["children"]]
    assert content(base)[0]["children"][1]["text"] not in kept  # her deletion stands
    assert content(base)[0]["children"][2]["text"] in kept  # her edit stays
    everything_city = resolve(merged, {c.path: "city" for c in merged.conflicts})
    texts = [t["text"] for t in content(everything_city)[0]["children"]]
    assert texts == [t["text"] for t in content(city)[0]["children"]]


def test_keys_added_and_removed(base: dict) -> None:
    ward, city = copy.deepcopy(base), copy.deepcopy(base)
    city["vars"]["deadline"] = "30/6/2026"
    ward["recipients"] = ["Như trên;", "Lưu: VT."]
    del city["basis"][1]
    merged = merge3(base, city, ward)
    assert merged.conflicts == []
    assert merged.data["vars"]["deadline"] == "30/6/2026"
    assert merged.data["recipients"] == ["Như trên;", "Lưu: VT."]
    assert merged.data["basis"] == city["basis"]
