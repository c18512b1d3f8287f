"""``vanban import``: a KẾ HOẠCH or CHƯƠNG TRÌNH typed in Word, read into a config.

The reader gives the document's parts; this module turns them into the config's keys: kind,
number, date, ward and agency, title and subject, basis and opening, the body outline (labels,
headings, field lines, tables), the closing, recipients, signer and appendices. Where it guesses,
it keeps the text and records a review, which becomes a ``# review:`` comment in the YAML.
"""

from __future__ import annotations

import re
from typing import Any

from docx.table import Table

from .. import nd30
from ..config.expand import literal, plan_year
from ..config.years import derive, stated_year
from ..errors import VanbanError
from ..i18n import _
from ..vocabulary import WARD_KINDS as _WARD_KINDS
from ..vocabulary import kind_of
from .footnotes import notes
from .import_address import address
from .import_articles import articles
from .import_body import PART, outline
from .import_meeting import meeting
from .import_tables import table_config
from .import_text import text_of_line
from .imported import Imported
from .lines import Line, squash
from .reader import Structure
from .rules.common import issuing as issuing_lines

_NOTE = re.compile(r"\[\^([^\]\s]+)\]")
WARD_KINDS = {kind.upper(): kind for kind in _WARD_KINDS}


def plan(d: Structure) -> Imported:
    """The config of the document ``d``; VanbanError if it is not of a kind vanban writes."""
    if not d.applicable or not kind_of(d.kind).written:
        what = d.reason if not d.applicable else (kind_of(d.kind).name or _("an unknown kind"))
        raise VanbanError(_("{path}: not a kind of document vanban writes: {what}").format(
            path=d.path, what=what))  # fmt: skip
    out = Imported({"kind": d.kind})
    _header(d, out)
    address(d, out.data)
    body, closing = _split_closing(d)
    preamble, items = _split_preamble(body)
    _preamble(d, preamble, out)
    out.data["body"] = outline(d, items, out)
    # none typed: none printed (vanban's standard closing would add a sentence)
    plain = _look("VBNoiDung")
    out.data["closing"] = [re.sub(r"\s*\./\.\s*$", ".", text_of_line(d, ln, base=plain))
                           for ln in closing]  # fmt: skip
    articles(d, out)  # a decision: its issuer, proposal and Điều 1., 2. …
    meeting(d, out)  # a giấy mời: its meeting
    _ending(d, out)
    appendices = _appendices(d, out)
    if appendices:
        out.data["appendices"] = appendices
    _footnotes(d, out)
    _years(out)
    return out


def _years(out: Imported) -> None:
    """The plan's year, when its trích yếu names another than its date ("… năm 2026" dated
    12/2025), and the years the text derives from it written ``{{ year }}`` so that they
    follow it; typed dates stay as typed."""
    data = out.data
    stated = stated_year(data)
    if stated is not None and stated != plan_year(data):
        items = list(data.items())
        at = next(i for i, (k, _v) in enumerate(items) if k == "date") + 1
        data.clear()
        data.update([*items[:at], ("year", stated), *items[at:]])
    derive(data)


_NOTE_NUMBER = re.compile(r"(?<=số )\s*(?P<n>[\d.…]*)\s*/(?P<code>[A-ZĐa-zđ]+)(-[A-ZĐa-zđ]+)*")
_NOTE_DATE = re.compile(r"ngày\s*(?:(?P<d>[\d.…\s]*)/(?P<m>[\d.…\s]*)/\s*|"
                        r"(?P<d2>[\d.…\s]*)tháng(?P<m2>[\d.…\s]*)năm\s*)"
                        r"(?P<year>\d{4})")  # fmt: skip


def _part(text: str | None) -> int | None:
    digits = (text or "").strip(".… \u00a0")
    return int(digits) if digits.isdigit() else None


