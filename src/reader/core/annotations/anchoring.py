"""Re-anchoring: move annotations onto an edited text, or orphan them; never guess.

The rule is **never a wrong place**: an annotation is placed only where the evidence
singles out one place; otherwise it is orphaned and kept. For each annotation, in this
order (docs/robustness.md has the reasoning):

1. **kept** — the old offsets still hold exactly ``text`` (and, when the old text is
   known, the surroundings still agree: see ``_plausible``);
2. **moved** — an exact occurrence of ``text`` elsewhere: at the old start shifted
   like the previous annotation or like its nearest placed neighbour, else the only
   one, else — with the old text known — the one whose surroundings agree best with
   the old ones (compared over wider and wider stretches until one wins). Without the
   old text, several occurrences leave nothing to choose by: orphaned;
3. **fuzzy** — an approximate occurrence (difflib similarity ≥ ``FUZZY_MIN_SIMILARITY``,
   texts of ``FUZZY_MIN_LENGTH`` code points or more), cut to whole words without
   surrounding spaces, with real context on one side (``MIN_CONTEXT_CHARS``) when the
   old text is known and without any rival when it is not. It is marked for review:
   ``anchored: fuzzy`` and ``old_text``, the text it was made on;
4. **orphaned** — none of the above, or ambiguous. Orphans keep their last
   offsets and ``text`` and get ``orphaned: true``; they are never dropped.

A change of newline convention alone (CRLF ↔ LF) moves every annotation exactly.
Everything is deterministic: the same inputs give the same placements.
"""

from __future__ import annotations

import re
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
CONTEXT_OCCURRENCES = 16  # with the old text: exact occurrences compared on each side
MAX_SEED_HITS = 64  # a seed chunk found more often than this carries no information
MAX_FUZZY_CANDIDATES = 8
PLAUSIBLE_CONTEXT = 0.5  # similarity of one side's context for a move far from home
MIN_CONTEXT_CHARS = 12  # less old context on a side than this is no evidence for a fuzzy move
WIDER_CONTEXTS = (128, 512, 2048, 8192)  # stretches compared when equal passages tie
MAX_DIFF_WORK = 2_000_000  # line pairs a diff would compare; beyond it, no line diff
ADJACENT_GAP = 3  # small matches this close to a span's big ones extend it
FUZZY_MARK = "fuzzy"  # the ``anchored`` value of an annotation moved by the fuzzy step

