"""Pilot tests of the corpus list as a virtual list over the corpus index: the end of a
large index, what stays in memory, a scoped project, and counts after a tag."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.corpus.discovery import Corpus
from reader.core.corpus.index import Metadata
from reader.core.project.layout import Project
from reader.tui.app import ReaderApp
from reader.tui.messages import ArticleChosen
from reader.tui.screens.corpus import CorpusScreen, ListSource
from reader.tui.widgets.paged_list import PAGES_KEPT
from tests.tui.corpus_host import listed, status
from tests.tui_fixtures import ARTICLE, app_for, make_project, settle, sync

LANGS = "languages: [en, ru]\n"


def generated(root: Path, n: int) -> Path:
    """A project of ``n`` short texts, indexed before the app opens (the list then reads
    through a connection of its own)."""
    texts: dict[str, str | bytes] = {
        f"en/{i:05d}.txt": f"Headline number {i}\n\nSome words about item {i}.\n" for i in range(n)
    }
    make_project(root, texts, LANGS)
    Corpus(Project.open(root)).refresh()
    return root


async def widgets_and_pages(app: ReaderApp, size: tuple[int, int], key: str) -> tuple[int, int]:
    async with app.run_test(size=size) as pilot:
        await listed(pilot)
        await pilot.press(key)
        await listed(pilot)
        screen = app.screen
        assert isinstance(screen, CorpusScreen)
        return len(list(screen.walk_children())), len(screen.rows._pages)


@sync
async def test_the_end_of_a_large_index_shows_its_last_rows(tmp_path: Path) -> None:
    root = generated(tmp_path / "p", 2_000)
    app = app_for(root)
    async with app.run_test(size=(100, 30)) as pilot:
        first = await listed(pilot)
        assert first[0] == "en/00000.txt"
        screen = app.screen
        assert isinstance(screen, CorpusScreen)
        assert "1 of 2,000" in status(screen)
        await pilot.press("G")
        shown = await listed(pilot)
        assert shown[-1] == "en/01999.txt" and shown[0] == f"en/{2000 - len(shown):05d}.txt"
        assert "2,000 of 2,000" in status(screen)
        await pilot.press("pageup", "pageup")
        assert screen.rows.cursor < 2000 - len(shown)
        await pilot.press("g")
        assert await listed(pilot) == first


@sync
async def test_widgets_and_pages_kept_do_not_grow_with_the_rows(tmp_path: Path) -> None:
    small = await widgets_and_pages(app_for(generated(tmp_path / "s", 20)), (100, 30), "G")
    large = await widgets_and_pages(app_for(generated(tmp_path / "l", 3_000)), (100, 30), "G")
    assert small[0] == large[0]  # the same widgets whatever the number of rows
    assert large[1] <= PAGES_KEPT


@sync
async def test_a_scope_lists_only_its_folder(tmp_path: Path) -> None:
    ru = "date 2021-12-29\nВстреча в Женеве\n\nПесков сказал: «Посмотрим».\n"
    root = make_project(tmp_path / "p", {"en/talks.txt": ARTICLE, "ru/vstrecha.txt": ru}, LANGS)
    app = ReaderApp(Project.open(root / "corpus" / "ru", scoped=True))
    async with app.run_test(size=(100, 30)) as pilot:
        assert await listed(pilot) == ["ru/vstrecha.txt"]
        screen = app.screen
        assert isinstance(screen, CorpusScreen)
        assert "in ru/" in status(screen)


@sync
async def test_counts_follow_a_tag_made_after_opening_from_the_palette(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"en/talks.txt": ARTICLE}, LANGS)
    app = app_for(root)
    async with app.run_test(size=(120, 30)) as pilot:
        await listed(pilot)
        screen = app.screen
        assert isinstance(screen, CorpusScreen)
        app.post_message(ArticleChosen("en/talks.txt"))  # what the palette posts
        await settle(app, pilot)
        await pilot.press("q", "escape")
        await listed(pilot)
        row = screen.rows.row(0)
        assert row is not None and row.counts == {"quote": 1}


@sync
async def test_a_page_that_cannot_be_read_is_said_and_forgotten_once_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = generated(tmp_path / "p", 5)
    original = ListSource.page
    broken = [True]

    def page(self: ListSource, offset: int, limit: int) -> list[Metadata]:
        if broken[0]:
            raise sqlite3.OperationalError("database disk image is malformed")
        return original(self, offset, limit)

    monkeypatch.setattr(ListSource, "page", page)
    app = app_for(root)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CorpusScreen)
        await pilot.pause(0.2)
        assert "malformed" in status(screen)
        broken[0] = False
        await pilot.press("o")  # the rows fetched again
        assert len(await listed(pilot)) == 5
        assert "malformed" not in status(screen)


def test_reader_with_a_folder_of_the_corpus_opens_the_list_scoped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(tmp_path / "p", {"en/talks.txt": ARTICLE, "ru/a.txt": "Текст.\n"})
    opened: list[str] = []
    monkeypatch.setattr(ReaderApp, "run", lambda self, **kw: opened.append(self.project.scope))
    assert main([str(root / "corpus" / "ru")]) == 0
    assert opened == ["ru"]
