"""Snapshots of what the analyst sees, at 80×24 and 160×50 (pytest-textual-snapshot)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from reader.tui.app import ReaderApp
from tests.tui.corpus_host import listed
from tests.tui_fixtures import ARTICLE, app_for, make_edited_project, make_project, settle

RU = "Байден и Путин встретятся 10 января.\n\nПесков сказал: «Посмотрим».\n"
SIZES = [(80, 24), (160, 50)]


@pytest.fixture
def app(tmp_path: Path) -> ReaderApp:
    root = make_project(
        tmp_path / "p",
        {"en/talks.txt": ARTICLE, "ru/vstrecha.txt": RU, "bad/blob.txt": b"\x00\x01binary"},
    )
    return app_for(root)


async def _open_annotated(pilot: Pilot[Any]) -> None:
    app = pilot.app
    assert isinstance(app, ReaderApp)
    await settle(app, pilot)
    app.open_article("en/talks.txt")
    await settle(app, pilot)
    view = app.screen.view  # type: ignore[attr-defined]
    view.move_to(ARTICLE.index("Joe"))
    await pilot.press("q")  # the sentence as a quote
    view.move_to(ARTICLE.index("Smith"))
    await pilot.press("v", "w", "c")  # a claim nested in it
    view.move_to(ARTICLE.index("Second"))
    await pilot.press("s")  # a visible selection
    await settle(app, pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_corpus_screen(snap_compare: Any, app: ReaderApp, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await listed(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_article_screen(snap_compare: Any, app: ReaderApp, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _open_annotated(pilot)
        await pilot.press("f2", "f3")
        pilot.app.screen.view.focus()  # type: ignore[attr-defined]
        await settle(pilot.app, pilot)  # type: ignore[arg-type]

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_edit_dialog(snap_compare: Any, app: ReaderApp, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _open_annotated(pilot)
        pilot.app.screen.view.move_to(ARTICLE.index("Joe"))  # type: ignore[attr-defined]
        await pilot.press("e")
        await pilot.press(*"Pesk")
        await settle(pilot.app, pilot)  # type: ignore[arg-type]

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help(snap_compare: Any, app: ReaderApp, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _open_annotated(pilot)
        await pilot.press("f1")
        await settle(pilot.app, pilot)  # type: ignore[arg-type]

    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_article_light_theme(snap_compare: Any, app: ReaderApp) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        pilot.app.theme = "textual-light"
        await _open_annotated(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_article_with_orphans(snap_compare: Any, tmp_path: Path) -> None:
    app = app_for(make_edited_project(tmp_path / "p"))

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(app, pilot)
        app.open_article("en/talks.txt")
        await settle(app, pilot)
        await pilot.press("f2")
        app.screen.view.focus()  # type: ignore[attr-defined]
        app.clear_notifications()
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=(100, 24), run_before=run_before)


def test_alias_dialog(snap_compare: Any, app: ReaderApp) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(app, pilot)
        app.open_article("ru/vstrecha.txt")
        await settle(app, pilot)
        app.screen.view.move_to(RU.index("Путин"))  # type: ignore[attr-defined]
        await pilot.press("a")
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
