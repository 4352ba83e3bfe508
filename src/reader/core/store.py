"""The annotation store: one YAML file per annotated text, read safely, written atomically."""

from __future__ import annotations

from pathlib import Path

from reader.core.annotations import (
    AnnotationFile,
    Problem,
    check_against_text,
    dump,
    entry_lines,
    parse,
)
from reader.core.atomic import atomic_write_text
from reader.core.document import Document
from reader.core.errors import AnnotationFileError
from reader.core.project import Project


class Store:
    """Reads and writes the annotation files of a project."""

    def __init__(self, project: Project) -> None:
        self.project = project

    def path_for(self, rel: str) -> Path:
        """The annotation file of the text at corpus-relative ``rel``."""
        return self.project.annotation_path(rel)

    def read_path(self, path: Path) -> AnnotationFile:
        """Parse one annotation file; AnnotationFileError names the file and line."""
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise AnnotationFileError(path, f"unreadable: {exc.strerror or exc}") from exc
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise AnnotationFileError(path, "not valid UTF-8", line) from exc
        return parse(text, path)

    def load(self, rel: str) -> AnnotationFile | None:
        """The annotations of ``rel``, or None when it has no file yet."""
        path = self.path_for(rel)
        if not path.exists():
            return None
        return self.read_path(path)

    def load_or_new(self, document: Document, language: str | None = None) -> AnnotationFile:
        """The document's annotations, or an empty file describing it."""
        existing = self.load(document.rel)
        if existing is not None:
            return existing
        return AnnotationFile(document=document.rel, sha256=document.sha256, language=language)

    def save(self, afile: AnnotationFile) -> bool:
        """Write ``afile`` atomically; returns False when the bytes on disk were already equal."""
        path = self.path_for(afile.document)
        text = dump(afile)
        try:
            if path.read_text(encoding="utf-8") == text:
                return False
        except (OSError, UnicodeDecodeError):
            pass
        atomic_write_text(path, text)
        return True

    def problems(self, afile: AnnotationFile, document: Document, path: Path) -> list[Problem]:
        """What is wrong with ``afile`` against its document (offsets, slices, tags, links)."""
        try:
            lines = entry_lines(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            lines = {}
        return check_against_text(
            afile, document.text, path, tags=self.project.config.tag_names, lines=lines
        )
