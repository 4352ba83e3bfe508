"""The command palette: open an article, the corpus-wide screens, toggle panels, export
(themes come with Textual)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from reader.tui.messages import ArticleChosen, ExportRequested, PanelToggled
from reader.tui.safe import one_line

if TYPE_CHECKING:
    from reader.tui.app import ReaderApp


def highlighted(matcher: Matcher, candidate: str) -> tuple[float, Content]:
    """The score of ``candidate`` and its prompt: plain ``Content`` with the matched letters
    styled. ``Matcher.highlight`` parses the candidate as markup (an article title such as
    ``[@click=app.quit]`` would become an action, ``[link=…]`` a MarkupError)."""
    score, offsets = matcher.fuzzy_search.match(matcher.query, candidate)
    content = Content(candidate)
    for offset in offsets if score > 0 else ():
        if not candidate[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return score, content


class ReaderCommands(Provider):
    """Commands of the reader app; article titles are literal text. A command posts its
    message to the app, which acts on it, or opens a corpus-wide screen."""

    def _actions(self) -> list[tuple[str, Callable[[], object], str]]:
        """The commands that are not an article (shown before typing)."""
        app = cast("ReaderApp", self.app)
        post = app.post_message
        commands: list[tuple[str, Callable[[], object], str]] = [
            ("Toggle annotations panel", partial(post, PanelToggled("annotations")),
             "Show or hide the article's annotations"),
            ("Toggle entities panel", partial(post, PanelToggled("entities")),
             "Show or hide the recognised entities"),
            ("Export annotations as JSONL", partial(post, ExportRequested("jsonl")),
             "Write every annotation to reader-export.jsonl in the project folder"),
            ("Export annotations as CSV", partial(post, ExportRequested("csv")),
             "Write every annotation to reader-export.csv in the project folder"),
            ("Search the corpus", app.action_search,
             "The query language over every article, each match opened in its article"),
            ("Timeline", app.action_timeline, "The dates of the corpus in order"),
            ("Annotations of every article", app.action_annotations,
             "Every annotation of the corpus, grouped by speaker, article or tag"),
            ("Curation", app.action_curation,
             "Walk the places where annotators disagree and settle each"),
        ]  # fmt: skip
        return commands

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        """The actions, then one command per article."""
        app = cast("ReaderApp", self.app)
        commands = self._actions()
        post = app.post_message
        for rel, title in sorted(app.services.titles.items()):
            commands.append(
                (one_line(f"Open: {title}"), partial(post, ArticleChosen(rel)), one_line(rel))
            )
        return commands

    async def discover(self) -> Hits:
        """The commands shown before typing."""
        for name, callback, help_text in self._actions():
            yield DiscoveryHit(Content(name), callback, text=name, help=Content(help_text))  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        """Commands matching ``query``."""
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score, prompt = highlighted(matcher, name)
            if score > 0:
                # ``help`` goes through Content.from_markup too, which passes Content as is.
                yield Hit(score, prompt, callback, text=name, help=Content(help_text))  # type: ignore[arg-type]
