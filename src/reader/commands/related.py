"""`reader related`: the articles that report the same story as one text, any language."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from reader.commands._across import add_cached_argument, scope_of, up_to_date
from reader.core.errors import ReaderError, printable


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `related` verb."""
    parser = subparsers.add_parser(
        "related",
        help="rank the articles that report the same story as TEXTFILE (any language)",
        description=(
            "Rank the other articles of the corpus by what they share with TEXTFILE: "
            "entities (one entity across languages through entities.yaml), normalised "
            "dates, and how close their article dates are. One line each: score, path, "
            "language, date, what they share."
        ),
    )
    parser.add_argument("textfile", type=Path, metavar="TEXTFILE")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument("--limit", type=int, default=10, metavar="N", help="default: 10")
    add_cached_argument(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the ranking; exit 1 when no article shares anything with TEXTFILE."""
    if args.limit < 1:
        raise ReaderError("--limit must be at least 1")
    scope = scope_of(args.textfile)
    if scope.rel is None:
        raise ReaderError(f"{args.textfile}: expected a text file of the corpus")
    crossref = up_to_date(scope.corpus, recognise=not args.cached)
    found = crossref.related(scope.rel, args.limit)
    out = sys.stdout
    for item in found:
        if args.json:
            row = asdict(item)
            row["path"] = row.pop("rel")
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            continue
        shared = ", ".join(item.entities)
        if item.dates:
            shared += ("; " if shared else "") + "dates " + ", ".join(item.dates)
        fields = [f"{item.score:.2f}", item.rel, item.language or "-", item.date or "-", shared]
        out.write("\t".join(printable(field) for field in fields) + "\n")
    return 0 if found else 1
