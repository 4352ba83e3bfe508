"""Pilot tests of the corpus list's keys: the cursor, first/last row, sorting by every
column and tag count, the annotated filter, the query filter, the status line at 80
columns, and the reading position kept across a restart."""

from __future__ import annotations

from pathlib import Path

from reader.core.annotations.session import EditSession
from reader.core.corpus.discovery import Corpus
from reader.core.project.layout import Project
from reader.tui.screens.corpus import CorpusScreen
from tests.tui.corpus_host import header, line_of, listed, status
from tests.tui_fixtures import ARTICLE, app_for, filtered, make_project, open_article, sync

LANGS = "languages: [en, ru]\n"
TEXTS: dict[str, str | bytes] = {
    "en/b-envoy.txt": "date 2022-03-01\nRussian envoy arrives in Paris\n\nHe came by train.\n",
    "en/c-talks.txt": ARTICLE,  # "Talks in Geneva", 2022-01-05
    "ru/a-vstrecha.txt": "date 2021-12-29\nВстреча в Женеве\n\nПесков сказал: «Путину».\n",
}


def tag(root: Path, rel: str, *tags: str) -> None:
    """Tag the first sentence of ``rel`` once with each of ``tags``."""
    corpus = Corpus(Project.open(root))
    document = corpus.document(rel)
    session = EditSession(corpus.store, document, None)
    for number, name in enumerate(tags):
        session.add(name, number, number + 3)


def screen_of(pilot: object) -> CorpusScreen:
    screen = pilot.app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, CorpusScreen)
    return screen


def many(n: int) -> dict[str, str | bytes]:
    """``n`` short texts."""
    return {f"en/{i:05d}.txt": f"Item {i}\n\nSome words.\n" for i in range(n)}


