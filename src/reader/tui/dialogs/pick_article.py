"""A dialog to pick the article shown on the right of the compare screen: the related
articles first (with their score and what they share), then every other article."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.tui.safe import one_line


@dataclass(frozen=True)
class Candidate:
    """An article that can be compared: its path, title, and why it is offered ("" for
    an article that shares nothing)."""

    rel: str
    title: str
    why: str = ""


class PickArticleDialog(ModalScreen[str | None]):
    """Choose an article (``enter``), or none (``escape``); dismisses with its path."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="pick.cancel"),
    ]
    DEFAULT_CSS = """
    PickArticleDialog { align: center middle; }
    PickArticleDialog > Vertical {
        width: 90%; height: 80%; border: round $accent; background: $surface;
    }
    PickArticleDialog OptionList { height: 1fr; }
    """

    def __init__(self, candidates: Sequence[Candidate]) -> None:
        super().__init__()
        self.candidates = list(candidates)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Compare with (enter: pick, escape: cancel)", markup=False)
            options = []
            for c in self.candidates:
                # Titles and paths come from the corpus: shown literally, never as markup.
                prompt = Text(no_wrap=True, overflow="ellipsis")
                prompt.append(one_line(c.rel), style="bold")
                if c.title:
                    prompt.append(f"  {one_line(c.title)}")
                if c.why:
                    prompt.append(f"  · {one_line(c.why)}", style="dim")
                options.append(Option(prompt, id=c.rel))
            yield OptionList(*options, id="pick-list")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Close without a choice."""
        self.dismiss(None)
