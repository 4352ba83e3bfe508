"""Curation: where the authors of one text disagree, and settling each place.

A *side* is one reading of a passage: a tag on a span, made by one or more authors
(their annotations have the same tag and offsets). A side every author of the text
made is agreed. The others are grouped into *disagreements*: sides with the same tag
that overlap (a different span), and sides with different tags whose spans mostly
coincide (intersection at least half the union: a different tag). A disagreement of
one side is a passage some authors tagged and others did not (missing on their side).

A curator settles a disagreement by keeping one side, several, or none: the
annotations of the other sides are removed and the kept ones carry the ``curated``
key (the curator's name), so a settled place is not offered again until someone adds
an annotation there (then it is offered again, beside what was kept). Nothing here
writes files: ``Settlement`` says what to remove and what to replace, for the edit
session to save (docs/review.md).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from reader.core.annotations.agreement import author_of
from reader.core.annotations.format import Annotation

if TYPE_CHECKING:
    from reader.core.annotations.session import EditSession

CURATED_KEY = "curated"
SAME_PASSAGE = 0.5  # share of the union two spans must overlap to be read as one passage


def curated_by(annotation: Annotation) -> str | None:
    """The curator who kept this annotation, if a curator did."""
    return annotation.curated


@dataclass(frozen=True, slots=True)
class Side:
    """One reading of a passage: a tag on a span and the annotations that make it."""

    tag: str
    start: int
    end: int
    annotations: tuple[Annotation, ...]

    @property
    def authors(self) -> tuple[str, ...]:
        """Who made this reading, sorted."""
        return tuple(sorted({author_of(a) for a in self.annotations}))

    @property
    def text(self) -> str:
        """The span's text."""
        return self.annotations[0].text

    @property
    def settled(self) -> bool:
        """True when a curator kept every annotation of this reading."""
        return all(curated_by(a) is not None for a in self.annotations)


@dataclass(frozen=True, slots=True)
class Disagreement:
    """One place where the authors of a text differ, with every side offered there."""

    sides: tuple[Side, ...]  # by start, end, tag
    authors: tuple[str, ...]  # every author of the text

    @property
    def start(self) -> int:
        """Where the first side starts."""
        return min(s.start for s in self.sides)

    @property
    def end(self) -> int:
        """Where the last side ends."""
        return max(s.end for s in self.sides)

    @property
    def kind(self) -> str:
        """``missing`` (one side), ``tag``, ``span``, or ``tag and span``."""
        if len(self.sides) == 1:
            return "missing"
        spans = {(s.start, s.end) for s in self.sides}
        tags = {s.tag for s in self.sides}
        if len(spans) == 1:
            return "tag"
        return "span" if len(tags) == 1 else "tag and span"

    def without(self, side: Side) -> tuple[str, ...]:
        """The authors of the text who did not make ``side``."""
        return tuple(a for a in self.authors if a not in side.authors)

    def describe(self) -> str:
        """One line per side for people: ``quote 12..40 'text' by alice (not bob)``."""
        lines = []
        for side in self.sides:
            missing = self.without(side)
            lines.append(
                f"{side.tag} {side.start}..{side.end} {side.text!r} by {', '.join(side.authors)}"
                + (f" (not {', '.join(missing)})" if missing else "")
            )
        return "\n".join(lines)


def _same_passage(a: Side, b: Side) -> bool:
    overlap = min(a.end, b.end) - max(a.start, b.start)
    if (a.start, a.end) == (b.start, b.end):
        return True
    if overlap <= 0:
        return False
    if a.tag == b.tag:
        return True
    union = max(a.end, b.end) - min(a.start, b.start)
    return overlap >= SAME_PASSAGE * union


def sides(annotations: Iterable[Annotation]) -> list[Side]:
    """The placed (not orphaned) annotations grouped by tag and span, in file order."""
    grouped: dict[tuple[int, int, str], list[Annotation]] = defaultdict(list)
    for a in annotations:
        if not a.orphaned:
            grouped[(a.start, a.end, a.tag)].append(a)
    return [
        Side(tag, start, end, tuple(found))
        for (start, end, tag), found in sorted(grouped.items(), key=lambda item: item[0])
    ]


