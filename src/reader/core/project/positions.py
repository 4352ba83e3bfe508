"""Reading positions: where the analyst left each article, kept in ``.reader/positions.json``."""

from __future__ import annotations

from pathlib import Path

from reader.core.files.cache import read_json, write_json
from reader.core.text.offsets import LineIndex

POSITIONS_NAME = "positions.json"


class Positions:
    """Cursor offsets (code points) per corpus-relative path; a broken file counts as empty."""

    def __init__(self, cache_dir: Path) -> None:
        self.path = cache_dir / POSITIONS_NAME
        self._offsets: dict[str, int] | None = None

    def _load(self) -> dict[str, int]:
        if self._offsets is None:
            data = read_json(self.path)
            if not isinstance(data, dict):
                data = {}
            self._offsets = {
                str(k): v for k, v in data.items() if isinstance(v, int) and not isinstance(v, bool)
            }
        return self._offsets

    def get(self, rel: str) -> int | None:
        """The saved offset for ``rel``, if any."""
        return self._load().get(rel)

    def set(self, rel: str, offset: int) -> None:
        """Remember ``offset`` for ``rel`` and write the file (write errors are ignored)."""
        offsets = self._load()
        if offsets.get(rel) == offset:
            return
        offsets[rel] = max(0, int(offset))
        write_json(self.path, offsets, sort_keys=True, indent=0)


def follow_offset(old: LineIndex, new: LineIndex, offset: int) -> int:
    """Where ``offset`` of the old text is in the new text (after an edit on disk).

    The cursor's line, found in the new text nearest its old place, keeps its column;
    a blank or vanished line falls back to the same line and column, clamped.
    """
    row, column = old.to_line_col(offset)
    line = old.line_text(row)
    start = old.line_starts[row]
    if line.strip():
        text = new.text
        found = [text.rfind(line, 0, start + len(line)), text.find(line, start)]
        places = [p for p in found if p >= 0]
        if places:
            return min(places, key=lambda p: abs(p - start)) + column
    return new.to_offset(min(row, new.line_count - 1), column)
