"""The command palette: open an article, toggle panels, export (themes come with Textual)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from reader.tui.safe import one_line

if TYPE_CHECKING:
    from reader.tui.app import ReaderApp


class ReaderCommands(Provider):
    """Commands of the reader app; article titles are literal text."""

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        from reader.tui.app import ReaderApp

        app = self.app
        assert isinstance(app, ReaderApp)
        reader: ReaderApp = app
        commands: list[tuple[str, Callable[[], object], str]] = [
            ("Toggle annotations panel", partial(reader.toggle_panel, "annotations"),
             "Show or hide the article's annotations"),
            ("Toggle entities panel", partial(reader.toggle_panel, "entities"),
             "Show or hide the recognised entities"),
            ("Export annotations as JSONL", partial(reader.export, "jsonl"),
             "Write every annotation to reader-export.jsonl in the project folder"),
            ("Export annotations as CSV", partial(reader.export, "csv"),
             "Write every annotation to reader-export.csv in the project folder"),
        ]  # fmt: skip
        for rel, title in sorted(reader.titles.items()):
            commands.append(
                (one_line(f"Open: {title}"), partial(reader.open_article, rel), one_line(rel))
            )
        return commands

    async def discover(self) -> Hits:
        """The commands shown before typing."""
        for name, callback, help_text in self._commands()[:4]:
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        """Commands matching ``query``."""
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
