"""The one writer thread of the app (``Saver``) and what each save reports (``SaveResult``).

Kept apart from ``saving.QueuedWriter`` so that starting the app does not import the
edit session, the merge and re-anchoring (they load with the first article).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.core.annotations.store import Saved
    from reader.core.errors import ReaderError
    from reader.core.files.stamp import Stamp


class Saver:
    """One thread that runs saves in the order they were queued."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reader-save")
        self._lock = threading.Lock()
        self._closed = False
        self._queued = 0  # jobs submitted and not finished

    @property
    def busy(self) -> bool:
        """True while a save is queued or running (a file read now may miss it)."""
        with self._lock:
            return self._queued > 0

    def submit(self, job: Callable[[], object]) -> None:
        """Queue ``job`` after every job queued before it."""
        with self._lock:
            if self._closed:  # after shutdown (the app is gone): run it here, never drop it
                job()
                return
            self._queued += 1
            self._pool.submit(self._run, job)

    def _run(self, job: Callable[[], object]) -> None:
        try:
            job()
        finally:
            with self._lock:
                self._queued -= 1

    def drain(self) -> None:
        """Block until every job queued so far has run (not on the writer thread)."""
        with self._lock:
            if self._closed:
                return
            done = self._pool.submit(lambda: None)
        done.result()

    def shutdown(self) -> None:
        """Run every queued job, then stop the thread."""
        with self._lock:
            self._closed = True
        self._pool.shutdown(wait=True)


@dataclass(frozen=True)
class SaveResult:
    """One candidate written (``saved``, the file's stamp after) or not (``error``)."""

    saved: Saved | None = None
    stamp: Stamp | None = None
    error: ReaderError | OSError | None = None
