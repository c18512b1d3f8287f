"""``vanban check``: read a file into its structure, tell what it is, apply the rules that fit."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .document import read
from .rules import RULES, Finding, Rule

PASS, FAIL, NA = "PASS", "FAIL", "N/A"


@dataclass(frozen=True)
class Result:
    rule: Rule
    status: str
    findings: list[Finding]


@dataclass(frozen=True)
class Verdict:
    """What ``vanban check`` says of one file."""

    path: Path
    kind: str | None
    applicable: bool
    reason: str | None
    results: list[Result] = field(default_factory=list)

    def count(self, severity: str) -> int:
        return sum(r.status == FAIL and r.rule.severity == severity for r in self.results)


def verdict(path: Path) -> Verdict:
    """The verdict on the file at ``path``; VanbanError if it cannot be read as a document."""
    d = read(path)
    results = []
    for rule in RULES:
        findings = rule.test(d) if rule.applies(d) else None
        status = NA if findings is None else FAIL if findings else PASS
        results.append(Result(rule, status, findings or []))
    return Verdict(path, d.kind, d.applicable, d.reason, results)


def check(path: Path) -> list[Result]:
    """Every rule's result for the .docx at ``path``."""
    return verdict(path).results


def failed_errors(results: list[Result]) -> int:
    return sum(r.status == FAIL and r.rule.severity == "error" for r in results)
