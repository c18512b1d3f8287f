"""Each outline item's label as the document prints it, by key path: {"body[1].children[0]":
"II.1."}, so the page's outline reads like the sheets (I. / 1. / a) / - / +, decimal 5.1.,
Điều 1. in a decision). Built from the config's data with the model's own rules (nd30.label,
the depth styles, a node's ``numbering``)."""

from __future__ import annotations

from typing import Any

from .. import nd30, vocabulary


def labels(data: Any) -> dict[str, str]:
    """The printed label of every item of ``data``'s body, the parents' labels in front:
    "II.1.a)"; a bullet is "II.1.(2)" (the second dash under 1.)."""
    out: dict[str, str] = {}
    if not isinstance(data, dict) or not isinstance(data.get("body"), list):
        return out
    kind = vocabulary.kind_of(str(data.get("kind") or "ke_hoach"))
    if kind.body == "articles":
        for n, node in enumerate(data["body"], start=1):
            here = f"body[{n - 1}]"
            out[here] = f"{nd30.ARTICLE} {n}."
            if isinstance(node, dict):
                _walk(node.get("children"), 2, _style(node) or "arabic", str(n),
                      f"{here}.children", [], out)  # fmt: skip
        return out
    _walk(data["body"], 1, _style(data), "", "body", [], out)
    return out


def _style(node: dict[str, Any]) -> str | None:
    style = node.get("numbering")
    return style if style in nd30.LABEL_STYLES else None


def _walk(nodes: Any, depth: int, style: str | None, parent: str, path: str, trail: list[str],
          out: dict[str, str]) -> None:  # fmt: skip
    if not isinstance(nodes, list):
        return
    style = style or nd30.DEPTH_STYLES[min(depth, len(nd30.DEPTH_STYLES)) - 1]
    if style == "decimal":
        depth -= 1
    for i, node in enumerate(nodes, start=1):
        label, number = nd30.label(style, i, parent) if style != "none" else ("", "")
        here = f"{path}[{i - 1}]"
        shown = f"({i})" if label in ("-", "+") else label
        extends = style == "decimal" and trail and shown.startswith(trail[-1])  # 5.1. after 5.
        mine = [*trail[:-1], shown] if extends else [*trail, shown]
        out[here] = "".join(t for t in mine if t) or "-"
        if isinstance(node, dict):
            _walk(node.get("children"), depth + 1, _style(node), number, f"{here}.children", mine,
                  out)  # fmt: skip
