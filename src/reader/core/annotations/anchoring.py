"""Re-anchoring: move annotations onto an edited text, or orphan them; never guess.

For each annotation, in this order (docs/robustness.md has the reasoning):

1. **kept** — the old offsets still hold exactly ``text``;
2. **moved** — an exact occurrence of ``text`` elsewhere: at the old start shifted
   like the previous annotation (distance 0), else the only one, else the one with
   the best context (when the old text is known) nearest the expected position (the
   old start shifted like its nearest placed neighbour); a tie is ambiguous;
3. **fuzzy** — an approximate occurrence (difflib similarity ≥ ``FUZZY_MIN_SIMILARITY``,
   texts of ``FUZZY_MIN_LENGTH`` code points or more), scored with similarity,
   context and distance; two candidates within ``FUZZY_TIE_MARGIN`` are ambiguous;
4. **orphaned** — none of the above, or ambiguous. Orphans keep their last
   offsets and ``text`` and get ``orphaned: true``; they are never dropped.

Everything is deterministic: the same inputs give the same placements.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections import Counter
from dataclasses import dataclass, replace
from difflib import Match, SequenceMatcher
from typing import Literal

from reader.core.annotations.format import Annotation, AnnotationFile
from reader.core.text.document import sha256_of

FUZZY_MIN_SIMILARITY = 0.8  # difflib ratio of the old text and the candidate span
FUZZY_MIN_LENGTH = 8  # shorter texts are only placed by exact match
FUZZY_TIE_MARGIN = 0.01  # two fuzzy candidates closer than this are a tie
CONTEXT_CHARS = 32  # code points of context compared on each side
CONTEXT_WEIGHT = 0.1  # weight of context similarity in a fuzzy score
DISTANCE_WEIGHT = 0.05  # penalty for being DISTANCE_SCALE or more away from the expected place
DISTANCE_SCALE = 2000  # code points
CONTEXT_OCCURRENCES = 16  # with the old text: exact occurrences compared on each side
MAX_SEED_HITS = 64  # a seed chunk found more often than this carries no information
MAX_FUZZY_CANDIDATES = 8
PLAUSIBLE_CONTEXT = 0.5  # similarity of one side's context for a move far from home
ADJACENT_GAP = 3  # small matches this close to a span's big ones extend it

Status = Literal["kept", "moved", "fuzzy", "orphaned"]


@dataclass(frozen=True, slots=True)
class AnchoringReport:
    """What re-anchoring did: ids per outcome, in file order."""

    kept: tuple[str, ...] = ()
    moved: tuple[str, ...] = ()
    fuzzy: tuple[str, ...] = ()
    orphaned: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        """True when any annotation moved or was orphaned."""
        return bool(self.moved or self.fuzzy or self.orphaned)

    def summary(self) -> str:
        """``kept 3, moved 1, fuzzy 0, orphaned 1``."""
        return (
            f"kept {len(self.kept)}, moved {len(self.moved)}, "
            f"fuzzy {len(self.fuzzy)}, orphaned {len(self.orphaned)}"
        )


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    score: float
    similarity: float


def needs_reanchoring(afile: AnnotationFile, text: str) -> bool:
    """True when the text changed since ``afile`` was saved, or an annotation's slice no
    longer matches (e.g. a git merge brought offsets made on another version)."""
    return afile.sha256 != sha256_of(text) or any(
        not a.orphaned and text[a.start : a.end] != a.text for a in afile.annotations
    )


def reanchor(
    afile: AnnotationFile, text: str, old_text: str | None = None
) -> tuple[AnnotationFile, AnchoringReport]:
    """Place ``afile``'s annotations on ``text``; the result carries ``text``'s sha256.

    ``old_text`` (the text the annotations were made on, if still known) lets
    context decide between candidates; without it, position decides.
    """
    if old_text is not None and sha256_of(old_text) != afile.sha256:
        old_text = None
    if old_text is None:
        old_text = _same_text_other_newlines(text, afile.sha256)
    if old_text is not None and old_text != text and _lf(old_text) == _lf(text):
        converted = _reanchor_newlines(afile, text, old_text)
        if converted is not None:
            return converted
    placed: dict[str, tuple[Annotation, Status]] = {}
    pending: list[Annotation] = []
    delta = 0  # the shift of the last annotation placed: most edits shift a whole stretch
    for a in afile.sorted().annotations:
        shifted = a.start + delta
        if not a.text:
            inside = a.start <= len(text) and a.end <= len(text)
            placed[a.id] = (_settle(a, a.start, a.start, text), "kept") if inside else _orphan(a)
            continue
        if text[a.start : a.end] == a.text:
            placed[a.id] = (replace(a, orphaned=False), "kept")
        elif delta and shifted >= 0 and text[shifted : shifted + len(a.text)] == a.text:
            placed[a.id] = (_settle(a, shifted, shifted + len(a.text), text), "moved")
        elif (unique := _unique_occurrence(text, a.text)) is not None and _plausible(
            a, text, unique, unique + len(a.text), old_text
        ):
            placed[a.id] = (_settle(a, unique, unique + len(a.text), text), "moved")
        else:
            pending.append(a)
            continue
        delta = placed[a.id][0].start - a.start
    shifts = sorted(
        (a.start, placed[a.id][0].start - a.start)
        for a in afile.annotations
        if a.id in placed and placed[a.id][1] != "orphaned"
    )
    delta = 0
    for a in pending:
        expected = max(0, a.start + (_nearest_shift(shifts, a.start) if shifts else delta))
        if text[expected : expected + len(a.text)] == a.text:  # distance 0: nothing nearer
            placed[a.id] = (_settle(a, expected, expected + len(a.text), text), "moved")
        else:
            placed[a.id] = _place(a, text, old_text, expected)
        if placed[a.id][1] != "orphaned":
            delta = placed[a.id][0].start - a.start
            insort(shifts, (a.start, delta))
    return _result(afile, text, placed)


def _same_text_other_newlines(text: str, sha256: str) -> str | None:
    """The old text when only the newline convention changed: ``text`` with LF or CRLF
    newlines, recognised by the annotation file's sha256 (no snapshot needed)."""
    candidates = [_lf(text)]
    if "\r" not in text:
        candidates.append(text.replace("\n", "\r\n"))
    for candidate in candidates:
        if candidate != text and sha256_of(candidate) == sha256:
            return candidate
    return None


