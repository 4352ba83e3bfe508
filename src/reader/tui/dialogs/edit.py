"""The edit dialog for one annotation: tag, speaker, note, value and links."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, Select, SelectionList, Static

from reader.core.annotations import Annotation
from reader.core.config import TagSpec
from reader.tui.safe import literal, one_line


def date_problem(tag: str, value: str) -> str | None:
    """Why ``value`` is not acceptable for ``tag`` (dates must be ISO YYYY-MM-DD)."""
    if tag != "date" or not value:
        return None
    try:
        date.fromisoformat(value)
    except ValueError:
        return f"value must be an ISO date like 2022-01-10, not {one_line(value)!r}"
    if len(value) != 10:
        return "value must be written YYYY-MM-DD"
    return None


class EditDialog(ModalScreen[dict[str, Any] | None]):
    """Edit one annotation; dismisses with the changed fields, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="edit.cancel"),
        Binding("ctrl+s", "save", "Save", id="edit.save"),
    ]

    def __init__(
        self,
        annotation: Annotation,
        tags: Sequence[TagSpec],
        speakers: Sequence[str],
        others: Sequence[Annotation],
    ) -> None:
        super().__init__()
        self.annotation = annotation
        self.tags = tags
        self.speakers = sorted({s for s in speakers if s})
        self.others = [o for o in others if o.id != annotation.id]

    def compose(self) -> ComposeResult:
        a = self.annotation
        with Vertical(id="edit-dialog"):
            yield Static(literal(f"“{a.text}”"), id="edit-text")
            with Horizontal(classes="field"):
                yield Label("Tag")
                yield Select(
                    [(Text(t.name, style=t.colour), t.name) for t in self.tags],
                    value=a.tag,
                    allow_blank=False,
                    compact=True,
                    id="edit-tag",
                )
            with Horizontal(classes="field"):
                yield Label("Speaker")
                yield Input(
                    a.speaker or "",
                    id="edit-speaker",
                    compact=True,
                    suggester=SuggestFromList(self.speakers, case_sensitive=False),
                )
            with Horizontal(classes="field"):
                yield Label("Note")
                yield Input(a.note or "", id="edit-note", compact=True)
            with Horizontal(classes="field"):
                yield Label("Value")
                yield Input(
                    a.value or "", placeholder="YYYY-MM-DD for dates", id="edit-value", compact=True
                )
            if self.others:
                yield Label("Links", id="edit-links-label")
                yield SelectionList[str](
                    *[
                        (literal(f"{o.tag}: {o.text}"[:70]), o.id, o.id in a.links)
                        for o in self.others
                    ],
                    id="edit-links",
                    compact=True,
                )
            yield Static("", id="edit-error", markup=False)
            with Horizontal(id="edit-buttons"):
                yield Button("Save", variant="primary", id="edit-save", compact=True)
                yield Button("Cancel", id="edit-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#edit-speaker", Input).focus()

    @on(Button.Pressed, "#edit-save")
    @on(Input.Submitted)
    def action_save(self) -> None:
        """Validate and dismiss with the changed fields."""
        tag = str(self.query_one("#edit-tag", Select).value)
        value = self.query_one("#edit-value", Input).value.strip()
        problem = date_problem(tag, value)
        if problem:
            self.query_one("#edit-error", Static).update(problem)
            self.query_one("#edit-value", Input).focus()
            return
        fields: dict[str, Any] = {
            "tag": tag,
            "speaker": self.query_one("#edit-speaker", Input).value.strip(),
            "note": self.query_one("#edit-note", Input).value.strip(),
            "value": value,
        }
        if self.others:
            chosen = set(self.query_one("#edit-links", SelectionList).selected)
            kept_external = [x for x in self.annotation.links if "#" in x]
            fields["links"] = tuple(kept_external + [o.id for o in self.others if o.id in chosen])
        self.dismiss(fields)

    @on(Button.Pressed, "#edit-cancel")
    def action_cancel(self) -> None:
        """Close without changes."""
        self.dismiss(None)
