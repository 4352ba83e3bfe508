"""`reader tag`: add an annotation from a script."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader.core.annotations.session import EditSession
from reader.core.corpus.discovery import Corpus
from reader.core.errors import Problem, ReaderError, printable
from reader.core.project.layout import Project


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `tag` verb."""
    parser = subparsers.add_parser(
        "tag",
        help="tag START..END of a text (code points) and print the new id",
        description="Add one annotation; offsets are Unicode code points, END exclusive.",
    )
    parser.add_argument("textfile", type=Path, metavar="TEXTFILE")
    parser.add_argument("start", type=int, metavar="START")
    parser.add_argument("end", type=int, metavar="END")
    parser.add_argument("tag", metavar="TAG")
    parser.add_argument("--speaker", "-s")
    parser.add_argument("--note", "-n")
    parser.add_argument("--value", "-v", help="normalized value, e.g. an ISO date")
    parser.add_argument(
        "--link", action="append", default=[], metavar="ID", help="link to another annotation"
    )
    parser.add_argument(
        "--project", type=Path, help="project folder (default: found from TEXTFILE)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Add the annotation, save, print its id."""
    project = Project.open(args.project) if args.project else Project.for_text(args.textfile)
    corpus = Corpus(project)
    entry = corpus.find(str(args.textfile))  # refuses texts the corpus skips (collisions…)
    document = corpus.document(entry)
    session = EditSession(corpus.store, document, corpus.language_of(document))
    report = session.reanchor()
    if report is not None and report.changed:
        print(printable(f"{entry.rel}: re-anchored: {report.summary()}"), file=sys.stderr)
    ids = {a.id for a in session.annotations}
    unknown = [link for link in args.link if "#" not in link and link not in ids]
    if unknown:
        raise ReaderError(f"{entry.rel}: --link {unknown[0]}: no annotation with that id")
    try:
        annotation = session.add(
            args.tag,
            args.start,
            args.end,
            speaker=args.speaker,
            note=args.note,
            value=args.value,
            links=tuple(args.link),
        )
    except Problem:
        raise  # names its file and line already
    except ReaderError as exc:
        raise ReaderError(f"{entry.rel}: {exc}") from exc
    print(annotation.id)
    return 0
