"""The article date dialog: set or correct the date the article was published (the
header ``date:`` of its annotation file), from which relative dates are resolved."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from reader.tui.keys import bindings_of
from reader.tui.safe import literal, one_line


class DateDialog(ModalScreen[str | None]):
    """Dismisses with the typed date ("" clears the date set by hand), or None."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_of("date.")

    def __init__(self, article: str, current: str | None) -> None:
        super().__init__()
        self.article = article
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="date-dialog"):
            yield Static(literal(f"date of {self.article}"), id="date-title")
            yield Input(one_line(self.current or ""), placeholder="YYYY-MM-DD", id="date-value")
            yield Static("enter sets it (empty: clears it) · escape cancels", markup=False)

    def on_mount(self) -> None:
        self.query_one("#date-value", Input).focus()

    @on(Input.Submitted, "#date-value")
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        """Close without changing the date."""
        self.dismiss(None)
