"""Two articles side by side: what they share, and which paragraphs go together.

The compare screen marks the entities and dates both articles name, and keeps the
right side on the paragraph that matches the one on the left. A paragraph's marks are
the entity keys (``crossref.entity_key``: one entity across languages) and the date
values of the spans inside it; paragraphs are aligned in order (a story is told from
top to bottom in both), maximising the marks they share, by dynamic programming over
the two paragraph lists (60 KB articles have a few hundred paragraphs: a table of
some ten thousand cells).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.core.corpus.crossref import NAME_TYPES, entity_key
from reader.core.text.segment import Segments

if TYPE_CHECKING:
    from reader.core.recognition.entities import EntitySpan


def mark_of(span: EntitySpan) -> str | None:
    """What a span is compared by: ``entity:<key>`` for a name, ``date:<value>`` for a
    date with a value; None for anything else."""
    if span.type in NAME_TYPES:
        return f"entity:{entity_key(span)}"
    if span.type == "DATE" and span.value:
        return f"date:{span.value}"
    return None


def shared_marks(left: Iterable[EntitySpan], right: Iterable[EntitySpan]) -> frozenset[str]:
    """The marks both articles have."""
    ours = {mark for span in left if (mark := mark_of(span))}
    return frozenset(mark for span in right if (mark := mark_of(span)) and mark in ours)


def shared_spans(spans: Iterable[EntitySpan], shared: frozenset[str]) -> list[EntitySpan]:
    """The spans of one article whose mark the other article has too (to highlight)."""
    return [span for span in spans if mark_of(span) in shared]


@dataclass(frozen=True, slots=True)
class Anchor:
    """A left paragraph and the right one that goes with it, by their start offsets, and
    the marks they share."""

    left: int
    right: int
    marks: frozenset[str]


def _paragraph_marks(
    text: str, spans: Sequence[EntitySpan]
) -> tuple[list[int], list[frozenset[str]]]:
    paragraphs = Segments(text).paragraphs
    starts = [start for start, _ in paragraphs]
    marks: list[set[str]] = [set() for _ in paragraphs]
    for span in spans:
        i = bisect_right(starts, span.start) - 1
        mark = mark_of(span)
        if mark and i >= 0 and span.start < paragraphs[i][1]:
            marks[i].add(mark)
    return starts, [frozenset(m) for m in marks]


def align(
    left_text: str,
    left_spans: Sequence[EntitySpan],
    right_text: str,
    right_spans: Sequence[EntitySpan],
) -> tuple[Anchor, ...]:
    """Pairs of paragraphs that share marks, in order on both sides (each paragraph in
    one pair at most), chosen to share the most marks in all."""
    left_starts, left_marks = _paragraph_marks(left_text, left_spans)
    right_starts, right_marks = _paragraph_marks(right_text, right_spans)
    rows, cols = len(left_marks), len(right_marks)
    best = [[0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        here, below = best[i], best[i + 1]
        marks = left_marks[i]
        for j in range(cols - 1, -1, -1):
            pair = len(marks & right_marks[j]) if marks else 0
            here[j] = max(below[j], here[j + 1], pair + below[j + 1] if pair else 0)
    anchors = []
    i = j = 0
    while i < rows and j < cols:
        pair = len(left_marks[i] & right_marks[j])
        if pair and best[i][j] == pair + best[i + 1][j + 1]:
            shared = left_marks[i] & right_marks[j]
            anchors.append(Anchor(left_starts[i], right_starts[j], shared))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return tuple(anchors)


def follow(anchors: Sequence[Anchor], left_offset: int) -> int:
    """Where the right side should be when the left shows ``left_offset``: the right
    paragraph of the last anchor at or before it (the top before the first)."""
    i = bisect_right([a.left for a in anchors], left_offset) - 1
    return anchors[i].right if i >= 0 else 0
