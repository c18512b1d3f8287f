"""Word's automatic numbering, resolved to the label Word shows ("1.", "a)", "1.2.", "-").

A paragraph is numbered by its own ``w:numPr`` or its style's (``numId`` 0 switches it off);
``numbering.xml`` gives each level a format, a label pattern (``%1.%2.``) and a start, which a
``w:num``'s ``lvlOverride`` may change. Counters are kept per list in document order, and a
level restarts when a higher level moves on. The checker judges these labels as typed ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import nd30
from .effective import qn

BULLET = "-"
_PPR, _NUMPR, _PSTYLE, _VAL = qn("w:pPr"), qn("w:numPr"), qn("w:pStyle"), qn("w:val")


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


@dataclass
class _List:
    levels: dict[int, _Level]
    counters: dict[int, int] = field(default_factory=dict)
    bullets: list[int] = field(default_factory=list)  # the open bullet levels, outermost first


MAX_NUMBER = 32767  # Word's largest list start; a larger one in a file is read as this


def _int(value: str | None, default: int = 0) -> int:
    """A whole number of numbering.xml, within Word's bounds; ``default`` for one that is not."""
    try:
        return max(0, min(int(value), MAX_NUMBER)) if value is not None else default
    except ValueError:
        return default


def _val(el, tag: str, default: str | None = None) -> str | None:
    child = el.find(qn(tag)) if el is not None else None
    return child.get(qn("w:val"), default) if child is not None else default


def _letter(n: int, upper: bool) -> str:
    """Word's own letters: a … z, then aa … (English order: no đ)."""
    round_, index = divmod(n - 1, 26)
    out = chr(ord("a") + index) * (round_ + 1)
    return out.upper() if upper else out


def _format(fmt: str, n: int) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        return _letter(n, fmt == "upperLetter")
    if fmt in ("upperRoman", "lowerRoman"):
        r = nd30.roman(n)
        return r if fmt == "upperRoman" else r.lower()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


class Numbering:
    """The labels of one document's numbered paragraphs, asked for in document order."""

    def __init__(self, doc, styles: dict) -> None:
        self.styles = styles
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> (abstract, overrides)
        self.lists: dict[str, _List] = {}
        self._by_style: dict[str | None, tuple[str | None, int]] = {}
        self.used = self._any_numbered(doc.element.body)
        self.glyph = ""  # the bullet Word shows before the paragraph last labelled, if any
        try:
            root = doc.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for a in root.iterchildren(qn("w:abstractNum")):
            levels = {}
            for lvl in a.iterchildren(qn("w:lvl")):
                levels[_int(lvl.get(qn("w:ilvl")))] = _Level(
                    _val(lvl, "w:numFmt", "decimal") or "decimal",
                    _val(lvl, "w:lvlText", "") or "",
                    _int(_val(lvl, "w:start"), 1),
                )
            self.abstract[a.get(qn("w:abstractNumId"))] = levels
        for num in root.iterchildren(qn("w:num")):
            overrides = {}
            for o in num.iterchildren(qn("w:lvlOverride")):
                start = _val(o, "w:startOverride")
                if start is not None:
                    overrides[_int(o.get(qn("w:ilvl")))] = _int(start, 1)
            self.nums[num.get(qn("w:numId"))] = (_val(num, "w:abstractNumId") or "", overrides)

    def _num_pr(self, p) -> tuple[str | None, int]:
        """(numId, level) of a paragraph: its own numPr, else its style chain's."""
        ppr = p._p.find(_PPR)
        if ppr is None:
            return self._style_num(None)
        num_pr = ppr.find(_NUMPR)
        num_id, ilvl = _val(num_pr, "w:numId"), _val(num_pr, "w:ilvl")
        if num_id is None:
            style_num, style_ilvl = self._style_num(_val(ppr, "w:pStyle"))
            num_id, ilvl = style_num, ilvl or style_ilvl
        return num_id, int(ilvl or 0)

    def _any_numbered(self, body) -> bool:
        """Whether any paragraph of ``body`` is numbered, by itself or by its style."""
        if next(body.iter(_NUMPR), None) is not None:
            return True
        used = {el.get(_VAL) for el in body.iter(_PSTYLE)}
        return any(self._style_num(sid)[0] not in (None, "0") for sid in used)

    def _style_num(self, style_id: str | None) -> tuple[str | None, int]:
        """(numId, level) a paragraph style's chain gives, read once per style."""
        cached = self._by_style.get(style_id)
        if cached is not None:
            return cached
        num_id, ilvl, seen, sid = None, None, set(), style_id
        while num_id is None and sid and sid not in seen:
            seen.add(sid)
            style = self.styles.get(sid)
            if style is None:
                break
            sp = style.find(_PPR)
            snum = sp.find(_NUMPR) if sp is not None else None
            num_id = _val(snum, "w:numId")
            ilvl = ilvl or _val(snum, "w:ilvl")
            sid = _val(style, "w:basedOn")
        self._by_style[style_id] = (num_id, _int(ilvl))
        return self._by_style[style_id]

    @staticmethod
    def _nested(lst: _List, ilvl: int) -> bool:
        """Whether a bullet at ``ilvl`` sits under a shallower bullet of its list (Word's
        "◦" under "•"): it reads as "+", any other bullet (•, –, ▪ …) as "-"."""
        while lst.bullets and lst.bullets[-1] > ilvl:
            lst.bullets.pop()
        if not lst.bullets or lst.bullets[-1] != ilvl:
            lst.bullets.append(ilvl)
        return len(lst.bullets) > 1

    def label(self, p) -> str | None:
        """The label Word shows before ``p``, or None for a paragraph that is not numbered."""
        self.glyph = ""
        if not self.used:  # no paragraph and no style is numbered
            return None
        num_id, ilvl = self._num_pr(p)
        if not num_id or num_id == "0" or num_id not in self.nums:
            return None
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id, {})
        lst = self.lists.setdefault(num_id, _List(levels))
        level = levels.get(ilvl, _Level())
        if level.fmt == "bullet":
            self.glyph = level.text.strip() or BULLET
            return "+" if self._nested(lst, ilvl) or self.glyph == "+" else BULLET
        start = overrides.get(ilvl, level.start)
        lst.counters[ilvl] = lst.counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in lst.counters if k > ilvl]:
            del lst.counters[deeper]
        if level.fmt == "none":
            return None

        def number(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            lvl = levels.get(k, _Level())
            return _format(lvl.fmt, lst.counters.get(k, overrides.get(k, lvl.start)))

        text = re.sub(r"%(\d)", number, level.text).strip()
        return text or None
