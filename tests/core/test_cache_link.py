"""A ``.reader -> ..`` symlink (a cloned repository can carry one): the corpus index and
the cross-article tables live in memory, and nothing is created, changed or deleted
outside the project."""

from __future__ import annotations

import os
from pathlib import Path

from reader.core.corpus.crossref import CrossRef
from reader.core.corpus.discovery import Corpus
from reader.core.corpus.query import parse_query
from reader.core.project.layout import Project


def _outside(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of ``folder`` outside the project (its bytes and mtime)."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir() if p.is_file()}


def test_a_symlinked_cache_folder_writes_nothing_outside(tmp_path: Path) -> None:
    outer = tmp_path / "outer"
    root = outer / "project"
    (root / "corpus").mkdir(parents=True)
    (root / "corpus" / "a.txt").write_text(
        "Joe Biden met Vladimir Putin in Geneva on June 16, 2021.\n", encoding="utf-8"
    )
    (root / "reader.yaml").write_text("annotator: tester\n", encoding="utf-8")
    # The names the project would write or delete in its own .reader/.
    for name in ("index.json", "language.json", "index.sqlite", "crossref.sqlite"):
        (outer / name).write_text(f"someone else's {name}", encoding="utf-8")
    os.symlink("..", root / ".reader")
    before = _outside(outer)

    corpus = Corpus(Project.open(root))
    corpus.refresh()
    assert [m.rel for m in corpus.index.rows(parse_query("Geneva"))] == ["a.txt"]
    crossref = CrossRef(corpus, None, spans_of=lambda *_: [])
    crossref.update()
    assert crossref.text_id("a.txt") > 0
    crossref.close()
    corpus.index.close()

    assert _outside(outer) == before
    assert sorted(p.name for p in outer.iterdir()) == sorted([*before, "project"])
