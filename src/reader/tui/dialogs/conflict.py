"""The conflict dialog: an annotation a merge left in conflict, ours and theirs side by
side; one key keeps ours, one theirs, one keeps ours and opens the edit dialog."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.core.annotations.format import Annotation
from reader.tui.article.review import conflict_of, theirs_fields
from reader.tui.keys import bindings_of
from reader.tui.safe import one_line

Choice = str  # "ours", "theirs" or "edit"


def _shown(value: Any) -> Text:
    if value is None or value == ():
        return Text("—", style="dim")
    if isinstance(value, tuple):
        value = ", ".join(str(v) for v in value)
    return Text(one_line(str(value)))


def comparison(annotation: Annotation) -> Table:
    """Each field the two sides disagree on: ours, theirs (literal text)."""
    conflict = conflict_of(annotation) or {}
    table = Table(expand=True, show_edge=False)
    table.add_column("field", style="bold", no_wrap=True)
    table.add_column("ours (kept)", ratio=1)
    table.add_column("theirs", ratio=1)
    deleted_by = conflict.get("deleted_by")
    if deleted_by is not None:
        ours = "deleted" if deleted_by == "ours" else "changed"
        theirs = "deleted" if deleted_by == "theirs" else "changed"
        table.add_row("annotation", Text(ours), Text(theirs))
    for field, value in theirs_fields(conflict).items():
        table.add_row(Text(field), _shown(getattr(annotation, field)), _shown(value))
    return table


class ConflictDialog(ModalScreen[Choice | None]):
    """Dismisses with ``"ours"``, ``"theirs"``, ``"edit"`` (keep ours, then edit), or None."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_of("conflict.")

    def __init__(self, annotation: Annotation) -> None:
        super().__init__()
        self.annotation = annotation

    def compose(self) -> ComposeResult:
        a = self.annotation
        with Vertical(id="conflict-dialog"):
            title = Text(f"merge conflict: {one_line(a.tag)} “{one_line(a.text)[:60]}”")
            yield Static(title, id="conflict-title")
            with VerticalScroll():
                yield Static(comparison(a), id="conflict-table")
            yield Static(
                Text("o keep ours · t take theirs · e keep ours and edit · escape later"),
                id="conflict-keys",
            )

    def action_choose(self, choice: Choice) -> None:
        """Close with the analyst's choice."""
        self.dismiss(choice)

    def action_cancel(self) -> None:
        """Close; the conflict stays."""
        self.dismiss(None)
