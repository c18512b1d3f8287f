"""``vanban check``: read a .docx into its structure and apply every rule to it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .reader import read
from .rules import RULES, Finding, Rule

PASS, FAIL, NA = "PASS", "FAIL", "N/A"


@dataclass(frozen=True)
class Result:
    rule: Rule
    status: str
    findings: list[Finding]


def check(path: Path) -> list[Result]:
    """Every rule's result for the .docx at ``path``."""
    d = read(path)
    results = []
    for rule in RULES:
        findings = rule.test(d)
        status = NA if findings is None else FAIL if findings else PASS
        results.append(Result(rule, status, findings or []))
    return results


def failed_errors(results: list[Result]) -> int:
    return sum(r.status == FAIL and r.rule.severity == "error" for r in results)
