"""The footer: the screen's shown keys on one line, greyed out when they cannot act.

Textual's ``Footer`` mounts a widget per key and recomposes all of them on every
bindings change (each selection change on the article screen): 40–80 ms per
change on a 2-core machine, the largest part of opening an article. This bar
renders one line of text and redraws only when the keys it shows change.
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.screen import Screen
from textual.widget import Widget

Row = tuple[str, str, bool]  # key display, description, enabled


class KeyBar(Widget):
    """Keys with ``show=True`` of the screen's active bindings, and the palette key on the right."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-bar--key", "key-bar--description"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: tuple[Row, ...] = ()
        self._palette: Row | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        rows: list[Row] = []
        actions: set[str] = set()
        palette: Row | None = None
        for key, active in screen.active_bindings.items():
            binding = active.binding
            row = (self.app.get_key_display(binding), binding.description, active.enabled)
            if key == self.app.COMMAND_PALETTE_BINDING:
                palette = row
            elif binding.show and binding.action not in actions:
                actions.add(binding.action)
                rows.append(row)
        if (tuple(rows), palette) != (self._rows, self._palette):
            self._rows, self._palette = tuple(rows), palette
            self.refresh()

    def _item(self, row: Row) -> Text:
        key, description, enabled = row
        dim = Style(dim=not enabled)
        item = Text(no_wrap=True, end="")
        item.append(key, self.get_component_rich_style("key-bar--key") + dim)
        item.append(f" {description}", self.get_component_rich_style("key-bar--description") + dim)
        return item

    def render(self) -> Text:
        """The keys (cut at the right when too many), then the palette key at the right edge."""
        line = Text(" ", no_wrap=True, overflow="crop", end="")
        for row in self._rows:
            line.append_text(self._item(row))
            line.append("  ")
        line.rstrip()
        if self._palette is not None:
            palette = self._item(self._palette)
            room = self.size.width - palette.cell_len - 1
            if room > 0:
                line.truncate(room - 1, overflow="ellipsis")
                line.append(" " * (room - line.cell_len + 1))
                line.append_text(palette)
        return line
