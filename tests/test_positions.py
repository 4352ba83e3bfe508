"""Reading positions under .reader/."""

from __future__ import annotations

from pathlib import Path

from reader.core.positions import Positions


def test_round_trip_and_broken_file(tmp_path: Path) -> None:
    positions = Positions(tmp_path / ".reader")
    assert positions.get("a.txt") is None
    positions.set("a.txt", 42)
    assert Positions(tmp_path / ".reader").get("a.txt") == 42
    (tmp_path / ".reader" / "positions.json").write_text("{broken", encoding="utf-8")
    assert Positions(tmp_path / ".reader").get("a.txt") is None
