"""The article's status line: language, date, counts per tag, what needs review
(orphans, placements to confirm, merge conflicts), save state, annotator, and who wrote
the annotation under the cursor."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.widgets import Static

from reader.core.annotations.format import Annotation
from reader.core.project.config import TagSpec
from reader.tui.article.review import conflict_of, is_fuzzy
from reader.tui.safe import one_line


class StatusLine(Static):
    """One line of facts about the open article; every part is literal text."""

    _facts: dict[str, Any] | None = None
    _width = 0  # the width the facts were drawn at

    def on_resize(self) -> None:
        """Choose the full or the compact form again for the new width."""
        if self._facts is not None:
            self._width = 0
            self.show(**self._facts)

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
        by: str = "",
    ) -> None:
        """Redraw from the given facts; on a narrow terminal the counts use the tag keys
        (``c 3`` for ``claim 3``) so the save state and the annotator stay visible."""
        facts = {
            "language": language, "date": date, "annotations": annotations, "tags": tags,
            "state": state, "error": error, "annotator": annotator, "mode": mode, "by": by,
        }  # fmt: skip
        width = (self.content_region.width or self.size.width) or 80
        if facts == self._facts and width == self._width:
            return  # a cursor move with nothing new to say
        self._facts, self._width = facts, width
        counts = Counter(a.tag for a in annotations)
        orphans = sum(a.orphaned for a in annotations)
        fuzzy = sum(is_fuzzy(a) for a in annotations)
        conflicts = sum(conflict_of(a) is not None for a in annotations)
        # Who wrote the annotation is dropped before the tag names are shortened to keys.
        for compact, with_by in ((False, True), (False, False), (True, False)):
            text = Text(no_wrap=True, overflow="ellipsis")
            if mode:
                text.append(f" {mode} ", style="reverse bold")
                text.append(" ")
            text.append(one_line(language or "?"), style="bold")
            text.append(" · " + one_line(date or "no date"))
            text.append(" · ")
            for tag in tags:
                name = tag.key if compact else tag.name
                text.append(f"{one_line(name)} {counts.get(tag.name, 0)} ", style=tag.colour)
            if orphans:
                text.append(f"⚠ {orphans} {'' if compact else 'orphaned '}", style="bold red")
            if fuzzy:
                text.append(f"≈ {fuzzy} {'' if compact else 'to review '}", style="bold yellow")
            if conflicts:
                text.append(f"⚔ {conflicts} {'' if compact else 'conflicts '}", style="bold red")
            text.append("· ")
            text.append(one_line(state), style="bold red" if error else "green")
            text.append(" · " + one_line(annotator))
            if by and with_by:  # on a narrow terminal the save state comes first
                text.append(" · by " + one_line(by), style="italic")
            if text.cell_len <= width:
                break
        self.update(text, layout=False)  # one row of a fixed height: no layout to redo
