"""Errors that name the file (and line) they are about."""

from __future__ import annotations

import unicodedata
from pathlib import Path


def printable(text: str) -> str:
    """``text`` for one terminal line: controls, bidi and zero-width characters as escapes."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def unsafe_character(value: str) -> str | None:
    """Why ``value`` may not be stored as a name, speaker, note or value, or None: control
    characters (tab and newline aside) act on terminals; lone surrogates are undecodable
    bytes."""
    for ch in value:
        if "\ud800" <= ch <= "\udfff":
            return "not valid Unicode (undecodable bytes)"
        if unicodedata.category(ch) == "Cc" and ch not in "\t\n":
            return f"control character U+{ord(ch):04X} is not allowed"
    return None


def located(path: Path | str, line: int | None, message: str) -> str:
    """``path:line: message`` (``path: message`` without a line), safe to print."""
    where = f"{path}:{line}" if line is not None else str(path)
    return printable(f"{where}: {message}")


class ReaderError(Exception):
    """A user-facing error: one clear line, no traceback."""


class Problem(ReaderError):
    """A problem in a file, optionally at a 1-based line: raised, or listed by ``reader validate``.

    Equal problems compare equal (same path, line and message), so lists of findings can
    be compared and de-duplicated.
    """

    def __init__(self, path: Path | str, message: str, line: int | None = None) -> None:
        self.path = Path(path)
        self.line = line
        self.message = message
        super().__init__(self.describe())

    def describe(self) -> str:
        """``path:line: message`` (or ``path: message`` without a line)."""
        return located(self.path, self.line, self.message)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Problem):
            return NotImplemented
        return (self.path, self.line, self.message) == (other.path, other.line, other.message)

    def __hash__(self) -> int:
        return hash((self.path, self.line, self.message))


class DocumentError(Problem):
    """A text that cannot be read as a document (binary, undecodable, unreadable)."""


class AnnotationFileError(Problem):
    """An annotation file that cannot be parsed or fails the schema."""


class ConfigError(Problem):
    """An invalid ``reader.yaml``."""
