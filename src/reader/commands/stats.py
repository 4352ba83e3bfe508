"""`reader stats`: annotation counts per tag, language, author and document."""

from __future__ import annotations

import argparse
import json

from reader.commands._common import add_path_argument, open_project
from reader.core.corpus.collection import stats
from reader.core.errors import printable


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `stats` verb."""
    parser = subparsers.add_parser(
        "stats",
        help="count annotations per tag, language, author and document",
        description="Count annotations per tag, language, author and document.",
    )
    add_path_argument(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the tables."""
    counts = stats(open_project(args.path))
    if args.json:
        print(json.dumps({k: dict(v.most_common()) for k, v in counts.items()}, ensure_ascii=False))
        return 0
    for heading, counter in counts.items():
        print(f"per {heading}:")
        if not counter:
            print("  (none)")
        shown = {printable(k): v for k, v in counter.items()}
        width = max((len(k) for k in shown), default=0)
        for key, count in sorted(shown.items(), key=lambda kv: (-kv[1], kv[0])):
            print(f"  {key.ljust(width)}  {count}")
    return 0
