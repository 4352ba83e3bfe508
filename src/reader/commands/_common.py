"""Pieces shared by the verbs."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from reader.core.corpus.discovery import Corpus
from reader.core.project.layout import Project


def add_path_argument(parser: argparse.ArgumentParser) -> None:
    """The optional PATH of a project folder (default: the current folder)."""
    parser.add_argument(
        "path",
        nargs="?",
        default=".",
        type=Path,
        metavar="PATH",
        help=(
            "project folder (with corpus/), a folder inside its corpus (only that part), "
            "or a bare folder of texts; default: here"
        ),
    )


def open_project(path: Path) -> Project:
    """The project at ``path``; a folder inside a project's corpus scopes that project
    to the folder, as a path inside a git repository does."""
    return Project.open(path, scoped=True)


def open_corpus(path: Path) -> Corpus:
    """The corpus of the project at ``path`` (scoped as ``open_project`` says)."""
    return Corpus(open_project(path))


def progress_bar(label: str, stream: TextIO | None = None) -> Callable[[int, int], None] | None:
    """A ``progress(done, total)`` drawing a bar on ``stream`` (stderr) when it is a
    terminal; None otherwise, so pipes and logs get no carriage returns."""
    out = stream or sys.stderr
    if not out.isatty():
        return None
    started = time.monotonic()
    last = 0.0

    def draw(done: int, total: int) -> None:
        nonlocal last
        now = time.monotonic()
        if done < total and now - last < 0.1:
            return
        last = now
        width = 30
        filled = width * done // total if total else width
        rate = done / (now - started) if now > started else 0.0
        out.write(
            f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} ({rate:.0f}/s)"
        )
        if done >= total:
            out.write("\n")
        out.flush()

    return draw
