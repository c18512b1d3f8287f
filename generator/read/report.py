"""The results of ``vanban check`` as text for a person, or as JSON for a program."""

from __future__ import annotations

from pathlib import Path

from ..i18n import N_, _
from .check import FAIL, Result, failed_errors

SEVERITY = {"error": N_("error"), "warning": N_("warning")}


def as_text(path: Path, results: list[Result]) -> str:
    lines = [str(path)]
    for r in results:
        if r.status != FAIL:
            lines.append(f"  {r.status:<4}  {r.rule.id}")
            continue
        lines.append(
            f"  {r.status:<4}  {r.rule.id} ({_(SEVERITY[r.rule.severity])}): "
            f"{r.rule.describe()} [{r.rule.section}]"
        )
        for text, found in r.findings:
            lines.append(f"        {'«' + text + '»: ' if text else ''}{found}")
    errors = failed_errors(results)
    warnings = sum(r.status == FAIL and r.rule.severity == "warning" for r in results)
    lines.append("  " + _("{e} error(s), {w} warning(s)").format(e=errors, w=warnings))
    return "\n".join(lines)


def as_json(path: Path, results: list[Result]) -> dict:
    return {
        "file": str(path),
        "errors": failed_errors(results),
        "rules": [
            {
                "id": r.rule.id,
                "requirement": r.rule.describe(),
                "section": r.rule.section,
                "severity": r.rule.severity,
                "status": r.status,
                "findings": [{"text": t, "found": f} for t, f in r.findings],
            }
            for r in results
        ],
    }
