"""The corpus-wide screens and the compare screen are reachable from the app: a key and a
palette command each; a chosen passage opens its article selected, with next/previous
match over the search's places."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.tui.commands import ReaderCommands
from reader.tui.screens.annotations import AnnotationsScreen
from reader.tui.screens.article import ArticleScreen
from reader.tui.screens.compare import CompareScreen
from reader.tui.screens.curation import CurationScreen
from reader.tui.screens.passage import PassageChosen
from reader.tui.screens.timeline import TimelineScreen
from tests.tui_fixtures import ARTICLE, app_for, make_project, open_article, settle, sync

REL = "en/talks.txt"
OTHER = "en/other.txt"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "p", {REL: ARTICLE, OTHER: ARTICLE.replace("Joe", "Jim")})


@pytest.mark.parametrize(
    ("key", "screen"),
    [("T", TimelineScreen), ("A", AnnotationsScreen), ("R", CurationScreen)],
)
@sync
async def test_each_corpus_wide_screen_has_a_key_on_the_list_and_in_the_article(
    project: Path, key: str, screen: type
) -> None:
    app = app_for(project)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press(key)
        await settle(app, pilot)
        assert isinstance(app.screen, screen)
        await pilot.press("escape")
        await settle(app, pilot)
        await open_article(app, pilot, REL)
        await pilot.press(key)
        await settle(app, pilot)
        assert isinstance(app.screen, screen)


@sync
async def test_the_palette_offers_every_corpus_wide_screen(project: Path) -> None:
    app = app_for(project)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        provider = ReaderCommands(app.screen)
        names = [hit.text async for hit in provider.discover()]
        for wanted in ("Search the corpus", "Timeline", "Annotations of every article",
                       "Curation"):  # fmt: skip
            assert wanted in names


@sync
async def test_compare_key_opens_the_compare_screen_on_this_article(project: Path) -> None:
    app = app_for(project)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_article(app, pilot, REL)
        await pilot.press("C")
        await settle(app, pilot)
        # No related article in this project: the picker opens over the compare screen.
        [compare] = [s for s in app.screen_stack if isinstance(s, CompareScreen)]
        assert compare.requested[0] == REL


@sync
async def test_a_chosen_passage_opens_selected_and_steps_through_the_matches(
    project: Path,
) -> None:
    app = app_for(project)
    first, second = ARTICLE.index("Joe"), ARTICLE.index("Second")
    matches = ((first, first + 3), (second, second + 6))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.post_message(PassageChosen(REL, *matches[0], matches))
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ArticleScreen) and screen.rel == REL
        assert screen.view.selected_span == matches[0]
        await pilot.press("greater_than_sign")
        assert screen.view.selected_span == matches[1]
        await pilot.press("greater_than_sign")  # nothing after the last: said, kept
        assert screen.view.selected_span == matches[1]
        await pilot.press("less_than_sign")
        assert screen.view.selected_span == matches[0]
        # Chosen again while the article is shown: selected at once.
        app.post_message(PassageChosen(REL, *matches[1], matches))
        await settle(app, pilot)
        assert screen.view.selected_span == matches[1]


@sync
async def test_the_theme_is_remembered_in_the_project(project: Path) -> None:
    app = app_for(project)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.theme != "textual-light"
        app.theme = "textual-light"
        await pilot.pause()
    again = app_for(project)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(again, pilot)
        assert again.theme == "textual-light"
    (project / ".reader" / "theme.json").write_text('"no-such-theme"', encoding="utf-8")
    third = app_for(project)
    async with third.run_test(size=(100, 30)) as pilot:
        await settle(third, pilot)
        assert third.theme != "no-such-theme"