@sync
async def test_j_k_arrows_g_G_home_end_move_the_cursor(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", many(300), LANGS)
    app = app_for(root)
    async with app.run_test(size=(100, 24)) as pilot:
        first = await listed(pilot)
        screen = screen_of(pilot)
        assert first[0] == "en/00000.txt"
        await pilot.press("j", "j", "down", "k")
        assert screen.rows.cursor == 2
        await pilot.press("G")
        shown = await listed(pilot)
        assert screen.rows.cursor == 299 and shown[-1] == "en/00299.txt"
        assert "300 of 300" in status(screen)
        await pilot.press("g")
        assert await listed(pilot) == first and screen.rows.cursor == 0
        await pilot.press("end")
        shown = await listed(pilot)
        assert shown[-1] == "en/00299.txt"
        # End goes down, never sideways: the line still starts with the path.
        assert line_of(screen, "en/00299.txt").lstrip().startswith("en/00299.txt")
        await pilot.press("home")
        assert await listed(pilot) == first


@sync
async def test_o_cycles_every_column_and_tag_counts_and_O_reverses(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", TEXTS, LANGS)
    tag(root, "en/b-envoy.txt", "claim")
    tag(root, "ru/a-vstrecha.txt", "claim", "claim")
    app = app_for(root)
    async with app.run_test(size=(120, 24)) as pilot:
        by_path = ["en/b-envoy.txt", "en/c-talks.txt", "ru/a-vstrecha.txt"]
        assert await listed(pilot) == by_path
        screen = screen_of(pilot)
        assert "Path▲" in header(screen)
        await pilot.press("o")  # title
        assert await listed(pilot) == ["en/b-envoy.txt", "en/c-talks.txt", "ru/a-vstrecha.txt"]
        assert "Title▲" in header(screen)
        await pilot.press("O")
        assert await listed(pilot) == ["ru/a-vstrecha.txt", "en/c-talks.txt", "en/b-envoy.txt"]
        assert "Title▼" in header(screen)
        await pilot.press("o")  # language
        assert (await listed(pilot))[-1] == "ru/a-vstrecha.txt"
        await pilot.press("o")  # date
        assert await listed(pilot) == ["ru/a-vstrecha.txt", "en/c-talks.txt", "en/b-envoy.txt"]
        await pilot.press("o")  # the claim count, most first
        assert await listed(pilot) == ["ru/a-vstrecha.txt", "en/b-envoy.txt", "en/c-talks.txt"]
        assert "clai▼" in header(screen)  # the arrow ends the narrow column
        await pilot.press("O")
        assert await listed(pilot) == ["en/c-talks.txt", "en/b-envoy.txt", "ru/a-vstrecha.txt"]
        for _ in screen.services.project.config.tags:
            await pilot.press("o")
        assert screen.sort_column == "path"
        title_at = header(screen).index("Title") + 1  # the header's padding
        await pilot.click("#corpus-header", offset=(title_at, 0))
        assert await listed(pilot) == ["en/b-envoy.txt", "en/c-talks.txt", "ru/a-vstrecha.txt"]
        assert (screen.sort_column, screen.sort_reverse) == ("title", False)
        await pilot.click("#corpus-header", offset=(title_at + 2, 0))  # again: reversed
        assert await listed(pilot) == ["ru/a-vstrecha.txt", "en/c-talks.txt", "en/b-envoy.txt"]
        claim_at = header(screen).index("clai") + 1
        await pilot.click("#corpus-header", offset=(claim_at, 0))
        assert (screen.sort_column, screen.sort_reverse) == ("tag:claim", True)


@sync
async def test_a_cycles_annotated_not_annotated_and_all(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", TEXTS, LANGS)
    tag(root, "en/c-talks.txt", "quote")
    app = app_for(root)
    async with app.run_test(size=(120, 24)) as pilot:
        assert len(await listed(pilot)) == 3
        screen = screen_of(pilot)
        await pilot.press("a")
        assert await listed(pilot) == ["en/c-talks.txt"]
        assert "annotated" in status(screen)
        await pilot.press("a")
        assert await listed(pilot) == ["en/b-envoy.txt", "ru/a-vstrecha.txt"]
        assert "not annotated" in status(screen)
        await pilot.press("a")
        assert len(await listed(pilot)) == 3


@sync
async def test_the_filter_is_the_query_language_and_searches_the_text(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", TEXTS, LANGS)
    app = app_for(root)
    async with app.run_test(size=(120, 24)) as pilot:
        await listed(pilot)
        screen = screen_of(pilot)
        await pilot.press("slash", *"train")  # a word of the body, not of any title
        await filtered(pilot, screen, "train")
        assert await listed(pilot) == ["en/b-envoy.txt"]
        await pilot.press(*["backspace"] * 5, *"Путин")  # finds «Путину»
        await filtered(pilot, screen, "Путин")
        assert await listed(pilot) == ["ru/a-vstrecha.txt"]
        await pilot.press(*["backspace"] * 5, *"lang:en -Paris")
        await filtered(pilot, screen, "lang:en -Paris")
        assert await listed(pilot) == ["en/c-talks.txt"]
        await pilot.press(*' "unclosed')  # a bad query: said, the rows stay
        await listed(pilot)
        assert "quote" in status(screen).lower()
        assert await listed(pilot) == ["en/c-talks.txt"]
        await pilot.press("enter")  # the box keeps the focus until the query is fixed
        assert screen.focused is screen.query_one("#filter")
        await pilot.press("escape")
        assert len(await listed(pilot)) == 3
        assert "quote" not in status(screen).lower()


@sync
async def test_80_columns_show_the_title_and_the_end_of_a_long_path(tmp_path: Path) -> None:
    deep = "en/" + "very-long-folder-name/" * 4 + "the-file-name.txt"
    root = make_project(tmp_path / "p", {deep: ARTICLE, "bad/blob.txt": b"\x00\x01"}, LANGS)
    app = app_for(root)
    async with app.run_test(size=(80, 24)) as pilot:
        assert await listed(pilot) == [deep]
        screen = screen_of(pilot)
        line = line_of(screen, deep)
        assert line.lstrip().startswith("…") and "-name.txt" in line  # the path's end
        assert "Talks in Geneva" in line
        assert "2022-01-05 t " in line  # the date, stated in the text
        assert "1 of 1" in status(screen) and "1 skipped" in status(screen)


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
