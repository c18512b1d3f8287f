"""The editor's form data is checked as a file's text would be (it skips the text's parsing):
control characters refused and invisible ones warned about by key path, NFC, a non-mapping
refused; a huge one goes through the loader's limits as text."""

from __future__ import annotations

import copy
import unicodedata

import pytest

from generator.serve import session

from .conftest import MINIMAL


def edit(data):
    return session.preview_data(data, "x.yaml", {})


def test_a_control_character_in_the_form_is_refused_at_its_key_path():
    data = copy.deepcopy(MINIMAL)
    data["body"][0]["text"] = "Nội\x0bdung"
    answer = edit(data)
    assert answer["html"] is None
    assert [p["path"] for p in answer["problems"]] == ["body[0].text"]
    data["body"][0]["text"] = "Nội\u202edung"  # a bidirectional override
    assert [p["path"] for p in edit(data)["problems"]] == ["body[0].text"]


def test_an_invisible_character_is_a_warning_and_the_text_is_nfc():
    data = copy.deepcopy(MINIMAL)
    data["body"][0]["text"] = unicodedata.normalize("NFD", "Kế hoạch\u200b năm")
    answer = edit(data)
    assert answer["html"] and [p["path"] for p in answer["problems"]] == ["body[0].text"]
    assert answer["problems"][0]["warning"]
    assert "Kế hoạch" in answer["html"]  # precomposed


@pytest.mark.parametrize("data", [[1, 2], "text", 7])
def test_form_data_that_is_not_a_mapping_is_a_problem_not_a_crash(data):
    answer = edit(data)
    assert answer["html"] is None and answer["problems"]


def test_a_huge_form_goes_through_the_limits_of_a_text(monkeypatch):
    monkeypatch.setattr(session, "_DIRECT", 10)  # every form is "huge" here
    data = copy.deepcopy(MINIMAL)
    data["body"][0]["text"] = "Nội\x0bdung"
    assert edit(data)["problems"]  # the text's own check, by line
    data["body"][0]["text"] = "Nội dung."
    assert edit(data)["html"]