def _bound_note(note: str, out: Imported, i: int) -> str:
    """An appendix's "(Kèm theo Kế hoạch số …/KH-UBND ngày …)" line bound to the plan's own
    number and date (``{{ number_text }}``, ``{{ date_text }}`` or ``{{ date_short }}`` as
    typed), so that it follows them; a
    line naming another document's number or year is kept as typed."""
    data = out.data
    kind = kind_of(data["kind"])
    number = _NOTE_NUMBER.search(note)
    date = _NOTE_DATE.search(note)
    typed = number["n"].strip(".… ") if number else ""
    same = not typed or (typed.isdigit() and int(typed) == data.get("number"))
    own_number = number and number["code"] == kind.abbreviation and same
    when = data["date"]
    if not (own_number and date and int(date["year"]) == when["year"]):
        return note  # another document's number, or another year
    typed = {"day": _part(date["d"] or date["d2"]), "month": _part(date["m"] or date["m2"])}
    if any(v is not None and when.get(k) not in (None, v) for k, v in typed.items()):
        return note  # another day than the plan's
    filled = {k: v for k, v in typed.items() if v is not None and when.get(k) is None}
    if filled and (when.get("month") or filled.get("month")):  # a draft's month, from here
        when.update(filled)
        out.review(("date",), _("The day or month left blank here is taken from the «kèm "
                                "theo» line of an appendix"))  # fmt: skip
    short = "tháng" not in date[0]  # type: ignore[index]  # ngày 07/5/2026, as typed
    phrase = "ngày {{ date_short }}" if short else "{{ date_text }}"
    bound = note[: date.start()] + phrase + note[date.end() :]  # type: ignore[union-attr]
    bound = _NOTE_NUMBER.sub("{{ number_text }}", bound, count=1)
    out.review(("appendices", i, "note"), _("The «kèm theo» line follows the plan's number "
                                            "and date"))  # fmt: skip
    return bound


def _look(style: str) -> tuple[bool, bool]:
    """(bold, italic) of the style vanban prints a part in: emphasis is marked against it."""
    spec = nd30.STYLES[style]
    return bool(spec.bold), bool(spec.italic)


def _footnotes(d: Structure, out: Imported) -> None:
    """The footnotes referenced in the text, numbered 1, 2 … in the order the config has them;
    the references ``[^n]`` in the text follow."""
    texts = notes(d.doc)
    found: dict[str, str] = {}

    def renumber(value: Any) -> Any:
        if isinstance(value, str):
            return _NOTE.sub(lambda m: f"[^{found.setdefault(m[1], str(len(found) + 1))}]", value)
        if isinstance(value, list):
            return [renumber(v) for v in value]
        if isinstance(value, dict):
            return {k: renumber(v) for k, v in value.items()}
        return value

    if not texts:
        return
    out.data.update(renumber(out.data))
    if found:
        paras = {n: [literal(p) for p in texts.get(i) or ["…"]] for i, n in found.items()}
        out.data["footnotes"] = {int(n): p[0] if len(p) == 1 else p for n, p in paras.items()}
    left = len(set(texts) - set(found))
    if left:
        out.review(("footnotes",) if found else (), _("{n} footnote(s) referenced where vanban "
                                                      "cannot keep them (a table, a header): "
                                                      "left out").format(n=left))  # fmt: skip


