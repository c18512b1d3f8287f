"""Random mutations of the example configs (types, keys, characters, YAML structure): validate and
render never raise (a traceback), never hang, and never leave a file behind when they fail."""

from __future__ import annotations

import contextlib
import io
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main

from .conftest import EXAMPLES, MINIMAL

SOURCES = [p.read_text(encoding="utf-8") for p in EXAMPLES] + [
    yaml.safe_dump(MINIMAL, allow_unicode=True, sort_keys=False)
]

# Text that breaks things: YAML syntax, Jinja, control and invisible characters, XML specials.
NASTY = [
    "\t", ": ", "- ", "{{", "}}", "{{ year }", "{% if %}", "{{ vars.x }}", "&a ", "*a",
    "!!python/object:os.system ", "\x0b", "\x00", "\u202e", "\u200b", "\u00ad", "[", "]",
    "{", "}", "'", '"', "\n", "  ", "# ",
    "<w:p/>", "&amp;", "2026-02-30", "{{ ''.__class__ }}", "\ufeff", "ğ̈", "\U0001f600",
]  # fmt: skip
values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 10**12) | st.floats(allow_nan=True)
    | st.text(max_size=30) | st.sampled_from(NASTY),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)  # fmt: skip


def _paths(value: Any, path: tuple = ()) -> list[tuple]:
    out = [path]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*path, i))
    return out


@st.composite
def mutated(draw) -> str:
    """A config text: an example with a few random changes to its data or to its text."""
    text = draw(st.sampled_from(SOURCES))
    if draw(st.booleans()):  # change the data, then write it back as YAML
        data = yaml.safe_load(text)
        for _ in range(draw(st.integers(1, 3))):
            path = draw(st.sampled_from(_paths(data)))
            if not path:
                continue
            parent = data
            for part in path[:-1]:
                parent = parent[part]
            action = draw(st.sampled_from(["replace", "delete", "add"]))
            if action == "replace":
                parent[path[-1]] = draw(values)
            elif action == "delete":
                del parent[path[-1]]
            elif isinstance(parent, dict):
                parent[draw(st.text(min_size=1, max_size=10))] = draw(values)
            else:
                parent.append(draw(values))
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    for _ in range(draw(st.integers(1, 3))):  # change the text itself
        at = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 5))
        text = text[:at] + draw(st.sampled_from(NASTY) | st.text(max_size=5)) + text[at + cut :]
    return text


def _quiet(argv: list[str]) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return main(argv)


@settings(
    max_examples=60, deadline=timedelta(seconds=10), derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)  # fmt: skip
@given(mutated())
def test_mutated_configs_never_crash_hang_or_leave_files(text):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ward.yaml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        out = Path(tmp) / "out"
        assert _quiet(["validate", str(path)]) in (0, 1)
        code = _quiet(["render", str(path), "-o", str(out)])
        assert code in (0, 1)
        files = sorted(p.name for p in out.iterdir()) if out.exists() else []
        if code == 1:
            assert files == [], files
        else:
            assert len(files) == 1 and files[0].endswith(".docx"), files
