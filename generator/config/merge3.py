"""Three-way merge of configs: a ward's plan, made from the city's base plan, receives the
base's revision without losing the ward's own edits.

``merge3(old, new, ours)`` takes the old base (as the ward received it), the new base (filled
for the same ward) and the ward's current config, all as plain data. Mappings merge key by key;
lists merge item by item, an item being followed through edits and moves by its content; a
value only one side changed is taken; a value both changed differently is a :class:`Conflict`,
for which the ward's version is kept until the clerk chooses (:func:`resolve`).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Conflict", "Merged", "merge3", "resolve"]

SIMILAR = 0.6  # an item edited in place: at least this much of its words kept


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()  # a key or an item that one side does not have


@dataclass(frozen=True)
class Conflict:
    """A value both sides changed differently. ``path`` is where it sits in the merged data
    (the CLI's key path); ``None`` for ``city`` or ``ward`` means that side deleted it. The
    merged data holds the ward's version (or nothing, if the ward deleted it)."""

    path: str
    base: Any
    city: Any
    ward: Any


@dataclass
class Merged:
    data: Any
    conflicts: list[Conflict] = field(default_factory=list)


def merge3(old: Any, new: Any, ours: Any) -> Merged:
    """The ward's config ``ours`` with the base's change from ``old`` to ``new``."""
    conflicts: list[Conflict] = []
    data = _merge(old, new, ours, "", conflicts)
    return Merged(None if data is MISSING else data, conflicts)


def _merge(old: Any, new: Any, ours: Any, path: str, conflicts: list[Conflict]) -> Any:
    if _same(new, ours) or _same(new, old):
        return ours
    if _same(ours, old):
        return new
    if isinstance(ours, dict) and isinstance(new, dict):
        return _merge_dict(old if isinstance(old, dict) else {}, new, ours, path, conflicts)
    if isinstance(ours, list) and isinstance(new, list):
        return _merge_list(old if isinstance(old, list) else [], new, ours, path, conflicts)
    conflicts.append(Conflict(path, _value(old), _value(new), _value(ours)))
    return ours


def _merge_dict(old: dict, new: dict, ours: dict, path: str, conflicts: list[Conflict]) -> dict:
    keys = list(ours) + [k for k in new if k not in ours and k not in old]
    out = {}
    for key in keys:
        sub = f"{path}.{key}" if path else str(key)
        value = _merge(old.get(key, MISSING), new.get(key, MISSING), ours.get(key, MISSING),
                       sub, conflicts)  # fmt: skip
        if value is not MISSING:
            out[key] = value
    # a key the ward deleted and the city changed: the ward's deletion stands, the city's
    # version is offered
    for key in [k for k in old if k not in ours and k in new and not _same(old[k], new[k])]:
        conflicts.append(Conflict(f"{path}.{key}" if path else str(key), old[key], new[key], None))
    return out


def _merge_list(old: list, new: list, ours: list, path: str, conflicts: list[Conflict]) -> list:
    to_ours = _align(old, ours)  # old index -> ours index
    to_new = _align(old, new)
    from_ours = {k: i for i, k in to_ours.items()}
    inserts = _city_inserts(new, to_new, set(to_ours))
    out: list[Any] = list(inserts.pop(-1, []))
    after: dict[int, int] = {}  # old index -> the merged index just after it
    pending: list[Conflict] = []
    for k, item in enumerate(ours):
        i = from_ours.get(k)
        here = f"{path}[{len(out)}]"
        if i is None:  # the ward's own item
            out.append(item)
        elif i not in to_new:  # the city deleted it
            if not _same(item, old[i]):
                pending.append(Conflict(here, old[i], None, item))
                out.append(item)
        else:
            value = _merge(old[i], new[to_new[i]], item, here, pending)
            if value is not MISSING:
                out.append(value)
        if i is not None:
            out.extend(inserts.pop(i, []))
            after[i] = len(out)
    for i, item in enumerate(old):  # deleted by the ward, changed by the city: offered back
        if i not in to_ours and i in to_new and not _same(item, new[to_new[i]]):
            at = max((n for j, n in after.items() if j < i), default=0)
            pending.append(Conflict(f"{path}[{at}]", item, new[to_new[i]], None))
    conflicts += pending
    return out


def _city_inserts(new: list, to_new: dict[int, int], kept: set[int]) -> dict[int, list[Any]]:
    """The city's new items, by the old item they follow (the nearest earlier one the ward
    still has; -1: at the start)."""
    from_new = {j: i for i, j in to_new.items()}
    out: dict[int, list[Any]] = {}
    anchor = -1
    for j, item in enumerate(new):
        i = from_new.get(j)
        if i is not None:
            if i in kept:
                anchor = i
            continue
        out.setdefault(anchor, []).append(item)
    return out


def _align(a: list, b: list) -> dict[int, int]:
    """Which item of ``b`` each item of ``a`` became: equal items in order, then items edited
    in place (most of their words kept), then items moved elsewhere."""
    sa, sb = [_sig(x) for x in a], [_sig(x) for x in b]
    pairs: dict[int, int] = {}
    matcher = difflib.SequenceMatcher(None, sa, sb, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs.update({i1 + n: j1 + n for n in range(i2 - i1)})
        elif tag == "replace":
            _pair_similar(a, b, range(i1, i2), range(j1, j2), pairs, in_order=True)
    rest_a = [i for i in range(len(a)) if i not in pairs]
    used = set(pairs.values())
    rest_b = [j for j in range(len(b)) if j not in used]
    for i in list(rest_a):  # moved unchanged
        j = next((j for j in rest_b if sa[i] == sb[j]), None)
        if j is not None:
            pairs[i] = j
            rest_b.remove(j)
            rest_a.remove(i)
    _pair_similar(a, b, rest_a, rest_b, pairs, in_order=False)
    return pairs


def _pair_similar(a: list, b: list, ia: Iterable[int], jb: Iterable[int], pairs: dict[int, int],
                  in_order: bool) -> None:  # fmt: skip
    free = list(jb)
    for i in ia:
        words = _words(a[i])
        best, score = None, SIMILAR
        for j in free:
            ratio = _similarity(words, _words(b[j]))
            if ratio >= score and (type(a[i]) is type(b[j])):
                best, score = j, ratio
        if best is not None:
            pairs[i] = best
            free = [j for j in free if (j > best if in_order else j != best)]


def _similarity(x: list[str], y: list[str]) -> float:
    if not x and not y:
        return 1.0
    matcher = difflib.SequenceMatcher(None, x, y, autojunk=False)
    return matcher.ratio() if matcher.real_quick_ratio() >= SIMILAR else 0.0


def _words(value: Any) -> list[str]:
    """The words of an item's own text (its heading or text first, not its children's)."""
    if isinstance(value, dict):
        own = [v for k, v in value.items() if k != "children" and isinstance(v, str)]
        return " ".join(own).split() or _sig(value).split()
    return str(value).split()


def _sig(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _same(x: Any, y: Any) -> bool:
    if x is MISSING or y is MISSING:
        return x is y
    return type(x) is type(y) and _sig(x) == _sig(y) if isinstance(x, dict | list) else x == y


def _value(x: Any) -> Any:
    return None if x is MISSING else x


def resolve(merged: Merged, choices: dict[str, str]) -> Any:
    """The merged data with each conflict settled: ``choices`` maps a conflict's path to
    "city" or "ward" (the default). Applied from the last path to the first, so that an item
    put back or taken out does not move the paths still to apply."""
    data = json.loads(_sig(merged.data))
    for conflict in sorted(merged.conflicts, key=lambda c: _key(c.path), reverse=True):
        if choices.get(conflict.path, "ward") == "city":
            _put(data, conflict.path, conflict.city, conflict.ward is None)
    return data


def _key(path: str) -> list[tuple[int, Any]]:
    return [(0, int(p)) if p.isdigit() else (1, p) for p in _keys(path)]


def _keys(path: str) -> list[str]:
    return [p for p in path.replace("[", ".").replace("]", "").split(".") if p]


def _put(data: Any, path: str, value: Any, insert: bool) -> None:
    keys = _keys(path)
    node = data
    for key in keys[:-1]:
        node = node[int(key)] if isinstance(node, list) else node[key]
    last = keys[-1]
    if isinstance(node, list):
        index = int(last)
        if value is None:
            del node[index]
        elif insert:
            node.insert(index, value)
        else:
            node[index] = value
    elif value is None:
        node.pop(last, None)
    else:
        node[last] = value
