"""Cross-document links: ``other/doc.txt#id`` in an annotation's ``links``.

A link across documents is stored in both files (``link_across`` writes both
sides), so each side can show it without reading the other. ``link_problems``
finds what ``reader validate`` reports: a link to a document that is not in the
corpus, to an id its file does not hold, and a link only one of the two files
holds (the files disagree: both paths are named).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.annotations.format import AnnotationFile, entry_lines
from reader.core.errors import Problem, ReaderError
from reader.core.project.layout import Project

if TYPE_CHECKING:
    from reader.core.annotations.session import EditSession


def split_link(link: str) -> tuple[str | None, str]:
    """A link as (document, id): ``other/doc.txt#id`` → ("other/doc.txt", "id"); an id of
    the same file → (None, id)."""
    rel, sep, ident = link.rpartition("#")
    return (rel, ident) if sep else (None, link)


def link_to(rel: str, ident: str) -> str:
    """How a link names annotation ``ident`` of the document ``rel``."""
    return f"{rel}#{ident}"


def _lines(path: Path) -> dict[str, int]:
    try:
        return entry_lines(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return {}


def link_problems(project: Project, files: Iterable[tuple[Path, AnnotationFile]]) -> list[Problem]:
    """Problems of the cross-document links in ``files`` (annotation file path and
    contents, as ``collection.collect`` reads them), at the line of the annotation that
    holds the link."""
    by_rel = {afile.document: (path, afile) for path, afile in files}
    problems: list[Problem] = []
    for path, afile in by_rel.values():
        lines: dict[str, int] | None = None
        for a in afile.annotations:
            for link in a.links:
                target_rel, target_id = split_link(link)
                if target_rel is None:
                    continue
                message = _link_problem(project, by_rel, afile, a.id, target_rel, target_id)
                if message:
                    lines = _lines(path) if lines is None else lines
                    problems.append(Problem(path, f"annotation {a.id}: {message}", lines.get(a.id)))
    return problems


def _link_problem(
    project: Project,
    by_rel: dict[str, tuple[Path, AnnotationFile]],
    afile: AnnotationFile,
    ident: str,
    target_rel: str,
    target_id: str,
) -> str | None:
    link = link_to(target_rel, target_id)
    try:
        text_path = project.text_path(target_rel)
    except ReaderError:
        return f"link to {link}: the document path leaves the corpus"
    if not text_path.is_file():
        return f"link to {link}: no document {target_rel} in the corpus"
    target = by_rel.get(target_rel)
    other_path = project.annotation_path(target_rel)
    shown = (
        other_path.relative_to(project.root)
        if other_path.is_relative_to(project.root)
        else other_path
    )
    if target is None:
        return f"link to {link}: {target_rel} has no annotations ({shown} missing)"
    other = target[1].by_id().get(target_id)
    if other is None:
        return f"link to {link}: no annotation {target_id} in {shown}"
    if link_to(afile.document, ident) not in other.links:
        return (
            f"link to {link} is not in {shown}: the two files disagree "
            f"({target_id} there does not link back to {link_to(afile.document, ident)})"
        )
    return None


def link_across(first: EditSession, first_id: str, second: EditSession, second_id: str) -> None:
    """Link annotation ``first_id`` of one document with ``second_id`` of another, in both
    files (each through its own session, so each side is saved, merged and undoable like
    any edit). Linking twice changes nothing."""
    if first.document.rel == second.document.rel:
        raise ReaderError("both annotations are in one document: link them with an id")
    first.get(first_id)  # a missing id is refused before either file changes
    second.get(second_id)
    for session, ident, other, other_id in (
        (first, first_id, second, second_id),
        (second, second_id, first, first_id),
    ):
        link = link_to(other.document.rel, other_id)
        links = session.get(ident).links
        if link not in links:
            session.update(ident, links=(*links, link))
