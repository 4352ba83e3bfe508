"""Offsets in one place: code points <-> (line, column).

Offsets everywhere in reader are Unicode code points into the decoded text.
A line ends at ``\\n``, ``\\r\\n`` or a lone ``\\r``; the break belongs to the
line it ends. Columns are code points from the line's start.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

_BREAK = re.compile(r"\r\n|\n|\r")


@dataclass(frozen=True)
class LineIndex:
    """A precomputed line table for one text; lookups are O(log n)."""

    text: str
    line_starts: tuple[int, ...] = field(init=False)
    line_ends: tuple[int, ...] = field(init=False)

    def __post_init__(self) -> None:
        starts = [0]
        ends = []
        for match in _BREAK.finditer(self.text):
            ends.append(match.start())
            starts.append(match.end())
        ends.append(len(self.text))
        object.__setattr__(self, "line_starts", tuple(starts))
        object.__setattr__(self, "line_ends", tuple(ends))

    @property
    def line_count(self) -> int:
        """Number of lines (a text ending in a newline has an empty last line)."""
        return len(self.line_starts)

    def _check(self, offset: int) -> None:
        if not 0 <= offset <= len(self.text):
            raise IndexError(f"offset {offset} outside 0..{len(self.text)}")

    def line_of(self, offset: int) -> int:
        """The 0-based line holding code point ``offset``."""
        self._check(offset)
        return bisect_right(self.line_starts, offset) - 1

    def to_line_col(self, offset: int) -> tuple[int, int]:
        """Code point offset -> (line, column), both 0-based.

        An offset inside a CRLF pair maps to the end of its line.
        """
        line = self.line_of(offset)
        col = min(offset, self.line_ends[line]) - self.line_starts[line]
        return line, col

    def to_offset(self, line: int, col: int) -> int:
        """(line, column) -> code point offset; the column is clamped to the line's text."""
        if not 0 <= line < len(self.line_starts):
            raise IndexError(f"line {line} outside 0..{len(self.line_starts) - 1}")
        start = self.line_starts[line]
        return start + max(0, min(col, self.line_ends[line] - start))

    def line_text(self, line: int) -> str:
        """The text of ``line`` without its line break."""
        return self.text[self.line_starts[line] : self.line_ends[line]]
