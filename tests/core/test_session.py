"""EditSession: every change on disk at once, undo/redo across saves."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import yaml

from reader.core.annotations.format import dump
from reader.core.annotations.session import EditSession
from reader.core.corpus.discovery import Corpus
from reader.core.errors import AnnotationFileError, ReaderError
from reader.core.project.layout import Project

RU = "ru/2021-12-29-baiden-putin-vstrecha.txt"


def _session(root: Path) -> tuple[EditSession, Path]:
    corpus = Corpus(Project.open(root))
    document = corpus.document(RU)
    return EditSession(corpus.store, document, "ru"), corpus.project.annotation_path(RU)


def _on_disk(path: Path) -> list[dict[str, object]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return list(data["annotations"])


def test_add_update_delete_undo_redo_on_disk(seed_project: Path) -> None:
    session, path = _session(seed_project)
    text = session.document.text
    start = text.index("10 января")
    quote = session.add("date", start, start + 9, value="2022-01-10")
    assert _on_disk(path) == [
        {
            "id": quote.id,
            "tag": "date",
            "start": start,
            "end": start + 9,
            "text": "10 января",
            "value": date(2022, 1, 10),
            "author": "tester",
            "created": datetime.fromisoformat(str(quote.created)).replace(tzinfo=UTC),
        }
    ]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["sha256"] == session.document.sha256 and data["language"] == "ru"

    session.update(quote.id, note="первое упоминание", tag="claim")
    assert _on_disk(path)[0]["note"] == "первое упоминание"
    assert _on_disk(path)[0]["tag"] == "claim"
    session.delete(quote.id)
    assert _on_disk(path) == []

    assert session.undo()
    assert _on_disk(path)[0]["tag"] == "claim"
    assert session.undo()
    assert _on_disk(path)[0]["tag"] == "date" and "note" not in _on_disk(path)[0]
    assert session.redo() and session.redo()
    assert _on_disk(path) == []
    assert not session.redo()
    assert session.undo() and session.undo() and session.undo()
    assert not session.can_undo


def test_new_change_drops_redo_and_clearing_a_field(seed_project: Path) -> None:
    session, path = _session(seed_project)
    a = session.add("quote", 0, 6, speaker="X")
    session.undo()
    session.add("claim", 1, 2)
    assert not session.can_redo
    assert [entry["tag"] for entry in _on_disk(path)] == ["claim"]
    b = session.add("quote", 2, 4, speaker="Песков")
    session.update(b.id, speaker="")
    assert "speaker" not in _on_disk(path)[1]
    assert a.id not in {e["id"] for e in _on_disk(path)}


def test_links_are_dropped_with_their_target(seed_project: Path) -> None:
    session, path = _session(seed_project)
    claim = session.add("claim", 0, 10)
    condition = session.add("condition", 20, 30, links=(claim.id,))
    assert _on_disk(path)[1]["links"] == [claim.id]
    session.delete(claim.id)
    assert session.get(condition.id).links == ()


def test_bad_input_is_refused_without_writing(seed_project: Path) -> None:
    session, path = _session(seed_project)
    with pytest.raises(ReaderError, match="unknown tag 'bogus'"):
        session.add("bogus", 0, 1)
    with pytest.raises(ReaderError, match="outside the text"):
        session.add("claim", 5, 10**6)
    with pytest.raises(ReaderError, match="outside the text"):
        session.add("claim", 5, 4)
    assert not path.exists()


def test_malformed_file_is_never_overwritten(seed_project: Path) -> None:
    path = Project.open(seed_project).annotation_path(RU)
    path.parent.mkdir(parents=True)
    path.write_text("document: x\nsha256: [unclosed\n", encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(AnnotationFileError) as caught:
        _session(seed_project)
    assert caught.value.line == 3 or caught.value.line == 2
    assert path.read_bytes() == before


def test_at_returns_innermost_first(seed_project: Path) -> None:
    session, _ = _session(seed_project)
    outer = session.add("claim", 0, 50)
    inner = session.add("quote", 10, 20)
    assert [a.id for a in session.at(15)] == [inner.id, outer.id]
    assert [a.id for a in session.at(30)] == [outer.id]
    assert session.at(60) == []


def test_sync_picks_up_changes_from_another_writer(seed_project: Path) -> None:
    mine, _path = _session(seed_project)
    mine.add("claim", 0, 5)
    other, _ = _session(seed_project)
    theirs = other.add("quote", 10, 20)
    assert mine.sync()
    assert theirs.id in {a.id for a in mine.annotations}
    assert not mine.sync()


def test_undo_and_redo_keep_another_writers_fields(seed_project: Path) -> None:
    mine, path = _session(seed_project)
    a = mine.add("claim", 0, 10)
    mine.update(a.id, tag="quote")
    other, _ = _session(seed_project)
    other.update(a.id, speaker="Песков")
    assert mine.sync()
    assert mine.undo()  # tag back to claim; their speaker stays
    assert _on_disk(path)[0]["tag"] == "claim"
    assert _on_disk(path)[0]["speaker"] == "Песков"
    assert mine.redo()
    assert (_on_disk(path)[0]["tag"], _on_disk(path)[0]["speaker"]) == ("quote", "Песков")
    other.sync()
    other.update(a.id, tag="condition")  # they change the field my step changed
    mine.sync()
    assert mine.undo()  # my quote -> claim no longer applies: theirs stands
    assert _on_disk(path)[0]["tag"] == "condition"


def test_undo_of_an_add_keeps_an_entry_someone_edited(seed_project: Path) -> None:
    mine, path = _session(seed_project)
    a = mine.add("claim", 0, 10)
    other, _ = _session(seed_project)
    other.update(a.id, note="keep me")
    mine.sync()
    mine.undo()
    assert [e["note"] for e in _on_disk(path)] == ["keep me"]


def test_stale_document_key_is_corrected_not_followed(seed_project: Path) -> None:
    session, path = _session(seed_project)
    session.add("claim", 0, 5)
    moved = path.parent / "renamed.yaml"
    text_dir = seed_project / "corpus" / "ru"
    (text_dir / "2021-12-29-baiden-putin-vstrecha.txt").rename(text_dir / "renamed.txt")
    path.rename(moved)  # like `git mv` of both: the YAML still says the old document
    corpus = Corpus(Project.open(seed_project))
    renamed = EditSession(corpus.store, corpus.document("ru/renamed.txt"), "ru")
    renamed.add("quote", 6, 10)
    assert not path.exists()
    data = yaml.safe_load(moved.read_text(encoding="utf-8"))
    assert data["document"] == "ru/renamed.txt"
    assert [e["tag"] for e in data["annotations"]] == ["claim", "quote"]


def test_constructing_a_session_only_reads_and_reanchor_is_a_step(
    seed_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess

    from reader.core.annotations.store import Store

    session, path = _session(seed_project)
    start = session.document.text.index("10 января")
    session.add("date", start, start + 9, value="2022-01-10")
    text_path = seed_project / "corpus" / RU
    text_path.write_text("Вставка. " + text_path.read_text(encoding="utf-8"), encoding="utf-8")
    before = path.read_bytes()

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("the constructor looked for old texts, ran git or wrote")

    monkeypatch.setattr(subprocess, "run", forbidden)
    monkeypatch.setattr(Store, "old_text", forbidden)
    monkeypatch.setattr(Store, "save_merging", forbidden)
    fresh, _ = _session(seed_project)
    assert path.read_bytes() == before and fresh.anchoring_report is None
    assert fresh.annotations[0].start == start  # not placed yet
    monkeypatch.undo()
    report = fresh.reanchor()
    assert report is not None and report.changed
    (moved,) = fresh.annotations
    assert moved.start == start + len("Вставка. ") and path.read_bytes() != before


def test_the_same_tag_on_the_same_span_by_the_same_author_is_refused(seed_project: Path) -> None:
    session, path = _session(seed_project)
    first = session.add("claim", 0, 5)
    with pytest.raises(ReaderError, match=rf"already tagged: claim at 0\.\.5 .*{first.id}"):
        session.add("claim", 0, 5)
    other = session.add("quote", 0, 5)
    with pytest.raises(ReaderError, match="already tagged"):
        session.update(other.id, tag="claim")
    assert len(_on_disk(path)) == 2


def test_an_edit_by_another_analyst_records_them_and_keeps_the_author(seed_project: Path) -> None:
    session, path = _session(seed_project)
    mine = session.add("claim", 0, 5)
    session.update(mine.id, note="by the author")
    assert "edited_by" not in _on_disk(path)[0]
    (seed_project / "reader.yaml").write_text("annotator: Боб\n", encoding="utf-8")
    other, _ = _session(seed_project)
    other.update(mine.id, note="by a reviewer")
    (entry,) = _on_disk(path)
    assert entry["author"] == mine.author and entry["edited_by"] == "Боб"
    assert isinstance(entry["edited"], datetime)


def test_date_values_and_the_article_date_follow_the_rulebook(seed_project: Path) -> None:
    session, path = _session(seed_project)
    with pytest.raises(ReaderError, match="value: must be YYYY"):
        session.add("date", 0, 5, value="next blursday")
    with pytest.raises(ReaderError, match="range ends before it starts"):
        session.add("date", 0, 5, value="2022-02/2022-01")
    dated = session.add("date", 0, 5, value="2022-W52")
    with pytest.raises(ReaderError, match="must be YYYY"):
        session.update(dated.id, value="2021-02-29")
    with pytest.raises(ReaderError, match="February 2021 has no day 30"):
        session.set_date("2021-02-30")
    session.set_date("2021-12-29")
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["date"] == date(2021, 12, 29)
    assert "\ndate: 2021-12-29\n" in path.read_text(encoding="utf-8")


def test_accepting_a_fuzzy_placement_clears_its_mark(seed_project: Path) -> None:
    from dataclasses import replace

    session, path = _session(seed_project)
    added = session.add("claim", 0, 5)
    marked = replace(session.file, annotations=(replace(added, anchored="fuzzy", old_text="x"),))
    path.write_text(dump(marked), encoding="utf-8")
    assert session.sync() is True and session.get(added.id).anchored == "fuzzy"
    accepted = session.accept_placement(added.id)
    assert accepted.anchored is None and accepted.old_text is None
    assert "anchored" not in _on_disk(path)[0] and "old_text" not in _on_disk(path)[0]
