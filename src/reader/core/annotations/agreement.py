"""Inter-annotator agreement between the authors of each document (docs/review.md).

For every pair of authors, over the documents both annotated:

- span F1: two annotations agree *exactly* when they have the same tag and offsets,
  *loosely* when they have the same tag and overlap (each matched at most once, best
  overlap first); symmetric, so it needs no reference annotator;
- Krippendorff's unitized alpha (uα), per tag and over all tags, on the continuum of
  code points made by laying the texts end to end (Krippendorff 1995; 2004,
  *Content Analysis*, 2nd ed., pp. 251–256);
- Cohen's kappa (1960) over the code points of that continuum: per tag, inside a span of
  the tag or not; over all tags, the set of tags covering the code point.

And for all authors at once (``group_agreement``): Krippendorff's nominal alpha over the
code points of every text two or more authors annotated, with the same labels as kappa;
an author who did not annotate a text is missing data there.

Orphaned annotations are left out; an author "annotated" a document when it holds at
least one of their annotations.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import accumulate, combinations

from reader.core.annotations.format import Annotation, AnnotationFile

ALL_TAGS = "*"
UNKNOWN_AUTHOR = "-"

Span = tuple[int, int]  # start, end (exclusive), in code points


@dataclass(frozen=True, slots=True)
class AlphaTerms:
    """Observed and expected disagreement of one alpha coefficient, kept exact."""

    observed: Fraction
    expected: Fraction

    def __add__(self, other: AlphaTerms) -> AlphaTerms:
        return AlphaTerms(self.observed + other.observed, self.expected + other.expected)

    @property
    def alpha(self) -> float | None:
        """``1 - Do/De``; None when nothing could disagree by chance (``De`` = 0)."""
        return None if self.expected == 0 else float(1 - self.observed / self.expected)


NO_TERMS = AlphaTerms(Fraction(0), Fraction(0))


def _union(spans: Iterable[Span]) -> list[Span]:
    """Disjoint, sorted intervals covering the same code points; empty spans dropped."""
    out: list[Span] = []
    for start, end in sorted(s for s in spans if s[0] < s[1]):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _gaps(units: Sequence[Span], sections: Sequence[Span]) -> list[int]:
    """Lengths of the stretches of each section (document) that hold no unit."""
    gaps: list[int] = []
    inside = iter(units)
    unit = next(inside, None)
    for start, end in sections:
        cursor = start
        while unit is not None and unit[0] < end:
            if unit[0] < start or unit[1] > end:
                raise ValueError(f"unit {unit} crosses the section {start}..{end}")
            if unit[0] > cursor:
                gaps.append(unit[0] - cursor)
            cursor = unit[1]
            unit = next(inside, None)
        if end > cursor:
            gaps.append(end - cursor)
    if unit is not None:
        raise ValueError(f"unit {unit} lies outside the continuum")
    return gaps


def _pair_distance(first: Sequence[Span], second: Sequence[Span]) -> int:
    """Sum of δ² over the sections of two coders (Krippendorff 2004, eq. for uδ²):
    two overlapping units count (b−b')² + (e−e')²; a unit lying wholly in the other
    coder's gap counts its length squared; everything else counts 0."""
    total = 0
    overlapped_first = [False] * len(first)
    overlapped_second = [False] * len(second)
    i = j = 0
    while i < len(first) and j < len(second):
        (b1, e1), (b2, e2) = first[i], second[j]
        if max(b1, b2) < min(e1, e2):
            total += (b1 - b2) ** 2 + (e1 - e2) ** 2
            overlapped_first[i] = overlapped_second[j] = True
        if e1 <= e2:
            i += 1
        else:
            j += 1
    for units, overlapped in ((first, overlapped_first), (second, overlapped_second)):
        total += sum((e - b) ** 2 for (b, e), hit in zip(units, overlapped, strict=True) if not hit)
    return total


