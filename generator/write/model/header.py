"""The header block: agency lines, số/ký hiệu, place and date."""

from __future__ import annotations

from ... import nd30
from ...config import schema
from ...vocabulary import Kind
from .types import Header


def header(doc: schema.Document, kind: Kind) -> Header:
    ward = doc.ward
    lines = doc.agency.name or ["ỦY BAN NHÂN DÂN", f"{ward.kind} {ward.name}".upper()]
    agency = doc.agency.abbreviation
    # 05/KH-UBND; a công văn's AGENCY-UNIT: 125/UBND-VHXH
    symbol = (kind.abbreviation, agency) if kind.symbol == "type-agency" else (agency, doc.unit)
    date_text = nd30.date_phrase(doc.date.day, doc.date.month, doc.date.year)
    return Header(
        year=doc.year or doc.date.year,
        agency_parent=doc.agency.parent.upper() if doc.agency.parent else None,
        agency_lines=[line.upper() for line in lines],
        full_name=doc.agency.full_name or f"Ủy ban nhân dân {ward.kind} {ward.name}",
        number_text=nd30.number_text(doc.number, *symbol),
        date_text=date_text,
        place_date=f"{ward.place or ward.name}, {date_text}",
    )
