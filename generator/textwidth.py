"""The printed width of a line of text, estimated from the metrics of Times Roman (which Times
New Roman matches): used to size the short rules under the agency name and the trích yếu, and
by the checker to measure them."""

from __future__ import annotations

import unicodedata

# Advance widths (1/1000 em) of Times Roman and Times Bold (the Adobe core-font metrics that
# Times New Roman matches); used to size the short rules under the agency name and trích yếu.
_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_LOWER = "abcdefghijklmnopqrstuvwxyz"
_W_REGULAR = dict(
    zip(
        _UPPER + _LOWER,
        [
            722,
            667,
            667,
            722,
            611,
            556,
            722,
            722,
            333,
            389,
            722,
            611,
            889,
            722,
            722,
            556,
            722,
            667,
            556,
            611,
            722,
            722,
            944,
            722,
            722,
            611,
            444,
            500,
            444,
            500,
            444,
            333,
            500,
            500,
            278,
            278,
            500,
            278,
            778,
            500,
            500,
            500,
            500,
            333,
            389,
            278,
            500,
            500,
            722,
            500,
            500,
            444,
        ],
        strict=True,
    )
)
_W_BOLD = dict(
    zip(
        _UPPER + _LOWER,
        [
            722,
            667,
            722,
            722,
            667,
            611,
            778,
            778,
            389,
            500,
            778,
            667,
            944,
            722,
            778,
            611,
            778,
            722,
            556,
            667,
            722,
            722,
            1000,
            722,
            722,
            667,
            500,
            556,
            444,
            556,
            444,
            333,
            500,
            556,
            278,
            333,
            556,
            278,
            833,
            556,
            500,
            556,
            556,
            444,
            389,
            333,
            556,
            500,
            722,
            500,
            500,
            444,
        ],
        strict=True,
    )
)


def text_width_pt(text: str, size: float, bold: bool = False) -> float:
    """Approximate printed width of ``text`` in points (diacritics do not change the advance)."""
    table = _W_BOLD if bold else _W_REGULAR
    total = 0
    for ch in text:
        base = unicodedata.normalize("NFD", ch.replace("đ", "d").replace("Đ", "D"))[0]
        if base.isdigit():
            total += 500
        elif base == " ":
            total += 250
        else:
            total += table.get(base, 500 if base.isalpha() else 333)
    return total * size / 1000


def rule_length_pt(lines: list[str], size: float, bold: bool, fraction: float) -> float:
    """Length of a rule that is ``fraction`` of the longest of ``lines``."""
    return fraction * max((text_width_pt(line, size, bold) for line in lines), default=0)