def unitized_disagreement(sections: Sequence[Span], coders: Sequence[Iterable[Span]]) -> AlphaTerms:
    """uDo and uDe of one category (Krippendorff 1995; 2004 pp. 251–256).

    ``sections`` are the consecutive documents making up the continuum (a gap never
    spans two documents); ``coders`` hold each coder's units of the category, which
    are merged where they overlap (the definition needs disjoint units per coder).
    """
    units = [_union(spans) for spans in coders]
    m = len(units)
    length = sum(end - start for start, end in sections)
    if m < 2 or length == 0:
        return NO_TERMS
    pairs = sum(_pair_distance(a, b) for a, b in combinations(units, 2))
    observed = Fraction(2 * pairs, m * (m - 1) * length * length)

    lengths = [e - b for coder in units for b, e in coder]
    gaps = sorted(g for coder in units for g in _gaps(coder, sections))
    # Sum of gap lengths from index k on: placements of a unit of length l in the
    # gaps at least as long are Σ (g − l + 1) = suffix[k] − (l − 1)·count.
    suffix = [*accumulate(reversed(gaps), initial=0)][::-1]
    n_units = len(lengths)
    numerator = 0
    for unit in lengths:
        k = bisect.bisect_left(gaps, unit)
        placements = suffix[k] - (unit - 1) * (len(gaps) - k)
        # (N−1)/3 · (2l³ − 3l² + l): l(l−1)(2l−1) is 6·Σk², so the division is exact.
        numerator += (n_units - 1) * unit * (unit - 1) * (2 * unit - 1) // 3
        numerator += unit * unit * placements
    denominator = length * (m * length * (m * length - 1) - sum(u * (u - 1) for u in lengths))
    expected = Fraction(2 * numerator, denominator) if denominator else Fraction(0)
    return AlphaTerms(observed, expected)


def cohen_kappa(table: Mapping[tuple[Hashable, Hashable], int]) -> float | None:
    """Cohen's kappa from a contingency table {(first's label, second's label): count};
    None when chance agreement is certain (one label everywhere) or the table is empty."""
    total = sum(table.values())
    if total == 0:
        return None
    first: Counter[Hashable] = Counter()
    second: Counter[Hashable] = Counter()
    for (a, b), count in table.items():
        first[a] += count
        second[b] += count
    observed = Fraction(sum(c for (a, b), c in table.items() if a == b), total)
    expected = Fraction(sum(first[label] * second[label] for label in first), total * total)
    return None if expected == 1 else float((observed - expected) / (1 - expected))


TaggedSpan = tuple[str, int, int]  # tag, start, end


def _clipped(annotations: Iterable[Annotation], length: int) -> list[TaggedSpan]:
    """The annotations' spans inside a text of ``length`` code points, empty ones left out
    (a file not yet re-anchored to an edited text may reach past its end)."""
    spans = [(a.tag, max(0, a.start), min(length, a.end)) for a in annotations]
    return [span for span in spans if span[1] < span[2]]


Labels = tuple[frozenset[str], ...]  # per coder, the tags covering a code point


def _label_runs(length: int, sides: Sequence[list[TaggedSpan]]) -> Counter[Labels]:
    """Code points of one text counted by the tags covering them for each coder."""
    events: dict[int, list[tuple[int, str, int]]] = defaultdict(list)
    for side, spans in enumerate(sides):
        for tag, start, end in spans:
            events[start].append((side, tag, 1))
            events[end].append((side, tag, -1))
    active: list[Counter[str]] = [Counter() for _ in sides]
    runs: Counter[Labels] = Counter()
    position = 0
    for point in [*sorted(events), length]:
        if point > position:
            runs[tuple(frozenset(t for t, n in tags.items() if n) for tags in active)] += (
                point - position
            )
            position = point
        for side, tag, step in events.get(point, ()):
            active[side][tag] += step
    return runs


