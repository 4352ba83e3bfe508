"""Pieces shared by the verbs that look across articles (related, timeline, annotations,
date): the cross-article tables, brought up to date, and the text a PATH names."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

from reader.core.corpus.crossref import CrossRef
from reader.core.corpus.discovery import Corpus
from reader.core.errors import ReaderError, printable
from reader.core.project.layout import Project
from reader.core.recognition.registry import REGISTRY_FILE, EntityRegistry, load_registry


def add_cached_argument(parser: argparse.ArgumentParser) -> None:
    """``--cached``: use only the entities already recognised (no model is loaded)."""
    parser.add_argument(
        "--cached",
        action="store_true",
        help="use only entities already recognised and cached (fast; texts never opened "
        "or indexed with --entities then count without their entities)",
    )


@dataclass(frozen=True)
class Scope:
    """The corpus a PATH belongs to and, when PATH is a text, that text."""

    corpus: Corpus
    rel: str | None


def scope_of(path: Path) -> Scope:
    """A project folder (the whole corpus) or a text file in one (that text: the cross-
    article tables say whether the corpus holds it, without a second walk)."""
    if path.is_file():
        project = Project.for_text(path)
        return Scope(Corpus(project), project.rel_of(path))
    return Scope(Corpus(Project.open(path)), None)


def registry_of(project: Project) -> EntityRegistry:
    """The project's ``entities.yaml`` (empty when absent; Problem when invalid)."""
    return load_registry(project.root / REGISTRY_FILE)


def _progress(done: int, total: int) -> None:
    end = "\n" if done == total else ""
    print(f"\rreading texts: {done}/{total}", end=end, file=sys.stderr, flush=True)


def up_to_date(corpus: Corpus, *, recognise: bool) -> CrossRef:
    """The cross-article tables of ``corpus``, updated (texts that changed are read again;
    ``recognise``: entities of texts without cached ones are recognised now)."""
    crossref = CrossRef(corpus, lambda: registry_of(corpus.project))
    try:
        report = crossref.update(
            recognise=recognise, progress=_progress if sys.stderr.isatty() else None
        )
    except sqlite3.OperationalError as exc:  # locked longer than its timeout by another
        raise ReaderError(f"{crossref.path}: {exc}; try again") from exc
    corpus.save_cache()
    for problem in report.problems:
        print(printable(f"note: {problem}"), file=sys.stderr)
    if report.without_entities:
        print(
            f"note: {report.without_entities} text(s) without recognised entities "
            "(run without --cached to recognise them)",
            file=sys.stderr,
        )
    return crossref
