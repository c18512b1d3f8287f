"""README's two set-up commands stay true, and CI runs the README's test command."""

from __future__ import annotations

import re

from .conftest import ROOT


def setup_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Set-up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section, re.DOTALL)


def test_two_setup_commands_render_an_example_and_run_the_tests():
    commands = setup_commands()
    assert len(commands) == 2 and all("\n" not in c for c in commands)
    assert "vanban render configs/examples/" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert setup_commands()[1] in ci.splitlines()


def test_examples_named_in_readme_exist():
    assert len(list((ROOT / "configs" / "examples").glob("*.yaml"))) == 4
    assert (ROOT / "docs" / "first-page.png").stat().st_size > 10_000
