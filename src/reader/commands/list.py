"""`reader list`: the texts of the corpus with language, date, title and tag counts."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable

from reader.commands._common import add_path_argument, open_corpus, progress_bar
from reader.core.corpus.discovery import Metadata, Skipped
from reader.core.corpus.query import parse_query
from reader.core.errors import printable


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `list` verb."""
    parser = subparsers.add_parser(
        "list",
        help="list the texts: path, language, date, title, annotation counts",
        description=(
            "List the corpus (from the corpus index, updated first). Skipped files are "
            "listed with their reason."
        ),
    )
    add_path_argument(parser)
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument(
        "--where",
        metavar="QUERY",
        help='only the texts matching QUERY (the search language: lang:ru, tag:quote, "a phrase")',
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the listing; skipped files go to stderr in text mode."""
    query = parse_query(args.where) if args.where else None
    corpus = open_corpus(args.path)
    progress = progress_bar("indexing")
    out = sys.stdout
    if args.json and query is None:
        for row in corpus.iter_json(progress):
            if isinstance(row, Skipped):
                # A skipped name may be undecodable bytes or hold controls: shown escaped,
                # so the line stays valid UTF-8 and safe on a terminal.
                skipped = {"path": printable(row.rel), "skipped": printable(row.reason)}
                out.write(json.dumps(skipped, ensure_ascii=False))
            else:
                out.write(row[1])
            out.write("\n")
        return 0
    if query:
        corpus.refresh(progress=progress)
        items: Iterable[Metadata | Skipped] = corpus.index.rows(query, scope=corpus.scope)
    else:
        items = corpus.iter_metadata(progress=progress)
    tags = corpus.project.config.tag_names
    for item in items:
        if isinstance(item, Skipped):
            print(printable(f"skipped {item.rel}: {item.reason}"), file=sys.stderr)
        elif args.json:
            out.write(json.dumps(_json_row(item), ensure_ascii=False) + "\n")
        else:
            out.write(_text_row(item, tags) + "\n")
    return 0


def _json_row(meta: Metadata) -> dict[str, object]:
    return {
        "path": meta.rel,
        "title": meta.title,
        "language": meta.language,
        "date": meta.date,
        "date_source": meta.date_source,
        "sha256": meta.sha256,
        "encoding": meta.encoding,
        "chars": meta.chars,
        "counts": meta.counts,
        "annotation_error": meta.annotation_error,
    }


def _text_row(meta: Metadata, tags: tuple[str, ...]) -> str:
    counts = " ".join(f"{tag}={meta.counts.get(tag, 0)}" for tag in tags)
    extra = sorted(set(meta.counts) - set(tags))
    counts += "".join(f" {tag}={meta.counts[tag]}" for tag in extra)
    error = f"  [annotations: {meta.annotation_error}]" if meta.annotation_error else ""
    fields = [meta.rel, meta.language or "-", meta.date or "-", meta.title, counts + error]
    return "\t".join(printable(field) for field in fields)
