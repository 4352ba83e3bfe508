"""Pilot tests of the corpus screen and of hostile text everywhere it is shown."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.widgets import TextArea

from reader.tui.safe import display_text
from reader.tui.screens.article import ArticleScreen
from reader.tui.screens.corpus import PREFETCH_SECONDS, CorpusScreen
from tests.tui.corpus_host import line_of, listed, status
from tests.tui_fixtures import (
    ARTICLE,
    HOSTILE,
    app_for,
    filtered,
    make_project,
    open_article,
    settle,
    sync,
)

if TYPE_CHECKING:
    pass

RU = "Байден и Путин встретятся 10 января.\n\nПесков сказал: «Посмотрим».\n"


@sync
async def test_corpus_lists_articles_skips_and_filters(tmp_path: Path) -> None:
    root = make_project(
        tmp_path / "p",
        {"en/talks.txt": ARTICLE, "ru/vstrecha.txt": RU, "bad/blob.txt": b"\x00\x01binary"},
    )
    app = app_for(root)
    async with app.run_test(size=(120, 30)) as pilot:
        assert await listed(pilot) == ["en/talks.txt", "ru/vstrecha.txt"]
        screen = app.screen
        assert isinstance(screen, CorpusScreen)
        assert "1 of 2" in status(screen) and "1 skipped" in status(screen)
        await pilot.press("slash", "l", "a", "n", "g", ":", "r", "u")
        await filtered(pilot, screen, "lang:ru")
        assert await listed(pilot) == ["ru/vstrecha.txt"]
        await pilot.press("escape")
        assert await listed(pilot) == ["en/talks.txt", "ru/vstrecha.txt"]
        await pilot.press("j", "k", "j", "k")
        assert screen.rows.cursor == 0
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ArticleScreen)
        await pilot.press("c", "escape")
        await listed(pilot)
        talks = screen.rows.row(0)
        assert talks is not None and talks.counts == {"claim": 1}  # read again from the file
        assert line_of(screen, "en/talks.txt").rstrip().endswith(" 1")  # the claim column


@sync
async def test_hostile_article_is_shown_literally_and_runs_nothing(tmp_path: Path) -> None:
    name = "en/[bold red]x[-]y.txt"
    root = make_project(tmp_path / "p", {name: HOSTILE})
    app = app_for(root)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert await listed(pilot) == [name]
        line = line_of(app.screen, name)  # type: ignore[arg-type]
        assert "[bold red]x[-]y.txt" in line and "Hostile [@click=app.quit]x[/]" in line
        screen = await open_article(app, pilot, name)
        shown = screen.query_one(TextArea).text
        assert shown == display_text(HOSTILE)
        assert "[@click=app.quit]x[/]" in shown and "[$accent]" in shown
        assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown
        assert "␛[31m" in shown
        assert len(shown) == len(HOSTILE)
        await pilot.click("#article-text", offset=(12, 0))
        await pilot.press("s", "q", "e")
        await pilot.pause()
        await pilot.press(*"[b]x", "enter")
        await settle(app, pilot)
        assert app.is_running
        rendered = "".join(
            str(strip.text)
            for strip in screen.query_one(TextArea).render_lines(
                screen.query_one(TextArea).region.reset_offset
            )
        )
        assert "[@click=app.quit]x[/]" in rendered
        assert "\x1b" not in rendered
        assert screen.annotations[0].speaker == "[b]x"
        status = str(screen.query_one("#status").render())
        assert "saved" in status


@sync
async def test_palette_shows_markup_titles_literally_and_opens_them(tmp_path: Path) -> None:
    from textual.command import CommandPalette

    from reader.tui.screens.article import ArticleScreen

    texts = {
        "en/click.txt": "[@click=app.quit]Breaking news\n\nBody one.\n",
        "en/link.txt": "[link=https://example.com]Breaking link[/link] story\n\nBody two.\n",
        "en/[b]odd.txt": "Breaking plain\n\nBody three.\n",
    }
    root = make_project(tmp_path / "p", texts)  # type: ignore[arg-type]
    app = app_for(root)
    async with app.run_test(size=(120, 30)) as pilot:
        await listed(pilot)
        assert len(app.services.titles) == 3
        app.action_command_palette()
        await pilot.pause()
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        await pilot.press(*"Breaking")
        await settle(app, pilot)
        await pilot.pause(0.3)
        options = palette.query_one("CommandList")
        prompts = [
            str(options.get_option_at_index(i).prompt)  # type: ignore[attr-defined]
            for i in range(options.option_count)  # type: ignore[attr-defined]
        ]
        assert any("Open: [@click=app.quit]Breaking news" in p for p in prompts), prompts
        assert any("[link=https://example.com]Breaking link[/link]" in p for p in prompts)
        assert any("en/[b]odd.txt" in p for p in prompts)
        for i in range(options.option_count):  # type: ignore[attr-defined]
            prompt = options.get_option_at_index(i).prompt  # type: ignore[attr-defined]
            assert all("@click" not in str(span.style) for span in prompt.spans)
        chosen = next(i for i, p in enumerate(prompts) if "@click" in p)
        options.highlighted = chosen  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.is_running
        screen = app.screen
        assert isinstance(screen, ArticleScreen) and screen.rel == "en/click.txt"


@sync
async def test_unknown_key_ids_in_reader_yaml_are_notified(tmp_path: Path) -> None:
    config = "keys:\n  article.undo: z\n  article.udno: y\n  tag.nope: t\n  tag.claim: C\n"
    root = make_project(tmp_path / "p", {"en/a.txt": "Some text.\n"}, config)
    app = app_for(root)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        messages = [n.message for n in app._notifications]
        warned = [m for m in messages if "unknown key binding ids" in m]
        assert len(warned) == 1, messages
        assert str(root / "reader.yaml") in warned[0]
        assert "article.udno, tag.nope" in warned[0]
        assert "article.undo" not in warned[0].replace("article.udno", "")
        assert {"article.undo", "tag.claim", "tag.1", "corpus.filter", "app.quit"} <= (
            app.binding_ids()
        )
        await pilot.press("f1")
        await pilot.pause()
        from reader.tui.dialogs.help import HelpDialog

        assert isinstance(app.screen, HelpDialog)
        assert {"corpus.filter", "app.quit"} <= {r[3] for r in app.screen.rows}


@sync
async def test_valid_keys_raise_no_warning(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"en/a.txt": "Some text.\n"}, "keys:\n  tag.claim: C\n")
    app = app_for(root)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        assert not [n for n in app._notifications if "unknown key" in n.message]


@sync
async def test_the_row_the_cursor_rests_on_is_prepared_but_not_while_typing(
    tmp_path: Path,
) -> None:
    root = make_project(tmp_path / "p", {"en/talks.txt": ARTICLE, "ru/vstrecha.txt": RU})
    app = app_for(root)
    async with app.run_test(size=(120, 30)) as pilot:
        await listed(pilot)
        screen = app.screen
        assert isinstance(screen, CorpusScreen)
        await pilot.press("slash", *"lang:ru")  # typing: the row shown is not prepared
        await filtered(pilot, screen, "lang:ru")
        await pilot.pause(PREFETCH_SECONDS + 0.2)
        await settle(app, pilot)
        assert app.services.prepared.get("ru/vstrecha.txt") is None
        await pilot.press("escape")
        await listed(pilot)
        assert screen.move_to("ru/vstrecha.txt")
        await pilot.pause(PREFETCH_SECONDS + 0.2)
        await settle(app, pilot)
        assert app.services.prepared.get("ru/vstrecha.txt") is not None
