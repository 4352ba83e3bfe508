"""One article screen for every article: what opening another article forgets, what is
shown at once (prepared in memory) and what waits for its worker."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from textual.document._wrapped_document import WrappedDocument
from textual.pilot import Pilot

import reader.tui.article.loader as loader_module
import reader.tui.screens.article as article_module
from reader.core.annotations.session import EditSession
from reader.core.corpus.discovery import Corpus
from reader.core.project.layout import Project
from reader.tui.app import COMPOSE_DELAY, ReaderApp
from reader.tui.article.loader import INLINE_ANNOTATIONS_BYTES, prepare_article, read_annotations
from reader.tui.messages import ArticleLoaded, PanelToggled
from reader.tui.screens.article import ArticleScreen
from reader.tui.screens.corpus import CorpusScreen
from reader.tui.widgets.entity_panel import EntityPanel
from tests.tui_fixtures import ARTICLE, app_for, make_project, open_article, saved, settle, sync

OTHER = "Another story. Vladimir Putin spoke in Moscow on 3 March 2022.\n\nIt ended.\n"


async def back_to_list(app: ReaderApp, pilot: Pilot[Any]) -> None:
    """Escape from the article to the list, once everything has settled."""
    await pilot.press("escape")
    await settle(app, pilot)


def _project(tmp_path: Path) -> Path:
    return make_project(
        tmp_path / "p", {"en/a.txt": ARTICLE, "en/b.txt": OTHER}, config="languages: [en]\n"
    )


@sync
async def test_another_article_starts_clean(tmp_path: Path) -> None:
    root = _project(tmp_path)
    app = app_for(root)
    async with app.run_test(size=(100, 30)) as pilot:
        first = await open_article(app, pilot, "en/a.txt")
        await pilot.press("s", "c", "v", "w")  # a claim, then visual mode and a selection
        await settle(app, pilot)
        assert len(first.annotations) == 1 and first.view.visual
        await pilot.press("escape", "escape", "escape")  # selection, visual mode, the list
        await settle(app, pilot)
        assert isinstance(app.screen, CorpusScreen)
        second = await open_article(app, pilot, "en/b.txt")
        assert second is first  # the same screen, composed once
        assert second.rel == "en/b.txt" and second.view.text == OTHER
        assert second.annotations == () and not second.view.visual
        assert {e.text for e in second.entities} >= {"Vladimir Putin", "Moscow"}
        assert "Geneva" not in {e.text for e in second.entities}
        await pilot.press("u")  # undo has nothing of a.txt's to undo here
        await settle(app, pilot)
        assert len(saved(root, "en/a.txt")) == 1
        assert saved(root, "en/b.txt") == []
        await back_to_list(app, pilot)
        again = await open_article(app, pilot, "en/a.txt")
        assert again.view.text == ARTICLE and len(again.annotations) == 1


@sync
async def test_a_broken_file_does_not_follow_to_the_next_article(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "annotations" / "en").mkdir(parents=True)
    (root / "annotations" / "en" / "a.yaml").write_text("annotations: [\n", encoding="utf-8")
    app = app_for(root)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(app, pilot, "en/a.txt")
        assert screen.session is None and screen.query_one("#article-error").display
        await back_to_list(app, pilot)
        screen = await open_article(app, pilot, "en/b.txt")
        assert screen.session is not None and screen.writable
        assert not screen.query_one("#article-error").display
        await pilot.press("s", "q")
        await settle(app, pilot)
        assert [a["tag"] for a in saved(root, "en/b.txt")] == ["quote"]


@sync
async def test_a_message_for_the_article_shown_before_is_dropped(tmp_path: Path) -> None:
    app = app_for(_project(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(app, pilot, "en/a.txt")
        prepared = prepare_article(app.services, "en/a.txt", screen.view.wrap_width)
        stale = read_annotations(app.services, prepared, screen.generation)
        await back_to_list(app, pilot)
        await open_article(app, pilot, "en/b.txt")
        screen.post_message(stale)  # a.txt's worker finishing late
        await settle(app, pilot)
        assert screen.rel == "en/b.txt" and screen.view.text == OTHER
        assert isinstance(stale, ArticleLoaded) and stale.generation != screen.generation


@sync
async def test_a_prepared_article_is_shown_at_once(tmp_path: Path) -> None:
    root = _project(tmp_path)
    app = app_for(root)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(app, pilot, "en/a.txt")
        await back_to_list(app, pilot)
        corpus = app.screen
        assert isinstance(corpus, CorpusScreen)
        corpus.prefetch("en/b.txt")  # what resting on the row does
        await settle(app, pilot)
        loads: list[str] = []
        real_load = ArticleScreen.load
        ArticleScreen.load = lambda self: loads.append(self.rel) or real_load(self)  # type: ignore[method-assign]
        try:
            app.open_article("en/b.txt")
        finally:
            ArticleScreen.load = real_load  # type: ignore[method-assign]
        # shown before the event loop ran again: text, entities and the session
        assert screen.view.text == OTHER and screen.session is not None
        assert "Moscow" in {e.text for e in screen.entities}
        assert loads == []
        await settle(app, pilot)
        assert app.screen is screen


@sync
async def test_a_small_text_not_in_memory_is_read_at_once(tmp_path: Path) -> None:
    app = app_for(_project(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(app, pilot, "en/b.txt")  # its entities cached on disk
        await back_to_list(app, pilot)
        await open_article(app, pilot, "en/a.txt")
        await back_to_list(app, pilot)
        app.services.forget_articles()
        app.open_article("en/b.txt")
        assert screen.view.text == OTHER and screen.session is not None
        assert "Moscow" in {e.text for e in screen.entities}  # from .reader/entities/
        await settle(app, pilot)
        assert app.screen is screen


@sync
async def test_a_large_annotation_file_is_read_in_the_worker(tmp_path: Path) -> None:
    root = _project(tmp_path)
    corpus = Corpus(Project.open(root))
    EditSession(corpus.store, corpus.document("en/b.txt"), "en").add("claim", 0, 14)
    path = root / "annotations" / "en" / "b.yaml"
    padding = "# " + "x" * INLINE_ANNOTATIONS_BYTES + "\n"  # a comment: still valid
    path.write_text(path.read_text(encoding="utf-8") + padding, encoding="utf-8")
    app = app_for(root)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(app, pilot, "en/b.txt")
        await back_to_list(app, pilot)
        await open_article(app, pilot, "en/a.txt")
        await back_to_list(app, pilot)
        app.open_article("en/b.txt")
        assert screen.document is None  # not read on the UI thread
        assert isinstance(app.screen, CorpusScreen)  # the list stays while it loads
        await settle(app, pilot)
        assert app.screen is screen and screen.view.text == OTHER
        assert [a.text for a in screen.annotations] == ["Another story."]


@sync
async def test_a_slow_article_shows_the_screen_after_the_grace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_for(_project(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(app, pilot, "en/a.txt")
        await back_to_list(app, pilot)
        release = asyncio.Event()
        real = article_module.prepare_article

        def slow(*args: object, **kwargs: object) -> object:
            while not release.is_set():
                asyncio.run_coroutine_threadsafe(asyncio.sleep(0), loop).result()
            return real(*args, **kwargs)  # type: ignore[arg-type]

        loop = asyncio.get_running_loop()
        monkeypatch.setattr(article_module, "prepare_article", slow)
        monkeypatch.setattr(loader_module, "INLINE_TEXT_BYTES", 0)  # read in the worker
        app.open_article("en/b.txt")
        await pilot.pause(0.05)
        assert isinstance(app.screen, CorpusScreen)
        await pilot.pause(0.4)  # past LOADING_GRACE: the screen says it is loading
        assert app.screen is screen and screen.document is None
        assert screen.status.state == "loading…"
        release.set()
        await settle(app, pilot)
        assert screen.view.text == OTHER


@sync
async def test_a_reload_after_leaving_does_not_bring_the_article_back(tmp_path: Path) -> None:
    root = _project(tmp_path)
    app = app_for(root)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(app, pilot, "en/a.txt")
        (root / "corpus" / "en" / "a.txt").write_text(ARTICLE + "More.\n", encoding="utf-8")
        screen.load()  # what the 1 s check starts when the text changed
        await back_to_list(app, pilot)
        assert isinstance(app.screen, CorpusScreen)


@sync
async def test_entities_in_memory_follow_entities_yaml(tmp_path: Path) -> None:
    root = _project(tmp_path)
    app = app_for(root)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(app, pilot, "en/b.txt")
        document = screen.document
        assert document is not None
        assert app.services.recognised_now(document, "en") is not None
        (root / "entities.yaml").write_text(
            "entities:\n  - name: Vladimir Putin\n    type: PER\n    aliases: [Putin]\n",
            encoding="utf-8",
        )
        assert app.services.recognised_now(document, "en") is None  # recognised again when opened


@sync
async def test_switching_from_the_palette_remembers_the_position(tmp_path: Path) -> None:
    app = app_for(_project(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(app, pilot, "en/a.txt")
        screen.view.move_to(ARTICLE.index("Second"))
        await pilot.press("v", "w", "b")  # visual mode, back where it started
        assert screen.view.visual
        app.open_article("en/b.txt")  # what the palette's "Open" does
        await settle(app, pilot)
        assert screen.rel == "en/b.txt"
        assert not screen.view.visual and screen.view.selected_span is None
        assert app.services.positions.get("en/a.txt") == ARTICLE.index("Second")
        app.open_article("en/a.txt")
        await settle(app, pilot)
        assert screen.view.cursor_offset == ARTICLE.index("Second")


@sync
async def test_a_theme_chosen_on_the_list_reaches_the_kept_article_screen(tmp_path: Path) -> None:
    app = app_for(_project(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(app, pilot, "en/a.txt")
        dark = screen.view.rich_style.bgcolor
        await back_to_list(app, pilot)
        app.theme = "textual-light"
        await settle(app, pilot)
        await open_article(app, pilot, "en/b.txt")
        light = screen.view.rich_style.bgcolor
        assert light != dark and light is not None
        assert light.triplet is not None and sum(light.triplet) > 3 * 200  # a light background


@sync
async def test_the_article_screen_is_composed_unseen_while_the_list_loads(tmp_path: Path) -> None:
    app = app_for(_project(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.article_screen is None  # not at start: the first frame comes first
        await pilot.pause(COMPOSE_DELAY)
        for _ in range(200):  # composed while the models load: give it time
            if app.article_screen is not None and app.article_screen.is_mounted:
                break
            await pilot.pause(0.05)
        await pilot.pause()
        screen = app.article_screen
        assert screen is not None and screen.is_mounted and screen.document is None
        assert isinstance(app.screen, CorpusScreen) and len(app.screen_stack) == 1
        unseen_width = app.services.wrap_width  # laid out unseen: prefetching wraps at this width
        assert await open_article(app, pilot, "en/b.txt") is screen
        assert screen.view.text == OTHER and screen.session is not None
        assert unseen_width == screen.view.wrap_width > 0


@sync
async def test_an_article_opened_before_the_screen_is_composed(tmp_path: Path) -> None:
    app = app_for(_project(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_article("en/a.txt")  # at once: composed now, loaded when mounted
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ArticleScreen) and screen is app.article_screen
        assert screen.view.text == ARTICLE and screen.entities


@sync
async def test_quitting_while_the_article_screen_is_composed(tmp_path: Path) -> None:
    """ctrl+q about a second after start, as the screen is composed ahead: no error."""
    for delay in (0, 0.001, 0.003, 0.01, 0.03):
        app = app_for(_project(tmp_path))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            app.compose_article_screen()
            await asyncio.sleep(delay)
        assert app._exception is None  # run_test also raises what the app raised


@sync
async def test_the_kept_screen_follows_a_resize_made_on_the_list(tmp_path: Path) -> None:
    app = app_for(_project(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(app, pilot, "en/a.txt")
        wide = screen.view.wrap_width
        await back_to_list(app, pilot)
        await pilot.resize_terminal(60, 20)
        await settle(app, pilot)
        await open_article(app, pilot, "en/b.txt")
        await pilot.pause()
        narrow = screen.view.wrap_width
        assert narrow < wide and screen.view.size.width <= 60
        document = screen.view.wrapped_document
        assert document._width == narrow  # wrapped at the new width
        assert all(len(s) <= narrow for i in range(2) for s in document.get_sections(i))


@sync
async def test_a_panel_toggled_on_the_list_shows_on_the_next_article(tmp_path: Path) -> None:
    app = app_for(_project(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(app, pilot, "en/a.txt")
        await back_to_list(app, pilot)
        app.post_message(PanelToggled("entities"))  # the palette's command, on the list
        await open_article(app, pilot, "en/b.txt")
        assert screen.query_one("#panels").display
        assert screen.query_one("#entity-panel").display
        assert not screen.query_one("#annotation-panel").display
        assert "  Moscow ×1" in [
            str(option.prompt) for option in screen.query_one(EntityPanel)._options
        ]


LONG = ("word " * 60 + "\n\n") * 3


@sync
async def test_a_prepared_article_rewrapped_by_a_resize_is_not_shown_at_its_old_width(
    tmp_path: Path,
) -> None:
    texts = {"en/a.txt": LONG, "en/b.txt": LONG.replace("word", "mot")}
    app = app_for(make_project(tmp_path / "p", texts, config="languages: [en]\n"))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(app, pilot, "en/a.txt")
        await pilot.resize_terminal(140, 30)  # the view rewraps a.txt's prepared wrapping
        await settle(app, pilot)
        await back_to_list(app, pilot)
        await pilot.resize_terminal(100, 30)
        await settle(app, pilot)
        await open_article(app, pilot, "en/b.txt")
        await back_to_list(app, pilot)
        await open_article(app, pilot, "en/a.txt")
        shown = screen.view.wrapped_document
        fresh = WrappedDocument(screen.view.document, screen.view.wrap_width, tab_width=4)
        assert shown._wrap_offsets == fresh._wrap_offsets
