"""Real git repositories: two branches annotate one article, merged by `reader merge-driver`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.annotations.session import EditSession
from reader.core.corpus.discovery import Corpus
from reader.core.project.layout import Project

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")

EN = "en/2021-12-29-biden-putin-meeting.txt"


def _git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(root.parent),
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    return subprocess.run(
        ["git", *args], cwd=root, env=env, capture_output=True, text=True, check=check
    )


def _session(root: Path) -> EditSession:
    corpus = Corpus(Project.open(root))
    return EditSession(corpus.store, corpus.document(EN), "en")


def _tag(root: Path, needle: str, tag: str, **fields: str) -> str:
    session = _session(root)
    at = session.document.text.index(needle)
    return session.add(tag, at, at + len(needle), **fields).id


@pytest.fixture
def repo(seed_project: Path) -> Path:
    _git(seed_project, "init", "-q", "-b", "main")
    _git(seed_project, "config", "user.name", "Test")
    _git(seed_project, "config", "user.email", "test@example.com")
    assert main(["init", str(seed_project), "--git-config"]) == 0
    _git(seed_project, "add", ".")
    _git(seed_project, "commit", "-q", "-m", "corpus")
    return seed_project


def _commit_all(root: Path, message: str) -> None:
    _git(root, "add", "annotations")
    _git(root, "commit", "-q", "-m", message)


@pytest.mark.parametrize("file_on_base", [False, True])
def test_two_branches_annotate_one_article_and_merge_cleanly(
    repo: Path, file_on_base: bool
) -> None:
    if file_on_base:
        _tag(repo, "Dmitry Peskov", "claim")
        _commit_all(repo, "base annotation")
    _git(repo, "checkout", "-q", "-b", "alice")
    alice = {_tag(repo, "January 10", "date", value="2022-01-10"), _tag(repo, "NATO", "claim")}
    _commit_all(repo, "alice")
    _git(repo, "checkout", "-q", "main")
    bob = {_tag(repo, "That is, when they speak", "quote", speaker="Dmitry Peskov")}
    _commit_all(repo, "bob")
    result = _git(repo, "merge", "-q", "--no-edit", "alice", check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    text = (repo / "annotations" / "en" / "2021-12-29-biden-putin-meeting.yaml").read_text(
        encoding="utf-8"
    )
    assert "<<<<<<<" not in text
    ids = {a.id for a in _session(repo).annotations}
    assert alice | bob <= ids and len(ids) == len(alice | bob) + file_on_base
    assert main(["validate", str(repo)]) == 0
    assert _git(repo, "status", "--porcelain").stdout.strip() == ""


def test_conflicting_field_is_reported_and_kept_in_valid_yaml(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ident = _tag(repo, "January 10", "date")
    _commit_all(repo, "base")
    _git(repo, "checkout", "-q", "-b", "alice")
    _session(repo).update(ident, value="2022-01-10", note="alice")
    _commit_all(repo, "alice")
    _git(repo, "checkout", "-q", "main")
    _session(repo).update(ident, value="2021-01-10", speaker="Ned Price")
    _commit_all(repo, "bob")
    result = _git(repo, "merge", "--no-edit", "alice", check=False)
    assert result.returncode != 0
    assert "'value' changed on both sides (ours '2021-01-10', theirs '2022-01-10')" in (
        result.stdout + result.stderr
    )
    path = repo / "annotations" / "en" / "2021-12-29-biden-putin-meeting.yaml"
    text = path.read_text(encoding="utf-8")
    assert "<<<<<<<" not in text and "=======" not in text
    merged = _session(repo).get(ident)
    assert (merged.value, merged.note, merged.speaker) == ("2021-01-10", "alice", "Ned Price")
    assert dict(merged.extra)["conflict"] == {"theirs": {"value": "2022-01-10"}}
    capsys.readouterr()
    assert main(["validate", str(repo)]) == 1
    out = capsys.readouterr().out
    assert f"annotation {ident}: unresolved merge conflict" in out
    assert "UU annotations/" in _git(repo, "status", "--porcelain").stdout


def test_init_is_idempotent_and_appends(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "p"
    root.mkdir()
    (root / ".gitignore").write_text("*.pyc", encoding="utf-8")  # no final newline
    (root / "reader.yaml").write_text("annotator: me\n", encoding="utf-8")
    assert main(["init", str(root)]) == 0
    out = capsys.readouterr().out
    driver = f"{sys.executable} -m reader merge-driver %O %A %B %P"
    assert f"git config merge.reader.driver '{driver}'" in out  # works without PATH
    assert (root / ".gitignore").read_text(encoding="utf-8") == "*.pyc\n.reader\n"
    assert (root / "reader.yaml").read_text(encoding="utf-8") == "annotator: me\n"
    assert (root / "corpus").is_dir() and (root / "annotations").is_dir()
    snapshot = {p: p.read_bytes() for p in root.iterdir() if p.is_file()}
    assert main(["init", str(root)]) == 0
    assert {p: p.read_bytes() for p in root.iterdir() if p.is_file()} == snapshot
    fresh = tmp_path / "fresh"
    assert main(["init", str(fresh)]) == 0
    assert Project.open(fresh).config.tag_names == ("claim", "condition", "date", "quote")


def test_init_git_config_outside_a_repository(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert main(["init", str(tmp_path / "x"), "--git-config"]) == 2
    assert "is it a git repository?" in capsys.readouterr().err


@pytest.mark.parametrize("name", [".gitignore", ".gitattributes", "reader.yaml"])
def test_init_never_follows_a_symlink(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    root, victim = tmp_path / "p", tmp_path / "outside.txt"
    root.mkdir()
    victim.write_text("theirs\n", encoding="utf-8")
    (root / name).symlink_to(victim)
    assert main(["init", str(root)]) == 2
    assert f"{name} -> {victim}: a symlink; reader init will not follow it" in (
        capsys.readouterr().err
    )
    assert victim.read_text(encoding="utf-8") == "theirs\n"
    (root / name).unlink()
    (root / name).symlink_to(tmp_path / "missing.txt")  # dangling: would be created there
    assert main(["init", str(root)]) == 2
    assert not (tmp_path / "missing.txt").exists()


def test_the_ignore_line_matches_a_reader_symlink_too(repo: Path) -> None:
    shutil.rmtree(repo / ".reader", ignore_errors=True)
    (repo / ".reader").symlink_to("..")
    assert _git(repo, "check-ignore", "-q", ".reader", check=False).returncode == 0
    _git(repo, "add", "-A")
    assert ".reader" not in _git(repo, "diff", "--cached", "--name-only").stdout.split()


def test_init_refuses_folders_that_are_links_out_of_the_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, outside = tmp_path / "p", tmp_path / "elsewhere"
    root.mkdir()
    outside.mkdir()
    (root / "annotations").symlink_to(outside, target_is_directory=True)
    assert main(["init", str(root)]) == 2
    assert f"annotations -> {outside}: a symlink leading outside the project" in (
        capsys.readouterr().err
    )
    assert list(outside.iterdir()) == []


def test_init_adds_the_link_matching_line_beside_an_old_folder_only_one(tmp_path: Path) -> None:
    root = tmp_path / "p"
    root.mkdir()
    (root / ".gitignore").write_text(".reader/\n", encoding="utf-8")  # matches folders only
    assert main(["init", str(root)]) == 0
    assert (root / ".gitignore").read_text(encoding="utf-8") == ".reader/\n.reader\n"
    assert main(["init", str(root)]) == 0
    assert (root / ".gitignore").read_text(encoding="utf-8") == ".reader/\n.reader\n"


def test_any_verb_configures_the_driver_in_a_fresh_clone(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clone = tmp_path / "clone"
    _git(repo, "clone", "-q", str(repo), str(clone))
    assert _git(clone, "config", "merge.reader.driver", check=False).returncode != 0
    capsys.readouterr()
    assert main(["list", str(clone)]) == 0
    assert "configured git to merge annotation files" in capsys.readouterr().err
    assert "merge-driver" in _git(clone, "config", "merge.reader.driver").stdout
    assert main(["list", str(clone)]) == 0
    assert "merge" not in capsys.readouterr().err  # said once, when it was done


def test_validate_fails_on_an_annotation_file_git_left_unmerged(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _git(repo, "config", "--remove-section", "merge.reader")  # a clone never set up
    _tag(repo, "Joe Biden", "claim")
    _commit_all(repo, "base")
    _git(repo, "checkout", "-q", "-b", "theirs")
    _tag(repo, "Vladimir Putin", "quote")
    _commit_all(repo, "theirs")
    _git(repo, "checkout", "-q", "main")
    _tag(repo, "Kremlin", "claim")
    _commit_all(repo, "ours")
    merged = _git(repo, "merge", "-q", "theirs", check=False)
    assert merged.returncode != 0, merged.stdout + merged.stderr  # merged as plain text
    capsys.readouterr()
    assert main(["validate", str(repo)]) == 1
    assert "unmerged in git" in capsys.readouterr().out


def test_init_refuses_a_folder_inside_a_projects_corpus(
    seed_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init", str(seed_project / "corpus" / "ru")]) == 2
    assert "inside the corpus of the project" in capsys.readouterr().err
    assert not (seed_project / "corpus" / "ru" / "annotations").exists()
