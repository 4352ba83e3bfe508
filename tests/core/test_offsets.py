"""Offsets: code points <-> (line, column)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.text.offsets import LineIndex

PIECES = [*"ab \r\n\tЖжё«»“”", "😀", "👍🏽", "e\u0301", "\u200b", "\u202e", "\x1b", "𝔘"]
TRICKY = st.lists(st.sampled_from(PIECES), max_size=120).map("".join) | st.text(max_size=200)


def test_line_table_handles_crlf_lf_and_lone_cr() -> None:
    text = "ab\r\ncd\nef\rgh"
    index = LineIndex(text)
    assert index.line_starts == (0, 4, 7, 10)
    assert [index.line_text(i) for i in range(index.line_count)] == ["ab", "cd", "ef", "gh"]
    assert index.to_line_col(5) == (1, 1)
    assert index.to_line_col(3) == (0, 2)  # inside CRLF: end of the line
    assert index.to_offset(2, 1) == 8
    assert index.to_offset(0, 99) == 2  # clamped to the line


def test_out_of_range_raises() -> None:
    index = LineIndex("abc")
    with pytest.raises(IndexError):
        index.line_of(4)
    with pytest.raises(IndexError):
        index.to_offset(1, 0)


@given(TRICKY)
def test_round_trips(text: str) -> None:
    index = LineIndex(text)
    for offset in range(len(text) + 1):
        line, col = index.to_line_col(offset)
        start = index.line_starts[line]
        if offset <= index.line_ends[line]:
            assert index.to_offset(line, col) == offset
        assert start + col <= index.line_ends[line]
    joined = "".join(index.line_text(i) for i in range(index.line_count))
    assert joined == text.replace("\r\n", "").replace("\n", "").replace("\r", "")