def _header(d: Structure, out: Imported) -> None:
    data = out.data
    number = nd30.NUMBER_LINE.fullmatch(squash((d.number.text if d.number else "").replace(
        "\u00a0", " ")))  # fmt: skip
    if number and number["number"]:
        data["number"] = int(number["number"])
    date = nd30.DATE_LINE.fullmatch(squash((d.date.text if d.date else "").replace("\u00a0", " ")))
    if date:
        parts: dict[str, int] = {"year": int(date["year"])}
        if date["month"]:
            parts["month"] = int(date["month"])
        if date["day"] and date["month"]:
            parts["day"] = int(date["day"])
        data["date"] = parts
    else:
        data["date"] = {"year": 2026}
        out.review(("date",), _("No date line found: give the date"))
    bold = issuing_lines(d) if d.agency else []
    issuing = [ln.text for ln in bold]
    parent = [ln.text for ln in d.agency if ln not in bold][:1]  # a chủ quản line, not bold
    ward_line, kind = "", None
    for text in [*reversed(issuing), *parent]:  # the ward: PHƯỜNG X, or UBND TỈNH X above a Sở
        bare = re.sub(r"^(UBND|ỦY BAN NHÂN DÂN)\s+", "", text)
        kind = next((k for k in sorted(WARD_KINDS, key=len, reverse=True)
                     if bare.startswith(k + " ")), None)  # fmt: skip
        if kind:
            ward_line = text
            data["ward"] = {"name": bare[len(kind) + 1 :].title(), "kind": WARD_KINDS[kind]}
            break
    if not kind:
        name = (date["place"] if date else "") or "?"
        data["ward"] = {"name": name}
        out.review(("ward",), _("The issuing agency is not a ward's, xã's or tỉnh's UBND: check "
                                "the ward and the agency"))  # fmt: skip
    place = date["place"].strip() if date else None
    if place and place != data["ward"]["name"]:
        data["ward"]["place"] = place
    agency: dict[str, Any] = {}
    default = ["ỦY BAN NHÂN DÂN", ward_line]
    if issuing != default:
        agency["name"] = issuing
    if parent:
        agency["parent"] = parent[0]
    if number and "-" in number["symbol"]:
        abbreviation = number["symbol"].split("-", 1)[1]
        if abbreviation != "UBND":
            agency["abbreviation"] = abbreviation
    if agency:
        data["agency"] = agency
    if d.title and d.title.text != kind_of(d.kind).title:
        data["title"] = d.title.text
    data["subject"] = [text_of_line(d, ln, base=_look("VBTrichYeu")) for ln in d.subject] or ["…"]
    if d.attachment is not None:  # "(Kèm theo Quyết định số …)" under the trích yếu
        data["subject"].append(d.attachment.text)
        out.review(("subject",), _("The «(Kèm theo …)» line is kept as a line of the trích yếu"))
    if not d.subject:
        out.review(("subject",), _("No trích yếu found"))


def _split_closing(d: Structure) -> tuple[list[Line], list[Line]]:
    """The body, and its closing paragraphs: the unlabelled ones after the last labelled line,
    the last of them ending with "./."."""
    body = list(d.body)
    last = max((i for i, ln in enumerate(body) if nd30.OUTLINE_LABEL.match(ln.text)), default=-1)
    tail = body[last + 1 :]
    if tail and tail[-1].text.endswith(nd30.CLOSING_MARK) and last >= 0:
        return body[: last + 1], tail
    return body, []


def _split_preamble(body: list[Line]) -> tuple[list[Line], list[Line]]:
    starts = (i for i, ln in enumerate(body) if nd30.OUTLINE_LABEL.match(ln.text)
              or PART.match(ln.text))  # fmt: skip
    first = next(starts, len(body))
    return body[:first], body[first:]


def _preamble(d: Structure, lines: list[Line], out: Imported) -> None:
    basis = [ln for ln in lines if ln.text.startswith(("Căn cứ", "Thực hiện"))
             and not ln.text.endswith(":")]  # fmt: skip
    rest = [ln for ln in lines if ln not in basis]
    if basis:
        out.data["basis"] = [re.sub(r"[;.,\s]+$", "", text_of_line(d, ln, base=_look("VBCanCu")))
                             for ln in basis]  # fmt: skip
    out.data["opening"] = " ".join(text_of_line(d, ln, base=_look("VBNoiDung")) for ln in rest)
    if len(rest) > 1:
        out.review(("opening",), _("{n} paragraphs before the first heading joined into the "
                                   "opening").format(n=len(rest)))  # fmt: skip


