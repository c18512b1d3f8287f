"""Stage 1: read a YAML config into plain data, remembering the line of every key.

Text hygiene happens here, once for every string: NFC normalisation; control characters (which
corrupt a .docx) and bidirectional overrides (which disguise text) are refused with their line
and column; invisible format characters are warned about. YAML's own risks are bounded: aliases
(a "billion laughs" file), the expanded size, and tags such as ``!!python/…`` are refused, and
dates stay text (validation reads them, so an impossible date gets a clear message).
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
# Bidirectional embeddings, overrides and isolates reorder text on screen: refused too.
BAD_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
_CHAR_NAMES = {  # translated where used
    "\x0b": N_("vertical tab (a line break pasted from Word)"),
    "\x0c": N_("form feed (a page break pasted from Word)"),
    **dict.fromkeys("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
                    N_("bidirectional control (it can disguise the text)")),
}  # fmt: skip
# Invisible characters that Word or the web paste: printed as nothing, or as a stray hyphen.
INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
_INVISIBLE_NAMES = {
    "\u00ad": N_("soft hyphen"),
    "\u200b": N_("zero-width space"),
    "\u200c": N_("zero-width non-joiner"),
    "\u200d": N_("zero-width joiner"),
    "\u2060": N_("word joiner"),
    "\ufeff": N_("zero-width no-break space"),
}
MAX_ALIASES = 500  # a config has no need for more
MAX_EXPANDED_NODES = 200_000  # keys, items and values after expanding aliases
MAX_EXPANDED_CHARS = 5_000_000  # characters of text after expanding aliases


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader (libyaml when available: 5x faster), with dates left as text."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
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


def invisible_character_message(ch: str) -> str:
    """The warning for an invisible character."""
    return _("U+{code:04X} {name}: an invisible character, probably pasted; delete it").format(
        code=ord(ch), name=_(_INVISIBLE_NAMES[ch])
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
    warnings: list[Problem] = field(default_factory=list)

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
    """Refuse control characters that reached a string through a YAML escape ("\\v"); warn about
    invisible ones."""
    if isinstance(value, str):
        m = BAD_CHAR.search(value)
        if m:
            problems.append(src.problem(path, bad_character_message(m.group())))
        m = INVISIBLE.search(value)
        if m:
            src.warnings.append(src.problem(path, invisible_character_message(m.group())))
    elif isinstance(value, dict):
        for k, v in value.items():
            _check_strings(v, (*path, k), src, problems)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _check_strings(v, (*path, i), src, problems)


def load_data(data: Any, file: str) -> Source:
    """A config given as data (the editor's form, from JSON) as :func:`load_text` gives a
    file's: NFC, its strings checked for control and invisible characters by key path. What
    only a text has (lines, tabs, tags, aliases, duplicate keys) cannot occur in it."""
    src = Source(file, normalize(data) if data is not None else {})
    problems: list[Problem] = []
    _check_strings(src.data, (), src, problems)
    if problems:
        raise ConfigError(problems)
    if not isinstance(src.data, dict):
        raise ConfigError([src.problem((), _("the config must be a mapping of keys to values"))])
    return src


def load_text(text: str, file: str) -> Source:
    """Parse YAML ``text`` (shown as ``file`` in messages) into a :class:`Source`."""
    problems = _scan_text(text, file)
    if problems:
        raise ConfigError(problems)
    src = Source(file, None)
    text = unicodedata.normalize("NFC", text)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _bound(node, file)
            src.origins[()] = (src.file, node.start_mark.line + 1)
            _walk(node, (), src, problems)
            src.data = normalize(loader.construct_document(node))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise ConfigError([Problem(file, line, "", _yaml_message(exc, text))]) from None
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


def _yaml_message(exc: yaml.MarkedYAMLError, text: str) -> str:
    """What went wrong, in the words of someone who types YAML by hand."""
    mark = exc.problem_mark or exc.context_mark
    col = mark.column + 1 if mark else 0
    problem = exc.problem or exc.context or str(exc)
    lines = text.split("\n")
    at = lines[mark.line][mark.column : mark.column + 1] if mark and mark.line < len(lines) else ""
    if "cannot start any token" in problem and at == "\t":
        return _("column {col}: a tab is used for indentation; YAML needs spaces").format(col=col)
    if "mapping values are not allowed" in problem:
        return _(
            'column {col}: a value that holds «: » must be quoted, for example title: "Lưu ý: …"'
        ).format(col=col)
    m = re.search(r"constructor for the tag '([^']*)'", problem)
    if m:
        tag = m.group(1).replace("tag:yaml.org,2002:", "!!")
        return _("the YAML tag «{tag}» is not allowed: write text, lists and mappings").format(
            tag=tag
        )
    return _("invalid YAML: {detail}").format(detail=problem)


def _bound(root: yaml.Node, file: str) -> None:
    """Refuse a document with too many aliases or too large once aliases are expanded (a
    "billion laughs" file), before anything walks the expanded tree."""
    aliases = 0
    size: dict[int, tuple[int, int]] = {}  # id(node) -> (nodes, characters) when expanded
    seen: set[int] = set()

    def measure(node: yaml.Node) -> tuple[int, int]:
        nonlocal aliases
        key = id(node)
        if key in seen:
            aliases += 1
            if aliases > MAX_ALIASES:
                raise ConfigError([Problem(file, node.start_mark.line + 1, "", _(
                    "more than {n} YAML aliases (*name): a config has no need for so many"
                ).format(n=MAX_ALIASES))])  # fmt: skip
        if key in size:
            return size[key]
        if key in seen:  # met again before it was measured: it contains itself
            raise ConfigError([Problem(file, node.start_mark.line + 1, "", _(
                "a YAML alias refers to the value that contains it"))])  # fmt: skip
        seen.add(key)
        if isinstance(node, yaml.ScalarNode):
            result = (1, len(node.value))
        else:
            children = node.value if isinstance(node, yaml.SequenceNode) else [
                n for pair in node.value for n in pair]  # fmt: skip
            nodes, chars = 1, 0
            for child in children:
                n, c = measure(child)
                nodes, chars = nodes + n, chars + c
            result = (nodes, chars)
        size[key] = result
        if result[0] > MAX_EXPANDED_NODES or result[1] > MAX_EXPANDED_CHARS:
            raise ConfigError([Problem(file, node.start_mark.line + 1, "", _(
                "the config is too large once its YAML aliases are expanded "
                "(more than {nodes} values or {mb} MB of text)"
            ).format(nodes=MAX_EXPANDED_NODES, mb=MAX_EXPANDED_CHARS // 1_000_000))])  # fmt: skip
        return result

    measure(root)


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
