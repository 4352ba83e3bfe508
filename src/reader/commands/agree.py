"""`reader agree`: inter-annotator agreement between the authors of each document."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from reader.commands._common import add_path_argument
from reader.core.annotations.agreement import agreement, group_agreement
from reader.core.corpus.collection import exportable
from reader.core.errors import printable
from reader.core.project.layout import Project


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `agree` verb."""
    parser = subparsers.add_parser(
        "agree",
        help="inter-annotator agreement (F1, Krippendorff's uα, Cohen's κ) between authors",
        description=(
            "For each pair of authors, over the texts both annotated, per tag and for all "
            "tags (*): F1 of exact matches (same tag and offsets) and of overlapping ones; "
            "Krippendorff's unitized alpha over the code points of the texts laid end to "
            "end; Cohen's kappa per code point. Then all authors at once: Krippendorff's "
            "nominal alpha per code point, a text counting for those who annotated it "
            "(docs/review.md)."
        ),
    )
    add_path_argument(parser)
    parser.add_argument("--json", action="store_true", help="one JSON object per row")
    parser.set_defaults(func=run)


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def run(args: argparse.Namespace) -> int:
    """Print the table (or JSON lines); a project with fewer than two authors prints a note."""
    items = exportable(Project.open(args.path))
    lengths = {i.file.document: len(i.document.text) for i in items if i.document is not None}
    unread = sorted(i.file.document for i in items if i.document is None)
    if unread:
        print(
            f"{len(unread)} text(s) unreadable, left out of alpha and kappa "
            f"(first: {printable(unread[0])}; see `reader validate`)",
            file=sys.stderr,
        )
    files = [i.file for i in items]
    scores = agreement(files, lengths)
    groups = group_agreement(files, lengths)
    if args.json:
        for s in scores:
            row = {
                "first": s.first, "second": s.second, "tag": s.tag,
                "documents": len(s.documents), "first_count": s.first_count,
                "second_count": s.second_count, "exact_f1": s.exact_f1,
                "overlap_f1": s.overlap_f1, "characters": s.characters,
                "unitized_alpha": s.alpha, "kappa": s.kappa,
            }  # fmt: skip
            print(json.dumps(row, ensure_ascii=False))
        for g in groups:
            row = {
                "authors": list(g.authors), "tag": g.tag, "documents": g.documents,
                "characters": g.characters, "nominal_alpha": g.alpha,
            }  # fmt: skip
            print(json.dumps(row, ensure_ascii=False))
        return 0
    if not scores:
        print("no document has annotations by two or more authors")
        return 0
    header = ("first", "second", "tag", "docs", "n1", "n2", "exact F1", "overlap F1", "uα", "κ")
    rows = [
        (s.first, s.second, s.tag, str(len(s.documents)), str(s.first_count),
         str(s.second_count), _fmt(s.exact_f1), _fmt(s.overlap_f1), _fmt(s.alpha),
         _fmt(s.kappa))
        for s in scores
    ]  # fmt: skip
    _table(header, rows)
    print(
        "(* = all tags; F1 = 2 x matches / (n1 + n2); uα = Krippendorff's unitized alpha "
        "over the code points of the texts both annotated; κ = Cohen's kappa per code point)"
    )
    if groups:
        print(f"\nall authors ({', '.join(printable(a) for a in groups[0].authors)}):")
        _table(
            ("tag", "docs", "code points", "α"),
            [(g.tag, str(g.documents), str(g.characters), _fmt(g.alpha)) for g in groups],
        )
        print("(α = Krippendorff's nominal alpha per code point; a text counts for its authors)")
    return 0


def _table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> None:
    widths = [max(len(printable(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for line in [header, *rows]:
        print("  ".join(printable(cell).ljust(w) for cell, w in zip(line, widths, strict=True)))
