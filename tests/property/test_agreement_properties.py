"""Properties of the agreement coefficients against literal per-code-point references."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from reader.core.annotations.agreement import agreement, cohen_kappa, unitized_disagreement
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
