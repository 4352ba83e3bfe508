"""All annotation files of a project: validation, export rows and statistics."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from reader.core.annotations.format import AnnotationFile
from reader.core.annotations.rules import annotation_name_problem
from reader.core.annotations.store import Store, annotation_file_problem
from reader.core.corpus.links import link_problems
from reader.core.errors import Problem, ReaderError
from reader.core.interchange import tabular
from reader.core.interchange.tabular import to_csv as to_csv
from reader.core.interchange.tabular import to_jsonl as to_jsonl
from reader.core.project.layout import Project
from reader.core.text.document import Document, load_document


@dataclass(frozen=True)
class Annotated:
    """One annotation file with its parsed contents and (if readable) its document."""

    path: Path
    file: AnnotationFile
    document: Document | None


def annotation_paths(project: Project) -> list[Path]:
    """Every ``.yaml`` file under ``annotations/`` for the texts in the project's scope,
    sorted."""
    folder = project.annotations_dir
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.rglob("*.yaml")
        if p.is_file() and project.in_scope(p.relative_to(folder).as_posix())
    )


def _outside(project: Project, path: Path) -> Problem | None:
    if project.contains(path):
        return None
    return Problem(path, "symlink points outside the project: not read")


def _expected_rel(project: Project, path: Path) -> PurePosixPath:
    return PurePosixPath(path.relative_to(project.annotations_dir).as_posix())


def collect(project: Project) -> tuple[list[Annotated], list[Problem]]:
    """Parse every annotation file and load its document; problems for what fails."""
    store = Store(project)
    found: list[Annotated] = []
    problems: list[Problem] = []
    for path in annotation_paths(project):
        if (outside := _outside(project, path)) is not None:
            problems.append(outside)
            continue
        try:
            afile = store.read_path(path)
        except Problem as exc:
            problems.append(Problem(exc.path, exc.message, exc.line))
            continue
        document, problem = _document_for(project, path, afile)
        if problem:
            problems.append(problem)
        found.append(Annotated(path, afile, document))
    return found, problems


def _document_for(
    project: Project, path: Path, afile: AnnotationFile
) -> tuple[Document | None, Problem | None]:
    try:
        text_path = project.text_path(afile.document)
    except ReaderError as exc:
        return None, Problem(path, str(exc), 2)
    expected = _expected_rel(project, path)
    if PurePosixPath(afile.document).with_suffix(".yaml") != expected:
        return None, Problem(
            path, f"document '{afile.document}' does not match the file's place ({expected})", 2
        )
    if not text_path.is_file():
        return None, Problem(path, f"document '{afile.document}' not found in the corpus", 2)
    if not project.contains(text_path):
        return None, Problem(
            path, f"document '{afile.document}' is a symlink pointing outside the project", 2
        )
    try:
        return load_document(text_path, afile.document), None
    except Problem as exc:
        return None, Problem(path, f"document unreadable: {exc.message}", 2)


def validate(project: Project) -> list[Problem]:
    """Every problem in the project's annotation files (empty when all is well)."""
    store = Store(project)
    annotated, problems = collect(project)
    for item in annotated:
        if item.document is not None:
            problems.extend(store.problems(item.file, item.document, item.path))
    problems.extend(link_problems(project, ((item.path, item.file) for item in annotated)))
    problems.extend(collisions(project))
    problems.extend(unwritable(project))
    return sorted(problems, key=lambda p: (str(p.path), p.line or 0))


def unwritable(project: Project) -> list[Problem]:
    """Annotation files reader could never read or save: a folder, FIFO or other
    non-regular file named like one (``b.yaml/`` beside ``b.txt``), a text whose
    annotation file name is too long, a symlinked folder on the way."""
    from reader.core.corpus.discovery import Corpus

    store = Store(project)
    problems: dict[Path, Problem] = {}
    scan = Corpus(project, use_cache=False).scan()
    unnamable = (s.rel for s in scan.skipped if annotation_name_problem(s.rel))
    for rel in (*(entry.rel for entry in scan.entries), *unnamable):
        if reason := store.write_problem(rel):
            path = project.annotation_path(rel)
            problems[path] = Problem(path, f"text {rel}: annotations cannot be saved: {reason}")
    if project.annotations_dir.is_dir():
        for path in project.annotations_dir.rglob("*.yaml"):
            if path not in problems and (reason := annotation_file_problem(path)):
                problems[path] = Problem(path, reason)
    return list(problems.values())


def collisions(project: Project) -> list[Problem]:
    """Texts that map to one annotation file (``a.txt`` and ``a.md``): one problem each
    pair, on the annotation file they share."""
    from reader.core.corpus.discovery import Corpus

    problems = []
    for skipped in Corpus(project, use_cache=False).scan().skipped:
        if skipped.collides_with is not None and skipped.rel < skipped.collides_with:
            problems.append(
                Problem(
                    project.annotation_path(skipped.rel),
                    f"texts {skipped.rel} and {skipped.collides_with} both map to this "
                    "annotation file: rename one of them",
                )
            )
    return problems


def exportable(project: Project, skipped: list[Problem] | None = None) -> list[Annotated]:
    """Every annotation file. A file that cannot be parsed raises ReaderError (nothing is
    half-exported), or, given a ``skipped`` list, is left out and its problem appended."""
    annotated, problems = collect(project)
    hard = [p for p in problems if not any(a.path == p.path for a in annotated)]
    if hard and skipped is None:
        raise ReaderError(f"{hard[0].describe()} (fix it, or run `reader validate`)")
    if skipped is not None:
        skipped.extend(hard)
    return annotated


def export_rows(project: Project, skipped: list[Problem] | None = None) -> Iterator[dict[str, Any]]:
    """One row per annotation (``interchange.tabular``), in document then file order (see
    ``exportable``). Kept, with the ``to_csv``/``to_jsonl`` names, for the TUI's export
    (tui/app.py) until it calls ``interchange.tabular`` itself."""
    return tabular.export_rows(item.file for item in exportable(project, skipped))


def stats(project: Project) -> dict[str, Counter[str]]:
    """Annotation counts per tag, language, author and document."""
    result: dict[str, Counter[str]] = {
        "tag": Counter(),
        "language": Counter(),
        "author": Counter(),
        "document": Counter(),
    }
    for row in tabular.export_rows(item.file for item in exportable(project)):
        result["tag"][row["tag"]] += 1
        result["language"][row["language"] or "-"] += 1
        result["author"][row["author"] or "-"] += 1
        result["document"][row["document"]] += 1
    return result
