"""The unsaved-changes dialog: a save failed and was retried in vain; leave anyway?

Shown before leaving an article or quitting while ``QueuedSession.unsaved_summary``
names changes that are not on disk. Dismisses with True to discard them and leave,
False to stay (the changes stay on screen and are saved with the next change or retry).
The summary holds annotation text and file names: shown literally, never as markup.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from reader.tui.keys import bindings_of
from reader.tui.safe import literal


class UnsavedDialog(ModalScreen[bool]):
    """Say what would be lost; True: discard and leave, False: stay."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_of("unsaved.")

    def __init__(self, article: str, summary: str) -> None:
        super().__init__()
        self.article = article
        self.summary = summary

    def compose(self) -> ComposeResult:
        with Vertical(id="unsaved-dialog"):
            yield Static(literal(f"{self.article}: changes not saved"), id="unsaved-title")
            yield Static(literal(self.summary), id="unsaved-summary")
            yield Static("Discard them and leave, or stay and fix the problem?", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Stay", variant="primary", id="unsaved-stay", compact=True)
                yield Button("Discard", variant="error", id="unsaved-discard", compact=True)

    def on_mount(self) -> None:
        self.query_one("#unsaved-stay", Button).focus()

    @on(Button.Pressed, "#unsaved-stay")
    def action_stay(self) -> None:
        """Keep the changes and stay."""
        self.dismiss(False)

    @on(Button.Pressed, "#unsaved-discard")
    def action_discard(self) -> None:
        """Drop the changes and leave."""
        self.dismiss(True)
