"""The plan a decision issues (Mẫu 1.3), as the decision prints it after its signature: the
plan's title and trích yếu, "(Kèm theo Quyết định số … ngày … của …)", then its text. The plan
has no number, date, Nơi nhận or signature of its own; its appendices say they go with the plan
issued with the decision."""

from __future__ import annotations

from dataclasses import replace

from .text import para
from .types import AttachedText, DocModel, Para, Run

_PREFIX = "(Kèm theo "


def attached(plan: DocModel, note: str, own_basis: bool, defaults: list[bool]) -> AttachedText:
    """``plan`` as the text attached to a decision whose appendix note is ``note``. Its căn cứ
    are printed when the decision has căn cứ of its own (``own_basis``), else they are the
    decision's. ``defaults``: for each appendix, whether its note is vanban's."""
    issued = f"{_PREFIX}{plan.kind.name} ban hành kèm theo {note.removeprefix(_PREFIX)}"
    appendices = [
        replace(a, note=Para(a.note.style, (Run(issued),))) if a.note and default else a
        for a, default in zip(plan.appendices, defaults, strict=True)
    ]
    return AttachedText(
        title=plan.title,
        subject=list(plan.subject),
        note=para("VBKemTheo", note),
        basis=plan.basis if own_basis else [],
        opening=plan.opening,
        body=plan.body,
        closing=plan.closing,
        appendices=appendices,
        footnotes=plan.footnotes,
    )