def _crlf_starts(text: str) -> list[int]:
    """Where each ``\r\n`` starts."""
    found, at = [], text.find("\r\n")
    while at != -1:
        found.append(at)
        at = text.find("\r\n", at + 2)
    return found


def _reanchor_newlines(
    afile: AnnotationFile, text: str, old_text: str
) -> tuple[AnnotationFile, AnchoringReport] | None:
    """Only the newline convention changed (CRLF ↔ LF): map every offset through the
    LF-normalised text, O(n log n). None when some annotation does not map cleanly
    (an orphan, a slice that did not match): the general search then runs."""
    old_pairs, new_pairs = _crlf_starts(old_text), _crlf_starts(text)
    new_lf_positions = [j - i for i, j in enumerate(new_pairs)]  # each pair's "\n", normalised

    def to_new(offset: int) -> int:
        normalised = offset - bisect_left(old_pairs, offset)
        return normalised + bisect_left(new_lf_positions, normalised)

    placed: dict[str, tuple[Annotation, Status]] = {}
    for a in afile.annotations:
        if a.orphaned or old_text[a.start : a.end] != a.text:
            return None
        start, end = to_new(a.start), to_new(a.end)
        # A span that split a CRLF pair loses (or gains) only that carriage return.
        if text[start:end].replace("\r", "") != a.text.replace("\r", ""):
            return None
        if (start, end, text[start:end]) == (a.start, a.end, a.text):
            placed[a.id] = (a, "kept")
        else:
            status: Status = "moved" if text[start:end] == a.text else "fuzzy"
            placed[a.id] = (_settle(a, start, end, text), status)
    return _result(afile, text, placed)


def _result(
    afile: AnnotationFile, text: str, placed: dict[str, tuple[Annotation, Status]]
) -> tuple[AnnotationFile, AnchoringReport]:
    order = [a.id for a in afile.sorted().annotations]
    groups: dict[Status, list[str]] = {"kept": [], "moved": [], "fuzzy": [], "orphaned": []}
    for ident in order:
        groups[placed[ident][1]].append(ident)
    report = AnchoringReport(
        kept=tuple(groups["kept"]),
        moved=tuple(groups["moved"]),
        fuzzy=tuple(groups["fuzzy"]),
        orphaned=tuple(groups["orphaned"]),
    )
    new_file = replace(afile, sha256=sha256_of(text)).with_annotations(
        placed[ident][0] for ident in order
    )
    return new_file, report


def _settle(a: Annotation, start: int, end: int, text: str) -> Annotation:
    return replace(a, start=start, end=end, text=text[start:end], orphaned=False)


def _orphan(a: Annotation) -> tuple[Annotation, Status]:
    return replace(a, orphaned=True), "orphaned"


def _nearest_shift(shifts: list[tuple[int, int]], start: int) -> int:
    """The shift of the placed annotation whose old start is nearest ``start`` (0 if none)."""
    if not shifts:
        return 0
    i = bisect_left(shifts, (start, -(2**62)))
    near = [shifts[j] for j in (i - 1, i) if 0 <= j < len(shifts)]
    return min(near, key=lambda s: (abs(s[0] - start), s[0]))[1]