def disagreements(annotations: Iterable[Annotation]) -> list[Disagreement]:
    """Every place where the authors differ and a side is not settled, in text order;
    none when the text has fewer than two authors."""
    readings = sides(annotations)
    authors = tuple(sorted({author for side in readings for author in side.authors}))
    if len(authors) < 2:
        return []
    # Settled sides join the grouping so that a new reading of a settled place is shown
    # beside what the curator kept there; a group of settled sides only is not offered.
    open_sides = [s for s in readings if s.authors != authors]
    # Union-find over related sides; sorted by start, so a side only meets later ones
    # until one starts past its end.
    parent = list(range(len(open_sides)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, first in enumerate(open_sides):
        for j in range(i + 1, len(open_sides)):
            second = open_sides[j]
            if second.start >= first.end and second.start > first.start:
                break
            if _same_passage(first, second):
                parent[root(j)] = root(i)
    groups: dict[int, list[Side]] = defaultdict(list)
    for i, side in enumerate(open_sides):
        groups[root(i)].append(side)
    found = [
        Disagreement(tuple(group), authors)
        for group in groups.values()
        if not all(side.settled for side in group)
    ]
    return sorted(found, key=lambda d: (d.start, d.end, d.sides[0].tag))


@dataclass(frozen=True, slots=True)
class Settlement:
    """What settling one disagreement changes: ids to remove, annotations to replace."""

    removed: tuple[str, ...]
    kept: tuple[Annotation, ...]  # the kept annotations, marked ``curated``

    def changes(
        self, annotations: Iterable[Annotation]
    ) -> tuple[tuple[str, Annotation | None, Annotation | None], ...]:
        """Each annotation it touches as (id, before, after), after None when removed:
        the removed ones, the kept ones (now marked), and those that linked to a removed
        one (the link dropped, as ``EditSession.delete`` does) — one change to save."""
        gone = set(self.removed)
        replaced = {a.id: a for a in self.kept}
        out: list[tuple[str, Annotation | None, Annotation | None]] = []
        for a in annotations:
            after: Annotation | None = None if a.id in gone else replaced.get(a.id, a)
            if after is not None and gone.intersection(after.links):
                after = replace(after, links=tuple(x for x in after.links if x not in gone))
            if after != a:
                out.append((a.id, a, after))
        return tuple(out)

    def save(self, session: EditSession) -> None:
        """Settle in ``session``: one history step (one undo), checked and saved."""
        session.apply_changes(self.changes(session.annotations))

    def apply(self, annotations: Iterable[Annotation]) -> tuple[Annotation, ...]:
        """The new annotation set."""
        current = tuple(annotations)
        changed = {ident: after for ident, _, after in self.changes(current)}
        states = (changed.get(a.id, a) for a in current)
        return tuple(a for a in states if a is not None)


def settle(disagreement: Disagreement, keep: Collection[int], curator: str) -> Settlement:
    """Keep the sides at the indices ``keep`` (one side, several, or none) and remove the
    annotations of the others; the kept annotations are marked as curated by ``curator``."""
    unknown = set(keep) - set(range(len(disagreement.sides)))
    if unknown:
        raise IndexError(f"no side {min(unknown)} (sides: 0..{len(disagreement.sides) - 1})")
    removed: list[str] = []
    kept: list[Annotation] = []
    for index, side in enumerate(disagreement.sides):
        if index in keep:
            kept.extend(_marked(a, curator) for a in side.annotations)
        else:
            removed.extend(a.id for a in side.annotations)
    return Settlement(tuple(removed), tuple(kept))


def _marked(annotation: Annotation, curator: str) -> Annotation:
    return replace(annotation, curated=curator)


def keep_all(disagreement: Disagreement) -> Sequence[int]:
    """The indices of every side (``settle(d, keep_all(d), …)`` keeps both)."""
    return range(len(disagreement.sides))
