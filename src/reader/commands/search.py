"""`reader search QUERY [PATH]`: find texts by words (any inflection), phrases and filters."""

from __future__ import annotations

import argparse
import json
import sys

from reader.commands._common import add_path_argument, open_corpus, progress_bar
from reader.core.corpus.query import QueryError, parse_query
from reader.core.corpus.search import Result, search
from reader.core.errors import printable

_EPILOG = """\
query language: words match any form (Путин finds Путина, Путиным; meeting finds
meetings); "a phrase"; -word excludes; a OR b; filters lang:ru tag:quote
speaker:Песков author:alice entity:"Vladimir Putin" date:2022-01
date:2021-12-20..2022-01-15 path:ru/ has:annotations has:conflict has:orphan.
exit status: 0 with results, 1 with none, 2 for a bad query.
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `search` verb."""
    parser = subparsers.add_parser(
        "search",
        help="find texts by words, phrases and filters (the query language)",
        description="Search the texts and their annotations; best matches first.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("query", metavar="QUERY", help="the query (quote it for the shell)")
    add_path_argument(parser)
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument(
        "--limit", type=int, default=20, metavar="N", help="at most N results (default 20)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print one line per result; 1 when nothing matched."""
    query = parse_query(args.query)
    if not query:
        raise QueryError('an empty query: give a word, a "phrase" or a filter')
    if args.limit < 1:
        raise QueryError("--limit must be at least 1")
    corpus = open_corpus(args.path)
    corpus.refresh(progress=progress_bar("indexing"))
    if any(term.kind == "entity" for term in query.terms):
        covered, total = corpus.index.entity_coverage(corpus.scope)
        if covered < total:
            print(
                f"entity: recognised in {covered} of {total} text(s) so far; "
                "`reader index --entities` covers the rest",
                file=sys.stderr,
            )
    results = search(corpus, query, args.limit, refresh=False)
    out = sys.stdout
    tty = out.isatty()
    for result in results:
        out.write(
            (json.dumps(_json(result), ensure_ascii=False) if args.json else _line(result, tty))
            + "\n"
        )
    return 0 if results else 1


def _json(result: Result) -> dict[str, object]:
    meta = result.meta
    first = result.matches[0] if result.matches else (None, None)
    return {
        "path": meta.rel,
        "title": meta.title,
        "language": meta.language,
        "date": meta.date,
        "start": first[0],
        "end": first[1],
        "matches": [list(m) for m in result.matches],
        "snippet": result.snippet,
        "snippet_match": list(result.marked) if result.marked else None,
        "score": result.score,
    }


def _line(result: Result, tty: bool) -> str:
    meta = result.meta
    snippet = printable(result.snippet)
    if result.marked:
        start, end = result.marked
        before, hit, after = (
            result.snippet[:start],
            result.snippet[start:end],
            result.snippet[end:],
        )
        mark, unmark = ("\x1b[7m", "\x1b[27m") if tty else ("**", "**")
        snippet = printable(before) + mark + printable(hit) + unmark + printable(after)
    fields = [
        printable(meta.rel),
        printable(meta.title),
        meta.language or "-",
        meta.date or "-",
        snippet,
    ]
    return "\t".join(fields)
