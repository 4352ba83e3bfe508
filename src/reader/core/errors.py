"""Errors that name the file (and line) they are about."""

from __future__ import annotations

from pathlib import Path


class ReaderError(Exception):
    """A user-facing error: one clear line, no traceback."""


class FileProblem(ReaderError):
    """A problem in a file, optionally at a 1-based line."""

    def __init__(self, path: Path | str, message: str, line: int | None = None) -> None:
        self.path = Path(path)
        self.line = line
        self.message = message
        super().__init__(self.describe())

    def describe(self) -> str:
        """``path:line: message`` (or ``path: message`` without a line)."""
        where = f"{self.path}:{self.line}" if self.line is not None else str(self.path)
        return f"{where}: {self.message}"


class DocumentError(FileProblem):
    """A text that cannot be read as a document (binary, undecodable, unreadable)."""


class AnnotationFileError(FileProblem):
    """An annotation file that cannot be parsed or fails the schema."""


class ConfigError(FileProblem):
    """An invalid ``reader.yaml``."""
