"""A small app that hosts one corpus-wide screen (search, timeline, annotations,
curation) for Pilot tests, and projects annotated by named authors."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from textual import on
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static

from reader.core.annotations.format import Annotation
from reader.core.annotations.session import EditSession
from reader.core.corpus.discovery import Corpus
from reader.core.project.layout import Project
from reader.tui.screens.passage import PassageChosen
from reader.tui.services import Services
from reader.tui.widgets.paged_list import PagedList


class Host(App[None]):
    """Pushes the screen ``make(services)`` builds; records the passages chosen."""

    def __init__(self, root: Path, make: Any) -> None:
        super().__init__()
        self.services = Services(Project.open(root))
        self.make = make
        self.chosen: list[PassageChosen] = []

    def compose(self) -> Any:
        yield Static("host")

    def on_mount(self) -> None:
        self.push_screen(self.make(self.services))

    @on(PassageChosen)
    def _chosen(self, message: PassageChosen) -> None:
        self.chosen.append(message)

    def on_unmount(self) -> None:
        self.services.saver.shutdown()


def annotate(
    root: Path, rel: str, author: str, *items: tuple[str, str], **fields: Any
) -> list[Annotation]:
    """Tag each (tag, passage) of ``rel`` as ``author`` (the first occurrence of the
    passage), with ``fields`` on each; returns the annotations made."""
    config = root / "reader.yaml"
    kept = config.read_text(encoding="utf-8")
    config.write_text(kept.replace("annotator: tester", f"annotator: {author}"), encoding="utf-8")
    try:
        corpus = Corpus(Project.open(root))
        document = corpus.document(rel)
        session = EditSession(corpus.store, document, None)
        made = []
        for tag, passage in items:
            start = document.text.index(passage)
            made.append(session.add(tag, start, start + len(passage), **fields))
        return made
    finally:
        config.write_text(kept, encoding="utf-8")


def link(root: Path, rel: str, ident: str, *targets: str) -> None:
    """Give annotation ``ident`` of ``rel`` the links ``targets``."""
    corpus = Corpus(Project.open(root))
    session = EditSession(corpus.store, corpus.document(rel), None)
    session.update(ident, links=targets)


async def loaded(pilot: Pilot[Any], screen: Screen[Any]) -> PagedList[Any]:
    """The screen's list once its count and the page under the cursor have arrived."""
    rows = screen.query_one(PagedList)
    for _ in range(500):
        await pilot.pause()
        if rows.loaded and (rows.count == 0 or rows.current is not None):
            await pilot.pause()
            return rows
        await asyncio.sleep(0.01)
    raise AssertionError("the list never loaded")


def shown(screen: Screen[Any]) -> str:
    """Every line the screen's list and status show, as text."""
    rows = screen.query_one(PagedList)
    lines = ["".join(s.text for s in rows.render_line(y)).rstrip() for y in range(rows.size.height)]
    status = screen.query_one("#across-status", Static)
    return "\n".join(lines) + "\n" + str(status.render())
