"""Stage 1: read a YAML config into plain data, remembering the line of every key.

Text hygiene happens here, once for every string: NFC normalisation, and control characters
(which corrupt a .docx) are refused with their line and column.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import ConfigError, Problem
from ..i18n import N_, _

Path_ = tuple[str | int, ...]

# Characters that may not appear in a .docx (XML 1.0) or that Word pastes by accident:
# C0 controls other than tab and newline, DEL, C1 controls, and the non-characters.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: 5x faster
BAD_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_CHAR_NAMES = {  # translated where used
    "\x0b": N_("vertical tab (a line break pasted from Word)"),
    "\x0c": N_("form feed (a page break pasted from Word)"),
}


class Data(str):
    """Text from a ward table: printed as it is, never evaluated as a template."""

    __slots__ = ()


def format_path(path: Path_) -> str:
    """``('tasks', 3, 'lead')`` -> ``tasks[3].lead``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def bad_character_message(ch: str) -> str:
    """The message for a refused control character."""
    name = _(_CHAR_NAMES.get(ch, N_("control character")))
    return _("U+{code:04X} {name} is not allowed: replace it with a space or a new line").format(
        code=ord(ch), name=name
    )


@dataclass
class Source:
    """A loaded config: its data and where each key path came from.

    ``origins`` maps a key path to its (file, line); a config merged from layers (a base and a
    ward's row or file) keeps the origin of every key it took from each.
    """

    file: str
    data: Any
    origins: dict[Path_, tuple[str, int | None]] = field(default_factory=dict)

    def origin_of(self, path: Path_) -> tuple[str, int | None]:
        """File and line of ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.origins:
                return self.origins[path]
            path = path[:-1]
        return self.origins.get((), (self.file, None))

    def problem(self, path: Path_, message: str) -> Problem:
        """A problem located at ``path`` of this config."""
        file, line = self.origin_of(path)
        return Problem(file, line, format_path(path), message)


def normalize(value: Any) -> Any:
    """NFC-normalise every string (keys too) of a loaded YAML value."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {normalize(k): normalize(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalize(v) for v in value]
    return value


def _scan_text(text: str, file: str) -> list[Problem]:
    problems = []
    for lineno, line in enumerate(text.split("\n"), start=1):  # not splitlines: it splits at \v
        for m in BAD_CHAR.finditer(line):
            problems.append(
                Problem(
                    file,
                    lineno,
                    "",
                    _("column {col}: {msg}").format(
                        col=m.start() + 1, msg=bad_character_message(m.group())
                    ),
                )
            )
    return problems


def _walk(node: yaml.Node, path: Path_, src: Source, problems: list[Problem]) -> None:
    """Record the line of every key and item below ``node``; report duplicate keys."""
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            key = unicodedata.normalize("NFC", key)
            child = (*path, key)
            if key in seen:
                problems.append(
                    Problem(
                        src.file,
                        key_node.start_mark.line + 1,
                        format_path(child),
                        _("duplicate key"),
                    )
                )
            seen.add(key)
            src.origins.setdefault(child, (src.file, key_node.start_mark.line + 1))
            _walk(value_node, child, src, problems)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            src.origins[(*path, i)] = (src.file, item.start_mark.line + 1)
            _walk(item, (*path, i), src, problems)


def _check_strings(value: Any, path: Path_, src: Source, problems: list[Problem]) -> None:
    """Refuse control characters that reached a string through a YAML escape ("\\v")."""
    if isinstance(value, str):
        m = BAD_CHAR.search(value)
        if m:
            problems.append(src.problem(path, bad_character_message(m.group())))
    elif isinstance(value, dict):
        for k, v in value.items():
            _check_strings(v, (*path, k), src, problems)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _check_strings(v, (*path, i), src, problems)


def load_text(text: str, file: str) -> Source:
    """Parse YAML ``text`` (shown as ``file`` in messages) into a :class:`Source`."""
    problems = _scan_text(text, file)
    if problems:
        raise ConfigError(problems)
    src = Source(file, None)
    loader = _LOADER(unicodedata.normalize("NFC", text))
    try:
        node = loader.get_single_node()
        if node is not None:
            src.origins[()] = (src.file, node.start_mark.line + 1)
            _walk(node, (), src, problems)
            src.data = normalize(loader.construct_document(node))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        detail = exc.problem or exc.context or str(exc)
        raise ConfigError(
            [Problem(file, line, "", _("invalid YAML: {detail}").format(detail=detail))]
        ) from None
    except yaml.YAMLError as exc:
        raise ConfigError(
            [Problem(file, None, "", _("invalid YAML: {detail}").format(detail=exc))]
        ) from None
    finally:
        loader.dispose()
    _check_strings(src.data, (), src, problems)
    if problems:
        raise ConfigError(problems)
    if src.data is None:
        src.data = {}
    if not isinstance(src.data, dict):
        raise ConfigError([src.problem((), _("the config must be a mapping of keys to values"))])
    return src


def load(path: str | Path) -> Source:
    """Read the YAML config at ``path``."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(
            [
                Problem(
                    str(path),
                    None,
                    "",
                    _("cannot read: {reason}").format(reason=exc.strerror or exc),
                )
            ]
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError(
            [Problem(str(path), line, "", _("not UTF-8 text: save the file with UTF-8 encoding"))]
        ) from None
    return load_text(text, str(path))
