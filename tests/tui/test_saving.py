"""The TUI's queued saves: a change whose write failed is never dropped by a reload."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from reader.core.annotations.session import EditSession
from reader.core.corpus.discovery import Corpus
from reader.core.project.layout import Project
from reader.tui.saver import Saver, SaveResult
from reader.tui.saving import QueuedSession, QueuedWriter

EN = "en/2021-12-29-biden-putin-meeting.txt"


def _queued(root: Path) -> tuple[EditSession, Saver, list[SaveResult]]:
    """A session read (and re-anchored) as in the load worker, then given a QueuedWriter
    on the UI thread: the API the article screen uses."""
    corpus = Corpus(Project.open(root))
    session = EditSession(corpus.store, corpus.document(EN), "en")
    session.reanchor()
    saver = Saver()
    results: list[SaveResult] = []
    done = threading.Lock()

    def report(result: SaveResult) -> None:
        with done:
            results.append(result)

    session.use_writer(QueuedWriter(corpus.store, saver, report))
    return session, saver, results


def _finish(session: EditSession, saver: Saver, results: list[SaveResult]) -> None:
    saver.drain()
    writer = session.writer
    assert isinstance(writer, QueuedWriter)
    while results:
        writer.finished(session, results.pop(0))


def _tags_on_disk(root: Path) -> list[str]:
    corpus = Corpus(Project.open(root))
    afile = corpus.store.load(EN)
    return sorted(a.tag for a in afile.annotations) if afile else []


def test_change_made_while_the_file_was_broken_survives_the_repair(seed_project: Path) -> None:
    session, saver, results = _queued(seed_project)
    session.add("claim", 17, 22)
    _finish(session, saver, results)
    path = Project.open(seed_project).annotation_path(EN)
    good = path.read_bytes()
    path.write_bytes(b"<<<<<<< HEAD\n" + good + b"=======\n>>>>>>> theirs\n")
    session.add("quote", 30, 40)  # shown at once; its write fails (the file is left alone)
    _finish(session, saver, results)
    assert session.unsaved
    assert b"<<<<<<<" in path.read_bytes()
    path.write_bytes(good)  # the analyst resolves the conflict
    assert session.sync() is True
    assert sorted(a.tag for a in session.annotations) == ["claim", "quote"]
    _finish(session, saver, results)
    assert _tags_on_disk(seed_project) == ["claim", "quote"]
    assert not session.unsaved
    saver.shutdown()


def test_change_whose_write_failed_survives_another_writer(
    seed_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session, saver, results = _queued(seed_project)
    session.add("claim", 17, 22)
    _finish(session, saver, results)

    def full(*_: object, **__: object) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr("reader.core.annotations.store.atomic_write_text", full)
        session.add("quote", 30, 40)
        _finish(session, saver, results)
    assert session.unsaved
    corpus = Corpus(Project.open(seed_project))
    other = EditSession(corpus.store, corpus.document(EN), "en")
    other.add("date", 50, 60)  # another process saves meanwhile
    assert session.sync() is True
    _finish(session, saver, results)
    assert _tags_on_disk(seed_project) == ["claim", "date", "quote"]
    assert sorted(a.tag for a in session.annotations) == ["claim", "date", "quote"]
    saver.shutdown()


def test_a_queued_session_shows_changes_at_once_and_writes_them_in_order(
    seed_project: Path,
) -> None:
    corpus = Corpus(Project.open(seed_project))
    session = QueuedSession(corpus.store, corpus.document(EN), "en")
    saver = Saver()
    results: list[SaveResult] = []
    session.attach(saver, lambda _session, result: results.append(result))
    first = session.add("claim", 17, 22)
    session.update(first.id, note="one")
    assert session.pending == 2 and session.get(first.id).note == "one"  # shown at once
    saver.drain()
    assert [session.finished(result) for result in results] == [False, False]
    assert session.pending == 0 and not session.unsaved
    (on_disk,) = Corpus(Project.open(seed_project)).store.load(EN).annotations  # type: ignore[union-attr]
    assert on_disk.note == "one"
    saver.shutdown()
