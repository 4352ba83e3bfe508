"""The compare screen on the seed project (the same story in English and Russian): both
articles shown with what they share, the right following the left, tab switching the
active side, tags saved on that side's file, and a link across stored in both files."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from typing import Any

import yaml
from textual.pilot import Pilot

import reader.tui
from reader.core.corpus.links import link_to
from reader.core.project.layout import Project
from reader.tui.dialogs.edit import EditDialog
from reader.tui.dialogs.pick_article import PickArticleDialog
from reader.tui.screens.compare import CompareScreen
from reader.tui.services import Services
from tests.conftest import REPO
from tests.tui.screen_host import Host
from tests.tui_fixtures import make_project, sync

EN = "en/2021-12-29-biden-putin-meeting.txt"
RU = "ru/2021-12-29-baiden-putin-vstrecha.txt"
SIZE = (160, 40)


class CompareHost(Host):
    """The screen host with the app's stylesheet (the key bar docked, one line high)."""

    CSS_PATH = str(Path(reader.tui.__file__).parent / "reader.tcss")


def with_registry(root: Path) -> Path:
    """The seed project with the sample corpus's entities.yaml (Biden = Байден)."""
    shutil.copyfile(REPO / "entities.yaml", root / "entities.yaml")
    return root


async def opened(app: CompareHost, pilot: Pilot[Any]) -> CompareScreen:
    """The compare screen once both sides and their marks are shown."""
    for _ in range(600):
        await pilot.pause()
        screen = app.screen
        if isinstance(screen, CompareScreen) and screen.anchors and not app.workers._workers:
            await pilot.pause()
            return screen
        await asyncio.sleep(0.02)
    raise AssertionError("the compare screen never finished loading")


def on_disk(root: Path, rel: str) -> list[dict[str, Any]]:
    """The annotations in ``rel``'s file (every queued save written first)."""
    path = root / "annotations" / Path(rel).with_suffix(".yaml")
    if not path.exists():
        return []
    return list(yaml.safe_load(path.read_text(encoding="utf-8")).get("annotations") or [])


async def saved(app: CompareHost, pilot: Pilot[Any]) -> None:
    await pilot.pause()
    app.services.saver.drain()
    await pilot.pause()


@sync
async def test_both_articles_with_shared_marks_aligned(seed_project: Path) -> None:
    app = CompareHost(with_registry(seed_project), lambda s: CompareScreen(s, EN, RU))
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(app, pilot)
        left, right = screen.left, screen.right
        assert (left.rel, right.rel) == (EN, RU)
        assert left.view.text.startswith(" date 2021-12-29")
        assert right.view.text.startswith("Байден встретиться")
        # Biden and Байден are one entity through entities.yaml: marked on both sides
        left_names = {left.view.lines.text[s.start : s.end] for s in left.shared}
        right_names = {right.view.lines.text[s.start : s.end] for s in right.shared}
        assert "Biden" in left_names and any(n.startswith("Байден") for n in right_names)
        assert screen.anchors and all(a.marks for a in screen.anchors)
        title = str(screen.query_one("#left-title").render())
        assert title.startswith("▶ " + EN) and "shared" in title


@sync
async def test_right_follows_left_paragraph_by_paragraph(seed_project: Path) -> None:
    app = CompareHost(with_registry(seed_project), lambda s: CompareScreen(s, EN, RU))
    async with app.run_test(size=(160, 16)) as pilot:
        screen = await opened(app, pilot)
        left, right = screen.left.view, screen.right.view
        last = screen.anchors[-1]
        assert last.right > 0  # the right must move for this test to say anything
        row = left.wrapped_document.location_to_offset(left.location_of(last.left)).y
        left.scroll_to(y=row, animate=False, force=True)
        for _ in range(50):
            await pilot.pause()
            if right.scroll_y:
                break
        expected_row = right.wrapped_document.location_to_offset(right.location_of(last.right)).y
        assert round(right.scroll_y) == min(expected_row, round(right.max_scroll_y))
        left.scroll_to(y=0, animate=False, force=True)  # back to the top: so is the right
        for _ in range(50):
            await pilot.pause()
            if not right.scroll_y:
                break
        assert right.scroll_y == 0


@sync
async def test_tab_switches_and_tags_land_on_the_active_side(seed_project: Path) -> None:
    app = CompareHost(with_registry(seed_project), lambda s: CompareScreen(s, EN, RU))
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(app, pilot)
        assert screen.active == "left" and screen.left.view.has_focus
        await pilot.press("tab")
        assert screen.active == "right" and screen.right.view.has_focus
        assert str(screen.query_one("#right-title").render()).startswith("▶ " + RU)
        await pilot.press("s", "q")  # the first sentence of the Russian article: a quote
        await saved(app, pilot)
        [quote] = on_disk(seed_project, RU)
        assert quote["tag"] == "quote" and quote["text"] == "Байден встретиться с Путиным в январе"
        assert on_disk(seed_project, EN) == []
        await pilot.press("u")  # undo on the right side
        await saved(app, pilot)
        assert on_disk(seed_project, RU) == []
        await pilot.press("tab")
        assert screen.active == "left"


@sync
async def test_link_across_is_stored_in_both_files(seed_project: Path) -> None:
    app = CompareHost(with_registry(seed_project), lambda s: CompareScreen(s, EN, RU))
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(app, pilot)
        await pilot.press("L")  # nothing tagged yet: refused, nothing written
        assert "nothing to link" in str(screen.query_one("#compare-status").render())
        await pilot.press(
            "right", "s", "c", "tab", "s", "c", "L"
        )  # the English text starts with a space
        await saved(app, pilot)
        [en] = on_disk(seed_project, EN)
        [ru] = on_disk(seed_project, RU)
        assert en["links"] == [link_to(RU, ru["id"])]
        assert ru["links"] == [link_to(EN, en["id"])]
        status = str(screen.query_one("#compare-status").render())
        assert status.startswith("linked claim") and link_to(RU, ru["id"]) in status
        await pilot.press("L")  # linking twice changes nothing
        await saved(app, pilot)
        assert on_disk(seed_project, EN)[0]["links"] == [link_to(RU, ru["id"])]


