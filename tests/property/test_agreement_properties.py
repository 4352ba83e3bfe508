"""Properties of the agreement coefficients against literal per-code-point references."""

from __future__ import annotations

from collections import Counter

import krippendorff
import numpy as np
from hypothesis import assume, given
from hypothesis import strategies as st

from reader.core.annotations.agreement import (
    agreement,
    cohen_kappa,
    group_agreement,
    nominal_alpha,
    unitized_disagreement,
)
from reader.core.annotations.format import Annotation, AnnotationFile
from tests.property.agreement_reference import alpha_terms

TAGS = ("quote", "date")


@st.composite
def disjoint_units(draw: st.DrawFn, documents: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Non-overlapping units, each inside one document (adjacent ones allowed)."""
    units: list[tuple[int, int]] = []
    for first, last in documents:
        cuts = sorted(draw(st.sets(st.integers(first, last), max_size=6)))
        pairs = zip(cuts[::2], cuts[1::2], strict=False)
        units.extend((a, b) for a, b in pairs if a < b)
    return units


@st.composite
def study(draw: st.DrawFn) -> tuple[list[tuple[int, int]], list[list[tuple[int, int]]]]:
    sizes = draw(st.lists(st.integers(1, 25), min_size=1, max_size=3))
    documents, offset = [], 0
    for size in sizes:
        documents.append((offset, offset + size))
        offset += size
    coders = draw(st.lists(disjoint_units(documents), min_size=2, max_size=4))
    return documents, coders


@given(study())
def test_unitized_alpha_equals_the_published_formula(
    data: tuple[list[tuple[int, int]], list[list[tuple[int, int]]]],
) -> None:
    documents, coders = data
    ours = unitized_disagreement(documents, coders)
    assert (ours.observed, ours.expected) == alpha_terms(coders, documents)


@given(study())
def test_identical_coders_agree_perfectly(
    data: tuple[list[tuple[int, int]], list[list[tuple[int, int]]]],
) -> None:
    documents, coders = data
    ours = unitized_disagreement(documents, [coders[0], coders[0]])
    assert ours.observed == 0
    assert ours.alpha in (1.0, None)


spans = st.tuples(st.sampled_from(TAGS), st.integers(0, 30), st.integers(0, 30))


@given(
    st.integers(1, 30),
    st.lists(spans, max_size=6),
    st.lists(spans, max_size=6),
)
def test_kappa_equals_kappa_of_the_digitized_text(
    length: int, first: list[tuple[str, int, int]], second: list[tuple[str, int, int]]
) -> None:
    annotations = [
        Annotation(f"{author}{i}", tag, min(a, b), max(a, b), "", author=author)
        for author, drawn in (("a", first), ("b", second))
        for i, (tag, a, b) in enumerate(drawn)
    ]
    doc = AnnotationFile("t.txt", "s", annotations=tuple(annotations))
    scores = {s.tag: s for s in agreement([doc], {"t.txt": length})}

    def labels(author: str, point: int) -> frozenset[str]:
        return frozenset(
            a.tag for a in annotations if a.author == author and a.start <= point < a.end
        )

    points = [(labels("a", p), labels("b", p)) for p in range(length)]
    for tag, score in scores.items():
        binary = Counter((tag in a, tag in b) for a, b in points)
        assert score.kappa == cohen_kappa(Counter(points) if tag == "*" else binary)
        assert score.characters == length


def _library_alpha(matrix: list[list[float]]) -> float:
    """The `krippendorff` package's nominal alpha: coders × units, NaN for missing."""
    return float(krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal"))


@given(
    st.lists(
        st.tuples(st.lists(st.one_of(st.none(), st.integers(0, 3)), min_size=3, max_size=3),
                  st.integers(1, 3)),
        min_size=1,
        max_size=12,
    )
)  # fmt: skip
def test_nominal_alpha_equals_the_krippendorff_package(
    drawn: list[tuple[list[int | None], int]],
) -> None:
    units = [([v for v in values if v is not None], weight) for values, weight in drawn]
    ours = nominal_alpha(units)
    assume(ours is not None)
    expanded = [values for values, weight in drawn for _ in range(weight)]
    matrix = [[np.nan if u[c] is None else float(u[c]) for u in expanded] for c in range(3)]
    assert abs(ours - _library_alpha(matrix)) < 1e-9


@given(st.integers(1, 30), st.lists(st.tuples(st.sampled_from(("a", "b", "c")), spans), max_size=9))
def test_group_alpha_equals_the_package_on_the_digitized_text(
    length: int, drawn: list[tuple[str, tuple[str, int, int]]]
) -> None:
    annotations = [
        Annotation(f"{i}", tag, min(x, y), max(x, y), "", author=author)
        for i, (author, (tag, x, y)) in enumerate(drawn)
    ]
    scores = {
        g.tag: g
        for g in group_agreement(
            [AnnotationFile("t.txt", "s", annotations=tuple(annotations))], {"t.txt": length}
        )
    }
    assume("*" in scores and scores["*"].alpha is not None)
    authors = scores["*"].authors
    labels: dict[frozenset[str], int] = {}
    matrix = [
        [
            float(labels.setdefault(frozenset(
                a.tag for a in annotations if a.author == author and a.start <= p < a.end
            ), len(labels)))
            for p in range(length)
        ]
        for author in authors
    ]  # fmt: skip
    assert abs(scores["*"].alpha - _library_alpha(matrix)) < 1e-9  # type: ignore[operator]
