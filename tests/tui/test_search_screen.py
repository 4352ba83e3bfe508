"""The search screen: the query language over the corpus index, hits with a marked
snippet (hostile text literal), enter opens the match, entity: coverage said."""

from __future__ import annotations

from pathlib import Path

from reader.tui.screens.search import SearchScreen
from reader.tui.widgets.paged_list import PagedList
from tests.tui.screen_host import Host, loaded, shown
from tests.tui_fixtures import app_for, make_project, sync

RU = "Переговоры в Женеве\n\nВстреча с Путиным прошла [bold red]спокойно[/] в Женеве.\n"
EN = "Geneva talks\n\nThe meeting with Putin went well, officials said.\n"
OTHER = "Weather\n\nIt rained all day in [@click=app.quit]Oslo[/].\n"


def corpus(tmp_path: Path) -> Path:
    return make_project(tmp_path / "p", {"ru/a.txt": RU, "en/b.txt": EN, "en/c.txt": OTHER})


@sync
async def test_a_word_finds_its_forms_and_enter_opens_the_match(tmp_path: Path) -> None:
    app = Host(corpus(tmp_path), SearchScreen)
    async with app.run_test(size=(120, 20)) as pilot:
        screen = app.screen
        assert "type a query" in shown(screen)
        await pilot.press(*"Путин", "enter")  # the query is typed in the focused line
        rows = await loaded(pilot, screen)
        assert rows.count == 1
        text = shown(screen)
        assert "Переговоры в Женеве  ru/a.txt  ru" in text
        assert "Встреча с Путиным прошла [bold red]спокойно[/] в Женеве." in text
        # the match is marked in the snippet line, and only the match
        snippet = rows.render_line(1)
        marked = "".join(s.text for s in snippet if s.style and s.style.reverse)
        assert marked == "Путиным"
        await pilot.press("enter")
        await pilot.pause()
        [chosen] = app.chosen
        start = RU.index("Путиным")
        assert (chosen.rel, chosen.start, chosen.end) == ("ru/a.txt", start, start + 7)
        assert chosen.matches == ((start, start + 7),)


@sync
async def test_filters_bad_query_and_hostile_text(tmp_path: Path) -> None:
    app = Host(corpus(tmp_path), lambda s: SearchScreen(s, "rained"))
    async with app.run_test(size=(120, 20)) as pilot:
        screen = app.screen
        rows = await loaded(pilot, screen)
        assert rows.count == 1
        assert "It rained all day in [@click=app.quit]Oslo[/]." in shown(screen)
        await pilot.press("slash", "end", *' OR meeting lang:en "open', "enter")
        await pilot.pause()
        assert "unbalanced quote" in shown(screen)
        assert screen.focused is screen.query_one("#across-filter")  # still there, to correct
        await pilot.press('"', "enter")
        await pilot.pause()
        assert "unbalanced quote" not in shown(screen)
        await pilot.press("slash", *"rained OR meeting lang:en", "enter")  # replaces it
        rows = await loaded(pilot, screen)
        assert rows.count == 2
        assert app.is_running  # the hostile [@click=app.quit] never ran


@sync
async def test_entity_filter_says_how_much_is_covered(tmp_path: Path) -> None:
    app = Host(corpus(tmp_path), lambda s: SearchScreen(s, "entity:Putin"))
    async with app.run_test(size=(120, 20)) as pilot:
        screen = app.screen
        await loaded(pilot, screen)
        for _ in range(50):
            await pilot.pause()
            if "recognised in" in shown(screen):
                break
        assert "entity: recognised in 0 of 3 texts so far" in shown(screen)
        assert screen.query_one(PagedList).count == 0


@sync
async def test_in_the_reader_app_with_its_stylesheet(tmp_path: Path) -> None:
    app = app_for(corpus(tmp_path))
    async with app.run_test(size=(120, 20)) as pilot:
        await pilot.pause()
        await app.push_screen(SearchScreen(app.services))
        screen = app.screen
        await pilot.press(*"meeting", "enter")
        rows = await loaded(pilot, screen)
        assert rows.count == 1
        assert screen.query_one("#across-filter").outer_size.width == 120  # the whole line
        assert "The meeting with Putin went well" in shown(screen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not screen
