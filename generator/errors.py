"""The one exception family of vanban. The CLI catches it, and bulk catches it per ward."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input, located as ``file:line: key.path: message``."""

    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class VanbanError(Exception):
    """Base of every error vanban reports to its user."""


class ConfigError(VanbanError):
    """A config (or several) has problems; all of them are listed."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.path))
        super().__init__("\n".join(str(p) for p in self.problems))