def _ending(d: Structure, out: Imported) -> None:
    items = [ln.text for ln in d.recipients]
    if items and items[-1].startswith("- Lưu"):
        archive = re.sub(r"^- Lưu:?\s*VT\s*,?\s*", "", items.pop()).rstrip(" .;")
        if archive:
            out.data["archive"] = archive
    out.data["recipients"] = [re.sub(r"[;.\s]+$", "", re.sub(r"^[-+]\s*", "", t)) for t in items]
    if d.recipients_note is not None:
        out.data["recipients_note"] = d.recipients_note.text
    lines = [ln.text for ln in d.signer]
    name = _name_after_signature(d)
    if name is not None:
        lines.append(name)
    signer: dict[str, Any] = {}
    if not lines:
        out.data["signer"] = {"name": "…"}
        out.review(("signer",), _("No signature found"))
        return
    signer["name"] = lines[-1] if len(lines) > 1 else "…"
    titles = lines[:-1] if len(lines) > 1 else lines
    if len(lines) == 1 or lines[-1].isupper():  # a title where the name should be
        out.review(("signer", "name"), _("No signer's name found"))
    if titles and titles[0].startswith("TM."):
        signer["collective"] = titles.pop(0)[3:].strip()
    else:
        signer["collective"] = None
    if titles:
        m = re.match(r"^(KT|Q|TL|TUQ)\.\s*(.*)$", titles[0])
        if m:
            signer["authority"] = f"{m[1]}."
            signer["title"] = m[2]
            if len(titles) > 1:
                signer["signer_title"] = " ".join(titles[1:])
        else:
            signer["title"] = " ".join(titles)
    if signer.get("authority") == "KT." and "signer_title" not in signer:
        signer["signer_title"] = "…"
        out.review(("signer",), _("KT. without the deputy's title"))
    out.data["signer"] = signer


_PERSON = re.compile(r"[A-ZĐÀ-Ỹ][\wÀ-ỹ]*(\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*){1,5}")


def _name_after_signature(d: Structure) -> str | None:
    """The signer's name typed in a paragraph after the signature table (the table holding
    only the titles): the first line after it, if it reads as a person's name."""
    if not d.signer or not d.tail or not isinstance(d.tail[0], Line):
        return None
    last = d.signer[-1].text
    first = d.tail[0].text
    if last.isupper() and _PERSON.fullmatch(first) and not first.isupper():
        d.tail.pop(0)
        return first
    return None


def _appendices(d: Structure, out: Imported) -> list[dict[str, Any]]:
    """Each table after the signature with the lines before it; lines after the last table
    make an appendix of text."""
    result: list[dict[str, Any]] = []
    lines: list[Line] = []
    for item in d.tail:
        if isinstance(item, Line):
            lines.append(item)
            continue
        result.append(_appendix(d, lines, item, out, len(result)))
        lines = []
    if lines:
        result.append(_appendix(d, lines, None, out, len(result)))
    return result


def _appendix(d: Structure, lines: list[Line], table: Table | None, out: Imported, i: int) -> dict:
    appendix: dict[str, Any] = {}
    title, text, note = [], [], []
    for ln in lines:
        if re.match(r"(PHỤ LỤC|Phụ lục)\b", ln.text) and "heading" not in appendix and not title:
            appendix["heading"] = ln.text
        elif (ln.text.startswith("(") and "kèm theo" in ln.text.lower()) or (
            note and not note[-1].endswith(")")
        ):
            note.append(ln.text)  # the attachment line, maybe broken over several paragraphs
        elif note or text or (table is None and title):
            text.append(text_of_line(d, ln, base=_look("VBNoiDung")))
        else:
            title.append(text_of_line(d, ln, base=_look("VBTieuDePhuLuc")))
    appendix["note"] = _bound_note(" ".join(note), out, i)
    if "heading" not in appendix and len(title) > 1 and title[0] == title[0].upper():
        appendix["heading"] = title.pop(0)  # "DANH MỤC" over its title
    if title:
        appendix["title"] = title
    if text:
        appendix["text"] = text
    if "heading" not in appendix:  # none typed: none printed
        appendix["heading"] = "" if title else "Phụ lục"
    if table is None:
        return appendix
    appendix.update(table_config(table, ("appendices", i), out))
    return appendix


def to_yaml(imported: Imported, source: str, file: str) -> str:
    """The config as YAML text, headed by where it came from, a review comment above each
    line that needs a look."""
    import io

    from ..config.text import Review, round_trip_yaml, with_review_comments

    buffer = io.StringIO()
    round_trip_yaml().dump(imported.data, buffer)
    head = "# " + _("Imported by vanban import from {source}").format(source=source) + "\n"
    reviews = [Review(path, message) for path, message in imported.reviews]
    return with_review_comments(head + buffer.getvalue(), reviews, file)
