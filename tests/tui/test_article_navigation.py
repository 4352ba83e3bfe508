"""Pilot tests of the article's navigation: start/end, find with next/previous, and a
message (not only a bell) when a key has nothing to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.tui.app import ReaderApp
from tests.tui_fixtures import ARTICLE, app_for, make_project, open_article, settle, sync

REL = "en/talks.txt"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "p", {REL: ARTICLE})


def said(app: ReaderApp) -> list[str]:
    return [n.message for n in app._notifications]


@sync
async def test_g_and_shift_g_go_to_the_start_and_the_end(project: Path) -> None:
    app = app_for(project)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(app, pilot, REL)
        await pilot.press("G")
        assert screen.view.cursor_offset == len(ARTICLE)
        await pilot.press("g")
        assert screen.view.cursor_offset == 0


@sync
async def test_find_selects_the_next_place_and_steps_through_every_one(project: Path) -> None:
    app = app_for(project)
    places = [i for i in range(len(ARTICLE)) if ARTICLE.lower().startswith("se", i)]
    assert len(places) >= 2
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(app, pilot, REL)
        await pilot.press("slash")
        find = screen.query_one("#find")
        assert find.display and find.has_focus
        await pilot.press("S", "e", "enter")  # any case; typed letters are not tag keys here
        await settle(app, pilot)
        assert (find.display, screen.view.has_focus) == (False, True)
        assert screen.annotations == ()
        assert screen.view.selected_span == (places[0], places[0] + 2)
        await pilot.press("greater_than_sign")
        assert screen.view.selected_span == (places[1], places[1] + 2)
        await pilot.press("less_than_sign")
        assert screen.view.selected_span == (places[0], places[0] + 2)
        await pilot.press("ctrl+f", "z", "q", "x", "enter")
        await settle(app, pilot)
        assert "not found: zqx" in said(app)
        await pilot.press("slash", "escape")  # escape closes the find line, stays here
        assert (find.display, app.screen) == (False, screen)


@sync
async def test_keys_with_nothing_to_do_say_so(project: Path) -> None:
    app = app_for(project)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_article(app, pilot, REL)
        await pilot.press("u", "ctrl+r", "right_square_bracket", "greater_than_sign")
        await settle(app, pilot)
        messages = said(app)
        for wanted in ("nothing to undo", "nothing to redo", "no annotation yet",
                       "no search to step through"):  # fmt: skip
            assert wanted in messages
