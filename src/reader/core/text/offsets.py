"""Offsets in one place: code points <-> (line, column) <-> UTF-8 bytes.

Offsets everywhere in reader are Unicode code points into the decoded text.
A line ends at ``\\n``, ``\\r\\n`` or a lone ``\\r``; the break belongs to the
line it ends. Columns are code points from the line's start.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

_BREAK = re.compile(r"\r\n|\n|\r")
_CHECKPOINT = 512  # code points between byte checkpoints


def _utf8_len(text: str) -> int:
    """Length of ``text`` in UTF-8 bytes (surrogates count as 3, like 'surrogatepass')."""
    return len(text.encode("utf-8", "surrogatepass"))


@dataclass(frozen=True)
class LineIndex:
    """A precomputed line table and byte checkpoints for one text; lookups are O(log n)."""

    text: str
    line_starts: tuple[int, ...] = field(init=False)
    line_ends: tuple[int, ...] = field(init=False)
    _byte_checkpoints: tuple[int, ...] = field(init=False, repr=False)
    _ascii: bool = field(init=False, repr=False)

    def __post_init__(self) -> None:
        starts = [0]
        ends = []
        for match in _BREAK.finditer(self.text):
            ends.append(match.start())
            starts.append(match.end())
        ends.append(len(self.text))
        object.__setattr__(self, "line_starts", tuple(starts))
        object.__setattr__(self, "line_ends", tuple(ends))
        is_ascii = self.text.isascii()
        object.__setattr__(self, "_ascii", is_ascii)
        checkpoints: list[int] = []
        if not is_ascii:
            total = 0
            for pos in range(0, len(self.text), _CHECKPOINT):
                checkpoints.append(total)
                total += _utf8_len(self.text[pos : pos + _CHECKPOINT])
            checkpoints.append(total)
        object.__setattr__(self, "_byte_checkpoints", tuple(checkpoints))

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

    def to_byte(self, offset: int) -> int:
        """Code point offset -> UTF-8 byte offset."""
        self._check(offset)
        if self._ascii:
            return offset
        chunk, rest = divmod(offset, _CHECKPOINT)
        base = chunk * _CHECKPOINT
        return self._byte_checkpoints[chunk] + _utf8_len(self.text[base : base + rest])

    def from_byte(self, byte_offset: int) -> int:
        """UTF-8 byte offset -> code point offset (must fall on a character boundary)."""
        if self._ascii:
            self._check(byte_offset)
            return byte_offset
        checkpoints = self._byte_checkpoints
        if not 0 <= byte_offset <= checkpoints[-1]:
            raise IndexError(f"byte offset {byte_offset} outside 0..{checkpoints[-1]}")
        if byte_offset == checkpoints[-1]:
            return len(self.text)
        chunk = bisect_right(checkpoints, byte_offset) - 1
        offset = chunk * _CHECKPOINT
        remaining = byte_offset - checkpoints[chunk]
        while remaining > 0:
            remaining -= _utf8_len(self.text[offset])
            offset += 1
        if remaining:
            raise ValueError(f"byte offset {byte_offset} is inside a character")
        return offset

    def line_col_to_byte_col(self, line: int, col: int) -> int:
        """A code point column on ``line`` -> the UTF-8 byte column on that line."""
        start = self.line_starts[line]
        return _utf8_len(self.text[start : start + col])
