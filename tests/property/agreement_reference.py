"""A literal transcription of Krippendorff's (2004, pp. 251–256) unitized alpha: every
section (unit or gap) of every coder against every section of every other, as printed.
Slow and independent of reader's implementation: the reference the tests compare to."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

Section = tuple[int, int, bool]  # begin, length, valued


def sections(
    units: Sequence[tuple[int, int]], documents: Sequence[tuple[int, int]]
) -> list[Section]:
    """A coder's continuum cut into units and gaps, code point by code point."""
    covered = {p for start, end in units for p in range(start, end)}
    starts = {start for start, _ in units}
    out: list[Section] = []
    for first, last in documents:
        for p in range(first, last):
            valued = p in covered
            new = not out or p == first or out[-1][2] != valued or (valued and p in starts)
            if new:
                out.append((p, 1, valued))
            else:
                begin, length, _ = out[-1]
                out[-1] = (begin, length + 1, valued)
    return out


def delta2(g: Section, h: Section) -> int:
    (bg, lg, wg), (bh, lh, wh) = g, h
    if wg and wh and -lg < bg - bh < lh:
        return (bg - bh) ** 2 + (bg + lg - bh - lh) ** 2
    if wg and not wh and lh - lg >= bg - bh >= 0:
        return lg**2
    if not wg and wh and lg - lh >= bh - bg >= 0:
        return lh**2
    return 0


def alpha_terms(
    coders: Sequence[Sequence[tuple[int, int]]], documents: Sequence[tuple[int, int]]
) -> tuple[Fraction, Fraction]:
    """(uDo, uDe) of one category; units of one coder must not overlap."""
    m = len(coders)
    length = sum(last - first for first, last in documents)
    cut = [sections(units, documents) for units in coders]
    observed = sum(
        delta2(g, h) for i in range(m) for j in range(m) if i != j for g in cut[i] for h in cut[j]
    )
    units = [s for coder in cut for s in coder if s[2]]
    gaps = [s for coder in cut for s in coder if not s[2]]
    n = len(units)
    expected = sum(
        Fraction((n - 1) * (2 * size**3 - 3 * size**2 + size), 3)
        + size**2 * sum(max(0, gl - size + 1) for _, gl, _ in gaps)
        for _, size, _ in units
    )
    denominator = m * length * (m * length - 1) - sum(size * (size - 1) for _, size, _ in units)
    return (
        Fraction(observed, m * (m - 1) * length**2),
        Fraction(2, length) * expected / denominator if denominator else Fraction(0),
    )
