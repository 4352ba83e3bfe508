"""Reading positions under .reader/."""

from __future__ import annotations

from pathlib import Path

from reader.core.project.positions import Positions, follow_offset
from reader.core.text.offsets import LineIndex


def test_round_trip_and_broken_file(tmp_path: Path) -> None:
    positions = Positions(tmp_path / ".reader")
    assert positions.get("a.txt") is None
    positions.set("a.txt", 42)
    assert Positions(tmp_path / ".reader").get("a.txt") == 42
    (tmp_path / ".reader" / "positions.json").write_text("{broken", encoding="utf-8")
    assert Positions(tmp_path / ".reader").get("a.txt") is None


def test_follow_offset_keeps_the_line_after_an_edit() -> None:
    old = LineIndex("title\n\nfirst line\nsecond line\ngone\n")
    new = LineIndex("new title\nby staff\n\nfirst line\nsecond line, longer\nother\n")
    for needle in ("first", "second"):  # the line found again (as a prefix too)
        offset = old.text.index(needle) + 3
        assert follow_offset(old, new, offset) == new.text.index(needle) + 3
    # a vanished or blank line: the same line and column, clamped
    assert new.to_line_col(follow_offset(old, new, old.text.index("gone") + 3)) == (4, 3)
    assert follow_offset(old, LineIndex("x"), old.text.index("gone") + 3) == 1
    assert follow_offset(old, new, old.text.index("\n\n") + 1) == new.to_offset(1, 0)
