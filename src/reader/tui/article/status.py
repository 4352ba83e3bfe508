"""The save status of the open article: what the status line says about saving, and
whether its annotation file went bad while open (then nothing is written to it)."""

from __future__ import annotations

from dataclasses import dataclass

from reader.tui.messages import Stamp
from reader.tui.safe import one_line

READ_ONLY = "read-only: annotation file has errors"


@dataclass
class SaveStatus:
    """``state`` is shown in the status line, in red when ``failed``. ``broken`` is why
    the annotation file cannot be read (a git conflict, invalid YAML): the session keeps
    what it had and nothing is written until the file, changed from ``broken_stamp``,
    reads again."""

    state: str = "loading…"
    failed: bool = False
    broken: str | None = None
    broken_stamp: Stamp | None = None

    def saving(self) -> None:
        """A change is queued for the writer."""
        self.state, self.failed = "saving…", False

    def saved(self) -> None:
        """Every change is on disk."""
        self.state, self.failed = "saved", False

    def error(self, problem: object) -> None:
        """A change could not be saved."""
        self.state, self.failed = one_line(f"error: {problem}"), True

    def unreadable(self) -> None:
        """The annotation file could not be read when the article opened: tagging is off."""
        self.state, self.failed = READ_ONLY, True

    def not_opened(self) -> None:
        """The article itself could not be read."""
        self.state, self.failed = "not opened", True

    def break_(self, reason: str, stamp: Stamp | None) -> bool:
        """The annotation file went bad (its stamp now ``stamp``): read-only from now on.
        True the first time (to tell the analyst once)."""
        first = self.broken is None
        self.broken, self.broken_stamp = reason, stamp
        self.unreadable()
        return first

    def mend(self) -> None:
        """The annotation file reads again (or another article was opened)."""
        self.broken = self.broken_stamp = None
