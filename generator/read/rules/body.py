"""Rules of the body: căn cứ, paragraphs, numbering, headings, colour, the closing mark."""

from __future__ import annotations

import re

from ... import nd30
from ...i18n import _
from ..lines import Line
from ..reader import Structure
from .common import Finding, at, excerpt, is_bold

SIZES = nd30.SIZES
_FIRST_WORDS = ("Căn cứ",)


def _preamble(d: Structure) -> list[Line]:
    """The body lines before the first numbered or "Điều" line: the căn cứ and the opening."""
    out = []
    for line in d.body:
        if nd30.OUTLINE_LABEL.match(line.text) or line.text.startswith(("Điều ", "Phần ")):
            break
        out.append(line)
    return out


def can_cu(d: Structure) -> list[Finding] | None:
    lines = [ln for ln in _preamble(d) if ln.text.startswith(_FIRST_WORDS)]
    if not lines:
        return None
    out = []
    for line in lines:
        runs = d.runs(line)
        if runs and not all(f.italic for _r, f in runs):
            out.append((at(line), _("not italic")))
    return out[:3]


def body(d: Structure) -> list[Finding]:
    if not d.body:
        return [("", _("not found"))]
    out: list[Finding] = []
    size, indent = SIZES["body"], nd30.FIRST_LINE_INDENT_CM
    spacing, line_spacing = nd30.PARAGRAPH_SPACING_PT, nd30.LINE_SPACING
    for line in d.body:
        where, long = at(line), len(line.text) > 80  # a short line may be centred
        f = d.fmt.paragraph(line.para)
        if len(f.border) >= 4:  # a boxed paragraph is set apart on purpose: not body text
            continue
        sizes = {x.size for _r, x in d.runs(line)}
        if any(s is None or not size.allows(s) for s in sizes):
            found = "/".join(f"{x:g}" if x else "?" for x in sorted(sizes, key=lambda x: x or 0))
            out.append((where, _("size {size} pt, expected {expected}").format(
                size=found, expected=size)))  # fmt: skip
        elif long and f.align not in ("both", "distribute"):
            out.append((where, _("aligned {found}, expected justified").format(
                found=f.align or "left")))  # fmt: skip
        elif long and not indent.allows(f.first_line_cm):
            out.append((where, _("first-line indent {cm:.2f} cm, expected {expected} cm").format(
                cm=f.first_line_cm, expected=indent)))  # fmt: skip
        elif not spacing.allows(max(f.before_pt, f.after_pt)) and not _blank_beside(line):
            out.append((where, _("{pt} pt between paragraphs, expected {expected}").format(
                pt=max(f.before_pt, f.after_pt), expected=spacing)))  # fmt: skip
        elif f.line is not None and not line_spacing.allows(f.line):
            out.append((where, _("line spacing {x}, expected {expected}").format(
                x=f"{f.line:g}", expected=line_spacing)))  # fmt: skip
        if len(out) >= 3:
            break
    return out


_ARTICLE = re.compile(r"(Điều|Chương|Mục|Phần)\s+(\d+|[IVXLC]+|thứ)\b", re.IGNORECASE)


def _blank_beside(line: Line) -> bool:
    """An empty paragraph before or after ``line``: a blank line typed as spacing."""
    p = line.para._p
    for sibling in (p.getprevious(), p.getnext()):
        if sibling is not None and sibling.tag == p.tag and not "".join(sibling.itertext()).strip():
            return True
    return False


_KEEPS = {"roman": (), "arabic": ("roman",), "decimal": ("roman", "arabic"),
          "letter": ("roman", "arabic", "decimal")}  # fmt: skip
_VALUE = {
    "roman": nd30.roman_value,
    "arabic": int,
    "decimal": lambda s: int(s.split(".")[-1]),
    "letter": lambda s: nd30.LETTERS.index(s) + 1,
    "paren": int,
}


_DOT_LETTER = re.compile(r"^([a-zđ])\.\s+\S")
_PART = re.compile(r"^(Phần|Chương)\s+(?:thứ\s+(\w+)|([IVXLC]+|\d+))\b", re.IGNORECASE)
_ORDINALS = ("nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười")


def _part_value(m: re.Match[str]) -> int:
    """The number of a "Phần thứ hai" / "Chương III" heading (0 if unreadable)."""
    if m[2]:
        word = m[2].lower()
        return _ORDINALS.index(word) + 1 if word in _ORDINALS else 0
    return int(m[3]) if m[3].isdigit() else nd30.roman_value(m[3].upper())


def _part_label(m: re.Match[str], n: int) -> str:
    """How the heading numbered ``n`` is written, in the form ``m`` was: Phần thứ hai, Phần II."""
    if m[2]:
        return f"{m[1]} thứ {_ORDINALS[n - 1] if n <= len(_ORDINALS) else n}"
    return f"{m[1]} {n if m[3].isdigit() else nd30.roman(n)}"