Status = Literal["kept", "moved", "fuzzy", "orphaned"]
_UNSPACED = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


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
    score: float  # similarity, plus CONTEXT_WEIGHT × context: nearness counts for nothing


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

    ``old_text`` (the text the annotations were made on, if still known) gives the
    strongest evidence: the edit itself (a line diff of the two texts maps every span
    in an unchanged stretch), then the surroundings of each candidate place.
    """
    if old_text is not None and sha256_of(old_text) != afile.sha256:
        old_text = None
    if old_text is None:
        old_text = _same_text_other_newlines(text, afile.sha256)
    if old_text is not None and old_text != text and _lf(old_text) == _lf(text):
        converted = _reanchor_newlines(afile, text, old_text)
        if converted is not None:
            return converted
    if old_text == text:
        old_text = None  # nothing moved: the offsets and slices alone decide
    unchanged: list[tuple[int, int, int]] | None = None  # diffed when first needed
    placed: dict[str, tuple[Annotation, Status]] = {}
    pending: list[Annotation] = []
    delta = 0  # the shift of the last annotation placed: most edits shift a whole stretch
    for a in afile.sorted().annotations:
        shifted = a.start + delta
        known = _made_on(a, old_text)
        if not a.text:
            inside = a.start <= len(text) and a.end <= len(text)
            placed[a.id] = (_settle(a, a.start, a.start, text), "kept") if inside else _orphan(a)
            continue
        if text[a.start : a.end] == a.text and _plausible(a, text, a.start, a.end, known):
            placed[a.id] = (replace(a, orphaned=False), "kept")
            delta = 0
            continue
        if unchanged is None:
            unchanged = _unchanged_stretches(old_text, text) if old_text is not None else []
        mapped = _through_diff(unchanged, a, known, text)
        if mapped is not None:
            placed[a.id] = (_settle(a, mapped, mapped + len(a.text), text), "moved")
        elif (
            delta
            and shifted >= 0
            and text[shifted : shifted + len(a.text)] == a.text
            and _plausible(a, text, shifted, shifted + len(a.text), known)
        ):
            placed[a.id] = (_settle(a, shifted, shifted + len(a.text), text), "moved")
        elif (unique := _unique_occurrence(text, a.text)) is not None and _plausible(
            a, text, unique, unique + len(a.text), known
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
        known = _made_on(a, old_text)
        expected = a.start + (_nearest_shift(shifts, a.start) if shifts else delta)
        if _exact_at(a, text, expected, known):  # shifted like its nearest placed neighbour
            placed[a.id] = (_settle(a, expected, expected + len(a.text), text), "moved")
        else:
            placed[a.id] = _place(a, text, known, max(0, expected))
        if placed[a.id][1] != "orphaned":
            delta = placed[a.id][0].start - a.start
            insort(shifts, (a.start, delta))
    for a in pending:  # an orphan may now have a neighbour placed after it
        expected = a.start + _nearest_shift(shifts, a.start)
        known = _made_on(a, old_text)
        if placed[a.id][1] == "orphaned" and _exact_at(a, text, expected, known):
            placed[a.id] = (_settle(a, expected, expected + len(a.text), text), "moved")
    return _result(afile, text, placed)


def _unchanged_stretches(old: str, new: str) -> list[tuple[int, int, int]]:
    """(old start, new start, length) of the stretches an edit left as they were: the
    common start and end of the two texts, and between them the lines a line diff
    matches (unless that would take too long: see MAX_DIFF_WORK). Sorted by old start."""
    head = _agree(old, new)
    tail = min(_agree(old[::-1], new[::-1]), len(old) - head, len(new) - head)
    stretches = [(0, 0, head)] if head else []
    old_lines = old[head : len(old) - tail].splitlines(keepends=True)
    new_lines = new[head : len(new) - tail].splitlines(keepends=True)
    old_at, new_at = _line_starts(old_lines, head), _line_starts(new_lines, head)
    repeats = Counter(new_lines)
    if sum(repeats[line] for line in old_lines if not _blank(line)) > MAX_DIFF_WORK:
        old_lines = new_lines = []  # a text repeating its lines thousands of times
    # Blank lines are junk (too common to start a match; still extended over); no other
    # line is, however often it repeats: a text quoting itself must still be diffed.
    matcher = SequenceMatcher(_blank, old_lines, new_lines, autojunk=False)
    for block in matcher.get_matching_blocks():
        if block.size:
            length = old_at[block.a + block.size] - old_at[block.a]
            stretches.append((old_at[block.a], new_at[block.b], length))
    if tail:
        stretches.append((len(old) - tail, len(new) - tail, tail))
    return stretches


def _blank(line: str) -> bool:
    return not line.strip()


def _line_starts(lines: list[str], offset: int) -> list[int]:
    """Where each line starts (and the last one ends), counted from ``offset``."""
    starts = [offset]
    for line in lines:
        starts.append(starts[-1] + len(line))
    return starts


def _through_diff(
    stretches: list[tuple[int, int, int]], a: Annotation, old_text: str | None, text: str
) -> int | None:
    """Where ``a`` starts in ``text`` when an unchanged stretch holds its whole span (and its
    surroundings agree); None otherwise."""
    if not stretches or old_text is None:
        return None
    i = bisect_left(stretches, (a.start + 1,)) - 1
    if i < 0:
        return None
    old_start, new_start, length = stretches[i]
    if a.end > old_start + length:
        return None
    at = new_start + a.start - old_start
    if a.start - CONTEXT_CHARS >= old_start or a.end + CONTEXT_CHARS <= old_start + length:
        return at  # the stretch holds one side's whole context too: it agrees as it was
    return at if _plausible(a, text, at, at + len(a.text), old_text) else None


def _made_on(a: Annotation, old_text: str | None) -> str | None:
    """``old_text`` when ``a``'s offsets refer to it; None for an orphan (its offsets are
    from whatever text it was last found in) or a span a merge brought from another
    version: for these the old surroundings are unknown."""
    if old_text is None or a.orphaned or old_text[a.start : a.end] != a.text:
        return None
    return old_text


def _exact_at(a: Annotation, text: str, at: int, old_text: str | None) -> bool:
    """``a``'s text is at ``at``, in plausible surroundings."""
    end = at + len(a.text)
    return at >= 0 and text[at:end] == a.text and _plausible(a, text, at, end, old_text)


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
            placed[a.id] = (_settle(a, start, end, text), "moved")
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
    if old_text is None:
        exact = _occurrences(text, a.text, 2)
        if len(exact) > 1:
            return _orphan(a)  # equal passages and nothing to tell them apart
    else:
        exact = _nearby(text, a.text, expected, CONTEXT_OCCURRENCES)
    if exact:
        at = _best_exact(a, text, old_text, expected, exact)
        if at is None or not _plausible(a, text, at, at + len(a.text), old_text):
            return _orphan(a)  # a tie, or the same words amid other text: another passage
        return _settle(a, at, at + len(a.text), text), "moved"
    for newline in ("\n", "\r\n") if convert else ():  # the other newline convention
        converted = _lf(a.text).replace("\n", newline)
        if converted != a.text:
            moved, status = _place(
                replace(a, text=converted), text, old_text, expected, convert=False
            )
            if status == "fuzzy":
                return replace(moved, old_text=_first_text(a)), status
            if status == "moved":
                return moved, status
    if len(a.text) < FUZZY_MIN_LENGTH:
        return _orphan(a)
    candidates = _fuzzy_candidates(a, text, old_text)
    if not candidates:
        return _orphan(a)
    best = candidates[0]
    rivals = [c for c in candidates[1:] if not _same_place(best, c)]
    if rivals and (old_text is None or best.score - rivals[0].score < FUZZY_TIE_MARGIN):
        return _orphan(a)  # without the old text, a second similar passage is a tie
    span = _whole_words(text, best.start, best.end)
    if span is None or _ratio(text[span[0] : span[1]], a.text) < FUZZY_MIN_SIMILARITY:
        return _orphan(a)
    start, end = span
    if not _plausible(a, text, start, end, old_text, strict=True):
        return _orphan(a)  # similar words amid other text: another passage, not this one
    marked = replace(a, anchored=FUZZY_MARK, old_text=_first_text(a))
    return _settle(marked, start, end, text), "fuzzy"


