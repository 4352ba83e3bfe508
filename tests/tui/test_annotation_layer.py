"""The annotation layer restyles only the lines a change touches, and paints exactly what
painting every annotation afresh paints."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from textual.color import Color

from reader.core.annotations.format import Annotation
from reader.core.project.config import TagSpec
from reader.core.text.offsets import LineIndex
from reader.tui.article.styles import AnnotationLayer, AnnotationLooks
from reader.tui.widgets.article_view import Mark, RowSpans

TEXT = "one two three\nfour five\n\nsix seven eight nine\r\nten\n"
TAGS = [TagSpec("claim", "c", "#2a9fd6"), TagSpec("quote", "q", "#f66151")]
LOOKS = AnnotationLooks(Color(0, 0, 0), TAGS)


@st.composite
def annotations(draw: st.DrawFn) -> Annotation:
    start = draw(st.integers(0, len(TEXT)))
    end = draw(st.integers(start, len(TEXT)))
    return Annotation(
        id=draw(st.sampled_from("abcdefgh")),
        tag=draw(st.sampled_from(["claim", "quote", "unknown"])),
        start=start,
        end=end,
        text=TEXT[start:end],
        orphaned=draw(st.booleans()),
    )


def _fresh(shown: list[Annotation]) -> tuple[dict[int, RowSpans], dict[int, Mark]]:
    rows, marks = AnnotationLayer(LineIndex(TEXT), LOOKS).update(shown)
    return (
        {line: spans for line, spans in rows.items() if spans},
        {line: mark for line, mark in marks.items() if mark is not None},
    )


@settings(max_examples=300)
@given(st.lists(st.lists(annotations(), max_size=6), min_size=1, max_size=5))
def test_updates_paint_what_a_fresh_layer_paints(states: list[list[Annotation]]) -> None:
    layer = AnnotationLayer(LineIndex(TEXT), LOOKS)
    painted: dict[int, RowSpans] = {}
    marks: dict[int, Mark] = {}
    kept: list[Annotation] = []
    for state in states:
        # unchanged annotations stay the same objects, as a session keeps them
        shown = [a for a in kept if a in state] + [a for a in state if a not in kept]
        kept = shown
        rows, changed_marks = layer.update(shown)
        for line, spans in rows.items():
            painted.pop(line, None)
            if spans:
                painted[line] = spans
        for line, mark in changed_marks.items():
            marks.pop(line, None)
            if mark is not None:
                marks[line] = mark
        assert (painted, marks) == _fresh(shown)


def test_a_new_annotation_touches_only_its_lines() -> None:
    layer = AnnotationLayer(LineIndex(TEXT), LOOKS)
    first = Annotation(id="a", tag="claim", start=0, end=3, text="one")
    layer.update([first])
    start = TEXT.index("six")
    second = Annotation(id="b", tag="quote", start=start, end=start + 3, text="six")
    rows, marks = layer.update([first, second])
    assert set(rows) == set(marks) == {3}


def test_nested_tags_of_two_colours_meet_in_the_gutter() -> None:
    outer = Annotation(id="a", tag="claim", start=0, end=13, text=TEXT[:13])
    inner = Annotation(id="b", tag="quote", start=4, end=7, text="two")
    rows, marks = AnnotationLayer(LineIndex(TEXT), LOOKS).update([inner, outer])
    claim, quote = LOOKS.of("claim")[0], LOOKS.of("quote")[0]
    assert rows[0] == [(0, 13, claim), (4, 7, quote)]  # outer first: inner paints over it
    assert marks[0] is not None and marks[0][0] == "┃"