def numbering(d: Structure) -> list[Finding]:
    out: list[Finding] = []
    last: dict[str, int] = {}
    parts: dict[str, int] = {}
    for line in d.body:
        if (p := _PART.match(line.text)) and len(line.text) < 150:
            word, value = p[1].capitalize(), _part_value(p)
            if value and word in parts and value != parts[word] + 1:  # from the first one typed
                out.append(
                    (
                        at(line),
                        _("«{found}» where «{expected}» was expected").format(
                            found=excerpt(line.text, 30), expected=_part_label(p, parts[word] + 1)
                        ),
                    )
                )
            parts[word] = value or parts.get(word, 0) + 1
        m = _ARTICLE.match(line.text)
        if m:  # khoản restart under each Điều; everything under a new Phần or Chương
            keep = m[1].lower() in ("điều", "mục")
            last = {k: v for k, v in last.items() if k == "roman" and keep}
            continue
        if _DOT_LETTER.match(line.text):
            out.append((at(line), _("«{label}.»: a point is labelled «{label})»").format(
                label=line.text[0])))  # fmt: skip
            continue
        m = nd30.OUTLINE_LABEL.match(line.text)
        if not m or m.lastgroup in ("dash", "plus"):
            continue
        kind = m.lastgroup
        label = m.group(kind)
        word = _(" (Word's automatic numbering)") if line.auto_label else ""
        if kind == "letter" and label not in nd30.LETTERS:
            out.append((at(line), _("«{label})» is not in the Vietnamese letter order").format(
                label=label) + word))  # fmt: skip
            continue
        value = _VALUE[kind](label)
        expected = last.get(kind, 0) + 1
        if kind in _KEEPS:  # a new item at this level restarts the levels below it
            last = {k: v for k, v in last.items() if k in _KEEPS[kind]}
        last[kind] = value
        if value != expected:
            shown = {"roman": nd30.roman, "letter": nd30.letter}.get(kind, str)(expected)
            if kind == "decimal":  # 8.2 after 7.x: 8.1
                shown = f"{label.rsplit('.', 1)[0]}.{expected}"
            out.append((at(line), _("«{found}» where «{expected}» was expected").format(
                found=label, expected=shown) + word))  # fmt: skip
    return out[:3]


_LEVEL = {"roman": 1, "arabic": 2, "decimal": 3, "letter": 4, "paren": 4, "dash": 5, "plus": 5}


def _titles(d: Structure, group: str) -> list[Line]:
    """Heading lines labelled in ``group``: short, no closing punctuation, and followed by
    their content (a plain paragraph or a deeper label), not by a sibling or a higher level."""
    out = []
    for line, after in zip(d.body, [*d.body[1:], None], strict=True):
        m = nd30.OUTLINE_LABEL.match(line.text)
        if not m or m.lastgroup != group:
            continue
        rest = line.text[m.end() :].strip()
        if not rest or len(rest) > 120 or rest[-1] in ".;:!?…" or ": " in rest:
            continue
        n = nd30.OUTLINE_LABEL.match(after.text) if after else None
        if after is None or (n and _LEVEL[n.lastgroup] <= _LEVEL[group]):
            continue
        out.append(line)
    return out


def muc_caps(d: Structure) -> list[Finding] | None:
    mucs, khoans = _titles(d, "roman"), _titles(d, "arabic")
    if not mucs and not khoans:
        return None
    out = [(at(ln), _("a mục title not in capitals")) for ln in mucs if ln.text.upper() != ln.text]
    for line in khoans:
        rest = nd30.OUTLINE_LABEL.sub("", line.text, count=1).strip()
        if sum(c.isalpha() for c in rest) > 3 and rest.upper() == rest:
            out.append((at(line), _("a khoản title in capitals: it is written in normal case")))
    return out[:3]


def khoan_bold(d: Structure) -> list[Finding] | None:
    titles = _titles(d, "arabic") + _titles(d, "roman")
    parts = [ln for ln in d.body if _PART.match(ln.text) and len(ln.text) < 150]
    if not titles and not parts:
        return None
    return [(at(ln), _("a heading not in bold")) for ln in titles + parts
            if not is_bold(d, ln)][:3]  # fmt: skip


def colour(d: Structure) -> list[Finding]:
    out = []
    for p in d.paragraphs:
        for r in d.runs_in(p):
            if not r.text.strip():
                continue
            f = d.fmt.run(p, r)
            if f.color and f.color.lower() not in nd30.BLACK:
                out.append((f"«{excerpt(r.text, 40)}»", _("text in colour {color}, not black")
                            .format(color=f.color)))  # fmt: skip
                break
        if len(out) >= 3:
            break
    return out


def closing(d: Structure) -> list[Finding]:
    if not d.body:
        return [("", _("not found"))]
    last = d.body[-1]
    if last.text.endswith(nd30.CLOSING_MARK):
        return []
    return [(at(last), _("the body does not end with «./.»"))]
