"""`reader export`: one row per annotation, as JSON Lines or CSV."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader.commands._common import add_path_argument
from reader.core.atomic import atomic_write_text
from reader.core.collection import export_rows, to_csv, to_jsonl
from reader.core.project import Project


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `export` verb."""
    parser = subparsers.add_parser(
        "export",
        help="export annotations as jsonl or csv",
        description="Rows: document, language, id, tag, offsets, text, speaker, note, value, "
        "links, author, created.",
    )
    add_path_argument(parser)
    parser.add_argument("--format", "-f", choices=("jsonl", "csv"), default="jsonl")
    parser.add_argument("-o", "--output", type=Path, help="write to this file (default: stdout)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Write the rows."""
    project = Project.open(args.path)
    render = to_csv if args.format == "csv" else to_jsonl
    chunks = render(export_rows(project))
    if args.output:
        atomic_write_text(args.output, "".join(chunks))
    else:
        for chunk in chunks:
            sys.stdout.write(chunk)
    return 0
