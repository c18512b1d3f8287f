"""What the page shows of a document instead of its file: its title ("Kế hoạch – Kiểm tra công
tác cải cách hành chính năm 2026"), and the file name a new document is saved under, made from
that title (``ke-hoach-kiem-tra-cong-tac-2026.yaml``), never one that exists."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from .. import vocabulary

_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
_WORDS = 5  # of the subject, in a file name
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def fold(text: str) -> str:
    """Vietnamese folded to plain ASCII: "Đông Hải" -> "Dong Hai"."""
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in text if c.isascii())


def _text(value: Any) -> str:
    if isinstance(value, list):
        value = " ".join(str(v) for v in value)
    return " ".join(str(value or "").split())


def _year(data: dict[str, Any]) -> int | None:
    year = data.get("year")
    date = data.get("date")
    if isinstance(year, int):
        return year
    if isinstance(date, dict) and isinstance(date.get("year"), int):
        return date["year"]
    m = re.search(r"\b(19|20|21)\d\d\b", str(date or ""))
    return int(m[0]) if m else None


def title_of(data: Any) -> dict[str, str]:
    """A config's title as the page shows it: its kind's name, its subject (the year filled in),
    the ward."""
    data = data if isinstance(data, dict) else {}
    kind = vocabulary.kind_of(str(data.get("kind") or "ke_hoach"))
    year = _year(data)
    subject = _text(data.get("subject"))
    subject = re.sub(r"\{\{\s*year\s*\}\}", str(year or ""), subject)
    subject = _TEMPLATE.sub("…", subject)
    ward = data.get("ward") if isinstance(data.get("ward"), dict) else {}
    place = " ".join(x for x in (_text(ward.get("kind")).capitalize(), _text(ward.get("name")))
                     if x)  # fmt: skip
    return {"kind": kind.name or "Văn bản", "subject": subject, "ward": place,
            "year": str(year or "")}  # fmt: skip


def title_of_text(text: str) -> dict[str, str]:
    """:func:`title_of` a YAML text; a blank title when it does not parse."""
    try:
        data = yaml.load(text, Loader=_LOADER)
    except (yaml.YAMLError, RecursionError, ValueError):
        data = None
    return title_of(data)


def slug(title: dict[str, str]) -> str:
    """The stem of a file named after ``title``: kind, the subject's first words, the year."""
    words = fold(title["subject"]).lower()
    words = re.sub(r"\b(nam\s+)?(19|20|21)\d\d\b", " ", words)  # the year goes last
    parts = (
        re.findall(r"[a-z0-9]+", fold(title["kind"]).lower())
        + re.findall(r"[a-z0-9]+", words)[:_WORDS]
    )
    if title["year"]:
        parts.append(title["year"])
    return "-".join(parts)[:80].strip("-") or "van-ban"


def free_name(folder: Path, stem: str) -> Path:
    """``folder/stem.yaml``, or ``stem-2.yaml``, ``stem-3.yaml`` … the first that does not exist."""
    path = folder / f"{stem}.yaml"
    n = 2
    while path.exists() or path.with_suffix(".yml").exists():
        path = folder / f"{stem}-{n}.yaml"
        n += 1
    return path
