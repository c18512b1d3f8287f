"""The base plan filled for one ward, as ``vanban bulk`` fills it (the ward's row merged over
the base: :func:`generator.config.layers.merge`), kept as readable YAML text: the base's own
text, comments and all, with only the top-level keys the row touches written anew (ruamel's
round trip, so their comments stay too) and the row's own keys (``ward``) after the base's
opening comment. The base is parsed once; each ward costs the few small keys of its row."""

from __future__ import annotations

import copy
import io
import json
import re
from typing import Any

import yaml
from ruamel.yaml.comments import CommentedMap

from ..config.layers import APPEND, merge
from ..config.load import Source, load_text
from ..config.text import round_trip_yaml
from ..serve.session import merge as keep_comments


def plain(data: Any) -> Any:
    """``data`` as JSON data (table cells become plain text, dates ISO text)."""
    return json.loads(json.dumps(data, ensure_ascii=False, default=str))


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class FilledBase:
    """A base plan's text, ready to be filled for many wards."""

    def __init__(self, text: str, file: str = "base.yaml") -> None:
        self.text = text
        self.source: Source = load_text(text, file)
        self._yaml = round_trip_yaml()
        self._tree = self._yaml.load(text) if text.strip() else CommentedMap()
        lines = text.splitlines(keepends=True)
        keys = list(self._tree.keys())
        starts = [self._tree.lc.key(k)[0] for k in keys] + [len(lines)]
        self._head = "".join(lines[: starts[0]]) if keys else text
        self._blocks = {k: "".join(lines[starts[i] : starts[i + 1]]) for i, k in enumerate(keys)}
        self._cache: dict[tuple[str, str], str] = {}

    def data(self, layer: dict[str, Any]) -> dict[str, Any]:
        """The ward's config data: ``layer`` over the base, as bulk merges it."""
        return plain(merge(self.source, Source("ward", layer)).data)

    def text_for(self, layer: dict[str, Any]) -> str:
        """The ward's config text: the base's, with the keys ``layer`` touches rewritten."""
        return self.fill(layer)[0]

    def fill(self, layer: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """The ward's config text and data."""
        filled = self.data(layer)
        if not layer:
            return self.text, filled
        touched = {k[: -len(APPEND)] if k.endswith(APPEND) else k for k in layer}
        new = [k for k in filled if k in touched and k not in self._blocks]
        parts = [self._head, *(self._block(k, filled[k], own=False) for k in new)]
        for key, block in self._blocks.items():
            parts.append(self._block(key, filled.get(key), own=True) if key in touched else block)
        return "".join(parts), filled

    def _block(self, key: str, value: Any, own: bool) -> str:
        """The text of one top-level key: a key of the base rewritten by ruamel from the
        base's own node (its comments kept); a key of the row only, by libyaml."""
        if not own:
            return yaml.dump({key: value}, Dumper=_DUMPER, allow_unicode=True, sort_keys=False,
                             default_flow_style=False, width=4096)  # fmt: skip
        sig = (key, json.dumps(value, ensure_ascii=False, sort_keys=True))
        if sig not in self._cache:
            tree = CommentedMap()
            tree[key] = keep_comments(copy.deepcopy(self._tree[key]), value)
            if key in self._tree.ca.items:
                tree.ca.items[key] = copy.deepcopy(self._tree.ca.items[key])
            out = io.StringIO()
            self._yaml.dump(tree, out)
            original = self._blocks[key]
            trailing = original[len(original.rstrip("\n")) :] or "\n"
            self._cache[sig] = out.getvalue().rstrip("\n") + trailing
        return self._cache[sig]


_SIMPLE_VAR = re.compile(r"\{\{\s*((?:ward|vars)\.\w+|year)\s*\}\}")


def readable(text: str, data: dict[str, Any]) -> str:
    """``text`` as the clerk reads it: the ward's name and kind, the plan's shared values
    (``vars``) and its year put in where the config names them; anything else left as is."""
    ward = data.get("ward") if isinstance(data.get("ward"), dict) else {}
    shared = data.get("vars") if isinstance(data.get("vars"), dict) else {}
    date = data.get("date") if isinstance(data.get("date"), dict) else {}
    year = data.get("year") or date.get("year") or ""

    def put(m: re.Match) -> str:
        name = m.group(1)
        if name == "year":
            value: Any = year
        else:
            group, key = name.split(".", 1)
            value = (ward if group == "ward" else shared).get(key)
        return str(value) if isinstance(value, str | int) and value != "" else m.group(0)

    return _SIMPLE_VAR.sub(put, text)


def plan_title(data: dict[str, Any]) -> str:
    """A ward plan's title for lists: its trích yếu, the ward's name and the year put in."""
    subject = data.get("subject")
    lines = subject if isinstance(subject, list) else [subject]
    text = " ".join(str(s) for s in lines if isinstance(s, str))
    return " ".join(readable(text, data).split())[:300] or str(data.get("kind") or "")
