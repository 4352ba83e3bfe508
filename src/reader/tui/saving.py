"""Saving off the UI thread: a ``Writer`` for the edit session that queues its saves.

A save (``Store.save_merging``: parse the file on disk, merge, dump, fsync, rename)
can take longer than a frame. With a ``QueuedWriter`` plugged in
(``EditSession.use_writer``), the session changes its state at once on the UI thread
(the view shows it) and hands each new state, a *candidate* file, to the writer, which
submits it to ``Saver``: a single thread that writes candidates in the order they were
made. Each one is merged with the file on disk against the last candidate written
(their common ancestor, ``written``), so another writer's changes are kept and a
failed write is retried with the next change, or by ``retry`` (before leaving an
article and on quit): until a later write succeeds, ``failed`` holds the candidate that
is not on disk, and ``unsaved_summary`` says what would be lost. Only ``_write`` runs
on the writer thread, and it touches only ``written``, ``failed`` and the store.
``Saver.drain`` waits for every queued save (quitting, reopening an article, reloading
its text).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from reader.core.annotations.session import EditSession
from reader.core.errors import ReaderError
from reader.core.files.stamp import file_stamp
from reader.tui.saver import Saver, SaveResult

if TYPE_CHECKING:
    from reader.core.annotations.format import AnnotationFile
    from reader.core.annotations.store import Store
    from reader.core.text.document import Document


class QueuedWriter:
    """The session's writes, queued to ``saver``; ``report`` is called on the writer
    thread with each ``SaveResult`` (it should post a message to the UI), and the UI
    hands each result back, in order, to ``finished``."""

    def __init__(self, store: Store, saver: Saver, report: Callable[[SaveResult], None]) -> None:
        self.store = store
        self.saver = saver
        self.report = report
        self.written: AnnotationFile | None = None
        self.pending = 0
        self._last_written: SaveResult | None = None
        # The last candidate whose write failed, with its error; None once a later write
        # succeeded (each candidate holds every change before it).
        self.failed: tuple[Document, AnnotationFile, ReaderError | OSError] | None = None

    def write(self, document: Document, candidate: AnnotationFile) -> None:
        self.pending += 1
        self.saver.submit(lambda: self._write(document, candidate))

    def retry(self) -> bool:
        """Queue the failed candidate again (on the UI thread); False when none failed.
        Its result comes back through ``report`` and ``finished`` like any save."""
        failed = self.failed
        if failed is None:
            return False
        document, candidate, _error = failed
        self.write(document, candidate)
        return True

    def unsaved_summary(self) -> str | None:
        """What would be lost if the failed candidate were dropped now (None: nothing),
        and why it is not saved; read once the saver is drained."""
        failed = self.failed
        if failed is None:
            return None
        _document, candidate, error = failed
        lost = lost_changes(self.written, candidate)
        if not lost:
            return None
        return f"{lost}\nnot saved: {error}"

    def _write(self, document: Document, candidate: AnnotationFile) -> None:
        """On the writer thread: merge ``candidate`` into the file on disk."""
        try:
            saved = self.store.save_merging(candidate, self.written)
        except (ReaderError, OSError) as exc:  # AnnotationFileError: the file is left alone
            self.failed = (document, candidate, exc)
            result = SaveResult(error=exc)
        else:
            self.written = candidate  # the common ancestor of the next candidate and disk
            self.failed = None
            self.store.remember_text(document)
            result = SaveResult(saved, file_stamp(self.store.path_for(document.rel)))
        self.report(result)

    def finished(self, session: EditSession, result: SaveResult) -> bool:
        """On the UI thread, for each result in order; True when the annotations shown
        changed (another writer's changes merged in, shown once nothing is pending)."""
        self.pending -= 1
        if result.saved is not None:
            session.conflicts = result.saved.conflicts
            self._last_written = result
        last = self._last_written
        if self.pending or last is None or last.saved is None:
            return False
        # Nothing queued: the writer is idle for this session, its state can be read.
        self._last_written = None
        self.written = last.saved.file
        show = result is last and last.saved.file != session.file
        session.saved(last.saved, last.stamp, show=show)
        return show


def lost_changes(written: AnnotationFile | None, candidate: AnnotationFile) -> str:
    """The changes in ``candidate`` that are not in ``written``, one line each (tag and
    text, at most ``SHOWN_CHANGES``); empty when there are none."""
    before = written.by_id() if written is not None else {}
    after = candidate.by_id()
    lines = []
    for ident, annotation in after.items():
        if ident not in before:
            lines.append(f"added {annotation.tag} “{_short(annotation.text)}”")
        elif before[ident] != annotation:
            lines.append(f"changed {annotation.tag} “{_short(annotation.text)}”")
    lines.extend(
        f"deleted {a.tag} “{_short(a.text)}”" for ident, a in before.items() if ident not in after
    )
    if len(lines) > SHOWN_CHANGES:
        lines[SHOWN_CHANGES:] = [f"and {len(lines) - SHOWN_CHANGES} more change(s)"]
    return "\n".join(lines)


SHOWN_CHANGES = 8
SHOWN_TEXT = 40


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SHOWN_TEXT else flat[: SHOWN_TEXT - 1] + "…"


class QueuedSession(EditSession):
    """An ``EditSession`` read and re-anchored at once, whose saves, once ``attach``-ed,
    go to a ``QueuedWriter``: the shape the article screen builds in its load worker."""

    def __init__(self, store: Store, document: Document, language: str | None = None) -> None:
        super().__init__(store, document, language)
        self.reanchor()

    def attach(self, saver: Saver, report: Callable[[QueuedSession, SaveResult], None]) -> None:
        """Queue every later save to ``saver``; ``report`` is called on the writer thread
        with each result (it should post a message to the UI)."""
        self.use_writer(QueuedWriter(self.store, saver, lambda result: report(self, result)))

    def finished(self, result: SaveResult) -> bool:
        """``QueuedWriter.finished`` for this session (False before ``attach``)."""
        if not isinstance(self.writer, QueuedWriter):
            return False
        return self.writer.finished(self, result)

    @property
    def pending(self) -> int:
        """Saves queued and not yet reported back through ``finished``."""
        return self.writer.pending

    def retry(self) -> bool:
        """``QueuedWriter.retry``: queue the failed save again (False: nothing failed)."""
        return isinstance(self.writer, QueuedWriter) and self.writer.retry()

    def unsaved_summary(self) -> str | None:
        """``QueuedWriter.unsaved_summary``: what leaving now would lose (None: nothing)."""
        return self.writer.unsaved_summary() if isinstance(self.writer, QueuedWriter) else None