def _occurrences(text: str, needle: str, limit: int) -> list[int]:
    found: list[int] = []
    at = text.find(needle)
    while at != -1 and len(found) < limit:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def _nearby(text: str, needle: str, expected: int, per_side: int) -> list[int]:
    """Up to ``per_side`` occurrences of ``needle`` starting at/after ``expected``, and before."""
    found: list[int] = []
    at = text.find(needle, expected)
    while at != -1 and len(found) < per_side:
        found.append(at)
        at = text.find(needle, at + 1)
    before = 0
    at = text.rfind(needle, 0, expected + len(needle) - 1)
    while at != -1 and before < per_side:
        found.append(at)
        before += 1
        at = text.rfind(needle, 0, at + len(needle) - 1)
    return sorted(set(found))


def _unique_occurrence(text: str, needle: str) -> int | None:
    first = text.find(needle)
    if first == -1 or text.find(needle, first + 1) != -1:
        return None
    return first


def _place(
    a: Annotation, text: str, old_text: str | None, expected: int, convert: bool = True
) -> tuple[Annotation, Status]:
    exact = _nearby(text, a.text, expected, 1 if old_text is None else CONTEXT_OCCURRENCES)
    if exact:
        keys = _exact_keys(a, text, old_text, expected, exact)
        if len(keys) > 1 and keys[0][:2] == keys[1][:2]:
            return _orphan(a)
        at = keys[0][2]
        if keys[0][1] and not _plausible(a, text, at, at + len(a.text), old_text):
            return _orphan(a)  # same words, different surroundings: another passage
        return _settle(a, at, at + len(a.text), text), "moved"
    for newline in ("\n", "\r\n") if convert else ():  # the other newline convention
        converted = _lf(a.text).replace("\n", newline)
        if converted != a.text:
            moved = _place(replace(a, text=converted), text, old_text, expected, convert=False)
            if moved[1] != "orphaned":
                return moved[0], "fuzzy"
    if len(a.text) < FUZZY_MIN_LENGTH:
        return _orphan(a)
    candidates = _fuzzy_candidates(a, text, old_text, expected)
    if not candidates:
        return _orphan(a)
    best = candidates[0]
    rivals = [c for c in candidates[1:] if not _same_place(best, c)]
    if rivals and best.score - rivals[0].score < FUZZY_TIE_MARGIN:
        return _orphan(a)
    if not _plausible(a, text, best.start, best.end, old_text):
        return _orphan(a)  # similar words amid other text: another passage, not this one
    return _settle(a, best.start, best.end, text), "fuzzy"


def _exact_keys(
    a: Annotation, text: str, old_text: str | None, expected: int, found: list[int]
) -> list[tuple[float, int, int]]:
    """(-context, distance, start) of exact occurrences, best first. Nearest first, it stops
    once an occurrence has its whole context and the next one is farther away."""
    by_distance = sorted(found, key=lambda at: (abs(at - expected), at))
    keys: list[tuple[float, int, int]] = []
    for i, at in enumerate(by_distance):
        context = _context_score(a, text, at, at + len(a.text), old_text)
        keys.append((-context, abs(at - expected), at))
        after = by_distance[i + 1] if i + 1 < len(by_distance) else None
        if context == 1.0 and (after is None or abs(after - expected) > abs(at - expected)):
            break
    return sorted(keys)


def _same_place(a: _Candidate, b: _Candidate) -> bool:
    overlap = min(a.end, b.end) - max(a.start, b.start)
    return overlap > 0.5 * min(a.end - a.start, b.end - b.start)


def _context_score(a: Annotation, text: str, start: int, end: int, old_text: str | None) -> float:
    """How much of the old text around ``a`` (up to CONTEXT_CHARS each side, newlines
    normalized) still borders the candidate ``start..end``: 0..1."""
    if old_text is None:
        return 0.0
    before_old = _lf(old_text[max(0, a.start - CONTEXT_CHARS) : a.start])[::-1]
    after_old = _lf(old_text[a.end : a.end + CONTEXT_CHARS])
    before_new = _lf(text[max(0, start - CONTEXT_CHARS) : start])[::-1]
    after_new = _lf(text[end : end + CONTEXT_CHARS])
    agree = _agree(before_old, before_new) + _agree(after_old, after_new)
    return round(agree / (2 * CONTEXT_CHARS), 3)


