"""Corpus discovery, skipped files, collisions and the metadata cache."""

from __future__ import annotations

import os
from pathlib import Path

from reader.core.corpus.discovery import Corpus, Metadata, Skipped
from reader.core.project.layout import Project


def _write(path: Path, data: bytes | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)


def test_discovery_is_recursive_sorted_and_reports_problems(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    _write(corpus / "b" / "z.txt", "Zeta text here.")
    _write(corpus / "a.md", "# Alpha\nbody")
    _write(corpus / "b" / "bin.txt", b"\x00\x01\x02binary")
    _write(corpus / "dup.txt", "one")
    _write(corpus / "dup.md", "two")
    _write(corpus / "ignored.pdf", "x")
    _write(corpus / ".hidden.txt", "x")
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text("secret", encoding="utf-8")
    os.symlink(outside, corpus / "link.txt")
    project = Project.open(tmp_path)
    scan = Corpus(project).scan()
    assert [e.rel for e in scan.entries] == ["a.md", "b/bin.txt", "b/z.txt"]
    reasons = {s.rel: s.reason for s in scan.skipped}
    assert reasons["dup.md"] == "dup.md and dup.txt both map to annotations/dup.yaml"
    assert reasons["dup.txt"] == "dup.txt and dup.md both map to annotations/dup.yaml"
    assert reasons["link.txt"].startswith("symlink points outside the project")
    items = list(Corpus(project).iter_metadata(scan))
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert [s.rel for s in skipped] == ["b/bin.txt", "dup.md", "dup.txt", "link.txt"]
    assert "binary" in skipped[0].reason
    titles = [i.title for i in items if isinstance(i, Metadata)]
    assert titles == ["# Alpha", "Zeta text here."]


def test_bare_folder_is_its_own_corpus(tmp_path: Path) -> None:
    _write(tmp_path / "one.txt", "Hello there, this is English.")
    _write(tmp_path / "annotations" / "x.txt", "not a text of the corpus")
    project = Project.open(tmp_path)
    assert project.corpus_dir == tmp_path.resolve()
    assert [e.rel for e in Corpus(project).scan().entries] == ["one.txt"]


def test_metadata_comes_from_the_index_and_follows_edits(seed_project: Path) -> None:
    project = Project.open(seed_project)
    (seed_project / ".reader").mkdir()
    (seed_project / ".reader" / "index.json").write_text("{}", encoding="utf-8")
    first = list(Corpus(project).iter_metadata())
    assert (seed_project / ".reader" / "index.sqlite").is_file()
    assert not (seed_project / ".reader" / "index.json").exists()
    assert {m.language for m in first if isinstance(m, Metadata)} == {"en", "ru"}

    again = Corpus(project)
    assert list(again.iter_metadata()) == first
    assert again.refresh().unchanged == 2

    text = seed_project / "corpus" / "en" / "2021-12-29-biden-putin-meeting.txt"
    text.write_text("date 2022-02-02 Changed title\n", encoding="utf-8")
    entry = next(e for e in again.scan().entries if e.rel.startswith("en/"))
    meta = again.metadata(entry)
    assert meta.title == "Changed title"
    assert meta.date == "2022-02-02"
    assert meta.date_source == "text"
    assert Corpus(project).refresh().unchanged == 2


def test_counts_and_annotation_errors(seed_project: Path) -> None:
    annotations = seed_project / "annotations" / "en"
    annotations.mkdir(parents=True)
    (annotations / "2021-12-29-biden-putin-meeting.yaml").write_text(
        "document: en/2021-12-29-biden-putin-meeting.txt\nsha256: x\nannotations: [\n",
        encoding="utf-8",
    )
    items = list(Corpus(Project.open(seed_project)).iter_metadata())
    english = next(i for i in items if isinstance(i, Metadata) and i.rel.startswith("en/"))
    assert english.annotation_error is not None
    assert "2021-12-29-biden-putin-meeting.yaml:4: invalid YAML" in english.annotation_error
