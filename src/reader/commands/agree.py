"""`reader agree`: inter-annotator agreement between the authors of each document."""

from __future__ import annotations

import argparse
import json

from reader.commands._common import add_path_argument
from reader.core.annotations.agreement import ALL_TAGS, agreement
from reader.core.corpus.collection import exportable
from reader.core.errors import printable
from reader.core.project.layout import Project


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `agree` verb."""
    parser = subparsers.add_parser(
        "agree",
        help="inter-annotator agreement (span F1) between authors",
        description=(
            "For each pair of authors who annotated the same documents: F1 of exact matches "
            "(same tag and offsets) and of overlapping ones (same tag, spans overlap), per "
            "tag and for all tags (*)."
        ),
    )
    add_path_argument(parser)
    parser.add_argument("--json", action="store_true", help="one JSON object per row")
    parser.set_defaults(func=run)


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def run(args: argparse.Namespace) -> int:
    """Print the table (or JSON lines); a project with fewer than two authors prints a note."""
    files = [item.file for item in exportable(Project.open(args.path))]
    scores = agreement(files)
    if args.json:
        for s in scores:
            row = {
                "first": s.first, "second": s.second, "tag": s.tag,
                "documents": len(s.documents), "first_count": s.first_count,
                "second_count": s.second_count, "exact_f1": s.exact_f1,
                "overlap_f1": s.overlap_f1,
            }  # fmt: skip
            print(json.dumps(row, ensure_ascii=False))
        return 0
    if not scores:
        print("no document has annotations by two or more authors")
        return 0
    header = ("first", "second", "tag", "docs", "n1", "n2", "exact F1", "overlap F1")
    rows = [
        (s.first, s.second, s.tag, str(len(s.documents)), str(s.first_count),
         str(s.second_count), _fmt(s.exact_f1), _fmt(s.overlap_f1))
        for s in scores
    ]  # fmt: skip
    widths = [max(len(printable(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for line in [header, *rows]:
        print("  ".join(printable(cell).ljust(w) for cell, w in zip(line, widths, strict=True)))
    if any(s.tag == ALL_TAGS for s in scores):
        print("(* = all tags; F1 is symmetric: 2 x matches / (n1 + n2))")
    return 0
