"""EditSession.apply_changes: several changes as one history step, checked by the
rulebook; a curator's settlement saved through it carries the ``curated`` field."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from reader.core.annotations.curation import disagreements, settle
from reader.core.annotations.session import EditSession
from reader.core.annotations.store import Store
from reader.core.errors import ReaderError
from reader.core.project.layout import Project
from reader.core.text.document import load_document

EN = "en/2021-12-29-biden-putin-meeting.txt"


def _session(root: Path, annotator: str) -> EditSession:
    (root / "reader.yaml").write_text(f"annotator: {annotator}\n", encoding="utf-8")
    project = Project.open(root)
    document = load_document(project.text_path(EN), EN)
    return EditSession(Store(project), document)


def test_a_settlement_is_one_step_and_writes_the_curated_field(seed_project: Path) -> None:
    alice = _session(seed_project, "alice")
    kept = alice.add("claim", 0, 40)
    bob = _session(seed_project, "bob")
    other = bob.add("claim", 0, 30)
    carol = _session(seed_project, "carol")
    place = disagreements(carol.annotations)[0]
    index = next(i for i, side in enumerate(place.sides) if side.end == 40)
    settle(place, (index,), "carol").save(carol)
    assert [a.id for a in carol.annotations] == [kept.id]
    assert carol.get(kept.id).curated == "carol"
    path = seed_project / "annotations" / "en" / "2021-12-29-biden-putin-meeting.yaml"
    text = path.read_text(encoding="utf-8")
    assert "  curated: carol\n" in text and other.id not in text
    assert carol.undo() and not carol.can_undo  # one step
    assert {a.id for a in carol.annotations} == {kept.id, other.id}
    assert carol.get(kept.id).curated is None


def test_apply_changes_checks_each_annotation_and_changes_nothing_on_a_refusal(
    seed_project: Path,
) -> None:
    session = _session(seed_project, "alice")
    first = session.add("claim", 0, 40)
    second = session.add("claim", 50, 60)
    bad = replace(second, curated="evil\x1b[31m")
    with pytest.raises(ReaderError, match="curated: control character"):
        session.apply_changes([(first.id, first, None), (second.id, second, bad)])
    assert {a.id for a in session.annotations} == {first.id, second.id}
    with pytest.raises(ReaderError, match="changed since it was read"):
        session.apply_changes([(first.id, replace(first, note="x"), None)])
    moved = replace(second, start=51)
    with pytest.raises(ReaderError, match="not the text at its span"):
        session.apply_changes([(second.id, second, moved)])
    with pytest.raises(ReaderError, match="unknown tag"):
        session.apply_changes([(second.id, second, replace(second, tag="nope"))])
    assert session.annotations == (first, second)
