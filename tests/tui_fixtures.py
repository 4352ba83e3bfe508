"""Helpers for the TUI tests: small fixed projects and a way to open an article."""

from __future__ import annotations

import asyncio
import functools
import weakref
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import yaml
from textual.pilot import Pilot

from reader.core.annotations.session import EditSession
from reader.core.corpus.discovery import Corpus
from reader.core.project.layout import Project
from reader.tui.app import ReaderApp
from reader.tui.screens.article import ArticleScreen
from reader.tui.screens.corpus import CorpusScreen

ARTICLE = (
    "date 2022-01-05\n"
    "Talks in Geneva\n"
    "\n"
    "Joe Biden met J. Smith in the U.S. capital on January 4. The talks went well.\n"
    "“We are ready,” he said. Nothing else was agreed.\n"
    "\n"
    "Second paragraph here. It has two sentences.\n"
)
EDITED = (
    ARTICLE.replace("Talks in Geneva\n", "Talks in Geneva, updated\nBy staff\n")
    .replace("Nothing else was agreed.", "Both sides promised to meet again soon.")
    .replace("Second paragraph here.", "Closing remarks follow.")
)
HOSTILE = (
    "Hostile [@click=app.quit]x[/] and [$accent] and [bold red]red[/]\n"
    "\n"
    "Escape \x1b[31mred\x1b[0m bell \x07 title \x1b]0;pwned\x07 c1 \x9b done.\n"
)


def make_project(root: Path, texts: dict[str, str | bytes], config: str = "") -> Path:
    """A project with ``texts`` under corpus/ and ``annotator: tester``."""
    for rel, content in texts.items():
        path = root / "corpus" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
    (root / "reader.yaml").write_text("annotator: tester\n" + config, encoding="utf-8")
    return root


def make_edited_project(root: Path) -> Path:
    """``en/talks.txt`` annotated (a quote that will move, two claims that will be
    orphaned), then its text replaced by ``EDITED`` on disk."""
    make_project(root, {"en/talks.txt": ARTICLE})
    corpus = Corpus(Project.open(root))
    session = EditSession(corpus.store, corpus.document("en/talks.txt"), "en")
    for tag, needle in (
        ("quote", "“We are ready,” he said."),
        ("claim", "Nothing else was agreed."),
        ("claim", "Second paragraph here."),
    ):
        start = ARTICLE.index(needle)
        session.add(tag, start, start + len(needle))
    (root / "corpus" / "en" / "talks.txt").write_text(EDITED, encoding="utf-8")
    return root


_APPS: weakref.WeakSet[ReaderApp] = weakref.WeakSet()


def app_for(root: Path) -> ReaderApp:
    """A fresh app on the project at ``root``."""
    app = ReaderApp(Project.open(root))
    _APPS.add(app)
    return app


def drain() -> None:
    """Wait until every change made in the apps of this test is on disk (saves run on
    the app's writer thread; this does not need the event loop)."""
    for app in list(_APPS):
        app.saver.drain()


async def settle(app: ReaderApp, pilot: Pilot[Any]) -> None:
    """Wait for workers, queued saves and pending messages."""
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
        app.saver.drain()
    await pilot.pause()


async def open_article(app: ReaderApp, pilot: Pilot[Any], rel: str) -> ArticleScreen:
    """Open ``rel`` from the corpus screen and wait until it is loaded."""
    await settle(app, pilot)
    app.open_article(rel)
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, ArticleScreen)
    return screen


async def filtered(pilot: Pilot[Any], screen: CorpusScreen, text: str) -> None:
    """Wait until the filter (applied after a pause in typing) is ``text``."""
    for _ in range(500):
        if screen.filter_text == text:
            break
        await asyncio.sleep(0.01)
    assert screen.filter_text == text
    await pilot.pause()


def saved(root: Path, rel: str) -> list[dict[str, Any]]:
    """The annotations on disk for ``rel`` (empty when there is no file), once every
    queued save is written."""
    drain()
    path = root / "annotations" / Path(rel).with_suffix(".yaml")
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return list(data.get("annotations") or [])


def sync(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async test with asyncio (no async plugin is installed)."""

    @functools.wraps(test)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return wrapper
