"""Re-anchoring after merges and edits: mismatched slices, plausibility, old text from git."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from reader.cli import main
from reader.core.annotations.anchoring import reanchor
from reader.core.annotations.format import Annotation, AnnotationFile
from reader.core.annotations.session import open_session
from reader.core.corpus.discovery import Corpus
from reader.core.project.layout import Project
from reader.core.text.document import sha256_of

EN = "corpus/en/2021-12-29-biden-putin-meeting.txt"


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=True
    ).stdout


def _file(text: str, *annotations: Annotation) -> AnnotationFile:
    return AnnotationFile("a.txt", sha256_of(text), "en", annotations)


def _tag(root: Path, phrase: str, tag: str = "quote") -> str:
    text = (root / EN).read_text(encoding="utf-8")
    start = text.index(phrase)
    assert main(["tag", str(root / EN), str(start), str(start + len(phrase)), tag]) == 0
    return phrase


def test_same_words_elsewhere_are_not_the_deleted_passage() -> None:
    old = "Alpha beta gamma was said first. Then many other words. Later: Alpha beta gamma."
    new = "Then many other words. Later: Alpha beta gamma."  # the first sentence is gone
    afile = _file(old, Annotation("a1", "quote", 0, 16, "Alpha beta gamma"))
    _, report = reanchor(afile, new, old)
    assert report.orphaned == ("a1",)
    _, report = reanchor(afile, new)  # without the old text, position decides (documented)
    assert report.moved == ("a1",)


def test_edited_quote_marks_around_a_span_still_move_it() -> None:
    old = "Intro. He said: “That is, when they speak, they are constructive,” and left."
    new = 'A new intro. He said: "That is, when they speak, they are constructive," and left.'
    quote = "That is, when they speak, they are constructive,"
    start = old.index(quote)
    afile = _file(old, Annotation("q1", "quote", start, start + len(quote), quote))
    placed, report = reanchor(afile, new, old)
    assert report.moved == ("q1",)
    assert new[placed.annotations[0].start : placed.annotations[0].end] == quote


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_merged_offsets_from_another_version_are_reanchored(
    seed_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = seed_project
    _git(root, "init", "-q", "-b", "main")
    _git(root, "config", "user.email", "t@example.org")
    _git(root, "config", "user.name", "Tester")
    assert main(["init", str(root), "--git-config"]) == 0
    merge_driver = _git(root, "config", "merge.reader.driver").strip()
    assert merge_driver
    _tag(root, "US President Joe Biden", "claim")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "base")
    _git(root, "checkout", "-qb", "edit")
    text_path = root / EN
    text_path.write_text("INSERTED SENTENCE. " + text_path.read_text("utf-8"), "utf-8")
    assert main(["reanchor", str(root)]) == 0
    _git(root, "commit", "-qam", "edit text")
    _git(root, "checkout", "-q", "main")
    quote = _tag(root, "That is, when they speak")
    _git(root, "commit", "-qam", "quote on the old text")
    _git(root, "merge", "-q", "--no-edit", "edit")
    capsys.readouterr()
    assert main(["validate", str(root)]) == 0  # the driver moved ours onto the merged text
    data = yaml.safe_load((root / "annotations/en/2021-12-29-biden-putin-meeting.yaml").read_text())
    text = text_path.read_text(encoding="utf-8")
    for entry in data["annotations"]:
        assert text[entry["start"] : entry["end"]] == entry["text"]
    assert quote in [e["text"] for e in data["annotations"]]


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_old_text_comes_from_git_history_without_a_snapshot(seed_project: Path) -> None:
    root = seed_project
    _git(root, "init", "-q", "-b", "main")
    _git(root, "config", "user.email", "t@example.org")
    _git(root, "config", "user.name", "Tester")
    text_path = root / EN
    phrase = "the press secretary of the Russian president"
    text = text_path.read_text(encoding="utf-8")
    first = text.index(phrase)
    second = text.index(phrase, first + 1) if phrase in text[first + 1 :] else None
    assert main(["tag", str(text_path), str(first), str(first + len(phrase)), "claim"]) == 0
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "annotated")
    shutil.rmtree(root / ".reader")  # a fresh clone has no snapshot
    corpus = Corpus(Project.open(root))
    old = text_path.read_text(encoding="utf-8")
    assert corpus.store.old_text(sha256_of(old), "en/2021-12-29-biden-putin-meeting.txt") == old
    text_path.write_text(old.replace("Prior to this", "Before that, as reported"), "utf-8")
    document = corpus.document("en/2021-12-29-biden-putin-meeting.txt")
    session = open_session(corpus.store, document, "en")
    (moved,) = session.annotations
    assert document.text[moved.start : moved.end] == phrase
    assert second is None or moved.start != second


TWICE = "The minister said the plan would work."


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize(
    ("subfolder", "by_sha"), [("", False), ("studies/project", False), ("", True)]
)
def test_the_driver_keeps_each_side_on_its_own_passage_of_two_equal_ones(
    tmp_path: Path, subfolder: str, by_sha: bool
) -> None:
    """Bob tags the second of two equal sentences; Alice edits the text before the first.
    After the merge the tag is on the second sentence, also with the project in a
    subfolder of the repository (git paths relative to the top), and when Alice's
    commit is merged by its sha, on no branch."""
    top = tmp_path / "repo"
    root = top / subfolder if subfolder else top
    text_path = root / "corpus" / "a.txt"
    text_path.parent.mkdir(parents=True)
    first = f"Opening remarks by the chair.\n{TWICE} Then a long debate followed.\n"
    text = f"{first}Reporters asked again; {TWICE} Nobody believed it.\n"
    text_path.write_text(text, encoding="utf-8")
    _git(top, "init", "-q", "-b", "main")
    _git(top, "config", "user.email", "t@example.org")
    _git(top, "config", "user.name", "Tester")
    assert main(["init", str(root), "--git-config"]) == 0
    _git(top, "add", "-A")
    _git(top, "commit", "-qm", "base")
    _git(top, "checkout", "-qb", "alice")
    edited = text.replace("Opening remarks by the chair.", "Opening remarks, long, by the chair.")
    text_path.write_text(edited, encoding="utf-8")
    at = edited.index("Nobody believed it.")
    assert main(["tag", str(text_path), str(at), str(at + 19), "claim"]) == 0
    _git(top, "add", "-A")
    _git(top, "commit", "-qam", "alice edits the text and tags it")
    _git(top, "checkout", "-q", "main")
    second = text.index(TWICE, text.index(TWICE) + 1)
    assert main(["tag", str(text_path), str(second), str(second + len(TWICE)), "claim"]) == 0
    _git(top, "add", "-A")
    _git(top, "commit", "-qm", "bob tags the second sentence")
    shutil.rmtree(root / ".reader")  # no snapshot: only git knows the old text
    theirs = "alice"
    if by_sha:
        theirs = _git(top, "rev-parse", "alice").strip()
        _git(top, "branch", "-D", "alice")
    _git(top, "merge", "-q", "--no-edit", theirs)
    assert text_path.read_text(encoding="utf-8") == edited
    data = yaml.safe_load((root / "annotations" / "a.yaml").read_text(encoding="utf-8"))
    starts = sorted(entry["start"] for entry in data["annotations"])
    assert starts == [edited.index(TWICE, edited.index(TWICE) + 1), at]
    assert data["sha256"] == sha256_of(edited)
    assert main(["validate", str(root)]) == 0
