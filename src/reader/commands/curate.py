"""`reader curate`: the places where the authors of a text disagree, to settle in the TUI."""

from __future__ import annotations

import argparse
import json

from reader.commands._common import add_path_argument
from reader.core.annotations.curation import disagreements
from reader.core.corpus.collection import exportable
from reader.core.errors import printable
from reader.core.project.layout import Project


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `curate` verb."""
    parser = subparsers.add_parser(
        "curate",
        help="list where the authors of each text disagree",
        description=(
            "For each text annotated by two or more authors: every place where they differ "
            "(a passage tagged by some and not others, a different tag, a different span) "
            "and not yet settled by a curator (docs/review.md)."
        ),
    )
    add_path_argument(parser)
    parser.add_argument("--json", action="store_true", help="one JSON object per place")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the places (or JSON lines); exit 0 whether or not there are any."""
    places = 0
    for item in exportable(Project.open(args.path)):
        document = item.file.document
        for place in disagreements(item.file.annotations):
            places += 1
            if args.json:
                row = {
                    "document": document, "start": place.start, "end": place.end,
                    "kind": place.kind, "authors": list(place.authors),
                    "sides": [
                        {"tag": s.tag, "start": s.start, "end": s.end, "text": s.text,
                         "authors": list(s.authors), "ids": [a.id for a in s.annotations]}
                        for s in place.sides
                    ],
                }  # fmt: skip
                print(json.dumps(row, ensure_ascii=False))
                continue
            print(f"{printable(document)} {place.start}..{place.end}: {place.kind}")
            for line in place.describe().splitlines():
                print(f"  {printable(line)}")
    if not args.json:
        print(f"{places} place(s) to settle" if places else "no disagreements to settle")
    return 0
