"""`reader index`: bring the corpus index up to date (every verb that reads the corpus also
does, implicitly); ``--rebuild`` reads everything again, ``--entities`` recognises the
entities of the texts not yet covered, for ``entity:`` queries."""

from __future__ import annotations

import argparse
import sys

from reader.commands._common import add_path_argument, open_corpus, progress_bar
from reader.core.corpus.entities import index_entities


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `index` verb."""
    parser = subparsers.add_parser(
        "index",
        help="update the corpus index (.reader/index.sqlite) for list and search",
        description=(
            "Update the corpus index: only texts and annotation files that changed are "
            "read again, in parallel when there are many. The index is a cache under "
            ".reader/: deleting it loses nothing."
        ),
    )
    add_path_argument(parser)
    parser.add_argument("--rebuild", action="store_true", help="forget the index, read all")
    parser.add_argument(
        "--entities",
        action="store_true",
        help="also recognise entities (people, places, dates) for entity: and date: queries; "
        "slow: resumes where it stopped",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Refresh (or rebuild) the index, then report what changed on stderr."""
    corpus = open_corpus(args.path)
    if args.rebuild:
        corpus.index.rebuild()
    done = corpus.refresh(progress=progress_bar("indexing"))
    parts = [
        f"{done.added} added",
        f"{done.changed} changed",
        f"{done.annotations} with new annotations",
        f"{done.renamed} renamed",
        f"{done.removed} removed",
        f"{done.unchanged} unchanged",
    ]
    print("index: " + ", ".join(parts), file=sys.stderr)
    if args.entities:
        covered, total = index_entities(corpus, progress=progress_bar("entities"))
        print(f"entities: {covered} of {total} text(s) covered", file=sys.stderr)
    return 0