def nominal_alpha(units: Iterable[tuple[Sequence[Hashable], int]]) -> float | None:
    """Krippendorff's alpha for nominal data with missing values (Krippendorff 2011,
    "Computing Krippendorff's Alpha-Reliability"). Each unit is the values its coders
    gave (missing ones left out) and how many such units there are; units with fewer
    than two values are not pairable. None when every value is the same (De = 0)."""
    # Pairs are summed as integers per number of values m_u, divided by m_u − 1 once.
    pairs_by_size: dict[int, Counter[tuple[Hashable, Hashable]]] = defaultdict(Counter)
    for values, weight in units:
        if len(values) < 2:
            continue
        counts = Counter(values)
        pairs = pairs_by_size[len(values)]
        for c, n_c in counts.items():
            for k, n_k in counts.items():
                pairs[(c, k)] += weight * (n_c * (n_k - 1) if c == k else n_c * n_k)
    coincidences: dict[tuple[Hashable, Hashable], Fraction] = defaultdict(Fraction)
    for size, pairs in pairs_by_size.items():
        for key, paired in pairs.items():
            coincidences[key] += Fraction(paired, size - 1)
    totals: dict[Hashable, Fraction] = defaultdict(Fraction)
    for (c, _), o in coincidences.items():
        totals[c] += o
    n = sum(totals.values(), Fraction(0))
    disagreeing = sum((o for (c, k), o in coincidences.items() if c != k), Fraction(0))
    chance = n * n - sum(t * t for t in totals.values())
    if chance == 0:
        return None
    return float(1 - (n - 1) * disagreeing / chance)


@dataclass
class PairScore:
    """One author pair and tag (``*`` for all): F1 counts, uα and kappa."""

    first: str
    second: str
    tag: str
    first_count: int = 0
    second_count: int = 0
    exact: int = 0
    overlap: int = 0
    documents: set[str] = field(default_factory=set)
    characters: int = 0  # length of the continuum alpha and kappa were computed over
    unitized: AlphaTerms = NO_TERMS
    kappa: float | None = None

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

    @property
    def alpha(self) -> float | None:
        """Krippendorff's unitized alpha (over all tags: 1 − ΣDo/ΣDe)."""
        return self.unitized.alpha


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


def author_of(annotation: Annotation) -> str:
    """The annotation's author, ``-`` when the file does not say."""
    return annotation.author or UNKNOWN_AUTHOR


def by_author(afile: AnnotationFile) -> dict[str, list[Annotation]]:
    """The file's placed (not orphaned) annotations by author."""
    grouped: dict[str, list[Annotation]] = defaultdict(list)
    for a in afile.annotations:
        if not a.orphaned:
            grouped[author_of(a)].append(a)
    return dict(grouped)


def _add_f1(
    scores: dict[tuple[str, str, str], PairScore],
    pair: tuple[str, str],
    document: str,
    ours: list[Annotation],
    theirs: list[Annotation],
) -> None:
    tags = {a.tag for a in ours} | {a.tag for a in theirs}
    for tag in [*sorted(tags), ALL_TAGS]:
        mine = [a for a in ours if tag in (ALL_TAGS, a.tag)]
        other = [a for a in theirs if tag in (ALL_TAGS, a.tag)]
        score = scores.setdefault((*pair, tag), PairScore(*pair, tag))
        score.documents.add(document)
        score.first_count += len(mine)
        score.second_count += len(other)
        keys = {(a.tag, a.start, a.end) for a in other}
        score.exact += sum(1 for a in {(a.tag, a.start, a.end) for a in mine} if a in keys)
        score.overlap += sum(
            _overlap_matches([a for a in mine if a.tag == t], [a for a in other if a.tag == t])
            for t in {a.tag for a in mine}
        )


def _units_by_tag() -> dict[str, list[Span]]:
    return defaultdict(list)


