"""`reader export`: annotations as JSON Lines, CSV, W3C Web Annotation or a brat collection."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path

from reader.commands._common import add_path_argument, open_project
from reader.core.corpus.collection import exportable
from reader.core.errors import ReaderError, printable
from reader.core.files.atomic import atomic_write_text
from reader.core.interchange.brat import export_collection
from reader.core.interchange.tabular import export_rows, for_terminal, to_csv, to_jsonl
from reader.core.interchange.w3c import DEFAULT_BASE_IRI, base_iri, w3c_collection


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `export` verb."""
    parser = subparsers.add_parser(
        "export",
        help="export annotations as jsonl, csv, W3C Web Annotation or brat",
        description=(
            "jsonl/csv: one row per annotation (document, language, id, tag, offsets, text, "
            "speaker, note, value, links, confidence, orphaned, author, created); cells a "
            "spreadsheet would run as formulas start with '. w3c: one W3C Web Annotation "
            "collection (JSON-LD; position and quote selectors; links as linking "
            "annotations). brat: a folder (-o) with each annotated text as UTF-8, its .ann "
            "and an annotation.conf. Offsets count code points. What a format cannot hold "
            "(orphans in brat, links to other documents) is listed on stderr."
        ),
    )
    add_path_argument(parser)
    parser.add_argument("--format", "-f", choices=("jsonl", "csv", "w3c", "brat"), default="jsonl")
    parser.add_argument(
        "-o", "--output", type=Path, help="file to write (a folder for brat); default: stdout"
    )
    parser.add_argument(
        "--excel", action="store_true", help="csv: start with a byte order mark for Excel"
    )
    parser.add_argument(
        "--base-iri",
        default=DEFAULT_BASE_IRI,
        metavar="IRI",
        help=f"w3c: prefix of every id (default {DEFAULT_BASE_IRI}; e.g. https://host/corpus/)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Write the export to stdout, a file, or (brat) a folder."""
    project = open_project(args.path)
    if args.output is not None and not args.output.parent.is_dir():
        raise ReaderError(f"{args.output.parent}: no such folder for -o")
    base = base_iri(args.base_iri)
    if base is None:
        raise ReaderError(f"--base-iri {args.base_iri}: not an absolute IRI (scheme:...)")
    if args.format == "brat":
        if args.output is None:
            raise ReaderError("--format brat writes a folder: give it with -o FOLDER")
        if args.output.exists() and not args.output.is_dir():
            raise ReaderError(f"{args.output}: not a folder")
        pairs = [
            (item.file, item.document.text if item.document else None)
            for item in exportable(project)
        ]
        count, messages = export_collection(pairs, args.output, project.config.tag_names)
        for message in messages:
            print(f"reader: {printable(message)}", file=sys.stderr)
        print(f"{count} document(s) written to {args.output}", file=sys.stderr)
        return 0
    chunks: Iterable[str]
    if args.format == "w3c":
        pairs = [
            (item.file, item.document.text if item.document else None)
            for item in exportable(project)
        ]
        label = f"reader annotations of {project.root.name}"
        document = w3c_collection(pairs, label, base)
        chunks = [json.dumps(document, ensure_ascii=False, indent=1) + "\n"]
    else:
        rows = export_rows(item.file for item in exportable(project))
        chunks = to_csv(rows, excel=args.excel) if args.format == "csv" else to_jsonl(rows)
    if args.output:
        if args.output.is_dir():
            raise ReaderError(f"{args.output}: is a folder; -o takes a file name for {args.format}")
        atomic_write_text(args.output, "".join(chunks))
        return 0
    safe = sys.stdout.isatty()
    for chunk in chunks:
        sys.stdout.write(for_terminal(chunk) if safe else chunk)
    return 0
