"""Pilot tests of the corpus screen: cursor keys, sorting, the filter, progress, 80 columns,
and the reading position kept across a restart."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from textual.pilot import Pilot
from textual.widgets import DataTable, ProgressBar, Static

from reader.core.corpus.discovery import CorpusEntry, Metadata, Skipped
from reader.tui.app import ReaderApp
from reader.tui.screens import corpus
from reader.tui.screens.corpus import CorpusScreen
from reader.tui.services import Services
from tests.tui_fixtures import ARTICLE, app_for, filtered, make_project, open_article, settle, sync

LANGS = "languages: [en, ru]\n"
TEXTS: dict[str, str | bytes] = {
    "en/b-envoy.txt": "date 2022-03-01\nRussian envoy arrives in Paris\n\nHe came by train.\n",
    "en/c-talks.txt": ARTICLE,  # "Talks in Geneva", 2022-01-05
    "ru/a-vstrecha.txt": "date 2021-12-29\nВстреча в Женеве\n\nПесков сказал: «Посмотрим».\n",
}


def paths(table: DataTable[Any]) -> list[str]:
    """The rows' paths, top to bottom."""
    return [str(table.get_row_at(i)[-1]) for i in range(table.row_count)]


def count(screen: CorpusScreen) -> str:
    return str(screen.query_one("#corpus-count", Static).render())


def header(table: DataTable[Any]) -> list[str]:
    return [column.label.plain for column in table.ordered_columns]


async def start(pilot: Pilot[Any]) -> tuple[CorpusScreen, DataTable[Any]]:
    app = pilot.app
    assert isinstance(app, ReaderApp)
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, CorpusScreen)
    return screen, screen.query_one("#articles", DataTable)


def gate_metadata(monkeypatch: pytest.MonkeyPatch, after: int) -> threading.Event:
    """Metadata stops after ``after`` texts until the returned event is set; every text
    is its own batch."""
    original = CorpusScreen._metadata
    gate = threading.Event()
    done = [0]

    def metadata(services: Services, entry: CorpusEntry) -> Metadata | Skipped:
        if done[0] >= after:
            gate.wait(timeout=20)
        done[0] += 1
        return original(services, entry)

    monkeypatch.setattr(CorpusScreen, "_metadata", staticmethod(metadata))
    monkeypatch.setattr(corpus, "BATCH_SECONDS", 0.0)
    return gate


def many(n: int) -> dict[str, str | bytes]:
    """``n`` short texts (one language to detect: they share a text)."""
    texts: dict[str, str | bytes] = {f"en/{i:04d}.txt": "Item\n\nSome words.\n" for i in range(n)}
    texts["bad/blob.txt"] = b"\x00\x01binary"
    return texts


@sync
async def test_j_k_and_arrows_move_the_cursor(tmp_path: Path) -> None:
    app = app_for(make_project(tmp_path / "p", TEXTS, LANGS))
    async with app.run_test(size=(120, 30)) as pilot:
        _, table = await start(pilot)
        order = paths(table)
        assert table.cursor_row == 0
        await pilot.press("j")
        assert table.cursor_row == 1
        await pilot.press("down")
        assert table.cursor_row == 2
        await pilot.press("j", "down")  # the last row stays
        assert table.cursor_row == 2
        await pilot.press("k")
        assert table.cursor_row == 1
        await pilot.press("up", "k", "k")
        assert table.cursor_row == 0
        await pilot.press("j")
        assert table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value == order[1]


@sync
async def test_o_cycles_the_sort_and_shift_o_reverses_it(tmp_path: Path) -> None:
    app = app_for(make_project(tmp_path / "p", TEXTS, LANGS))
    async with app.run_test(size=(160, 30)) as pilot:
        screen, table = await start(pilot)
        assert paths(table) == ["en/b-envoy.txt", "en/c-talks.txt", "ru/a-vstrecha.txt"]
        assert "Path ▲" in header(table)
        await pilot.press("j")  # the cursor stays on its article while the rows move
        await pilot.press("o")  # title: "Russian…", "Talks…", "Встреча…"
        assert screen.sort_column == "title" and not screen.sort_reverse
        assert paths(table) == ["en/b-envoy.txt", "en/c-talks.txt", "ru/a-vstrecha.txt"]
        assert header(table)[0] == "Title ▲" and "Path" in header(table)
        await pilot.press("O")
        assert paths(table) == ["ru/a-vstrecha.txt", "en/c-talks.txt", "en/b-envoy.txt"]
        assert header(table)[0] == "Title ▼"
        assert table.cursor_row == 1  # still en/c-talks.txt
        await pilot.press("o")  # language, ascending again; ties in path order
        assert paths(table) == ["en/b-envoy.txt", "en/c-talks.txt", "ru/a-vstrecha.txt"]
        assert header(table)[:2] == ["Title", "Lang▲"]
        await pilot.press("O")
        assert paths(table) == ["ru/a-vstrecha.txt", "en/b-envoy.txt", "en/c-talks.txt"]
        await pilot.press("o")  # date
        assert paths(table) == ["ru/a-vstrecha.txt", "en/c-talks.txt", "en/b-envoy.txt"]
        assert header(table)[2] == "Date ▲"
        await pilot.press("o")  # path
        assert paths(table) == ["en/b-envoy.txt", "en/c-talks.txt", "ru/a-vstrecha.txt"]
        await pilot.press("o")  # back to title
        assert screen.sort_column == "title"
        assert any("sorted by title ▲" in n.message for n in app._notifications)


