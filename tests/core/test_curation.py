"""Curation: the disagreements between the authors of a text, and settling them."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.cli import main
from reader.core.annotations.curation import (
    CURATED_KEY,
    curated_by,
    disagreements,
    keep_all,
    settle,
)
from reader.core.annotations.format import Annotation, AnnotationFile, dump, parse
from reader.core.annotations.session import EditSession
from reader.core.annotations.store import Store
from reader.core.project.layout import Project
from reader.core.text.document import load_document


def _a(ident: str, author: str, tag: str, start: int, end: int, **more: object) -> Annotation:
    return Annotation(ident, tag, start, end, "x" * (end - start), author=author, **more)  # type: ignore[arg-type]


TEXT = [
    _a("q1", "alice", "quote", 0, 40),  # agreed
    _a("q2", "bob", "quote", 0, 40),
    _a("d1", "alice", "date", 10, 20),  # inside the agreed quote, alice only: missing
    _a("c1", "alice", "claim", 50, 90),  # same span, different tag
    _a("c2", "bob", "quote", 50, 90),
    _a("s1", "alice", "claim", 100, 130),  # same tag, different span
    _a("s2", "bob", "claim", 105, 140),
    _a("o1", "bob", "date", 200, 210, orphaned=True),  # orphans are not compared
]


def test_disagreements_by_kind() -> None:
    found = disagreements(TEXT)
    assert [(d.kind, d.start, d.end) for d in found] == [
        ("missing", 10, 20),
        ("tag", 50, 90),
        ("span", 100, 140),
    ]
    missing = found[0]
    assert missing.authors == ("alice", "bob")
    assert missing.without(missing.sides[0]) == ("bob",)
    assert [s.tag for s in found[1].sides] == ["claim", "quote"]
    assert (
        "claim 50..90 'xxxx" in found[1].describe() and "by alice (not bob)" in found[1].describe()
    )


def test_a_date_inside_a_disputed_quote_is_its_own_place() -> None:
    found = disagreements([_a("1", "alice", "quote", 0, 100), _a("2", "alice", "date", 10, 20),
                           _a("3", "bob", "quote", 0, 90)])  # fmt: skip
    assert [(d.kind, [s.tag for s in d.sides]) for d in found] == [
        ("span", ["quote", "quote"]),
        ("missing", ["date"]),
    ]


def test_one_author_has_no_disagreements() -> None:
    assert disagreements([_a("1", "alice", "quote", 0, 10), _a("2", "alice", "date", 3, 5)]) == []


@pytest.mark.parametrize(
    ("keep", "left"),
    [((0,), {"c1"}), ((1,), {"c2"}), ((0, 1), {"c1", "c2"}), ((), set())],
)
def test_settling_keeps_one_side_both_or_neither(keep: tuple[int, ...], left: set[str]) -> None:
    (place,) = [d for d in disagreements(TEXT) if d.kind == "tag"]
    settlement = settle(place, keep, "carol")
    after = settlement.apply(TEXT)
    assert {a.id for a in after} == {a.id for a in TEXT} - {"c1", "c2"} | left
    assert all(curated_by(a) == "carol" for a in after if a.id in left)
    assert all(curated_by(a) is None for a in after if a.id not in left)
    # the place is settled; the other two are still open
    assert [d.kind for d in disagreements(after)] == ["missing", "span"]


def test_keep_all_and_a_new_annotation_reopens_the_place() -> None:
    (place,) = [d for d in disagreements(TEXT) if d.kind == "span"]
    after = settle(place, keep_all(place), "carol").apply(TEXT)
    assert [d.kind for d in disagreements(after)] == ["missing", "tag"]
    reopened = disagreements([*after, _a("s3", "bob", "claim", 110, 120)])
    (again,) = [d for d in reopened if d.start >= 100]
    assert [s.annotations[0].id for s in again.sides] == ["s1", "s2", "s3"]


def test_removing_a_side_drops_links_to_it() -> None:
    linked = [*TEXT, _a("n1", "alice", "condition", 300, 310, links=("c2",))]
    (place,) = [d for d in disagreements(linked) if d.kind == "tag"]
    settlement = settle(place, (0,), "carol")
    after = {a.id: a for a in settlement.apply(linked)}
    assert after["n1"].links == ()
    # one change for the session: c2 removed, c1 marked, n1's link dropped
    changes = {ident: (before, new) for ident, before, new in settlement.changes(linked)}
    assert sorted(changes) == ["c1", "c2", "n1"]
    assert changes["c2"] == (linked[4], None)
    assert changes["c1"] == (linked[3], after["c1"]) and curated_by(after["c1"]) == "carol"
    assert changes["n1"] == (linked[-1], after["n1"])


def test_settle_refuses_an_unknown_side() -> None:
    (place, *_) = disagreements(TEXT)
    with pytest.raises(IndexError, match="no side 3"):
        settle(place, (3,), "carol")


def test_the_mark_is_an_ordinary_key_of_the_file() -> None:
    """Written, read back, and so kept by merges and other tools like any unknown key."""
    (place,) = [d for d in disagreements(TEXT) if d.kind == "tag"]
    after = settle(place, (0,), "carol").apply(TEXT)
    afile = AnnotationFile("a.txt", "s", annotations=after)
    text = dump(afile)
    assert f"{CURATED_KEY}: carol" in text
    assert parse(text, Path("a.yaml")) == afile.sorted()
    assert [d.kind for d in disagreements(parse(text, Path("a.yaml")).annotations)] == [
        "missing",
        "span",
    ]


def test_removals_go_through_the_edit_session(seed_project: Path) -> None:
    rel = "corpus/en/2021-12-29-biden-putin-meeting.txt"
    for annotator, end in (("alice", 10), ("bob", 12)):
        (seed_project / "reader.yaml").write_text(f"annotator: {annotator}\n", "utf-8")
        assert main(["tag", str(seed_project / rel), "0", str(end), "claim"]) == 0
    store = Store(Project.open(seed_project))
    document = load_document(seed_project / rel, "en/2021-12-29-biden-putin-meeting.txt")
    session = EditSession(store, document)
    (place,) = disagreements(session.annotations)
    assert place.kind == "span"
    for ident in settle(place, (), "carol").removed:
        session.delete(ident)
    on_disk = store.load("en/2021-12-29-biden-putin-meeting.txt")
    assert on_disk is not None and on_disk.annotations == ()
    # one undo step per removal until the session takes a settlement as one change
    while session.undo():
        pass
    assert len(disagreements(session.annotations)) == 1
