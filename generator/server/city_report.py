"""The city's BÁO CÁO tổng hợp: the wards' results as the dashboard reads them (its rows,
bounded to the city), written as a ``bao_cao`` config (an opening sentence with the totals,
then one table row per ward) and rendered like any config."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from .. import nd30
from ..config.expand import literal
from ..config.load import load_data
from ..config.validate import validate
from ..files import output_name
from ..write.model import build
from ..write.render import render_bytes
from . import dashboard
from .accounts import Account
from .db import Unit
from .units import CITY_KINDS

PLACEHOLDER = "…"  # what the city's clerk fills in
_STATES = {"none": "Chưa có", "drafting": "Đang soạn thảo", "approved": "Đã duyệt"}
COLUMNS = [  # (title, width in mm, align)
    ("STT", 14, "center"), ("Phường/xã", 32, None), ("Kế hoạch", 32, "center"),
    ("Số nhiệm vụ", 20, "center"), ("Hoàn thành", 18, "center"),
    ("Đang thực hiện", 18, "center"), ("Quá hạn", 16, "center"), ("Báo cáo", 22, "center"),
]  # fmt: skip


def _day(d: dt.date) -> str:
    return f"{nd30.format_day(d.day)}/{nd30.format_month(d.month)}/{d.year}"


def _counts(n: int) -> str:
    return f"{n:02d}"


def _city(name: str) -> dict[str, str]:
    """The config's ``ward`` of the city: "thành phố Hải Phòng" → Hải Phòng, thành phố."""
    low = name.casefold()
    for kind in CITY_KINDS:
        if low.startswith(kind + " "):
            return {"name": name[len(kind) :].strip(), "kind": kind}
    return {"name": name, "kind": "thành phố"}  # a city loaded under a plain name


def _plan(row: Mapping[str, Any]) -> str:
    if row["state"] == "issued":
        return literal(f"Đã ban hành, số {row['number']}")
    return _STATES[row["state"]]


def _report(row: Mapping[str, Any]) -> str:
    return literal(f"Đã gửi ({row['report_period']})") if row["report_sent"] else "Chưa gửi"


def table_rows(rows: list[dict[str, Any]]) -> list[list[Any]]:
    """One row of the table per ward of the dashboard, in its order."""
    return [
        [str(i), literal(row["name"]), _plan(row), row["tasks"], row["done"], row["in_progress"],
         row["late"], _report(row)]
        for i, row in enumerate(rows, start=1)
    ]  # fmt: skip


def opening(rows: list[dict[str, Any]], full_name: str, on: dt.date) -> str:
    """The sentence with the totals: wards, plans issued, tasks done / in progress / late,
    reports sent."""
    total = lambda key: sum(r[key] for r in rows)  # noqa: E731
    issued = sum(r["state"] == "issued" for r in rows)
    sent = sum(bool(r["report_sent"]) for r in rows)
    return (
        f"Tính đến ngày {_day(on)}, trên địa bàn có {_counts(len(rows))} phường, xã; "
        f"{_counts(issued)} phường, xã đã ban hành kế hoạch; các phường, xã đã hoàn thành "
        f"{_counts(total('done'))}/{_counts(total('tasks'))} nhiệm vụ, "
        f"{_counts(total('in_progress'))} nhiệm vụ đang thực hiện, {_counts(total('late'))} "
        f"nhiệm vụ quá hạn; {_counts(sent)} phường, xã đã gửi báo cáo. {full_name} tổng hợp "
        "kết quả thực hiện của các phường, xã như sau:"
    )


def report_data(rows: list[dict[str, Any]], city: str, on: dt.date) -> dict[str, Any]:
    """The config of the BÁO CÁO tổng hợp of the wards' ``rows`` on the day ``on``."""
    ward = _city(city)
    full_name = f"Ủy ban nhân dân {ward['kind']} {ward['name']}"
    columns = [{"title": t, "width": w, **({"align": a} if a else {})} for t, w, a in COLUMNS]
    table = {"columns": columns, "rows": table_rows(rows)}
    return {
        "kind": "bao_cao",
        "date": {"year": on.year, "month": on.month},  # a draft: the day is the signer's
        "ward": ward,
        "subject": ["Tổng hợp kết quả thực hiện kế hoạch của các phường, xã"],
        "opening": literal(opening(rows, full_name, on)),
        "body": [
            {"heading": "KẾT QUẢ THỰC HIỆN CỦA CÁC PHƯỜNG, XÃ", "table": table},
            {"heading": "ĐÁNH GIÁ CHUNG", "text": [PLACEHOLDER]},
            {"heading": "ĐỀ XUẤT, KIẾN NGHỊ", "text": [PLACEHOLDER]},
        ],
        "recipients": [PLACEHOLDER],
        "signer": {"name": PLACEHOLDER},
    }


def docx(session: Session, account: Account, params: Mapping[str, str]) -> tuple[bytes, str]:
    """The BÁO CÁO tổng hợp of the city's wards (as the dashboard's ``params`` select them)
    and its file name."""
    rows = dashboard.rows(session, account, params)
    city = session.get(Unit, account.unit_id)
    data = report_data(rows, city.name if city else "", dashboard.today())
    model = build(validate(load_data(data, "tong-hop.yaml")))
    return render_bytes(model), output_name(model, "tong-hop")
