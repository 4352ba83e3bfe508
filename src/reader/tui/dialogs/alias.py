"""The alias dialog: add a recognised entity's text as an alias of a name in entities.yaml."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, Static

from reader.core.recognition.entities import EntitySpan
from reader.tui.keys import bindings_of
from reader.tui.safe import literal, one_line


class AliasDialog(ModalScreen[tuple[str, str] | None]):
    """Propose the entity's name (editable, completed from the registry's names) and the alias;
    dismisses with ``(name, alias)``, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_of("alias.")

    def __init__(self, span: EntitySpan, names: Sequence[str]) -> None:
        super().__init__()
        self.span = span
        self.names = sorted({one_line(n) for n in names})

    def compose(self) -> ComposeResult:
        span = self.span
        with Vertical(id="alias-dialog"):
            yield Static(literal(f"{span.type} “{span.text}” → entities.yaml"), id="alias-title")
            with Horizontal(classes="field"):
                yield Label("Alias")
                yield Input(one_line(span.text), id="alias-alias", compact=True)
            with Horizontal(classes="field"):
                yield Label("Entity")
                yield Input(
                    one_line(span.canonical or span.value or span.text),
                    id="alias-name",
                    compact=True,
                    suggester=SuggestFromList(self.names, case_sensitive=False),
                )
            yield Static("", id="alias-error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Add", variant="primary", id="alias-add", compact=True)
                yield Button("Cancel", id="alias-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#alias-name", Input).focus()

    @on(Button.Pressed, "#alias-add")
    @on(Input.Submitted)
    def action_add(self) -> None:
        """Dismiss with the name and the alias (both required)."""
        name = self.query_one("#alias-name", Input).value.strip()
        alias = self.query_one("#alias-alias", Input).value.strip()
        if not name or not alias:
            self.query_one("#alias-error", Static).update(
                "both the alias and the entity are needed"
            )
            return
        self.dismiss((name, alias))

    @on(Button.Pressed, "#alias-cancel")
    def action_cancel(self) -> None:
        """Close without changes."""
        self.dismiss(None)
