"""What a công văn has instead of a tên loại: its "V/v …" trích yếu under the number (ô 5b),
and whom it is addressed to, "Kính gửi:" (ô 9a)."""

from __future__ import annotations

import re

from ... import nd30
from ...config import schema
from ...vocabulary import KINH_GUI, VV, Kind
from .text import with_end

_DASH = re.compile(r"^\s*[-–+]\s*")
NHU_TREN = "Như trên"


def vv_lines(kind: Kind, subject: list[str]) -> list[str]:
    """The trích yếu as printed under the number: "V/v " before its first line (not twice)."""
    if not kind.has(VV) or not subject:
        return []
    first = subject[0]
    if not first.startswith(nd30.VV):
        first = f"{nd30.VV} {first[:1].lower()}{first[1:]}"
    return [first, *subject[1:]]


def kinh_gui(doc: schema.Document, kind: Kind) -> tuple[str | None, list[str]]:
    """(the one line "Kính gửi: X", or None; the recipients of a list, "- X;" … "- Y.")."""
    names = [_DASH.sub("", n).strip() for n in doc.kinh_gui] if kind.has(KINH_GUI) else []
    names = [n for n in names if n]
    if len(names) == 1:
        return f"{nd30.KINH_GUI} {names[0]}", []
    return None, [f"- {with_end(n, ';' if i < len(names) else '.')}"
                  for i, n in enumerate(names, start=1)]  # fmt: skip


def as_above(doc: schema.Document, kind: Kind, recipients: list[str]) -> list[str]:
    """Nơi nhận with "Như trên" first when the document is addressed (§2.11)."""
    addressed = kind.has(KINH_GUI) and any(n.strip() for n in doc.kinh_gui)
    if not addressed or (recipients and _DASH.sub("", recipients[0]).startswith(NHU_TREN)):
        return recipients
    return [NHU_TREN, *recipients]
