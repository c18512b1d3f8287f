"""Messages: a complete Vietnamese catalog and the locale choice."""

from __future__ import annotations

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from generator import i18n

from .conftest import ROOT


def test_every_message_has_a_vietnamese_translation():
    keywords = {"_": None, "N_": None}
    ids = {m[2] for m in extract_from_dir(str(ROOT / "generator"), keywords=keywords)}
    assert len(ids) > 40
    with (ROOT / "generator/locale/vi/LC_MESSAGES/vanban.po").open("rb") as f:
        catalog = read_po(f)
    translated = {m.id for m in catalog if m.id and m.string and not m.fuzzy}
    assert ids <= translated, sorted(ids - translated)


def test_language_follows_the_locale(monkeypatch):
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "vi_VN.UTF-8")
    i18n.set_language()
    assert i18n._("required") == "bắt buộc"
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    i18n.set_language()
    assert i18n._("required") == "required"
    i18n.set_language("vi")  # --lang wins over the locale
    assert i18n._("unknown key") == "khóa không hợp lệ"


def test_the_command_line_itself_speaks_vietnamese(capsys):
    """argparse's own words (usage, headings, errors) follow --lang vi, with no internal name."""
    import pytest

    from generator.cli import main

    with pytest.raises(SystemExit):
        main(["--lang", "vi", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("Cách dùng: vanban") and "Tùy chọn:" in out
    assert "usage" not in out and "show this help" not in out
    with pytest.raises(SystemExit) as exc:
        main(["--lang", "vi", "chek"])
    err = capsys.readouterr().err
    assert exc.value.code == 2
    assert "vanban: lỗi: đối số LỆNH: lựa chọn không hợp lệ: 'chek'" in err
    assert "command" not in err and "error" not in err
    with pytest.raises(SystemExit):
        main(["--lang", "vi", "render"])
    assert "vanban render: lỗi: còn thiếu: CONFIG" in capsys.readouterr().err
