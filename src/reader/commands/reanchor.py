"""`reader reanchor`: move annotations onto edited texts, headless; orphans are kept."""

from __future__ import annotations

import argparse
import sys

from reader.commands._common import add_path_argument
from reader.core.annotations.anchoring import AnchoringReport, needs_reanchoring
from reader.core.annotations.session import reanchor_with_history
from reader.core.annotations.store import Store
from reader.core.corpus.collection import collect
from reader.core.errors import printable
from reader.core.project.layout import Project


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `reanchor` verb."""
    parser = subparsers.add_parser(
        "reanchor",
        help="re-anchor annotations after their texts were edited; report moved/fuzzy/orphaned",
        description=(
            "For every annotation file, place each annotation on the current text: "
            "same offsets, else the nearest exact occurrence, else a fuzzy match; "
            "otherwise it is kept as orphaned (never deleted). Ambiguous matches are "
            "orphaned, not guessed. Only files whose text changed (sha256) or whose "
            "slices no longer match (e.g. after a git merge) are considered; they are "
            "rewritten only when something moved."
        ),
    )
    add_path_argument(parser)
    parser.add_argument(
        "--dry-run", action="store_true", help="report what would change, write nothing"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """One line per changed file, a total on stderr; exit 1 if some file could not be read."""
    project = Project.open(args.path)
    store = Store(project)
    annotated, problems = collect(project)
    total = {"kept": 0, "moved": 0, "fuzzy": 0, "orphaned": 0}
    considered = 0
    for item in annotated:
        if item.document is None or not needs_reanchoring(item.file, item.document.text):
            continue  # every slice still matches its text
        considered += 1
        placed, report = reanchor_with_history(store, item.file, item.document)
        _add(total, report)
        if placed.annotations == item.file.annotations:
            continue
        if not args.dry_run:
            saved = store.save_merging(placed, item.file)
            store.remember_text(item.document)
            for conflict in saved.conflicts:
                print(printable(f"{item.path}: {conflict.describe()}"), file=sys.stderr)
        print(printable(f"{item.path}: {report.summary()}"))
        for ident in report.orphaned:
            orphaned = f"annotation {ident}: orphaned (its text is no longer found)"
            print(printable(f"{item.path}: {orphaned}"))
    for problem in problems:
        print(problem.describe(), file=sys.stderr)
    verb = "would re-anchor" if args.dry_run else "re-anchored"
    counts = ", ".join(f"{k} {v}" for k, v in total.items())
    print(f"{verb} {considered} of {len(annotated)} annotation file(s): {counts}", file=sys.stderr)
    return 1 if problems else 0


def _add(total: dict[str, int], report: AnchoringReport) -> None:
    total["kept"] += len(report.kept)
    total["moved"] += len(report.moved)
    total["fuzzy"] += len(report.fuzzy)
    total["orphaned"] += len(report.orphaned)
