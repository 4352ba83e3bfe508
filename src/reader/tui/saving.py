"""Saving off the UI thread: one writer thread, the edit session stays on the UI thread.

A save (``Store.save_merging``: parse the file on disk, merge, dump, fsync, rename)
takes 250–400 ms on a 1,000-annotation file, far more than a frame. ``QueuedSession``
changes its state at once on the UI thread (the view shows it) and hands each new
state, a *candidate* file, to ``Saver``: a single thread that writes candidates in the
order they were made. The writer merges each one with the file on disk against the
last candidate it wrote (their common ancestor), so another writer's changes are kept
and a failed write is retried with the next change. Only ``_write`` runs on the writer
thread, and it touches only ``_written`` (the merge base) and the store; every other
session call stays on the UI thread. ``Saver.drain`` waits for every queued save
(quitting, reopening an article, reloading its text).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from reader.core.annotations.merge import merge
from reader.core.annotations.session import EditSession
from reader.core.errors import ReaderError
from reader.tui.saver import Saver, SaveResult

if TYPE_CHECKING:
    from reader.core.annotations.format import AnnotationFile


class QueuedSession(EditSession):
    """An ``EditSession`` whose saves, once ``attach``-ed, go to a ``Saver``.

    Before ``attach`` (the constructor's re-anchoring save, in the load worker) it saves
    at once like its parent. ``pending`` counts the saves queued and not yet reported
    back through ``finished`` (called on the UI thread with each ``SaveResult``, in order).
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        self._saver: Saver | None = None
        self._report: Callable[[QueuedSession, SaveResult], None] | None = None
        self.pending = 0
        self._last_written: SaveResult | None = None
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._written: AnnotationFile | None = self._base

    def attach(self, saver: Saver, report: Callable[[QueuedSession, SaveResult], None]) -> None:
        """Queue every later save to ``saver``; ``report`` is called on the writer thread
        with each result (it should post a message to the UI)."""
        self._saver, self._report = saver, report

    def _save(self, candidate: AnnotationFile) -> None:
        if self._saver is None:
            super()._save(candidate)
            return
        self._file = candidate  # shown at once; written in order by the saver
        self.conflicts = ()
        self.pending += 1
        self._saver.submit(lambda: self._write(candidate))

    def _write(self, candidate: AnnotationFile) -> None:
        """On the writer thread: merge ``candidate`` into the file on disk."""
        try:
            saved = self.store.save_merging(candidate, self._written)
        except (ReaderError, OSError) as exc:  # AnnotationFileError: the file is left alone
            result = SaveResult(error=exc)
        else:
            self._written = candidate  # the common ancestor of the next candidate and disk
            self.store.remember_text(self.document)
            result = SaveResult(saved, self._stamp())
        if self._report is not None:
            self._report(self, result)

    def finished(self, result: SaveResult) -> bool:
        """On the UI thread, for each result in order; True when the annotations shown
        changed (another writer's changes merged in, shown once nothing is pending)."""
        self.pending -= 1
        if result.saved is not None:
            self.conflicts = result.saved.conflicts
            self._last_written = result
        last = self._last_written
        if self.pending or last is None or last.saved is None:
            return False
        # Nothing queued: the writer is idle for this session, its state can be read.
        self._last_written = None
        self._disk_stamp = last.stamp
        self._base = self._written = last.saved.file
        if result is not last or last.saved.file == self._file:
            return False  # the last save failed: keep the unsaved state, retried next change
        self._file = last.saved.file
        return True

    def sync(self) -> bool:
        """Like ``EditSession.sync``, but never while saves are queued (the file on disk
        is then behind what is shown, and our own writes change its stamp). A change whose
        write failed (the file was broken, the disk full) is not dropped by the reload: it
        is merged with the file on disk and queued again."""
        if self.pending:
            return False
        written = self._written
        unsaved = self._file if self.unsaved else None
        changed = super().sync()
        self._written = self._base
        if unsaved is not None and self._file != unsaved:
            merged = merge(written, unsaved, self._file).file
            if merged.annotations != self._file.annotations:
                self._save(merged)
                return True
        return changed

    @property
    def unsaved(self) -> bool:
        """True when what is shown differs from what was last written (a write failed)."""
        written = self._written.annotations if self._written is not None else ()
        return self._file.annotations != written