@sync
async def test_default_right_is_the_best_related_and_o_picks_another(tmp_path: Path) -> None:
    root = make_project(
        tmp_path / "p",
        {
            EN: (REPO / "corpus" / EN).read_text(encoding="utf-8"),
            RU: (REPO / "corpus" / RU).read_text(encoding="utf-8"),
            "en/weather.txt": "Rain in [bold]Oslo[/] today.\n",
        },
    )
    with_registry(root)
    services = Services(Project.open(root))  # each recognised once, as opening it does
    for rel in (EN, RU):
        document = services.corpus.document(rel)
        services.recognise(document, services.corpus.language_of(document))
    services.saver.shutdown()
    app = CompareHost(root, lambda s: CompareScreen(s, EN))
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(app, pilot)
        assert screen.right.rel == RU
        await pilot.press("O")
        for _ in range(200):
            await pilot.pause()
            if isinstance(app.screen, PickArticleDialog):
                break
            await asyncio.sleep(0.02)
        dialog = app.screen
        assert isinstance(dialog, PickArticleDialog)
        assert [c.rel for c in dialog.candidates] == [RU, "en/weather.txt"]
        await pilot.press("down", "enter")
        for _ in range(300):
            await pilot.pause()
            if screen.right.rel == "en/weather.txt":
                break
            await asyncio.sleep(0.02)
        assert screen.right.view.text == "Rain in [bold]Oslo[/] today.\n"  # literally


@sync
async def test_nothing_related_opens_the_picker(seed_project: Path) -> None:
    app = CompareHost(seed_project, lambda s: CompareScreen(s, EN))  # no entities known yet
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(300):
            await pilot.pause()
            if isinstance(app.screen, PickArticleDialog):
                break
            await asyncio.sleep(0.02)
        dialog = app.screen
        assert isinstance(dialog, PickArticleDialog)
        assert [c.rel for c in dialog.candidates] == [RU]
        await pilot.press("escape")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CompareScreen) and screen.right.document is None
        status = str(screen.query_one("#compare-status").render())
        assert "no related article found" in status


@sync
async def test_the_left_opens_where_the_article_was_left(seed_project: Path) -> None:
    text = (seed_project / "corpus" / EN).read_text(encoding="utf-8")
    cursor = text.index("Prior to this, Kremlin spokesman")
    Services(Project.open(seed_project)).positions.set(EN, cursor)
    app = CompareHost(with_registry(seed_project), lambda s: CompareScreen(s, EN, RU))
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(app, pilot)
        assert screen.left.view.cursor_offset == cursor
        assert screen.right.view.cursor_offset == 0


@sync
async def test_edit_and_delete_act_on_the_right_side(seed_project: Path) -> None:
    app = CompareHost(with_registry(seed_project), lambda s: CompareScreen(s, EN, RU))
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(app, pilot)
        await pilot.press("right", "s", "c")  # a claim on the left, kept throughout
        await pilot.press("tab", "s", "q", "e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, EditDialog)
        assert dialog.annotation.text == "Байден встретиться с Путиным в январе"
        await pilot.press(*"Песков", "enter")
        await saved(app, pilot)
        [quote] = on_disk(seed_project, RU)
        assert quote["speaker"] == "Песков"
        assert app.screen is screen
        await pilot.press("x")
        await saved(app, pilot)
        assert on_disk(seed_project, RU) == []
        [claim] = on_disk(seed_project, EN)
        assert claim["tag"] == "claim"


@sync
async def test_hostile_names_and_texts_are_shown_literally(tmp_path: Path) -> None:
    hostile = "en/[bold red]x[/] [@click=app.quit]y[/].txt"
    root = make_project(
        tmp_path / "p",
        {hostile: "Biden [$accent]met[/] Putin.\n", "ru/b.txt": "Байден \x1b[31mвстретил\n"},
    )
    app = CompareHost(with_registry(root), lambda s: CompareScreen(s, hostile, "ru/b.txt"))
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(300):
            await pilot.pause()
            if app.screen.query("#right-title") and app.screen.right.document is not None:  # type: ignore[attr-defined]
                break
            await asyncio.sleep(0.02)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        assert hostile in str(screen.query_one("#left-title").render())
        assert screen.left.view.text == "Biden [$accent]met[/] Putin.\n"
        assert "\x1b" not in screen.right.view.text  # controls shown as visible stand-ins
        assert app.is_running


@sync
async def test_the_article_movement_keys_move_the_active_side(seed_project: Path) -> None:
    app = CompareHost(with_registry(seed_project), lambda s: CompareScreen(s, EN, RU))
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(app, pilot)
        view = screen.left.view
        view.move_to(0)
        await pilot.press("l", "l")
        assert view.cursor_offset == 2
        await pilot.press("h")
        assert view.cursor_offset == 1
        await pilot.press("right_parenthesis")  # the next sentence's start
        assert view.cursor_offset == view.segments.next_start("sentences", 1)
        await pilot.press("tab", "w")  # on the right side now
        right = screen.right.view
        assert right.cursor_offset == right.segments.next_start("words", 0)
        assert view.cursor_offset == view.segments.next_start("sentences", 1)
