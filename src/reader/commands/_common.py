"""Pieces shared by the verbs."""

from __future__ import annotations

import argparse
from pathlib import Path

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
        help="project folder (with corpus/) or a bare folder of texts; default: here",
    )


def open_corpus(path: Path) -> Corpus:
    """The corpus of the project at ``path``."""
    return Corpus(Project.open(path))
