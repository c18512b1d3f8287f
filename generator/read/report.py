"""The verdicts of ``vanban check`` as data (the JSON contract) and as text for a person."""

from __future__ import annotations

import os
import traceback
from pathlib import Path
from typing import Any

from ..i18n import N_, _
from ..vocabulary import kind_of
from .check import FAIL, NA, PASS, Verdict

SEVERITY = {"error": N_("error"), "warning": N_("warning")}
# A rule's verdict as a person reads it (the JSON keeps PASS, FAIL, N/A)
VERDICT = {PASS: N_("PASS"), FAIL: N_("FAIL"), NA: N_("N/A")}


def as_json(v: Verdict) -> dict[str, Any]:
    """One file's verdict: kind, applicable (and why not), error and warning counts, rules."""
    return {
        "file": str(v.path),
        "kind": v.kind,
        "kind_name": kind_of(v.kind).name or None,  # as a person names it: Kế hoạch
        "applicable": v.applicable,
        "reason": v.reason,
        "errors": v.count("error"),
        "warnings": v.count("warning"),
        "rules": [
            {
                "id": r.rule.id,
                "name": _(r.rule.name),
                "requirement": r.rule.describe(),
                "section": r.rule.section,
                "severity": r.rule.severity,
                "status": r.status,
                "findings": [{"text": str(t), "found": str(f)} for t, f in r.findings],
            }
            for r in v.results
        ],
    }


def unreadable(path: Path, message: str) -> dict[str, Any]:
    """The JSON object of a file that could not be read as a document."""
    return {"file": str(path), "kind": None, "applicable": None, "reason": message,
            "error": message, "errors": 0, "warnings": 0, "rules": []}  # fmt: skip


def check_file(path: Path) -> dict[str, Any]:
    """The JSON object of one file: its verdict, or why it could not be read or checked. Never
    raises (but for an interrupt): whatever goes wrong in one file is that file's own error."""
    from ..errors import VanbanError
    from .check import verdict

    try:
        return as_json(verdict(path))
    except VanbanError as exc:
        return unreadable(path, str(exc))
    except Exception as exc:  # a bug or a hostile file: this file's own error, not the batch's
        if os.environ.get("VANBAN_DEBUG"):
            traceback.print_exc()
        return unreadable(path, checker_failed(path, exc))


def checker_failed(path: Path, exc: BaseException | str) -> str:
    """The message of a file whose check stopped on something unforeseen."""
    detail = exc if isinstance(exc, str) else f"{type(exc).__name__}: {exc}"[:300]
    return _("{path}: the checker could not read this file ({detail}); the other files are "
             "checked; please report it").format(path=path, detail=detail)  # fmt: skip


def failed(report: dict[str, Any]) -> bool:
    """Whether a file's report makes the exit status 1: an applicable file with an error, or a
    file that could not be read."""
    return bool(report.get("error")) or bool(report["applicable"] and report["errors"])


def as_text(report: dict[str, Any]) -> str:
    """One file's verdict for a person: the rules by their names, the verdicts in words."""
    lines = [report["file"]]
    if report.get("error"):
        return f"{report['file']}\n  {_('Error: {msg}').format(msg=report['error'])}"
    if not report["applicable"]:
        lines.append("  " + _("Not applicable: {reason}").format(reason=report["reason"]))
        return "\n".join(lines)
    kind = report.get("kind_name") or kind_of(report["kind"]).name or _("an unknown kind")
    lines.append("  " + _("Kind: {kind}").format(kind=kind))
    words = {status: _(word) for status, word in VERDICT.items()}
    width = max(len(w) for w in words.values())
    for r in report["rules"]:
        verdict = words.get(r["status"], r["status"]).ljust(width)
        name = r.get("name") or r["id"]
        if r["status"] != FAIL:
            lines.append(f"  {verdict}  {name}")
            continue
        lines.append(f"  {verdict}  {name} ({_(SEVERITY[r['severity']])}): "
                     f"{r['requirement']} [{r['section']}]")  # fmt: skip
        for f in r["findings"]:
            lines.append(f"        {f['text'] + ': ' if f['text'] else ''}{f['found']}")
    lines.append("  " + _("{e} error(s), {w} warning(s)").format(
        e=report["errors"], w=report["warnings"]))  # fmt: skip
    return "\n".join(lines)
