"""`reader merge-driver`: git's merge driver for annotation files (merge by id, no markers).

Set up by `reader init`: ``.gitattributes`` says ``annotations/**/*.yaml merge=reader``
and ``git config merge.reader.driver "reader merge-driver %O %A %B %P"``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader.core.annotations.format import AnnotationFile, dump
from reader.core.annotations.merge import merge
from reader.core.annotations.store import read_annotation_file
from reader.core.errors import printable
from reader.core.files.atomic import atomic_write_text


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `merge-driver` verb."""
    parser = subparsers.add_parser(
        "merge-driver",
        help="git merge driver for annotation files: merge by id, never conflict markers",
        description=(
            "Three-way merge of annotation files by id, for git (%O %A %B %P). The "
            "result is written to OURS. Exit 0 when clean; 1 when the same field changed "
            "on both sides (ours kept, theirs recorded under 'conflict:', valid YAML); "
            "2 when an input does not parse (OURS left untouched)."
        ),
    )
    parser.add_argument("base", type=Path, metavar="BASE", help="common ancestor (%%O)")
    parser.add_argument(
        "ours", type=Path, metavar="OURS", help="our version; gets the result (%%A)"
    )
    parser.add_argument("theirs", type=Path, metavar="THEIRS", help="their version (%%B)")
    parser.add_argument(
        "name", nargs="?", metavar="PATH", help="the file's path, for messages (%%P)"
    )
    parser.set_defaults(func=run)


def _read(path: Path, name: str) -> AnnotationFile | None:
    """The file at ``path`` (None when empty: git's stand-in for 'no such version')."""
    if path.is_file() and path.stat().st_size == 0:
        return None
    return read_annotation_file(path, Path(name))


def run(args: argparse.Namespace) -> int:
    """Merge, write the result into OURS, report conflicts on stderr."""
    name = printable(args.name or str(args.ours))

    def label(path: Path, role: str) -> str:
        return f"{args.name} ({role})" if args.name else str(path)

    base = _read(args.base, label(args.base, "base"))
    ours = _read(args.ours, label(args.ours, "ours"))
    theirs = _read(args.theirs, label(args.theirs, "theirs"))
    if ours is None or theirs is None:
        result = ours or theirs
        if result is not None and result is theirs:
            atomic_write_text(args.ours, dump(result))
        return 0
    merged = merge(base, ours, theirs)
    atomic_write_text(args.ours, dump(merged.file))
    for conflict in merged.conflicts:
        print(f"reader merge-driver: {name}: {printable(conflict.describe())}", file=sys.stderr)
    if merged.conflicts:
        print(
            f"reader merge-driver: {name}: {len(merged.conflicts)} conflict(s); both values "
            "are in the file (see 'conflict:'); resolve, then `reader validate`",
            file=sys.stderr,
        )
        return 1
    return 0
