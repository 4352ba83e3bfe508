"""`reader merge-driver`: git's merge driver for annotation files (merge by id, no markers).

Set up by `reader init` (and by any verb in a clone whose ``.gitattributes`` names it):
``.gitattributes`` says ``annotations/**/*.yaml merge=reader`` and ``git config
merge.reader.driver "reader merge-driver %O %A %B %P"``.

Each side's offsets refer to its own version of the text. Before merging by id, both
sides (and the base) are re-anchored, each from its own text, onto the text the merge
will produce: the common one, or git's merge of the three versions. Each side's old
text is then known, so context decides between equal passages; when a version of the
text cannot be found (or the texts conflict), the sides are merged as they are.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path, PurePosixPath

from reader.core.annotations.anchoring import needs_reanchoring, reanchor
from reader.core.annotations.format import AnnotationFile, dump
from reader.core.annotations.merge import merge
from reader.core.annotations.store import read_annotation_file
from reader.core.errors import ReaderError, printable
from reader.core.files.atomic import atomic_write_text
from reader.core.files.paths import inside
from reader.core.project.git import merge_base_text, merge_texts, text_from_history
from reader.core.project.layout import Project
from reader.core.text.document import decode_bytes, sha256_of


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
    if args.name:
        base, ours, theirs = _on_one_text(Path.cwd(), args.name, base, ours, theirs)
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


def _on_one_text(
    top: Path, name: str, base: AnnotationFile | None, ours: AnnotationFile, theirs: AnnotationFile
) -> tuple[AnnotationFile | None, AnnotationFile, AnnotationFile]:
    """The three sides re-anchored onto the text the merge produces (see the module doc);
    unchanged when that text or a side's own text cannot be found."""
    project = _project_of(top, name, ours.document)
    if project is None:
        return base, ours, theirs
    rel = ours.document
    mine = _text(project, rel, ours.sha256)
    other = mine if theirs.sha256 == ours.sha256 else _text(project, rel, theirs.sha256)
    if mine is None or other is None:
        return base, ours, theirs
    old = None  # the base's own text
    if base is not None:
        known = {ours.sha256: mine, theirs.sha256: other}
        old = known.get(base.sha256) or _text(project, rel, base.sha256)
    target: str | None = mine
    if mine != other:
        common = old if base is not None else _base_text(project, rel)
        target = None if common is None else merge_texts(common, mine, other)
    if target is None:
        return base, ours, theirs

    def onto(afile: AnnotationFile, own: str) -> AnnotationFile:
        if needs_reanchoring(afile, own):  # offsets it carries from yet another version
            afile = reanchor(afile, own, own)[0]
        return reanchor(afile, target, own)[0] if own != target else afile

    # A base whose text is lost stays as it is: sides placed alike still merge cleanly.
    placed_base = base if base is None or old is None else onto(base, old)
    return placed_base, onto(ours, mine), onto(theirs, other)


def _project_of(top: Path, name: str, document: str) -> Project | None:
    """The project holding the annotation file git calls ``name`` (relative to the top of
    the work tree, where git runs the driver): the folder above its ``annotations/``."""
    try:
        expected = PurePosixPath("annotations", PurePosixPath(document).with_suffix(".yaml"))
    except ValueError:  # an empty or odd `document:`: no project to look in
        return None
    path = PurePosixPath(name)
    if (
        len(path.parts) < len(expected.parts)
        or path.parts[-len(expected.parts) :] != expected.parts
    ):
        return None
    root = top.joinpath(*path.parts[: len(path.parts) - len(expected.parts)])
    try:
        return Project.open(root)
    except ReaderError:
        return None


def _base_text(project: Project, rel: str) -> str | None:
    """The text in the merge base, for a file of annotations both sides created."""
    try:
        return merge_base_text(project.root, inside(project.root, project.text_path(rel)))
    except ReaderError:
        return None


def _text(project: Project, rel: str, sha256: str) -> str | None:
    """The version of text ``rel`` whose sha256 is ``sha256``: the working tree's, else one
    from git history (any branch: theirs is not checked out)."""
    try:
        path = inside(project.root, project.text_path(rel))
    except ReaderError:
        return None
    with contextlib.suppress(OSError, ReaderError):
        text = decode_bytes(path.read_bytes(), path)[0]
        if sha256_of(text) == sha256:
            return text
    return text_from_history(project.root, path, sha256, all_refs=True)
