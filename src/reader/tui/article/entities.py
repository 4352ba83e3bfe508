"""The entities recognised in the open article, indexed for lookups at the cursor."""

from __future__ import annotations

from bisect import bisect_right

from reader.core.recognition.entities import EntitySpan
from reader.core.recognition.registry import TYPES as ALIAS_TYPES
from reader.tui.widgets.entity_panel import entity_name


def span_at(spans: list[EntitySpan], starts: list[int], offset: int) -> EntitySpan | None:
    """The span of ``spans`` (sorted, with their ``starts``) covering ``offset``, if any."""
    i = bisect_right(starts, offset) - 1
    while i >= 0 and spans[i].start <= offset:
        if offset < spans[i].end:
            return spans[i]
        i -= 1
    return None


class Recognised:
    """An article's entities sorted by position, its dates apart (``d`` accepts one)."""

    def __init__(self, spans: list[EntitySpan]) -> None:
        self.spans = sorted(spans, key=lambda s: (s.start, s.end))
        self._starts = [s.start for s in self.spans]
        self._dates = [s for s in self.spans if s.type == "DATE"]
        self._date_starts = [s.start for s in self._dates]

    def date_at(self, offset: int) -> EntitySpan | None:
        """The recognised date covering ``offset``."""
        return span_at(self._dates, self._date_starts, offset)

    def aliasable_at(self, offset: int) -> EntitySpan | None:
        """The entity covering ``offset`` if entities.yaml can take it as an alias."""
        found = span_at(self.spans, self._starts, offset)
        return found if found is not None and found.type in ALIAS_TYPES else None

    def people(self) -> list[str]:
        """The names of the people found, sorted (speaker completion)."""
        return sorted({entity_name(s) for s in self.spans if s.type == "PER"})
