"""What an import builds: the config's data, and the places a person should review."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..config.load import Path_


@dataclass
class Imported:
    data: dict[str, Any]
    reviews: list[tuple[Path_, str]] = field(default_factory=list)

    def review(self, path: Path_, message: str) -> None:
        self.reviews.append((path, message))
