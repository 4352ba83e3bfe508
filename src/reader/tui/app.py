"""PLACEHOLDER app until the TUI issue lands."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.widgets import Footer, Static

from reader.core.project import Project


class ReaderApp(App[None]):
    """Placeholder."""

    BINDINGS: ClassVar[list[BindingType]] = [("ctrl+q", "quit", "Quit")]

    def __init__(self, project: Project) -> None:
        super().__init__()
        self.project = project

    def compose(self) -> ComposeResult:
        yield Static("reader", markup=False)
        yield Footer()