@sync
async def test_header_click_sorts_and_a_second_click_reverses(tmp_path: Path) -> None:
    app = app_for(make_project(tmp_path / "p", TEXTS, LANGS))
    async with app.run_test(size=(160, 30)) as pilot:
        screen, table = await start(pilot)
        date_x = sum(c.get_render_width(table) for c in table.ordered_columns[:2]) + 2
        await pilot.click("#articles", offset=(date_x, 0))
        await pilot.pause()
        assert screen.sort_column == "date" and not screen.sort_reverse
        assert paths(table) == ["ru/a-vstrecha.txt", "en/c-talks.txt", "en/b-envoy.txt"]
        await pilot.click("#articles", offset=(date_x, 0))
        await pilot.pause()
        assert screen.sort_reverse
        assert paths(table) == ["en/b-envoy.txt", "en/c-talks.txt", "ru/a-vstrecha.txt"]
        assert header(table)[2] == "Date ▼"


@sync
async def test_filtering_keeps_the_sort_order(tmp_path: Path) -> None:
    texts = dict(TEXTS)
    texts["en/d-summit.txt"] = "date 2022-02-01\nA summit on trade\n\nBody.\n"
    app = app_for(make_project(tmp_path / "p", texts, LANGS))
    async with app.run_test(size=(160, 30)) as pilot:
        screen, table = await start(pilot)
        await pilot.press("o", "O")  # title, descending
        by_title = ["ru/a-vstrecha.txt", "en/c-talks.txt", "en/b-envoy.txt", "en/d-summit.txt"]
        assert paths(table) == by_title
        await pilot.press("slash", *"en/")
        await filtered(pilot, screen, "en/")
        assert paths(table) == [p for p in by_title if p != "ru/a-vstrecha.txt"]
        await pilot.press("backspace", "backspace", "backspace", "t")
        await filtered(pilot, screen, "t")  # every row has a t in its title or path
        assert paths(table) == by_title
        await pilot.press("escape")
        assert paths(table) == by_title
        assert screen.sort_column == "title" and screen.sort_reverse
        assert header(table)[0] == "Title ▼"


@sync
async def test_a_language_code_filters_by_language_only(tmp_path: Path) -> None:
    app = app_for(make_project(tmp_path / "p", TEXTS, LANGS))
    async with app.run_test(size=(120, 30)) as pilot:
        screen, table = await start(pilot)
        await pilot.press("slash", "r", "u")
        await filtered(pilot, screen, "ru")
        assert paths(table) == ["ru/a-vstrecha.txt"]  # not "Russian envoy…"
        assert count(screen).startswith("1 match")
        await pilot.press("s", "s")
        await filtered(pilot, screen, "russ")
        assert paths(table) == ["en/b-envoy.txt"]
        await pilot.press(*["backspace"] * 4, *"lang:en")
        await filtered(pilot, screen, "lang:en")
        assert paths(table) == ["en/b-envoy.txt", "en/c-talks.txt"]
        assert count(screen).startswith("2 match")
        await pilot.press(*["backspace"] * 7, *"geneva", "enter")
        assert screen.filter_text == "geneva"  # enter applies at once
        assert paths(table) == ["en/c-talks.txt"]
        assert screen.focused is table


