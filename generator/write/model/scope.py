"""What the part builders share: the config, its tasks, the problems found, the tasks used."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...config import schema
from ...config.load import Path_, Source
from ...config.sandbox import template_problem
from ...errors import Problem
from .text import standard_text
from .types import TaskItem


@dataclass
class Scope:
    doc: schema.Document
    src: Source
    problems: list[Problem] = field(default_factory=list)
    used_tasks: set[str] = field(default_factory=set)  # ids of the shared tasks printed
    inline_tasks: int = 0  # tasks written in place (an item with fields, a table row)
    items: list[TaskItem] = field(default_factory=list)  # each task printed, in order
    trail: list[str] = field(default_factory=list)  # the labels of the items being built
    bullets: list[str] = field(default_factory=list)  # their Word bullet glyphs ("": none)
    section: str = ""  # the heading of the top-level item being built

    def __post_init__(self) -> None:
        self.tasks = {t.id: t for t in self.doc.tasks if t.id}
        self._listed: set[str | None] = set()  # ids of the shared tasks in ``items``

    def task(self, task_id: str | None) -> schema.Task | None:
        """The shared task ``task_id`` (counted as printed), or None."""
        task = self.tasks.get(task_id) if task_id else None
        if task:
            self.used_tasks.add(task_id)  # type: ignore[arg-type]
        return task

    def add_item(
        self, number: str, section: str, content: str, row: Any, task: schema.Task | None
    ) -> None:
        """Record a printed task: ``row`` (an item or a table row) and its shared ``task``."""
        if task and task.id in self._listed:
            return  # a shared task printed twice is one task
        if task:
            self._listed.add(task.id)
        values = {}
        for key in schema.TASK_FIELDS:
            value = getattr(row, key, None) or (getattr(task, key, None) if task else None)
            if value:
                values[key] = ", ".join(value) if isinstance(value, list) else value
        self.items.append(TaskItem(number, section, content, values, task.id if task else None))

    def problem(self, path: Path_, message: str) -> None:
        self.problems.append(self.src.problem(path, message))

    def standard_text(self, name: str, context: dict[str, Any], path: Path_) -> str:
        """The standard sentence ``name``; a failing (user-edited) template is a problem."""
        try:
            return standard_text(name, context)
        except Exception as exc:
            self.problem(path, f"{name}: {template_problem(exc)}")
            return ""