def _plausible(a: Annotation, text: str, start: int, end: int, old_text: str | None) -> bool:
    """Without the old text, any place is; with it, one side's surroundings must still be
    similar (difflib ratio ≥ PLAUSIBLE_CONTEXT over up to CONTEXT_CHARS, cut to the shorter
    side at a text's edge), so edited quote marks or a fixed typo next to the span do not
    make it another passage, but the same words amid other text do."""
    if old_text is None:
        return True
    before_old = _lf(old_text[max(0, a.start - CONTEXT_CHARS) : a.start])
    before_new = _lf(text[max(0, start - CONTEXT_CHARS) : start])
    after_old = _lf(old_text[a.end : a.end + CONTEXT_CHARS])
    after_new = _lf(text[end : end + CONTEXT_CHARS])
    return _similar_side(before_old[::-1], before_new[::-1]) or _similar_side(after_old, after_new)


def _similar_side(old: str, new: str) -> bool:
    """Context read outwards from the span: similar over the shorter of the two."""
    if not old and not new:
        return True  # both at the edge of their text
    n = min(len(old), len(new))
    return n > 0 and _ratio(old[:n], new[:n]) >= PLAUSIBLE_CONTEXT


def _agree(a: str, b: str) -> int:
    """The length of the common prefix of ``a`` and ``b``."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _lf(value: str) -> str:
    return value.replace("\r\n", "\n")


def _ratio(a: str, b: str) -> float:
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _seed_diagonals(text: str, needle: str) -> list[int]:
    """Likely start positions of ``needle`` in ``text``, from exact hits of its chunks."""
    m = len(needle)
    size = max(3, min(16, m // 6))
    offsets = sorted({*range(0, m - size + 1, size), m - size})
    slack = max(8, m // 4)
    votes: Counter[int] = Counter()
    where: dict[int, list[int]] = {}
    for offset in offsets:
        hits = _occurrences(text, needle[offset : offset + size], MAX_SEED_HITS + 1)
        if len(hits) > MAX_SEED_HITS:
            continue
        for bucket in {(hit - offset) // slack for hit in hits}:
            votes[bucket] += 1
        for hit in hits:
            where.setdefault((hit - offset) // slack, []).append(hit - offset)
    need = 2 if len(offsets) > 1 else 1
    ranked = sorted((-n, bucket) for bucket, n in votes.items() if n >= need)
    return [sorted(where[b])[len(where[b]) // 2] for _, b in ranked[:MAX_FUZZY_CANDIDATES]]


def _fuzzy_candidates(
    a: Annotation, text: str, old_text: str | None, expected: int
) -> list[_Candidate]:
    needle = a.text
    slack = max(8, len(needle) // 4)
    found: dict[tuple[int, int], _Candidate] = {}
    for diagonal in _seed_diagonals(text, needle):
        lo = max(0, diagonal - slack)
        hi = min(len(text), diagonal + len(needle) + slack)
        span = _best_span(text, needle, lo, hi)
        if span is None:
            continue
        start, end, similarity = span
        if similarity < FUZZY_MIN_SIMILARITY:
            continue
        distance = min(1.0, abs(start - expected) / DISTANCE_SCALE)
        score = (
            similarity
            + CONTEXT_WEIGHT * _context_score(a, text, start, end, old_text)
            - DISTANCE_WEIGHT * distance
        )
        found[(start, end)] = _Candidate(start, end, score, similarity)
    return sorted(found.values(), key=lambda c: (-c.score, c.start, c.end))


def _best_span(text: str, needle: str, lo: int, hi: int) -> tuple[int, int, float] | None:
    """The span of ``text[lo:hi]`` most similar to ``needle``: (start, end, similarity)."""
    region = text[lo:hi]
    matcher = SequenceMatcher(None, region, needle, autojunk=False)
    every = [b for b in matcher.get_matching_blocks() if b.size]
    big = [i for i, b in enumerate(every) if b.size >= 3]
    if not big:
        return None
    first_i, last_i = big[0], big[-1]
    while first_i > 0 and _adjacent(every[first_i - 1], every[first_i]):
        first_i -= 1  # small matches right before the first big one belong to the span
    while last_i < len(every) - 1 and _adjacent(every[last_i], every[last_i + 1]):
        last_i += 1
    blocks = every[first_i : last_i + 1]
    first, last = blocks[0], blocks[-1]
    starts = {lo + first.a, lo + max(0, first.a - first.b)}
    tail = len(needle) - last.b - last.size
    ends = {lo + last.a + last.size, min(hi, lo + last.a + last.size + tail)}
    options = [
        (_ratio(text[s:e], needle), -(e - s), s, e) for s in starts for e in ends if e > s
    ]  # fmt: skip
    similarity, _, start, end = max(options)
    return start, end, similarity


def _adjacent(left: Match, right: Match) -> bool:
    """Two matching blocks with at most a few characters between them on both sides."""
    return (
        right.a - (left.a + left.size) <= ADJACENT_GAP
        and right.b - (left.b + left.size) <= ADJACENT_GAP
    )
