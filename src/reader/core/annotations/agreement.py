"""Inter-annotator agreement: pairwise span F1 between the authors of each document.

Two annotations agree *exactly* when they have the same tag and offsets, and
*loosely* when they have the same tag and overlap (each annotation matched at
most once, best overlap first). F1 is symmetric, so it needs no reference
annotator; counts are summed over the documents both authors annotated.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from reader.core.annotations.format import Annotation, AnnotationFile

ALL_TAGS = "*"


@dataclass
class PairScore:
    """Counts for one author pair and tag; F1 from matches and the two totals."""

    first: str
    second: str
    tag: str
    first_count: int = 0
    second_count: int = 0
    exact: int = 0
    overlap: int = 0
    documents: set[str] = field(default_factory=set)

    @staticmethod
    def _f1(matches: int, a: int, b: int) -> float | None:
        return None if a + b == 0 else 2 * matches / (a + b)

    @property
    def exact_f1(self) -> float | None:
        """F1 of exact matches (same tag and offsets)."""
        return self._f1(self.exact, self.first_count, self.second_count)

    @property
    def overlap_f1(self) -> float | None:
        """F1 of overlapping matches (same tag, spans overlap)."""
        return self._f1(self.overlap, self.first_count, self.second_count)


def _overlap_matches(first: Sequence[Annotation], second: Sequence[Annotation]) -> int:
    """Greedy one-to-one matching of overlapping spans, largest overlap first."""
    candidates = sorted(
        (
            (min(a.end, b.end) - max(a.start, b.start), i, j)
            for i, a in enumerate(first)
            for j, b in enumerate(second)
            if max(a.start, b.start) < min(a.end, b.end) or (a.start, a.end) == (b.start, b.end)
        ),
        key=lambda item: (-item[0], item[1], item[2]),
    )
    used_first: set[int] = set()
    used_second: set[int] = set()
    for _, i, j in candidates:
        if i not in used_first and j not in used_second:
            used_first.add(i)
            used_second.add(j)
    return len(used_first)


def agreement(files: Iterable[AnnotationFile]) -> list[PairScore]:
    """Scores per author pair and tag (and ``*`` for all tags), sorted; orphans ignored."""
    scores: dict[tuple[str, str, str], PairScore] = {}
    for afile in files:
        by_author: dict[str, list[Annotation]] = defaultdict(list)
        for a in afile.annotations:
            if not a.orphaned:
                by_author[a.author or "-"].append(a)
        for first, second in combinations(sorted(by_author), 2):
            tags = {a.tag for a in by_author[first]} | {a.tag for a in by_author[second]}
            for tag in [*sorted(tags), ALL_TAGS]:
                ours = [a for a in by_author[first] if tag in (ALL_TAGS, a.tag)]
                theirs = [a for a in by_author[second] if tag in (ALL_TAGS, a.tag)]
                score = scores.setdefault((first, second, tag), PairScore(first, second, tag))
                score.documents.add(afile.document)
                score.first_count += len(ours)
                score.second_count += len(theirs)
                keys = {(a.tag, a.start, a.end) for a in theirs}
                score.exact += sum(1 for a in {(a.tag, a.start, a.end) for a in ours} if a in keys)
                score.overlap += sum(
                    _overlap_matches(
                        [a for a in ours if a.tag == t], [a for a in theirs if a.tag == t]
                    )
                    for t in {a.tag for a in ours}
                )
    return sorted(scores.values(), key=lambda s: (s.first, s.second, s.tag == ALL_TAGS, s.tag))
