"""Properties of curation over arbitrary annotations by several authors."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.core.annotations.curation import Side, disagreements, settle, sides
from reader.core.annotations.format import Annotation

AUTHORS = ("alice", "bob", "carol")


@st.composite
def annotations(draw: st.DrawFn) -> list[Annotation]:
    drawn = draw(
        st.lists(
            st.tuples(
                st.sampled_from(AUTHORS),
                st.sampled_from(("quote", "claim", "date")),
                st.integers(0, 40),
                st.integers(0, 15),
                st.booleans(),
            ),
            max_size=12,
        )
    )
    return [
        Annotation(f"i{n}", tag, start, start + size, "x" * size, author=author, orphaned=orphan)
        for n, (author, tag, start, size, orphan) in enumerate(drawn)
    ]


@given(annotations())
def test_every_reading_not_made_by_all_is_offered_once(found: list[Annotation]) -> None:
    authors = {a.author for a in found if not a.orphaned}
    offered = [side for d in disagreements(found) for side in d.sides]
    assert len(offered) == len(set(offered))
    if len(authors) < 2:
        assert offered == []
        return
    expected = [s for s in sides(found) if set(s.authors) != authors]
    assert sorted(offered, key=lambda s: (s.start, s.end, s.tag)) == expected


@given(annotations(), st.data())
def test_settling_every_place_leaves_nothing_to_settle(
    found: list[Annotation], data: st.DataObject
) -> None:
    current = tuple(found)
    for _ in range(len(found) + 1):
        open_places = disagreements(current)
        if not open_places:
            break
        place = open_places[0]
        keep = data.draw(st.sets(st.integers(0, len(place.sides) - 1)))
        settlement = settle(place, keep, "curator")
        untouched = (
            {a.id for a in current} - set(settlement.removed) - {a.id for a in settlement.kept}
        )
        after = settlement.apply(current)
        assert {a.id: a for a in after if a.id in untouched} == {
            a.id: a for a in current if a.id in untouched
        }
        current = after
    assert disagreements(current) == []


def _related(a: Side, b: Side) -> bool:
    """The grouping rule as docs/review.md states it."""
    if (a.start, a.end) == (b.start, b.end):
        return True
    overlap = min(a.end, b.end) - max(a.start, b.start)
    union = max(a.end, b.end) - min(a.start, b.start)
    return overlap > 0 and (a.tag == b.tag or 2 * overlap >= union)


@given(annotations())
def test_places_are_the_connected_groups_of_related_sides(found: list[Annotation]) -> None:
    places = disagreements(found)
    for i, place in enumerate(places):
        for other in places[i + 1 :]:
            assert not any(_related(a, b) for a in place.sides for b in other.sides)
        # connected: every side reaches the first through related sides
        reached = {0}
        while True:
            more = {
                j
                for j, side in enumerate(place.sides)
                if j not in reached and any(_related(side, place.sides[r]) for r in reached)
            }
            if not more:
                break
            reached |= more
        assert reached == set(range(len(place.sides)))
