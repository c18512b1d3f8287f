"""A new document from the page's wizard: a bundled example or a blank of the kind chosen, with
her ward, signer, year, number and date (or a draft: no number, the day left for the signer).
The text says ``{{ year }}`` where it derives the year, so a later change of year flows."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from .. import vocabulary
from ..config.text import round_trip_yaml
from ..errors import VanbanError
from ..i18n import _
from .editor import Editor, examples_dir
from .guard import safe_name
from .naming import title_of_text

_OUTLINE = [
    {"heading": "MỤC ĐÍCH, YÊU CẦU", "children": [
        {"heading": "Mục đích", "children": [{"text": ""}]},
        {"heading": "Yêu cầu", "children": [{"text": ""}]}]},
    {"heading": "NỘI DUNG", "children": [{"text": ""}]},
    {"heading": "TỔ CHỨC THỰC HIỆN", "children": [{"text": ""}]},
]  # fmt: skip
# What a blank of each kind starts with, besides the header and the signature.
BLANKS: dict[str, dict[str, Any]] = {
    "ke_hoach": {"subject": "Thực hiện nhiệm vụ năm {{ year }}", "body": _OUTLINE},
    "chuong_trinh": {"subject": "Công tác năm {{ year }}", "body": _OUTLINE},
    "bao_cao": {"subject": "Kết quả thực hiện nhiệm vụ năm {{ year }}", "body": [
        {"heading": "KẾT QUẢ THỰC HIỆN", "children": [{"text": ""}]},
        {"heading": "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {{ year + 1 }}", "children": [{"text": ""}]}]},
    "thong_bao": {"subject": "Kết luận của Chủ tịch Ủy ban nhân dân", "body": [{"text": ""}]},
    "cong_van": {"subject": "triển khai nhiệm vụ năm {{ year }}", "unit": "VP",
                 "kinh_gui": ["Các cơ quan, đơn vị thuộc Ủy ban nhân dân"], "body": [{"text": ""}]},
    "quyet_dinh": {"subject": "Về việc ban hành Kế hoạch năm {{ year }}", "body": [
        {"text": "Ban hành kèm theo Quyết định này Kế hoạch năm {{ year }}."},
        {"text": "Quyết định này có hiệu lực kể từ ngày ký."},
        {"text": "Chánh Văn phòng và các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành "
                 "Quyết định này."}]},
    "giay_moi": {"subject": "Dự hội nghị năm {{ year }}", "meeting": {
        "title": "Hội nghị triển khai nhiệm vụ năm {{ year }}", "date": "", "time": "08:00",
        "place": "Hội trường Ủy ban nhân dân", "invitees": ["Các cơ quan, đơn vị có liên quan"]}},
}  # fmt: skip


def gallery() -> list[dict[str, str]]:
    """What "Kế hoạch mới" offers: a blank of each kind, then the bundled examples, by title."""
    kinds = sorted(vocabulary.written_kinds(), key=lambda k: k != "ke_hoach")  # a plan first
    cards = [{"base": "", "kind": key, "name": vocabulary.KINDS[key].name,
              "subject": "", "ward": ""} for key in kinds]  # fmt: skip
    folder = examples_dir()
    for path in sorted(folder.glob("*.yaml")) if folder else []:
        title = title_of_text(path.read_text(encoding="utf-8"))
        kind = next((k for k in vocabulary.written_kinds()
                     if vocabulary.KINDS[k].name == title["kind"]), "")  # fmt: skip
        cards.append({"base": path.name, "kind": kind, "name": title["kind"],
                      "subject": title["subject"], "ward": title["ward"]})  # fmt: skip
    return cards


def _text(value: Any, limit: int = 300) -> str:
    return " ".join(str(value or "").split())[:limit]


def _int(value: Any, low: int, high: int) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high else None


def _base(answers: dict[str, Any], kind: str) -> tuple[str, Any]:
    """The text the new document starts from, and its tree (ruamel's, comments kept)."""
    name = safe_name(str(answers.get("base") or ""), "")
    folder = examples_dir()
    if name and folder is not None and (folder / name).is_file():
        text = (folder / name).read_text(encoding="utf-8")
        tree = round_trip_yaml().load(text)
        if isinstance(tree, dict) and tree.get("kind", "ke_hoach") == kind:
            return name, tree
    tree = round_trip_yaml().load("{}")
    tree.update({"kind": kind, **{k: v for k, v in BLANKS[kind].items() if k != "body"}})
    if "body" in BLANKS[kind]:
        tree["body"] = BLANKS[kind]["body"]
    return "", tree


def new_document(editor: Editor, answers: dict[str, Any]) -> dict[str, Any]:
    """The page's answers (kind, ward, signer, year, number and date or a draft) as a new,
    unsaved document."""
    kind = str(answers.get("kind") or "ke_hoach")
    if kind not in BLANKS:
        raise VanbanError(_("choose the kind of document"))
    year = _int(answers.get("year"), 1945, 2200) or dt.date.today().year
    base, tree = _base(answers, kind)
    ward = answers.get("ward") if isinstance(answers.get("ward"), dict) else {}
    if _text(ward.get("name")):
        tree["ward"] = {"name": _text(ward.get("name"), 80),
                        "kind": ward.get("kind") if ward.get("kind") in vocabulary.WARD_KINDS
                        else "phường"}  # fmt: skip
        for key in ("place", "province"):
            if _text(ward.get(key)):
                tree["ward"][key] = _text(ward.get(key), 80)
    signer = answers.get("signer") if isinstance(answers.get("signer"), dict) else {}
    if _text(signer.get("name")):
        tree["signer"] = {"name": _text(signer.get("name"), 80)}
        if signer.get("deputy"):
            tree["signer"].update({"authority": "KT.", "signer_title": "PHÓ CHỦ TỊCH"})
    if _text(answers.get("subject")):
        tree["subject"] = _text(answers.get("subject"))
    tree["year"] = year
    number = _int(answers.get("number"), 1, 99999)
    date = _date(answers.get("date"))
    if answers.get("draft") or number is None:
        tree.pop("number", None)
    else:
        tree["number"] = number
    if answers.get("draft") or date is None:
        tree["date"] = {"year": year}
    else:
        tree["date"] = date
    if "meeting" in tree and not tree["meeting"].get("date"):
        tree["meeting"]["date"] = f"{year}-12-31"
    if "recipients" not in tree:
        everyone = "Các cơ quan, đơn vị có liên quan"
        tree["recipients"] = ["Như trên" if kind == "cong_van" else everyone]
    out = io.StringIO()
    round_trip_yaml().dump(tree, out)
    stem = Path(base).stem if base else kind
    return editor.document(editor.root / f"{stem}.yaml", out.getvalue(), new=True)


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value or ""))
    except ValueError:
        return None