def _first_text(a: Annotation) -> str:
    """The text ``a`` was made on: kept from an earlier fuzzy move not yet reviewed."""
    return a.old_text if a.anchored == FUZZY_MARK and a.old_text is not None else a.text


def _is_word_char(ch: str) -> bool:
    """A letter, digit or ``_`` of a script that separates its words with spaces (Chinese
    and Japanese do not: any character boundary there may end a span)."""
    return (ch.isalnum() or ch == "_") and not _UNSPACED.match(ch)


def _whole_words(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``start..end`` without surrounding whitespace, widened or narrowed to whole words
    (whichever is nearer to the span found); None when nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end and start > 0 and _is_word_char(text[start - 1]) and _is_word_char(text[start]):
        back = start
        while back > 0 and _is_word_char(text[back - 1]):
            back -= 1
        forth = start
        while forth < end and _is_word_char(text[forth]):
            forth += 1
        while forth < end and text[forth].isspace():
            forth += 1
        start = back if start - back <= forth - start else forth
    if start < end < len(text) and _is_word_char(text[end - 1]) and _is_word_char(text[end]):
        forth = end
        while forth < len(text) and _is_word_char(text[forth]):
            forth += 1
        back = end
        while back > start and _is_word_char(text[back - 1]):
            back -= 1
        while back > start and text[back - 1].isspace():
            back -= 1
        end = forth if forth - end <= end - back else back
    return (start, end) if start < end else None


def _best_exact(
    a: Annotation, text: str, old_text: str | None, expected: int, found: list[int]
) -> int | None:
    """The exact occurrence the evidence singles out, or None. The only one; else, with
    the old text, the one whose surroundings agree best with the old ones, comparing
    wider stretches (WIDER_CONTEXTS) while the best ones tie. Nearness is no evidence:
    equal passages in equal surroundings are a tie."""
    if len(found) == 1:
        return found[0]
    if old_text is None:
        return None
    tied = found
    for chars in (CONTEXT_CHARS, *WIDER_CONTEXTS):
        if len(tied) == 1:
            break
        scores = {at: _context_score(a, text, at, at + len(a.text), old_text, chars) for at in tied}
        top = max(scores.values())
        tied = sorted(at for at, score in scores.items() if score == top)
    return tied[0] if len(tied) == 1 else None


def _same_place(a: _Candidate, b: _Candidate) -> bool:
    overlap = min(a.end, b.end) - max(a.start, b.start)
    return overlap > 0.5 * min(a.end - a.start, b.end - b.start)


def _context_score(
    a: Annotation,
    text: str,
    start: int,
    end: int,
    old_text: str | None,
    chars: int = CONTEXT_CHARS,
) -> float:
    """How much of the old text around ``a`` (up to ``chars`` each side, newlines
    normalized) still borders the candidate ``start..end``: 0..1."""
    if old_text is None:
        return 0.0
    before_old = _lf(old_text[max(0, a.start - chars) : a.start])[::-1]
    after_old = _lf(old_text[a.end : a.end + chars])
    before_new = _lf(text[max(0, start - chars) : start])[::-1]
    after_new = _lf(text[end : end + chars])
    agree = _agree(before_old, before_new) + _agree(after_old, after_new)
    return round(agree / (2 * chars), 3)


def _plausible(
    a: Annotation, text: str, start: int, end: int, old_text: str | None, strict: bool = False
) -> bool:
    """Do the surroundings of ``start..end`` still look like the old ones around ``a``?

    Without the old text there is nothing to compare: yes. With it, one side must
    agree: the same (up to CONTEXT_CHARS, the text's edge included), or similar (difflib
    ratio ≥ PLAUSIBLE_CONTEXT) over at least MIN_CONTEXT_CHARS of old context. So edited
    quote marks or a fixed typo on one side do not make it another passage, but the same
    words amid other text do. ``strict`` (fuzzy moves): only a similar side with that
    much old context counts; an edge alone (one newline before the end of the text) is
    no evidence for a span whose words changed too.
    """
    if old_text is None:
        return True
    before_old = _lf(old_text[max(0, a.start - CONTEXT_CHARS) : a.start])[::-1]
    before_new = _lf(text[max(0, start - CONTEXT_CHARS) : start])[::-1]
    after_old = _lf(old_text[a.end : a.end + CONTEXT_CHARS])
    after_new = _lf(text[end : end + CONTEXT_CHARS])
    return _similar_side(before_old, before_new, strict) or _similar_side(
        after_old, after_new, strict
    )


def _similar_side(old: str, new: str, strict: bool) -> bool:
    """Context read outwards from the span (see ``_plausible``)."""
    if old == new and not strict:
        return True
    return len(old) >= MIN_CONTEXT_CHARS and _ratio(old, new) >= PLAUSIBLE_CONTEXT


def _agree(a: str, b: str) -> int:
    """The length of the common prefix of ``a`` and ``b`` (a binary search over slice
    comparisons: the wide contexts compared for equal passages run to thousands)."""
    n = min(len(a), len(b))
    if a[:n] == b[:n]:
        return n
    low, high = 0, n  # a[:low] == b[:low] and a[:high] != b[:high]
    while high - low > 1:
        middle = (low + high) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle
    return low


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


def _fuzzy_candidates(a: Annotation, text: str, old_text: str | None) -> list[_Candidate]:
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
        score = similarity + CONTEXT_WEIGHT * _context_score(a, text, start, end, old_text)
        found[(start, end)] = _Candidate(start, end, score)
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
