"""The article's status line: language, date, counts per tag, save state, annotator."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from reader.core.annotations import Annotation
from reader.core.config import TagSpec
from reader.tui.safe import one_line


class StatusLine(Static):
    """One line of facts about the open article; every part is literal text."""

    def show(
        self,
        *,
        language: str | None,
        date: str | None,
        annotations: Sequence[Annotation],
        tags: Sequence[TagSpec],
        state: str,
        error: bool,
        annotator: str,
        mode: str = "",
    ) -> None:
        """Redraw from the given facts."""
        counts = Counter(a.tag for a in annotations)
        text = Text(no_wrap=True, overflow="ellipsis")
        if mode:
            text.append(f" {mode} ", style="reverse bold")
            text.append(" ")
        text.append(one_line(language or "?"), style="bold")
        text.append(" · " + one_line(date or "no date"))
        text.append(" · ")
        for tag in tags:
            text.append(f"{tag.name} {counts.get(tag.name, 0)} ", style=tag.colour)
        orphans = sum(a.orphaned for a in annotations)
        if orphans:
            text.append(f"⚠ {orphans} orphaned ", style="bold red")
        text.append("· ")
        text.append(one_line(state), style="bold red" if error else "green")
        text.append(" · " + one_line(annotator))
        self.update(text)
