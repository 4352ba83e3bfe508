"""`reader timeline`: every normalised date of the corpus (or of one text), in order."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from reader.commands._across import add_cached_argument, scope_of, up_to_date
from reader.core.corpus.query import date_bounds
from reader.core.errors import printable
from reader.core.text.article_date import parse_article_date


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `timeline` verb."""
    parser = subparsers.add_parser(
        "timeline",
        help="every normalised date of the corpus in order, with its article and sentence",
        description=(
            "Annotated dates (with their values) and recognised dates, ordered by the day "
            "they start on; a week, month or range sits at its start with its extent "
            "shown. One line each: day, extent, value, path, language, the date as "
            "written, its sentence."
        ),
    )
    parser.add_argument(
        "path",
        nargs="?",
        default=".",
        type=Path,
        metavar="PATH",
        help="a project folder (default: here) or one text of it",
    )
    parser.add_argument("--entity", metavar="NAME", help="only articles that mention NAME")
    parser.add_argument(
        "--from", dest="first", metavar="DATE", help="from DATE (YYYY, YYYY-MM or YYYY-MM-DD)"
    )
    parser.add_argument("--to", dest="last", metavar="DATE", help="to DATE, included")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    add_cached_argument(parser)
    parser.set_defaults(func=run)


def _bound(text: str | None, side: int) -> str | None:
    """The first (``side`` 0) or last (1) day ``text`` covers; ReaderError when it is not a
    date (the query language's date words, and no year 0)."""
    if text is None:
        return None
    day = date_bounds(text)[side]
    parse_article_date(day)
    return day


def run(args: argparse.Namespace) -> int:
    """Print the timeline; exit 1 when it is empty."""
    first = _bound(args.first, 0)
    last = _bound(args.last, 1)
    scope = scope_of(args.path)
    crossref = up_to_date(scope.corpus, recognise=not args.cached)
    out = sys.stdout
    count = 0
    for entry in crossref.timeline(scope.rel, entity=args.entity, first=first, last=last):
        count += 1
        if args.json:
            row = asdict(entry)
            row["path"] = row.pop("rel")
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            continue
        fields = [
            entry.day, entry.extent, entry.value, entry.rel, entry.language or "-",
            entry.surface, entry.sentence,
        ]  # fmt: skip
        out.write("\t".join(printable(field) for field in fields) + "\n")
    return 0 if count else 1
