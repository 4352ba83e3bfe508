"""Issue 14 item 5: a failed save stays pending until it succeeds; ``retry`` writes it
once the problem is fixed; the unsaved dialog says what leaving would lose."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import Button, Static

from reader.core.corpus.discovery import Corpus
from reader.core.project.layout import Project
from reader.tui.dialogs.unsaved import UnsavedDialog
from reader.tui.saver import Saver, SaveResult
from reader.tui.saving import QueuedSession, QueuedWriter
from tests.tui_fixtures import sync

EN = "en/2021-12-29-biden-putin-meeting.txt"


def _session(root: Path) -> tuple[QueuedSession, Saver, list[SaveResult]]:
    corpus = Corpus(Project.open(root))
    session = QueuedSession(corpus.store, corpus.document(corpus.find(EN)), "en")
    saver = Saver()
    results: list[SaveResult] = []
    lock = threading.Lock()

    def report(_session: QueuedSession, result: SaveResult) -> None:
        with lock:
            results.append(result)

    session.attach(saver, report)
    return session, saver, results


def _finish(session: QueuedSession, saver: Saver, results: list[SaveResult]) -> None:
    saver.drain()
    while results:
        session.finished(results.pop(0))


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_failed_save_stays_pending_and_retry_writes_it_once_fixed(seed_project: Path) -> None:
    session, saver, results = _session(seed_project)
    folder = seed_project / "annotations" / "en"
    folder.mkdir(parents=True)
    folder.chmod(0o500)  # the save fails: no file can be created there
    try:
        claim = session.add("claim", 17, 22)
        _finish(session, saver, results)
        summary = session.unsaved_summary()
        assert summary is not None and "added claim" in summary and "not saved:" in summary
        assert session.retry()  # still read-only: fails again, still pending
        _finish(session, saver, results)
        assert session.unsaved_summary() is not None
    finally:
        folder.chmod(0o700)
    assert session.retry()
    _finish(session, saver, results)
    assert session.unsaved_summary() is None and not session.retry()
    afile = Corpus(Project.open(seed_project)).store.load(EN)
    assert afile is not None and [a.id for a in afile.annotations] == [claim.id]
    saver.shutdown()


def test_a_failed_save_is_pending_when_its_file_cannot_be_written(seed_project: Path) -> None:
    session, saver, results = _session(seed_project)
    place = seed_project / "annotations" / "en" / "2021-12-29-biden-putin-meeting.yaml"
    place.mkdir(parents=True)  # a folder where the file goes: every write fails
    session.add("claim", 17, 22)
    _finish(session, saver, results)
    writer = session.writer
    assert isinstance(writer, QueuedWriter) and writer.failed is not None
    assert "not a regular file (a folder)" in (session.unsaved_summary() or "")
    place.rmdir()
    assert session.retry()
    _finish(session, saver, results)
    assert session.unsaved_summary() is None and place.is_file()
    saver.shutdown()


class _Host(App[None]):
    def __init__(self, summary: str) -> None:
        super().__init__()
        self.summary = summary
        self.answers: list[bool | None] = []

    def on_mount(self) -> None:
        self.push_screen(UnsavedDialog("en/[b]x[/b].txt", self.summary), self.answers.append)


@pytest.mark.parametrize(
    ("button", "answer"), [("#unsaved-stay", False), ("#unsaved-discard", True)]
)
@sync
async def test_the_unsaved_dialog_shows_what_would_be_lost_literally(
    button: str, answer: bool
) -> None:
    summary = "added claim “[red]Putin[/red] said no”\nnot saved: [Errno 28] No space left"
    app = _Host(summary)
    async with app.run_test() as pilot:
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, UnsavedDialog)
        shown = str(dialog.query_one("#unsaved-summary", Static).render())
        assert "[red]Putin[/red]" in shown and "No space left" in shown
        assert "[b]x[/b]" in str(dialog.query_one("#unsaved-title", Static).render())
        assert dialog.query_one("#unsaved-stay", Button).has_focus
        await pilot.click(button)
        await pilot.pause()
    assert app.answers == [answer]
