"""README's two set-up commands stay true, and CI runs the README's test command."""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

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
    assert len(list((ROOT / "configs" / "examples").glob("*.yaml"))) == 11
    pictures = ("first-page.png", "cong-van.png", "quyet-dinh.png", "thong-bao.png", "giay-moi.png")
    for picture in pictures:
        assert (ROOT / "docs" / picture).stat().st_size > 10_000


def example_commands() -> list[str]:
    """The commands README shows to run as written (not the synopsis, installs or the server),
    in order, a line continued with a backslash joined."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8").split("## Use", 1)[1]
    out = []
    for block in re.findall(r"```sh\n(.+?)\n```", readme, re.DOTALL):
        for line in block.replace("\\\n", " ").splitlines():
            line = line.split("  #", 1)[0].strip()
            if line.startswith("vanban ") and not re.search(r"[\[|…]|\.\.\.|[A-Z]{4,}", line):
                out.append(line)
    return out


def test_readme_examples_run_as_written_and_write_only_into_output(tmp_path):
    """Right after the set-up commands, from the root of a checkout: each runs, and nothing but
    output/ changes."""
    commands = example_commands()
    assert len(commands) >= 8 and any(c.startswith("vanban import") for c in commands)
    shutil.copytree(ROOT / "configs", tmp_path / "configs")
    (tmp_path / "output").mkdir()
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    setup = "vanban render configs/examples/*.yaml -o output/"
    for command in [setup, *commands]:
        done = subprocess.run(command, shell=True, cwd=tmp_path, env=env, capture_output=True,
                              text=True, timeout=300)  # fmt: skip
        assert done.returncode == 0, (command, done.stderr[-2000:])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["configs", "output"]
    same = filecmp.dircmp(ROOT / "configs", tmp_path / "configs")
    assert not (same.left_only or same.right_only or same.diff_files)
    assert not any(d.left_only or d.right_only or d.diff_files for d in same.subdirs.values())
