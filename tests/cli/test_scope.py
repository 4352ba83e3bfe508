"""A folder inside the corpus scopes every verb to its texts, as a path inside a git
repository does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.corpus.collection import annotation_paths
from reader.core.project.layout import Project

EN = "corpus/en/2021-12-29-biden-putin-meeting.txt"
RU_DIR = "corpus/ru"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _tag_both(capsys: pytest.CaptureFixture[str], root: Path) -> None:
    for text in [root / EN, *sorted((root / RU_DIR).iterdir())]:
        assert run(capsys, "tag", str(text), "0", "3", "claim")[0] == 0


def test_annotation_paths_keep_the_scope_only(
    seed_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _tag_both(capsys, seed_project)
    whole = Project.open(seed_project)
    scoped = Project.open(seed_project / "corpus" / "en", scoped=True)
    assert len(annotation_paths(whole)) == 2
    assert [p.parent.name for p in annotation_paths(scoped)] == ["en"]


def test_stats_export_validate_take_a_folder_inside_the_corpus(
    seed_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _tag_both(capsys, seed_project)
    english = str(seed_project / "corpus" / "en")
    code, out, _ = run(capsys, "stats", english, "--json")
    assert code == 0
    assert json.loads(out)["language"] == {"en": 1}
    code, out, _ = run(capsys, "export", english)
    assert code == 0
    assert [json.loads(line)["document"] for line in out.splitlines()] == [EN[len("corpus/") :]]
    code, _, err = run(capsys, "validate", english)
    assert code == 0
    assert "1 annotation file(s) checked" in err
