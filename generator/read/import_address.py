"""The importer's part for a kind addressed to someone (a công văn): its AGENCY-UNIT ký hiệu,
its "V/v …" trích yếu and its "Kính gửi:" recipients, as the config writes them."""

from __future__ import annotations

import re

from .. import nd30
from ..vocabulary import KINH_GUI, VV, kind_of
from .lines import squash
from .reader import Structure

_ITEM = re.compile(r"^\s*[-–+]\s*")


def address(d: Structure, data: dict) -> None:
    """Set ``unit``, ``agency.abbreviation``, ``subject`` (without "V/v") and ``kinh_gui`` in
    ``data`` for a kind that has them."""
    kind = kind_of(d.kind)
    if kind.symbol == "agency-unit" and d.number is not None:
        number = nd30.NUMBER_LINE.fullmatch(squash(d.number.text.replace("\u00a0", " ")))
        if number:
            agency, _sep, unit = number["symbol"].partition("-")
            data.setdefault("agency", {}).pop("abbreviation", None)
            if agency != "UBND":
                data["agency"]["abbreviation"] = agency
            if not data["agency"]:
                del data["agency"]
            if unit:
                data["unit"] = unit
    if kind.has(VV) and data.get("subject"):
        first = re.sub(rf"^{re.escape(nd30.VV)}\s*", "", data["subject"][0])
        data["subject"] = [first, *data["subject"][1:]] if first else data["subject"][1:]
    if kind.has(KINH_GUI) and d.kinh_gui:
        names = [d.kinh_gui[0].text.split(":", 1)[-1] if ":" in d.kinh_gui[0].text else ""]
        names += [ln.text for ln in d.kinh_gui[1:]]
        names = [_ITEM.sub("", n).strip().rstrip(";.").strip() for n in names]
        if any(names):
            data["kinh_gui"] = [n for n in names if n]
