"""The help dialog: every key of the screen underneath, from its live bindings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.tui.keys import bindings_of
from reader.tui.safe import one_line


class HelpDialog(ModalScreen[None]):
    """A scrollable table of keys, what they do, and their ids (``keys:`` in reader.yaml)."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_of("help.")

    def __init__(self, title: str, rows: Sequence[tuple[str, str, bool, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.rows = rows

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, pad_edge=False, expand=True)
        table.add_column("key", style="bold", no_wrap=True)
        table.add_column("action")
        table.add_column("id", style="dim", no_wrap=True)
        for key, description, enabled, ident in self.rows:
            table.add_row(
                Text(one_line(key)),
                Text(one_line(description), style="" if enabled else "dim"),
                Text(one_line(ident)),
            )
        with VerticalScroll(id="help-dialog"):
            yield Static(Text(f"Keys — {self.title_text}", style="bold"), id="help-title")
            yield Static(table, id="help-table")
            yield Static(
                Text(
                    "escape closes · ctrl+p opens the command palette · "
                    "reader.yaml's keys: maps an id to other keys",
                    style="dim",
                )
            )

    def action_close(self) -> None:
        """Close the dialog."""
        self.dismiss(None)
