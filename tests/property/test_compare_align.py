"""Paragraph alignment on generated articles: anchors in order on both sides, each
paragraph once, and as many shared marks as the best order-keeping pairing."""

from __future__ import annotations

from functools import cache

from hypothesis import given
from hypothesis import strategies as st

from reader.core.corpus.compare import align, follow
from reader.core.recognition.entities import EntitySpan

NAMES = ("Ann", "Bob", "Cid", "Dan", "Eve")
paragraphs = st.lists(st.frozensets(st.sampled_from(NAMES), max_size=3), max_size=7)


def article(marks: list[frozenset[str]]) -> tuple[str, list[EntitySpan]]:
    """Paragraphs naming the given people (one line each, blank lines between)."""
    text, spans = "", []
    for names in marks:
        line = "Story:"
        for name in sorted(names):
            start = len(text) + len(line) + 1
            spans.append(EntitySpan(start, start + len(name), "PER", name, name, name))
            line += f" {name}"
        text += line + ".\n\n"
    return text, spans


def best_total(left: list[frozenset[str]], right: list[frozenset[str]]) -> int:
    @cache
    def best(i: int, j: int) -> int:
        if i == len(left) or j == len(right):
            return 0
        pair = len(left[i] & right[j])
        return max(best(i + 1, j), best(i, j + 1), pair + best(i + 1, j + 1) if pair else 0)

    return best(0, 0)


@given(paragraphs, paragraphs)
def test_anchors_keep_order_and_share_the_most(
    left_marks: list[frozenset[str]], right_marks: list[frozenset[str]]
) -> None:
    left, left_spans = article(left_marks)
    right, right_spans = article(right_marks)
    anchors = align(left, left_spans, right, right_spans)
    lefts, rights = [a.left for a in anchors], [a.right for a in anchors]
    assert lefts == sorted(set(lefts)) and rights == sorted(set(rights))
    assert all(a.marks for a in anchors)
    assert sum(len(a.marks) for a in anchors) == best_total(left_marks, right_marks)
    followed = [follow(anchors, x) for x in range(len(left) + 1)]
    assert followed == sorted(followed)
