"""Found in review of robustness: symlinked annotation files, file modes, fuzzy moves."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.corpus.discovery import Corpus
from reader.core.project.layout import Project

EN = "en/2021-12-29-biden-putin-meeting.txt"


def test_an_annotation_file_linked_outside_the_project_is_never_read_or_replaced(
    seed_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text(
        f"document: {EN}\nsha256: s\nannotations:\n- id: a1\n  tag: claim\n  start: 0\n"
        "  end: 4\n  text: date\n  note: TOP SECRET\n",
        encoding="utf-8",
    )
    link = seed_project / "annotations" / "en" / "2021-12-29-biden-putin-meeting.yaml"
    link.parent.mkdir(parents=True)
    link.symlink_to(outside)
    before = outside.read_bytes()
    assert main(["tag", str(seed_project / "corpus" / EN), "7", "11", "claim"]) == 2
    err = capsys.readouterr().err
    assert "symlink points outside the project: not read" in err
    assert link.is_symlink() and outside.read_bytes() == before
    assert main(["list", str(seed_project)]) == 0
    out = capsys.readouterr().out
    assert "claim=1" not in out and "symlink points outside the project" in out
    assert "TOP SECRET" not in out
    corpus = Corpus(Project.open(seed_project))
    with pytest.raises(Exception, match="symlink points outside"):
        corpus.store.load(EN)


def test_new_annotation_files_follow_the_umask(seed_project: Path) -> None:
    old = os.umask(0o022)
    try:
        assert main(["tag", str(seed_project / "corpus" / EN), "7", "11", "claim"]) == 0
    finally:
        os.umask(old)
    path = seed_project / "annotations" / "en" / "2021-12-29-biden-putin-meeting.yaml"
    assert path.stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize(
    "seed", ["en/2021-12-29-biden-putin-meeting.txt", "ru/2021-12-29-baiden-putin-vstrecha.txt"]
)
def test_a_deleted_paragraph_is_orphaned_not_fuzzily_moved_elsewhere(seed: str) -> None:
    """Every phrase of a paragraph, the paragraph deleted: each one is orphaned or placed
    where its old surroundings still are, never on similar words in another passage."""
    import re

    from reader.core.annotations.anchoring import _plausible, reanchor
    from reader.core.annotations.format import Annotation, AnnotationFile
    from reader.core.text.document import sha256_of

    repo = Path(__file__).resolve().parents[2]
    text = (repo / "corpus" / seed).read_text(encoding="utf-8")
    fuzzy_seen = 0
    for paragraph in re.finditer(r"[^\n]+", text):
        start, end = paragraph.span()
        phrases = re.finditer(r"[^.,;:!?“”«»]{20,60}", text[start:end])
        annotations = tuple(
            Annotation(f"x{i:04d}", "claim", start + m.start(), start + m.end(), m.group())
            for i, m in enumerate(phrases)
        )
        if not annotations:
            continue
        afile = AnnotationFile("d.txt", sha256_of(text), "en", annotations)
        edited = text[:start] + text[end:]
        placed, report = reanchor(afile, edited, text)
        fuzzy_seen += len(report.fuzzy)
        for ident in (*report.fuzzy, *report.moved):
            old, new = afile.by_id()[ident], placed.by_id()[ident]
            assert _plausible(old, edited, new.start, new.end, text), (old.text, new.text)
    assert fuzzy_seen < 5  # near-identical sentences elsewhere (the Russian seed repeats one)