@sync
async def test_typing_is_applied_once_after_a_pause(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(corpus, "FILTER_SECONDS", 0.5, raising=False)
    app = app_for(make_project(tmp_path / "p", TEXTS, LANGS))
    async with app.run_test(size=(120, 30)) as pilot:
        screen, table = await start(pilot)
        calls: list[int] = []
        show_rows = table.show_rows  # type: ignore[attr-defined]

        def counted(rows: Any) -> None:
            calls.append(len(rows))
            show_rows(rows)

        monkeypatch.setattr(table, "show_rows", counted)
        await pilot.press("slash", *"talks")
        assert screen.filter_text == "" and table.row_count == 3  # not yet
        await filtered(pilot, screen, "talks")
        assert calls == [1] and paths(table) == ["en/c-talks.txt"]
        screen.refresh_entry("en/c-talks.txt")  # a batch that changes no match: no rebuild
        await settle(app, pilot)
        assert calls == [1]


@sync
async def test_a_filter_keystroke_on_1000_rows_measures_no_cells(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Re-adding every row made DataTable measure each cell again (most of the 1–2 s a
    keystroke took at 3,000 rows)."""
    from textual.widgets import _data_table

    app = app_for(make_project(tmp_path / "p", many(1000), LANGS))
    async with app.run_test(size=(120, 30)) as pilot:
        screen, table = await start(pilot)
        measured = [0]
        measure = _data_table.measure

        def counting(*args: Any, **kwargs: Any) -> int:
            measured[0] += 1
            return measure(*args, **kwargs)

        monkeypatch.setattr(_data_table, "measure", counting)
        for query, rows in (("en/0", 1000), ("en/01", 100), ("en/0", 1000), ("", 1001)):
            await pilot.press("slash", *["backspace"] * 5, *query, "enter")
            await filtered(pilot, screen, query)
            await pilot.pause()
            assert table.row_count == rows
        assert measured[0] <= 20, measured  # 120,824 before


@sync
async def test_progress_on_a_large_corpus_then_the_final_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = gate_metadata(monkeypatch, after=200)
    app = app_for(make_project(tmp_path / "p", many(400), LANGS))
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            screen = app.screen
            assert isinstance(screen, CorpusScreen)
            for _ in range(1000):
                if screen.loaded == 200:
                    break
                await asyncio.sleep(0.01)
            await pilot.pause()
            progress = screen.query_one("#progress", ProgressBar)
            assert "loading 200/401" in count(screen)
            assert progress.display and progress.progress == 200 and progress.total == 401
            assert screen.query_one("#articles", DataTable).row_count == 401
            gate.set()
            await settle(app, pilot)
            assert count(screen) == "400 articles · 1 skipped"
            assert not progress.display
    finally:
        gate.set()


@sync
async def test_80_columns_count_progress_and_skipped_reason_are_readable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = gate_metadata(monkeypatch, after=50)
    app = app_for(make_project(tmp_path / "p", many(400), LANGS))
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            screen = app.screen
            assert isinstance(screen, CorpusScreen)
            for _ in range(1000):
                if screen.loaded == 50:
                    break
                await asyncio.sleep(0.01)
            await pilot.press("slash", *"en/00")
            await filtered(pilot, screen, "en/00")
            box = screen.query_one("#corpus-count", Static)
            text = count(screen)
            assert text == "100 match · loading 50/401 · 1 skipped"
            assert box.content_region.width >= cell_len(text)
            progress = screen.query_one("#progress", ProgressBar)
            assert progress.display and progress.region.width >= 10
            assert box.region.right <= progress.region.x <= 80 - progress.region.width
            assert screen.query_one("#filter").region.width >= 12
            gate.set()
            await settle(app, pilot)
            await pilot.press("escape")
            await pilot.pause()
            table = screen.query_one("#articles", DataTable)
            assert paths(table)[0] == "bad/blob.txt"
            lines = [table.render_line(y).text for y in range(4)]
            shown = " ".join(line[: 2 + corpus.TITLE_WIDTH].strip() for line in lines[1:4])
            assert "skipped: binary file (NUL or control bytes), skipped" in shown
    finally:
        gate.set()


@sync
async def test_reading_position_is_kept_after_a_restart(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"en/talks.txt": ARTICLE}, LANGS)
    offset = ARTICLE.index("Second paragraph")
    first = app_for(root)
    async with first.run_test(size=(100, 30)) as pilot:
        screen = await open_article(first, pilot, "en/talks.txt")
        screen.view.move_to(offset)
        await pilot.press("w")  # one word on
        moved = screen.view.cursor_offset
        assert moved > offset
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(first.screen, CorpusScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert not first.is_running
    assert (root / ".reader" / "positions.json").exists()
    second = app_for(root)
    async with second.run_test(size=(100, 30)) as pilot:
        again = await open_article(second, pilot, "en/talks.txt")
        assert again.view.cursor_offset == moved
