"""Properties of curation over arbitrary annotations by several authors."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.core.annotations.curation import disagreements, settle, sides
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
