"""The progress bar a long run shows on a terminal (rich, on stderr): what it does, the bar,
done of all, any extra fields, the time spent and the time left."""

from __future__ import annotations

from typing import Any


def progress_bar(*fields: str) -> Any:
    """A rich ``Progress`` (a context manager); ``fields``: extra text columns, such as
    ``"{task.fields[failed]}"``."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        *(TextColumn(f) for f in fields),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    return Progress(*columns, console=Console(stderr=True))
