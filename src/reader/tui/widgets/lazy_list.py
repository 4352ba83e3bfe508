"""An option list filled only when it is shown (side panels are hidden by default)."""

from __future__ import annotations

from typing import Generic, TypeVar

from textual.widgets import OptionList

Wanted = TypeVar("Wanted")


class LazyOptionList(OptionList, Generic[Wanted]):
    """``want`` remembers what to list and fills the list only if it is shown; ``catch_up``
    fills it when it is (a tag on a 1,000-annotation article, or opening an article, does
    not rebuild options nobody sees). Subclasses implement ``fill``."""

    _wanted: Wanted | None = None

    def want(self, wanted: Wanted) -> None:
        """List ``wanted``: now if shown, else when ``catch_up`` is called."""
        self._wanted = wanted
        self.catch_up()

    def catch_up(self) -> None:
        """Fill the list with what ``want`` was last given, if it is shown and not yet."""
        if self._wanted is None or not self.display:
            return
        if self.parent is not None and not self.parent.display:
            return
        wanted, self._wanted = self._wanted, None
        self.fill(wanted)

    def fill(self, wanted: Wanted) -> None:
        """Replace the options with ``wanted``."""
        raise NotImplementedError
