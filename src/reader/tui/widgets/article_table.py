"""The corpus list's columns: their widths for a terminal width, the header line and one
row of the index as a line of literal text.

The title takes whatever width the other columns leave; the path column is as wide as
it needs up to a share of the screen and, when a path is longer, shows its end (where
the file name is) after an ellipsis.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text

from reader.core.corpus.index import Metadata
from reader.core.project.config import TagSpec
from reader.tui.safe import one_line

LANG_WIDTH = 4
DATE_WIDTH = 15  # "2022-01-05 text": the date and where it came from
NARROW_DATE_WIDTH = 12  # "2022-01-05 t": the source's first letter, below WIDE columns
WIDE = 100
COUNT_WIDTH = 5  # a tag's count column: its name cut to this (at least COUNT_MIN)
COUNT_MIN = 3
PATH_SHARE = 0.3  # the path column takes at most this share of the width
PATH_MIN = 12
TITLE_WANTED = 36  # the path gives up width (down to PATH_MIN) until the title has this
TITLE_MIN = 10
GAP = 1


@dataclass(frozen=True, slots=True)
class Columns:
    """The widths of the columns at one terminal width."""

    path: int
    title: int
    date: int
    tags: tuple[TagSpec, ...]

    @classmethod
    def fit(cls, width: int, tags: tuple[TagSpec, ...], longest_path: int) -> Columns:
        """Columns for ``width`` cells: the counts, language and date fixed, the path as
        wide as ``longest_path`` up to PATH_SHARE, the title the rest."""
        date = DATE_WIDTH if width >= WIDE else NARROW_DATE_WIDTH
        counts = sum(count_width(tag) for tag in tags)
        rest = width - LANG_WIDTH - date - counts - (3 + len(tags)) * GAP
        path = max(PATH_MIN, min(longest_path, int(width * PATH_SHARE)))
        if rest - path < TITLE_WANTED:
            path = max(PATH_MIN, min(path, rest - TITLE_WANTED))
        return cls(path, max(TITLE_MIN, rest - path), date, tags)

    def header(self, sort: str, descending: bool) -> Text:
        """The column names, the sorted one ending in ▲ (ascending) or ▼."""
        arrow = "▼" if descending else "▲"
        line = Text(no_wrap=True, style="bold")

        def name(label: str, key: str, width: int, style: str = "") -> None:
            if key == sort:
                label = label[: max(width - 1, 0)] + arrow if len(label) >= width else label + arrow
            line.append(_pad(_cut_end(label, width), width), style=style)
            line.append(" " * GAP)

        name("Path", "path", self.path)
        name("Title", "title", self.title)
        name("Lang", "language", LANG_WIDTH)
        name("Date", "date", self.date)
        for tag in self.tags:
            name(tag.name, f"tag:{tag.name}", count_width(tag), tag.colour)
        line.rstrip()
        return line

    def key_at(self, x: int) -> str | None:
        """The sort key of the column at cell ``x`` of the header (None on a gap)."""
        keys = [("path", self.path), ("title", self.title), ("language", LANG_WIDTH)]
        keys += [("date", self.date), *((f"tag:{t.name}", count_width(t)) for t in self.tags)]
        start = 0
        for key, width in keys:
            if start <= x < start + width:
                return key
            start += width + GAP
        return None

    def row(self, meta: Metadata) -> Text:
        """One text as a line; everything from the file shown literally, on one line."""
        line = Text(no_wrap=True)
        line.append(_pad(cut_start(one_line(meta.rel), self.path), self.path), style="cyan")
        line.append(" " * GAP)
        title = one_line(meta.title)
        style = ""
        if meta.annotation_error:
            title, style = f"⚠ {title}", "yellow"
        line.append(_pad(_cut_end(title, self.title), self.title), style=style)
        line.append(" " * GAP)
        line.append(_pad(_cut_end(one_line(meta.language or "?"), LANG_WIDTH), LANG_WIDTH))
        line.append(" " * GAP)
        date = ""
        if meta.date:
            source = one_line(meta.date_source or "")  # text, path or set (annotation file)
            if self.date < DATE_WIDTH:
                source = source[:1]
            date = f"{meta.date} {source}".strip()
        line.append(_pad(_cut_end(date, self.date), self.date), style="dim")
        for tag in self.tags:
            line.append(" " * GAP)
            count = meta.counts.get(tag.name)
            line.append(str(count or "").rjust(count_width(tag)), style=tag.colour)
        return line


def count_width(tag: TagSpec) -> int:
    """The width of a tag's count column: its name up to COUNT_WIDTH."""
    return max(COUNT_MIN, min(cell_len(tag.name), COUNT_WIDTH))


def cut_start(text: str, width: int) -> str:
    """``text`` in ``width`` cells: its end after an ellipsis when it is longer."""
    if cell_len(text) <= width:
        return text
    kept = ""
    for char in reversed(text):
        if cell_len(kept) + cell_len(char) + 1 > width:
            break
        kept = char + kept
    return "…" + kept


def _cut_end(text: str, width: int) -> str:
    """``text`` in ``width`` cells: its start before an ellipsis when it is longer."""
    if cell_len(text) <= width:
        return text
    kept = ""
    for char in text:
        if cell_len(kept) + cell_len(char) + 1 > width:
            break
        kept += char
    return kept + "…"


def _pad(text: str, width: int) -> str:
    return text + " " * max(width - cell_len(text), 0)
