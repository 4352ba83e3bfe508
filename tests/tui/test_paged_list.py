"""The virtual list: only the pages around the rows shown are fetched and kept, only the
rows on screen are painted, and a source replaced mid-way never shows its late rows."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult

from reader.tui.widgets.paged_list import PAGES_KEPT, PagedList, Painted
from tests.tui_fixtures import sync


class Numbers:
    """Rows 0..n-1 as strings; records the pages asked for and the thread asking."""

    def __init__(self, n: int, label: str = "row", gate: threading.Event | None = None) -> None:
        self.n, self.label, self.gate = n, label, gate
        self.pages: list[int] = []
        self.threads: set[str] = set()

    def count(self) -> int:
        return self.n

    def page(self, offset: int, limit: int) -> Sequence[str]:
        if self.gate is not None:
            self.gate.wait(5)
        self.pages.append(offset)
        self.threads.add(threading.current_thread().name)
        return [f"{self.label} {i}" for i in range(offset, min(offset + limit, self.n))]


painted: list[str] = []


def paint(row: str, previous: str | None, width: int) -> Painted:
    painted.append(row)
    heading = (Text("== tens"),) if row.endswith("0") else ()
    return Painted(heading, (Text(row),))


class Host(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.chosen: list[Any] = []

    def compose(self) -> ComposeResult:
        yield PagedList(paint, page_size=10)

    def on_paged_list_chosen(self, message: PagedList.Chosen) -> None:
        self.chosen.append(message.row)


async def settled(pilot: Any, rows: PagedList[Any]) -> None:
    for _ in range(200):
        await pilot.pause()
        if rows.loaded and rows.current is not None and not rows._asked:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the list never settled")


def lines(rows: PagedList[Any]) -> list[str]:
    return ["".join(s.text for s in rows.render_line(y)).rstrip() for y in range(rows.size.height)]


@sync
async def test_only_the_pages_shown_are_fetched_and_rows_painted() -> None:
    app = Host()
    executor = ThreadPoolExecutor(1, thread_name_prefix="test-data")
    source = Numbers(100_000)
    async with app.run_test(size=(40, 8)) as pilot:
        rows = app.query_one(PagedList)
        painted.clear()
        rows.show(source, executor)
        await settled(pilot, rows)
        assert rows.count == 100_000 and source.pages == [0]
        assert lines(rows)[:3] == ["== tens", "row 0", "row 1"]
        assert len(painted) <= 8  # a screenful, not 100,000
        rows.action_last()
        await settled(pilot, rows)
        assert source.pages == [0, 99_990]  # the last page only, none between
        assert lines(rows)[-1] == "row 99999"
        for n in range(1, PAGES_KEPT + 3):
            rows.move_to(n * 1000)
            await settled(pilot, rows)
        assert len(rows._pages) == PAGES_KEPT
        assert source.threads == {"test-data_0"}
    executor.shutdown()


@sync
async def test_a_replaced_source_never_shows_its_rows() -> None:
    app = Host()
    executor = ThreadPoolExecutor(1)
    gate = threading.Event()
    slow = Numbers(50, "old", gate)
    async with app.run_test(size=(40, 8)) as pilot:
        rows = app.query_one(PagedList)
        rows.show(slow, executor)  # its page blocks on the gate
        await pilot.pause()
        rows.show(Numbers(3, "new"), executor)
        gate.set()
        await settled(pilot, rows)
        assert rows.count == 3
        assert [line for line in lines(rows) if line] == ["== tens", "new 0", "new 1", "new 2"]
        await pilot.press("j", "enter")
        assert app.chosen == ["new 1"]
    executor.shutdown()
