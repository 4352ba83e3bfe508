"""The footer: the screen's shown keys on one line, greyed out when they cannot act.

Textual's ``Footer`` mounts a widget per key and recomposes all of them on every
bindings change (each selection change on the article screen), a large part of
opening an article. This bar renders one line of text and redraws only when the
keys it shows change.
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.screen import Screen
from textual.widget import Widget

Row = tuple[str, str, bool]  # key display, description, enabled


class KeyBar(Widget):
    """Keys with ``show=True`` of the screen's active bindings on the left; the app's keys
    (help, quit) and the palette key pinned on the right. When the line is too narrow
    (80 columns), the screen's last keys are dropped whole (``?`` lists them all)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-bar--key", "key-bar--description"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: tuple[Row, ...] = ()
        self._pinned: tuple[Row, ...] = ()

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        rows: list[Row] = []
        pinned: list[Row] = []
        palette: list[Row] = []
        actions: set[str] = set()
        for key, active in screen.active_bindings.items():
            binding = active.binding
            row = (self.app.get_key_display(binding), binding.description, active.enabled)
            if key == self.app.COMMAND_PALETTE_BINDING:
                palette.append(row)
            elif binding.show and binding.action not in actions:
                actions.add(binding.action)
                (pinned if active.node is self.app else rows).append(row)
        if (tuple(rows), (*pinned, *palette)) != (self._rows, self._pinned):
            self._rows, self._pinned = tuple(rows), (*pinned, *palette)
            self.refresh()

    def _item(self, row: Row) -> Text:
        key, description, enabled = row
        dim = Style(dim=not enabled)
        item = Text(no_wrap=True, end="")
        item.append(key, self.get_component_rich_style("key-bar--key") + dim)
        item.append(f" {description}", self.get_component_rich_style("key-bar--description") + dim)
        return item

    def _join(self, rows: tuple[Row, ...]) -> Text:
        line = Text(no_wrap=True, overflow="crop", end="")
        for i, row in enumerate(rows):
            if i:
                line.append("  ")
            line.append_text(self._item(row))
        return line

    def render(self) -> Text:
        """The screen's keys that fit, a gap, then the pinned keys at the right edge."""
        right = self._join(self._pinned)
        width = self.size.width or 80
        rows = self._rows
        left = self._join(rows)
        while rows and 1 + left.cell_len + 2 + right.cell_len > width:
            rows = rows[:-1]  # drop whole keys from the right: never a cut word
            left = self._join(rows)
        line = Text(" ", no_wrap=True, overflow="crop", end="")
        line.append_text(left)
        gap = width - line.cell_len - right.cell_len - 1
        line.append(" " * max(2, gap))
        line.append_text(right)
        return line
