"""The pre-commit hook, run as pre-commit runs it (its entry split like a shell, the changed
files appended): it validates each project the files belong to, in subfolders too."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import REPO


def _hook() -> dict[str, object]:
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hook, dict)
    return hook


def _project(root: Path, annotation: str) -> None:
    (root / "corpus").mkdir(parents=True)
    (root / "corpus" / "a.txt").write_text("Anna met Boris.\n", encoding="utf-8")
    (root / "annotations").mkdir()
    (root / "annotations" / "a.yaml").write_text(annotation, encoding="utf-8")


def _run(repo: Path, files: list[str]) -> subprocess.CompletedProcess[str]:
    hook = _hook()
    pattern = re.compile(str(hook["files"]))
    matched = [f for f in files if pattern.search(f)]
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    command = [*shlex.split(str(hook["entry"])), *matched]
    return subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, timeout=120)


def test_hook_installs_nothing_and_takes_the_files() -> None:
    hook = _hook()
    assert hook["language"] == "system" and hook["pass_filenames"] is True


def test_hook_finds_projects_in_subfolders(tmp_path: Path) -> None:
    good = "document: a.txt\nsha256: x\nannotations: []\n"
    _project(tmp_path / "team" / "good project", good)
    _project(tmp_path / "other", "document: a.txt\nannotations: [\n")
    ok = _run(tmp_path, ["team/good project/annotations/a.yaml", "README.md"])
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "1 annotation file(s) checked, 0 problem(s)" in ok.stderr
    bad = _run(tmp_path, ["team/good project/corpus/a.txt", "other/annotations/a.yaml"])
    assert bad.returncode == 1
    assert "other/annotations/a.yaml" in bad.stdout + bad.stderr
    assert bad.stderr.count("annotation file(s) checked") == 2
