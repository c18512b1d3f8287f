"""Effective formatting of a .docx paragraph or run, resolved the way Word does: direct
formatting, then the character style chain, then the paragraph style chain (each style after the
styles it is based on), then the document defaults. Theme fonts resolve through the theme part.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from docx.document import Document
from docx.oxml.ns import qn as _qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")
qn = lru_cache(maxsize=None)(_qn)  # the reader asks for the same few tags millions of times
_PPR, _RPR = qn("w:pPr"), qn("w:rPr")
# The formats a styles part gives, shared by the documents that share the part (the holder
# keeps the part's element alive, so its id is not reused while it is here).
_SHARED: OrderedDict[tuple[int, tuple], dict[str, Any]] = OrderedDict()
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_OFF = {"0", "false", "off", "none"}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@dataclass(frozen=True)
class RunFormat:
    fonts: dict[str, str | None]  # slot -> font name (theme fonts resolved)
    size: float | None  # pt
    bold: bool
    italic: bool
    color: str | None = None  # RRGGBB, "auto", or a theme colour's name; None: not set


@dataclass(frozen=True)
class ParaFormat:
    align: str | None  # left | center | right | both …
    first_line_cm: float
    before_pt: float
    after_pt: float
    line: float | None  # multiple of single line (auto), or None for exact/at-least
    border: dict[str, Any]  # side -> {"val", "sz"}


class Resolver:
    """Resolves formatting for one document; build once, ask for many paragraphs."""

    def __init__(self, doc: Document):
        # per element (a dict holds the element, so lxml keeps handing out the same proxy)
        self._runs: dict[Any, RunFormat] = {}
        self._paras: dict[Any, ParaFormat] = {}
        self._style_of: dict[Any, str | None] = {}
        root = doc.styles.element
        theme = self._theme_fonts(doc)
        key = (id(root), tuple(sorted(theme.items())))
        shared = _SHARED.get(key)
        if shared is None or shared["root"] is not root:
            shared = {"root": root, **self._styles_of(root), "theme": theme,
                      "_cache": {}, "_para_cache": {}}  # fmt: skip
            _SHARED[key] = shared
            while len(_SHARED) > 4:
                _SHARED.popitem(last=False)
        self.styles: dict[str | None, Any] = shared["styles"]
        self.default_para: str | None = shared["default_para"]
        self.default_rpr, self.default_ppr = shared["default_rpr"], shared["default_ppr"]
        self.theme: dict[str, str] = theme
        # what the styles give: the same for every document that shares them (see package)
        self._cache: dict[tuple[str | None, str | None], RunFormat] = shared["_cache"]
        self._para_cache: dict[str | None, ParaFormat] = shared["_para_cache"]

    @staticmethod
    def _styles_of(root: Any) -> dict[str, Any]:
        styles = {s.get(qn("w:styleId")): s for s in root.iterchildren(qn("w:style"))}
        default_para = next(
            (
                sid
                for sid, s in styles.items()
                if s.get(qn("w:type")) == "paragraph" and s.get(qn("w:default")) in ("1", "true")
            ),
            None,
        )
        defaults = root.find(qn("w:docDefaults"))
        rpr = ppr = None
        if defaults is not None:
            rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
            ppr = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")
        return {"styles": styles, "default_para": default_para, "default_rpr": rpr,
                "default_ppr": ppr}  # fmt: skip

    @staticmethod
    def _theme_fonts(doc: Document) -> dict[str, str]:
        fonts: dict[str, str] = {}
        for rel in doc.part.rels.values():
            if rel.reltype.endswith("/theme"):
                root = etree.fromstring(rel.target_part.blob, _PARSER)  # checked by source
                for kind in ("major", "minor"):
                    node = root.find(f".//{_A}{kind}Font")
                    if node is None:
                        continue
                    for script, slot in (("latin", "HAnsi"), ("ea", "EastAsia"), ("cs", "Bidi")):
                        el = node.find(f"{_A}{script}")
                        if el is not None:
                            fonts[f"{kind}{slot}"] = el.get("typeface") or None
                    fonts[f"{kind}Ascii"] = fonts.get(f"{kind}HAnsi")
        return fonts

    def _chain(self, style_id: str | None) -> list[Any]:
        """Style elements from the most basic to ``style_id``."""
        chain, seen = [], set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            chain.append(style)
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None
        return list(reversed(chain))

    def _para_style(self, p: Paragraph) -> str | None:
        key = p._p
        if key not in self._style_of:
            self._style_of[key] = self._own_style(p)
        return self._style_of[key]

    def _own_style(self, p: Paragraph) -> str | None:
        ppr = p._p.find(_PPR)
        sid = ppr.find(qn("w:pStyle")) if ppr is not None else None
        return sid.get(qn("w:val")) if sid is not None else self.default_para

    def _style_format(self, para_style: str | None, run_style: str | None) -> RunFormat:
        """The format the defaults, the paragraph style chain and the run style give."""
        key = (para_style, run_style)
        cached = self._cache.get(key)
        if cached is None:
            layers = [self.default_rpr]
            layers += [s.find(qn("w:rPr")) for s in self._chain(para_style)]
            layers += [s.find(qn("w:rPr")) for s in self._chain(run_style)] if run_style else []
            cached = RunFormat(dict.fromkeys(SLOTS), None, False, False)
            for rpr in layers:
                if rpr is not None:
                    cached = self._apply(cached, rpr)
            self._cache[key] = cached
        return cached

    def _apply(self, f: RunFormat, rpr: Any) -> RunFormat:
        """``f`` with the properties ``rpr`` sets."""
        fonts, size, bold, italic, color = dict(f.fonts), f.size, f.bold, f.italic, f.color
        rfonts = rpr.find(qn("w:rFonts"))
        if rfonts is not None:
            for slot in SLOTS:
                theme = rfonts.get(qn(f"w:{slot}Theme" if slot != "cs" else "w:cstheme"))
                if theme:
                    fonts[slot] = f"{self.theme.get(theme) or theme} (theme)"
                elif rfonts.get(qn(f"w:{slot}")):
                    fonts[slot] = rfonts.get(qn(f"w:{slot}"))
        sz = rpr.find(qn("w:sz"))
        if sz is not None and (v := _number(sz.get(qn("w:val")))) is not None:
            size = v / 2
        el = rpr.find(qn("w:b"))
        if el is not None:
            bold = el.get(qn("w:val"), "true") not in _OFF
        el = rpr.find(qn("w:i"))
        if el is not None:
            italic = el.get(qn("w:val"), "true") not in _OFF
        el = rpr.find(qn("w:color"))
        if el is not None:
            color = el.get(qn("w:themeColor")) or el.get(qn("w:val"))
        return RunFormat(fonts, size, bold, italic, color)

    def run(self, p: Paragraph, r: Run | None = None) -> RunFormat:
        """Effective format of run ``r`` of ``p`` (None: of the paragraph mark's text)."""
        key = r._r if r is not None else p._p
        cached = self._runs.get(key)
        if cached is None:
            cached = self._runs[key] = self._run(p, r)
        return cached

    def _run(self, p: Paragraph, r: Run | None) -> RunFormat:
        rpr = r._r.find(_RPR) if r is not None else None
        rstyle = rpr.find(qn("w:rStyle")) if rpr is not None else None
        base = self._style_format(
            self._para_style(p), rstyle.get(qn("w:val")) if rstyle is not None else None
        )
        return self._apply(base, rpr) if rpr is not None else base

    def text_runs(self, p: Paragraph) -> list[tuple[Run, RunFormat]]:
        return [(r, self.run(p, r)) for r in p.runs if r.text.strip()]

    def paragraph(self, p: Paragraph) -> ParaFormat:
        """Effective paragraph format of ``p``: defaults, style chain, then its own pPr."""
        cached = self._paras.get(p._p)
        if cached is None:
            cached = self._paras[p._p] = self._paragraph(p)
        return cached

    def _paragraph(self, p: Paragraph) -> ParaFormat:
        style_id = self._para_style(p)
        base = self._para_cache.get(style_id)
        if base is None:
            base = ParaFormat(None, 0.0, 0.0, 0.0, 1.0, {})
            for ppr in [self.default_ppr] + [s.find(qn("w:pPr")) for s in self._chain(style_id)]:
                if ppr is not None:
                    base = _apply_ppr(base, ppr)
            self._para_cache[style_id] = base
        ppr = p._p.find(_PPR)
        return _apply_ppr(base, ppr) if ppr is not None else base


def _number(value: str | None) -> float | None:
    """A numeric attribute, or None for one that is missing or malformed."""
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _apply_ppr(f: ParaFormat, ppr: Any) -> ParaFormat:
    """``f`` with the properties ``ppr`` sets."""
    align, first, before, after, line = f.align, f.first_line_cm, f.before_pt, f.after_pt, f.line
    border = f.border
    jc = ppr.find(qn("w:jc"))
    if jc is not None:
        align = jc.get(qn("w:val"))
    ind = ppr.find(qn("w:ind"))
    if ind is not None:
        if (v := _number(ind.get(qn("w:firstLine")))) is not None:
            first = v / 1440 * 2.54
        if (v := _number(ind.get(qn("w:hanging")))) is not None:
            first = -v / 1440 * 2.54
    spacing = ppr.find(qn("w:spacing"))
    if spacing is not None:
        if (v := _number(spacing.get(qn("w:before")))) is not None:
            before = v / 20
        if (v := _number(spacing.get(qn("w:beforeLines")))) is not None:
            before = v / 100 * 12  # hundredths of a line of 12 pt
        if (v := _number(spacing.get(qn("w:after")))) is not None:
            after = v / 20
        if (v := _number(spacing.get(qn("w:afterLines")))) is not None:
            after = v / 100 * 12
        if (v := _number(spacing.get(qn("w:line")))) is not None:
            auto = spacing.get(qn("w:lineRule"), "auto") == "auto"
            line = v / 240 if auto else None
    bdr = ppr.find(qn("w:pBdr"))
    if bdr is not None:
        border = dict(border)
        for side in bdr:
            border[etree.QName(side).localname] = {
                "val": side.get(qn("w:val")),
                "sz": side.get(qn("w:sz")),
            }
    return ParaFormat(align, first, before, after, line, border)
