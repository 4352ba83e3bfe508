"""The merge driver in place without anyone remembering a step (core/project/git.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.project.git import (
    DRIVER_KEY,
    configured_driver,
    driver_command,
    ensure_merge_driver,
    merge_setup_problems,
    text_from_history,
    unmerged_annotation_files,
)
from reader.core.text.document import sha256_of

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")


def _git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=check)


@pytest.fixture(autouse=True)
def _isolated_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.setenv("GIT_AUTHOR_NAME", "T")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "t@example.org")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "T")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "t@example.org")


@pytest.fixture
def clone(seed_project: Path, tmp_path: Path) -> Path:
    """A clone of a repository set up by `reader init`, without the driver configured."""
    origin = seed_project
    _git(origin, "init", "-q", "-b", "main")
    assert main(["init", str(origin)]) == 0
    _git(origin, "add", "-A")
    _git(origin, "commit", "-qm", "corpus")
    copy = tmp_path / "clone"
    _git(tmp_path, "clone", "-q", str(origin), str(copy))
    return copy


def test_a_fresh_clone_has_no_driver_and_validate_fails(
    clone: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert configured_driver(clone) is None
    problems = [p.describe() for p in merge_setup_problems(clone)]
    assert len(problems) == 1 and f"git has no {DRIVER_KEY}" in problems[0]


def test_the_first_run_configures_the_driver(clone: Path) -> None:
    message = ensure_merge_driver(clone)
    assert message == f"configured git to merge annotation files by id ({DRIVER_KEY})"
    assert configured_driver(clone) == driver_command()
    assert ensure_merge_driver(clone) is None  # once is enough
    assert merge_setup_problems(clone) == []


def test_a_driver_from_another_machine_is_replaced(clone: Path) -> None:
    _git(clone, "config", DRIVER_KEY, "/gone/venv/bin/python -m reader merge-driver %O %A %B %P")
    assert "reconfigured" in (ensure_merge_driver(clone) or "")
    assert configured_driver(clone) == driver_command()


def test_a_driver_that_does_not_run_fails_validate(clone: Path) -> None:
    _git(clone, "config", DRIVER_KEY, f"{sys.executable} -c 'raise SystemExit(3)' %O %A %B")
    [problem] = merge_setup_problems(clone)
    assert "does not run (exit 3)" in problem.describe()


def test_annotations_not_routed_to_the_driver_fail_validate(clone: Path) -> None:
    ensure_merge_driver(clone)
    (clone / ".gitattributes").write_text("", encoding="utf-8")
    [problem] = merge_setup_problems(clone)
    assert "not merged by reader's driver" in problem.describe()


def test_nothing_is_done_without_gitattributes(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    root.mkdir()
    _git(root, "init", "-q")
    assert ensure_merge_driver(root) is None
    assert configured_driver(root) is None


def test_unmerged_annotation_files_fail_validate(clone: Path) -> None:
    ensure_merge_driver(clone)
    _git(clone, "config", "--remove-section", "merge.reader")  # merged as text: conflicts
    folder = clone / "annotations"
    folder.mkdir(exist_ok=True)
    path = folder / "a.yaml"
    path.write_text("document: a.txt\nsha256: '1'\nannotations: []\n", encoding="utf-8")
    _git(clone, "add", "-A")
    _git(clone, "commit", "-qm", "base")
    _git(clone, "checkout", "-qb", "other")
    path.write_text("document: a.txt\nsha256: '2'\nannotations: []\n", encoding="utf-8")
    _git(clone, "commit", "-qam", "other")
    _git(clone, "checkout", "-q", "main")
    path.write_text("document: a.txt\nsha256: '3'\nannotations: []\n", encoding="utf-8")
    _git(clone, "commit", "-qam", "main")
    assert _git(clone, "merge", "-q", "other", check=False).returncode != 0
    assert unmerged_annotation_files(clone) == [path]
    messages = [p.describe() for p in merge_setup_problems(clone)]
    assert f"{path}: unmerged in git" in "\n".join(messages)


def test_texts_from_history_with_the_project_in_a_subfolder(tmp_path: Path) -> None:
    top = tmp_path / "repo"
    project = top / "studies" / "p"
    (project / "corpus").mkdir(parents=True)
    text = project / "corpus" / "a.txt"
    text.write_text("first version\n", encoding="utf-8")
    _git(top, "init", "-q")
    _git(top, "add", "-A")
    _git(top, "commit", "-qm", "one")
    text.write_text("second version\n", encoding="utf-8")
    _git(top, "commit", "-qam", "two")
    old = sha256_of("first version\n")
    assert text_from_history(project, text, old) == "first version\n"
    os.chdir(top)  # the lookup does not depend on the current folder
    assert text_from_history(project, text, old) == "first version\n"


def test_after_the_first_run_a_clone_merges_by_id(clone: Path) -> None:
    text = clone / "corpus" / "en" / "2021-12-29-biden-putin-meeting.txt"
    content = text.read_text(encoding="utf-8")

    def tag(phrase: str) -> None:
        at = content.index(phrase)
        assert main(["tag", str(text), str(at), str(at + len(phrase)), "claim"]) == 0

    ensure_merge_driver(clone)
    _git(clone, "checkout", "-qb", "alice")
    tag("Dmitry Peskov")
    _git(clone, "add", "-A")
    _git(clone, "commit", "-qm", "alice")
    _git(clone, "checkout", "-q", "main")
    tag("January 10")
    _git(clone, "add", "-A")
    _git(clone, "commit", "-qm", "bob")
    assert _git(clone, "merge", "-q", "--no-edit", "alice", check=False).returncode == 0
    merged = (clone / "annotations" / "en" / "2021-12-29-biden-putin-meeting.yaml").read_text(
        encoding="utf-8"
    )
    assert "Dmitry Peskov" in merged and "January 10" in merged and "<<<<<<<" not in merged


def test_the_first_run_from_a_folder_of_the_corpus_configures_the_driver(clone: Path) -> None:
    assert ensure_merge_driver(clone / "corpus" / "en") is not None
    assert configured_driver(clone) == driver_command()


def test_a_driver_that_cannot_be_configured_is_a_loud_warning(
    clone: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reader.core.project.git as git_setup

    monkeypatch.setattr(git_setup, "configure_driver", lambda root: "could not lock config file")
    message = ensure_merge_driver(clone) or ""
    assert message.startswith("WARNING: git will merge annotation files as plain text")
    assert "(could not lock config file)" in message
    assert f"run: git config {DRIVER_KEY} " in message and "merge-driver %O %A %B %P" in message
