"""The importer's part for a giấy mời (Mẫu 1.7): the invitees after "… trân trọng kính mời:",
"Tới dự …", "Chủ trì: …", "Thời gian: …", "Địa điểm: …" and the notes, as the config's
``meeting``. It replaces what the plan's importer made of them."""

from __future__ import annotations

import re
from typing import Any

from ..i18n import _
from ..vocabulary import INVITES, kind_of
from .import_text import text_of_line
from .imported import Imported
from .reader import Structure

_WHEN = re.compile(r"(?P<hour>\d{1,2})\s*(?:giờ|h|:)\s*(?P<minute>\d{2})?.*?"
                   r"(?P<day>\d{1,2})\s*/\s*(?P<month>\d{1,2})\s*/\s*(?P<year>\d{4})")  # fmt: skip
_KEYS = {"Tới dự": "title", "Chủ trì:": "chair", "Thời gian:": "time", "Địa điểm:": "place"}
_DASH = re.compile(r"^\s*[-–+]\s*")


def meeting(d: Structure, out: Imported) -> None:
    """Rewrite ``out``'s opening, body and closing as a giấy mời's ``meeting``."""
    if not kind_of(d.kind).has(INVITES):
        return
    found: dict[str, Any] = {"invitees": [], "notes": []}
    glyphs: set[str] = set()  # the Word bullets' glyphs of the invitees ("": typed)
    lines = [(ln.text.strip(), text_of_line(d, ln), ln.bullet) for ln in d.body]
    for plain, text, glyph in lines:
        key = next((k for k in _KEYS if plain.startswith(k)), None)
        if key:
            found[_KEYS[key]] = re.sub(r"[.;]\s*$", "", plain[len(key) :].strip())
        elif "title" not in found and _DASH.match(plain):
            found["invitees"].append(re.sub(r"[.;]\s*$", "", _DASH.sub("", text)))
            glyphs.add(glyph)
        elif "place" in found:
            found["notes"].append(re.sub(r"\s*\./\.\s*$", ".", text))
    when = _WHEN.search(found.get("time", ""))
    if not (found.get("title") and when and found.get("place") and found["invitees"]):
        out.review(("body",), _("The meeting (Tới dự, Thời gian, Địa điểm) was not found: "
                                "write it under «meeting»"))  # fmt: skip
        return
    data = out.data
    title = found["title"]
    result: dict[str, Any] = {"title": title[:1].upper() + title[1:]}
    if found.get("chair"):
        result["chair"] = found["chair"]
    result["date"] = f"{when['year']}-{int(when['month']):02d}-{int(when['day']):02d}"
    result["time"] = f"{int(when['hour']):02d}:{int(when['minute'] or 0):02d}"
    result["place"] = found["place"]
    result["invitees"] = found["invitees"]
    if len(glyphs) == 1 and "" not in glyphs:  # every invitee one of Word's bullets
        result["bullet"] = glyphs.pop()
    notes = found["notes"]
    if notes:  # the last paragraph is the closing sentence
        data["closing"] = [notes.pop()]
    if notes:
        result["notes"] = notes
    for key in ("opening", "body", "numbering", "bullet"):
        data.pop(key, None)
    replaced = {"opening", "body", "closing", "numbering"}
    out.reviews[:] = [r for r in out.reviews if not (r[0] and r[0][0] in replaced)]
    data["meeting"] = result
