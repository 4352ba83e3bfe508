"""Waiting for the corpus list: its pages arrive from its data thread as messages."""

from __future__ import annotations

import asyncio
from typing import Any

from textual.pilot import Pilot

from reader.tui.app import ReaderApp
from reader.tui.screens.corpus import CorpusScreen, visible_rows
from tests.tui_fixtures import settle


async def listed(pilot: Pilot[Any]) -> list[str]:
    """The paths of the rows on the corpus screen once its count and every visible page
    have arrived (the index worker finished first)."""
    app = pilot.app
    assert isinstance(app, ReaderApp)
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, CorpusScreen)
    rows = screen.rows
    for _ in range(500):
        await pilot.pause()
        last = min(rows.top + rows.size.height, rows.count)
        if (
            screen.up_to_date
            and rows.loaded
            and all(rows.row(i) is not None for i in range(rows.top, last))
        ):
            break
        await asyncio.sleep(0.01)
    else:
        raise AssertionError("the corpus list did not load")
    await pilot.pause()
    return [row.rel for row in visible_rows(screen)]


def status(screen: CorpusScreen) -> str:
    """The corpus screen's status line."""
    return str(screen.query_one("#corpus-count").render())


def header(screen: CorpusScreen) -> str:
    """The column header line."""
    return str(screen.query_one("#corpus-header").render())


def line_of(screen: CorpusScreen, rel: str) -> str:
    """The painted line of ``rel`` (it must be on the screen)."""
    rows = screen.rows
    for y in range(rows.size.height):
        text = rows.render_line(y).text
        if rel[-8:] in text:  # a long path shows its end
            return text
    raise AssertionError(f"{rel} is not on the screen")
