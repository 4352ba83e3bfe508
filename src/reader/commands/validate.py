"""`reader validate`: check every annotation file; for CI and pre-commit."""

from __future__ import annotations

import argparse
import sys

from reader.commands._common import add_path_argument, open_project
from reader.core.corpus.collection import annotation_paths, validate
from reader.core.project.git import merge_setup_problems


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `validate` verb."""
    parser = subparsers.add_parser(
        "validate",
        help="check every annotation file; exit 1 on any problem",
        description=(
            "Check parse, schema, tags, unique ids, offsets, that each `text` matches "
            "its source, that the document exists, date values and the article date, "
            "control characters, links (across documents too), unresolved merge "
            "conflicts, and that git merges annotation files with reader's driver (the "
            "rules of docs/format.md). Prints path:line: message."
        ),
    )
    add_path_argument(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print one line per problem; exit 1 if there are any."""
    project = open_project(args.path)
    _ = project.config  # an invalid reader.yaml stops here, with its line
    problems = validate(project) + merge_setup_problems(project.root)
    for problem in problems:
        print(problem.describe())
    checked = len(annotation_paths(project))
    summary = f"{checked} annotation file(s) checked, {len(problems)} problem(s)"
    print(summary, file=sys.stderr)
    return 1 if problems else 0
