"""`reader export`: one row per annotation, as JSON Lines or CSV."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path

from reader.commands._common import add_path_argument
from reader.core.corpus.collection import export_brat, export_rows, export_w3c, to_csv, to_jsonl
from reader.core.errors import ReaderError
from reader.core.files.atomic import atomic_write_text
from reader.core.project.layout import Project


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `export` verb."""
    parser = subparsers.add_parser(
        "export",
        help="export annotations as jsonl, csv, W3C Web Annotation or brat",
        description=(
            "jsonl/csv: one row per annotation (document, language, id, tag, offsets, text, "
            "speaker, note, value, links, author, created). w3c: one W3C Web Annotation "
            "collection (JSON-LD, position and quote selectors). brat: a folder (-o) with "
            "each annotated text and its .ann file. Offsets count code points."
        ),
    )
    add_path_argument(parser)
    parser.add_argument("--format", "-f", choices=("jsonl", "csv", "w3c", "brat"), default="jsonl")
    parser.add_argument(
        "-o", "--output", type=Path, help="file to write (a folder for brat); default: stdout"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Write the export to stdout, a file, or (brat) a folder."""
    project = Project.open(args.path)
    if args.output is not None and not args.output.parent.is_dir():
        raise ReaderError(f"{args.output.parent}: no such folder for -o")
    if args.format == "brat":
        if args.output is None:
            raise ReaderError("--format brat writes a folder: give it with -o FOLDER")
        count = export_brat(project, args.output)
        print(f"{count} document(s) written to {args.output}", file=sys.stderr)
        return 0
    if args.format == "w3c":
        document = json.dumps(export_w3c(project), ensure_ascii=False, indent=1)
        chunks: Iterable[str] = [document + "\n"]
    else:
        render = to_csv if args.format == "csv" else to_jsonl
        chunks = render(export_rows(project))
    if args.output:
        if args.output.is_dir():
            raise ReaderError(f"{args.output}: is a folder; -o takes a file name for {args.format}")
        atomic_write_text(args.output, "".join(chunks))
    else:
        for chunk in chunks:
            sys.stdout.write(chunk)
    return 0