@dataclass
class _Continuum:
    """The texts two authors both annotated, laid end to end."""

    sections: list[Span] = field(default_factory=list)
    units: tuple[dict[str, list[Span]], dict[str, list[Span]]] = field(
        default_factory=lambda: (_units_by_tag(), _units_by_tag())
    )
    runs: Counter[Labels] = field(default_factory=Counter)

    @property
    def length(self) -> int:
        return self.sections[-1][1] if self.sections else 0

    def add(self, length: int, ours: list[Annotation], theirs: list[Annotation]) -> None:
        offset = self.length
        self.sections.append((offset, offset + length))
        sides = (_clipped(ours, length), _clipped(theirs, length))
        for units, spans in zip(self.units, sides, strict=True):
            for tag, start, end in spans:
                units[tag].append((offset + start, offset + end))
        self.runs.update(_label_runs(length, sides))


def _add_chance_corrected(scores: Iterable[PairScore], continuum: _Continuum) -> None:
    first, second = continuum.units
    per_tag = {
        tag: unitized_disagreement(continuum.sections, (first.get(tag, []), second.get(tag, [])))
        for tag in sorted(set(first) | set(second))
    }
    for score in scores:
        score.characters = continuum.length
        table: Counter[tuple[Hashable, Hashable]] = Counter()
        for (a, b), count in continuum.runs.items():
            table[(a, b) if score.tag == ALL_TAGS else (score.tag in a, score.tag in b)] += count
        score.kappa = cohen_kappa(table)
        if score.tag == ALL_TAGS:
            score.unitized = sum(per_tag.values(), NO_TERMS)
        else:
            score.unitized = per_tag.get(score.tag, NO_TERMS)


def agreement(files: Iterable[AnnotationFile], lengths: Mapping[str, int]) -> list[PairScore]:
    """Scores per author pair and tag (and ``*`` for all tags), sorted.

    ``lengths`` gives each document's text length in code points; alpha and kappa are
    computed over the documents found there, F1 over all.
    """
    scores: dict[tuple[str, str, str], PairScore] = {}
    continua: dict[tuple[str, str], _Continuum] = defaultdict(_Continuum)
    for afile in sorted(files, key=lambda f: f.document):
        authors = by_author(afile)
        for pair in combinations(sorted(authors), 2):
            ours, theirs = authors[pair[0]], authors[pair[1]]
            _add_f1(scores, pair, afile.document, ours, theirs)
            if afile.document in lengths:
                continua[pair].add(lengths[afile.document], ours, theirs)
    for pair, continuum in continua.items():
        _add_chance_corrected(
            (s for s in scores.values() if (s.first, s.second) == pair), continuum
        )
    return sorted(scores.values(), key=lambda s: (s.first, s.second, s.tag == ALL_TAGS, s.tag))


@dataclass(frozen=True)
class GroupScore:
    """All authors at once, for one tag or ``*``: nominal alpha per code point over the
    texts annotated by two or more authors; an author who did not annotate a text is
    missing data there."""

    tag: str
    authors: tuple[str, ...]
    documents: int
    characters: int
    alpha: float | None


def group_agreement(
    files: Iterable[AnnotationFile], lengths: Mapping[str, int]
) -> list[GroupScore]:
    """Scores per tag, then ``*``; empty when no text with a known length has two authors."""
    units: list[tuple[Labels, int]] = []
    authors: set[str] = set()
    documents = characters = 0
    for afile in files:
        found = by_author(afile)
        length = lengths.get(afile.document)
        if len(found) < 2 or length is None:
            continue
        authors.update(found)
        documents += 1
        characters += length
        sides = [_clipped(found[name], length) for name in sorted(found)]
        units.extend(_label_runs(length, sides).items())
    if not documents:
        return []
    tags = sorted({tag for labels, _ in units for label in labels for tag in label})
    scores = [
        GroupScore(
            tag,
            tuple(sorted(authors)),
            documents,
            characters,
            nominal_alpha(
                (tuple(tag in label for label in labels), count) for labels, count in units
            ),
        )
        for tag in tags
    ]
    overall = nominal_alpha(units)
    return [*scores, GroupScore(ALL_TAGS, tuple(sorted(authors)), documents, characters, overall)]
