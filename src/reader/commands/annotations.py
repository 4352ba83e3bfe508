"""`reader annotations`: the annotations of every article, filtered and grouped."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from reader.commands._across import add_cached_argument, scope_of, up_to_date
from reader.core.corpus.crossref import GROUPS, AnnotationRow
from reader.core.corpus.query import parse_query
from reader.core.errors import printable


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `annotations` verb."""
    parser = subparsers.add_parser(
        "annotations",
        help="list the annotations of every article, filtered and grouped",
        description=(
            "List annotations across the corpus. FILTER words are those of the search "
            "query language: tag:quote speaker:Песков author:alice lang:ru "
            "date:2022-01 path:ru/ entity:NATO has:orphan, plain words (found in the "
            'text, note, speaker or value), "phrases", -excluded, OR. Speakers are '
            "grouped through entities.yaml (Peskov = Песков = Дмитрий Песков); each "
            "annotation lists the ones linked to it, both ways (a claim its conditions)."
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
    parser.add_argument("filters", nargs="*", metavar="FILTER")
    parser.add_argument(
        "--group", choices=GROUPS, default="article", help="group by (default: article)"
    )
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    add_cached_argument(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the annotations group by group; exit 1 when none matches."""
    path, filters = args.path, list(args.filters)
    # `reader annotations tag:quote Песков`: no PATH, the first word is a filter (a word
    # with a "/" that names nothing stays a path, so a mistyped path is reported)
    if not path.exists() and ("/" not in str(path) or ":" in str(path)):
        path, filters = Path("."), [str(args.path), *filters]
    query_text = " ".join(filters)
    scope = scope_of(path)
    if scope.rel is not None:
        query_text += f' path:"{scope.rel}"'
    query = parse_query(query_text)
    crossref = up_to_date(scope.corpus, recognise=not args.cached)
    if scope.rel is not None:
        crossref.text_id(scope.rel)  # a text the corpus does not hold is refused, not empty
    out = sys.stdout
    group = None
    rows = crossref.annotations(query, group=args.group)
    for row in rows:
        if args.json:
            out.write(json.dumps(_json_row(row), ensure_ascii=False) + "\n")
            continue
        if row.group != group:
            group = row.group
            out.write(printable(f"== {group or '(no speaker)'}") + "\n")
        out.write(_text_row(row, "  ") + "\n")
        for linked in row.linked:
            out.write(_text_row(linked, "    ↳ ") + "\n")
    return 0 if rows else 1


def _json_row(row: AnnotationRow) -> dict[str, Any]:
    data = asdict(row)
    data["path"] = data.pop("rel")
    data["linked"] = [linked.ref for linked in row.linked]
    return data


def _text_row(row: AnnotationRow, indent: str) -> str:
    speaker = f"[{row.speaker}] " if row.speaker else ""
    value = f" = {row.value}" if row.value else ""
    fields = [row.ref, row.tag, f"{speaker}{row.text}{value}"]
    return indent + "\t".join(printable(field) for field in fields)
