"""The merge by id loses nothing: generated base files and edits on two sides, with ids
drawn from a tiny pool so that both sides often pick the same id for different
annotations."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from reader.core.annotations.format import Annotation, AnnotationFile
from reader.core.annotations.merge import merge

TEXT = "Peskov said the talks will be held on January 10 in Geneva, and nothing more."
IDS = st.sampled_from(["aaaaaa", "bbbbbb", "cccccc", "dddddd", "eeeeee"])


@st.composite
def _annotation(draw: st.DrawFn, ident: str | None = None) -> Annotation:
    start = draw(st.integers(0, len(TEXT) - 1))
    end = draw(st.integers(start, len(TEXT)))
    return Annotation(
        ident or draw(IDS),
        draw(st.sampled_from(["claim", "quote", "date"])),
        start,
        end,
        TEXT[start:end],
        note=draw(st.none() | st.sampled_from(["ours", "theirs", "checked"])),
    )


def _unique(annotations: list[Annotation]) -> tuple[Annotation, ...]:
    by_id: dict[str, Annotation] = {}
    for a in annotations:
        by_id.setdefault(a.id, a)
    return tuple(by_id.values())


@st.composite
def _side(draw: st.DrawFn, base: AnnotationFile) -> tuple[AnnotationFile, list[Annotation]]:
    kept = [a for a in base.annotations if draw(st.integers(0, 4)) != 0]  # some deleted
    notes = st.sampled_from(["ours", "theirs", None])
    changed = [replace(a, note=draw(notes)) if draw(st.booleans()) else a for a in kept]
    taken = {a.id for a in base.annotations}
    added = [a for a in draw(st.lists(_annotation(), max_size=3)) if a.id not in taken]
    added = list(_unique(added))
    return base.with_annotations(_unique([*changed, *added])), added


@given(st.data())
def test_nothing_added_on_either_side_is_lost(data: st.DataObject) -> None:
    base_entries = data.draw(st.lists(_annotation(), max_size=3))
    base = AnnotationFile("a.txt", "0" * 64, "en", _unique(base_entries))
    ours, ours_added = data.draw(_side(base))
    theirs, theirs_added = data.draw(_side(base))
    result = merge(base, ours, theirs)
    ids = [a.id for a in result.file.annotations]
    assert len(ids) == len(set(ids))
    contents = [replace(a, id="", links=()) for a in result.file.annotations]
    for added in (*ours_added, *theirs_added):
        assert replace(added, id="", links=()) in contents, added
    assert merge(base, ours, theirs) == result  # the same in every clone
    if not theirs_added and theirs == base:
        assert result.file == ours
