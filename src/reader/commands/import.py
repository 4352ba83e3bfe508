"""`reader import --format brat SRC [PATH]`: a brat collection into a project.

The module is named after the verb (``import``); the command line finds verbs by module
name and loads them with ``importlib``, which takes a keyword as a module name.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader.core.corpus.discovery import Corpus
from reader.core.errors import DocumentError, ReaderError, printable
from reader.core.interchange.brat_import import import_brat, parse_mapping
from reader.core.project.layout import Project


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `import` verb."""
    parser = subparsers.add_parser(
        "import",
        help="import a brat collection (.txt/.ann pairs) into a project",
        description=(
            "Copy each text of SRC into corpus/ (a text already in the corpus with the same "
            "content is annotated where it is) and turn its .ann into annotations: T lines "
            "into annotations, relations, event arguments and equivalences into links, "
            "AnnotatorNotes into notes; what reader has no field for is kept under each "
            "annotation's `brat` key, so `reader export --format brat` writes it back. "
            "brat types become tags (added to reader.yaml with free keys) unless --map "
            "names one. Every line that cannot be imported is listed as file:line: message."
        ),
    )
    parser.add_argument("--format", "-f", choices=("brat",), default="brat")
    parser.add_argument("source", type=Path, metavar="SRC", help="folder of .txt/.ann pairs")
    parser.add_argument(
        "path",
        nargs="?",
        default=".",
        type=Path,
        metavar="PATH",
        help="project folder to import into; default: here",
    )
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="TYPE=tag",
        help="import brat type TYPE as tag (repeatable), e.g. --map Organization=org",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Import; exit 1 when some lines or files could not be imported."""
    source: Path = args.source
    if not source.is_dir():
        raise ReaderError(f"{source}: no such folder")
    mapping = parse_mapping(args.map)
    root: Path = args.path
    if not root.is_dir():
        raise ReaderError(f"{root}: no such folder")
    project = Project.open(root)
    if project.corpus_dir == project.root and not any(
        project.is_text(p) for p in project.root.iterdir()
    ):
        (project.root / "corpus").mkdir()
        project = Project.open(root)
    report = import_brat(
        project, source, mapping, _texts_by_content(project), project.config.author()
    )
    for problem in report.problems:
        print(problem.describe(), file=sys.stderr)
    added = f"; tags added to reader.yaml: {', '.join(report.tags)}" if report.tags else ""
    print(
        printable(
            f"{report.annotations} annotation(s) in {report.documents} document(s) "
            f"({report.copied} text(s) copied, {report.matched} already in the corpus){added}"
        ),
        file=sys.stderr,
    )
    return 1 if report.problems else 0


def _texts_by_content(project: Project) -> dict[str, str]:
    """The corpus path of each text, by the sha256 of its decoded content."""
    corpus = Corpus(project, use_cache=False)
    known: dict[str, str] = {}
    for entry in corpus.scan().entries:
        try:
            known.setdefault(corpus.document(entry).sha256, entry.rel)
        except DocumentError:
            continue
    return known
