"""What the corpus-wide screens (search, timeline, annotations) share: a filter line in
the query language over a ``PagedList``, a status line, and one data thread that owns
the screen's database connections (SQLite connections belong to the thread that opened
them; one thread also keeps the queries of one screen in the order they were asked)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Static

from reader.core.corpus.crossref import CrossRef
from reader.core.corpus.discovery import Corpus
from reader.core.corpus.query import Query, QueryError, parse_query
from reader.core.errors import Problem, ReaderError
from reader.tui.safe import one_line
from reader.tui.screens.base import StyledScreen
from reader.tui.screens.passage import PassageChosen
from reader.tui.services import Services
from reader.tui.widgets.paged_list import PagedList, PageSource, Painted

Progress = Callable[[int, int], None]  # (done, total), called on the data thread
PROGRESS_STEP = 200  # texts read between two progress messages


@dataclass
class DataReading(Message):
    """The data thread has read ``done`` of the ``total`` texts that changed."""

    done: int
    total: int


@dataclass
class DataUpdated(Message):
    """The screen's tables are up to date; ``changed``: the rows shown may be stale;
    ``problem``: why they could not be brought up to date."""

    changed: bool
    problem: str = ""


class DataThread(ThreadPoolExecutor):
    """One thread for a screen's queries, with the cross-article tables opened on it."""

    def __init__(self, services: Services) -> None:
        super().__init__(max_workers=1, thread_name_prefix="reader-data")
        self.services = services
        self._crossref: CrossRef | None = None

    def crossref(self) -> CrossRef:
        """The cross-article tables as they are (``update_crossref`` brings them up to
        date); on this thread only: call from a job."""
        if self._crossref is None:
            services = self.services

            def registry() -> Any:
                try:
                    return services.entity_registry()
                except Problem:
                    return None  # speakers then group as written; the article says why

            self._crossref = CrossRef(Corpus(services.project), registry)
        return self._crossref

    def update_crossref(self, progress: Progress) -> bool:
        """Bring the cross-article tables up to date; True when anything changed."""
        report = self.crossref().update(progress=progress)
        return bool(report.read or report.removed)

    def refresh_index(self, progress: Progress) -> bool:
        """Bring the corpus index up to date (only what changed since the list last saw
        it is read); True when anything changed."""
        with self.services.corpus_lock:
            done = self.services.corpus.refresh(progress=progress)
        return bool(done.added or done.changed or done.annotations or done.removed
                    or done.renamed or done.rebuilt)  # fmt: skip

    def close(self) -> None:
        """Close the tables on the data thread once the jobs queued before have run."""
        self.submit(self._close_tables)
        self.shutdown(wait=False)

    def _close_tables(self) -> None:
        if self._crossref is not None:
            self._crossref.close()
            self._crossref = None


class CorpusWideScreen(StyledScreen):
    """A filter line, a paged list and a status line; subclasses say what to list.

    ``enter`` on a row posts ``PassageChosen`` with the row's place (``passage``).
    """

    DEFAULT_CSS = """
    CorpusWideScreen #across-filter { height: 1; border: none; padding: 0 1; }
    CorpusWideScreen #across-filter:focus { background: $boost; }
    CorpusWideScreen #across-status { height: 1; background: $panel; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_filter", "Filter", id="across.filter"),
        Binding("escape", "back", "Back", id="across.back"),
    ]
    PLACEHOLDER = ""
    PAGE_SIZE = 100  # rows fetched at once
    FILTER_DELAY = 0.0  # seconds of no typing before a filter is applied (0: each key)
    START_IN_FILTER = False  # focus the filter line first when opened without a query

    def __init__(self, services: Services, query: str = "") -> None:
        super().__init__()
        self.services = services
        self.data_thread = DataThread(services)
        self.initial_query = query
        self.filter_query: Query = Query()
        self.problem = ""  # why the filter typed last was not applied
        self.reading = ""  # what the data thread is reading, while it does
        self._status_shown = Text()
        self._typing: Timer | None = None  # applies the filter once typing pauses

    def compose(self) -> ComposeResult:
        yield Input(self.initial_query, placeholder=self.PLACEHOLDER, id="across-filter")
        yield PagedList(self.paint, page_size=self.PAGE_SIZE, id="across-rows")
        yield Static(id="across-status", markup=False)

    @property
    def rows(self) -> PagedList[Any]:
        """The list."""
        return self.query_one("#across-rows", PagedList)

    def on_mount(self) -> None:
        super().on_mount()
        # The tables as they are first (a frame at once), then brought up to date: the
        # rows are fetched again only if anything changed.
        self.apply_filter(self.initial_query)
        self.reading = "checking for changes…"
        self.data_thread.submit(self._bring_up_to_date)
        if self.START_IN_FILTER and not self.initial_query:
            self.query_one("#across-filter", Input).focus()
        else:
            self.rows.focus()

    def on_unmount(self) -> None:
        self.data_thread.close()

    def _bring_up_to_date(self) -> None:
        """On the data thread."""

        def progress(done: int, total: int) -> None:
            if done % PROGRESS_STEP == 0 or done == total:
                self.post_message(DataReading(done, total))

        try:
            changed = self.bring_up_to_date(progress)
        except (ReaderError, OSError, sqlite3.Error) as exc:
            self.post_message(DataUpdated(False, f"not brought up to date: {exc}"))
            return
        self.post_message(DataUpdated(changed))

    @on(DataReading)
    def _data_reading(self, message: DataReading) -> None:
        self.reading = f"reading {message.done:,} of {message.total:,} changed texts…"
        self.show_status()

    @on(DataUpdated)
    def _data_updated(self, message: DataUpdated) -> None:
        self.reading = message.problem
        if message.changed:
            self.apply_filter(str(self.filter_query), keep_cursor=True)
        self.show_status()

    # --- what subclasses provide ------------------------------------------------------

    def bring_up_to_date(self, progress: Progress) -> bool:
        """On the data thread: bring what the screen lists up to date; True when anything
        changed."""
        return self.data_thread.update_crossref(progress)

    def paint(self, row: Any, previous: Any, width: int) -> Painted:
        """The row as lines (``RowPainter``)."""
        raise NotImplementedError

    def source(self, query: Query) -> PageSource[Any]:
        """The rows for ``query`` (QueryError when the screen cannot filter by it)."""
        raise NotImplementedError

    def passage(self, row: Any) -> PassageChosen:
        """What ``enter`` on ``row`` opens."""
        raise NotImplementedError

    def describe(self) -> str:
        """What the status line says besides the row number (grouping, coverage)."""
        return ""

    # --- filtering --------------------------------------------------------------------

    def apply_filter(self, text: str, *, keep_cursor: bool = False) -> None:
        """List the rows the query ``text`` keeps; a bad query is said in the status line
        and the rows listed stay as they were."""
        try:
            query = parse_query(text)
            source = self.source(query)
        except QueryError as exc:
            self.problem = str(exc)
            self.show_status()
            return
        self.problem = ""
        self.filter_query = query
        self.rows.show(source, self.data_thread, keep_cursor=keep_cursor)
        self.show_status()

    @on(Input.Changed, "#across-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        if self._typing is not None:
            self._typing.stop()
            self._typing = None
        if self.FILTER_DELAY:
            self._typing = self.set_timer(self.FILTER_DELAY, self._apply_typed)
        else:
            self.apply_filter(event.value)

    def _apply_typed(self) -> None:
        self._typing = None
        self.apply_filter(self.query_one("#across-filter", Input).value)

    @on(Input.Submitted, "#across-filter")
    def _filter_submitted(self) -> None:
        if self._typing is not None:
            self._typing.stop()
            self._apply_typed()
        if not self.problem:  # a bad query keeps the line focused, to be corrected
            self.rows.focus()

    def action_focus_filter(self) -> None:
        self.query_one("#across-filter", Input).focus()

    def action_back(self) -> None:
        if self.focused is self.query_one("#across-filter", Input):
            self.rows.focus()
            return
        self.app.pop_screen()

    # --- status -----------------------------------------------------------------------

    def show_status(self) -> None:
        """Row n of N, what the screen adds, and a bad filter's reason."""
        rows = self.rows
        where = (
            f"{rows.cursor + 1:,} of {rows.count:,}"
            if rows.count
            else ("0" if rows.loaded else "…")
        )
        parts = [where, self.describe(), self.reading]
        line = Text(" · ".join(p for p in parts if p))
        if self.problem:
            line.append("   " + one_line(self.problem), style="bold red")
        if line != self._status_shown:
            self._status_shown = line
            # One row of a fixed height: no layout to redo (each keystroke updates it).
            self.query_one("#across-status", Static).update(line, layout=False)

    @on(PagedList.Highlighted)
    def _highlighted(self) -> None:
        self.show_status()

    @on(PagedList.Failed)
    def _failed(self, event: PagedList.Failed) -> None:
        self.problem = event.reason
        self.show_status()

    @on(PagedList.Chosen)
    def _chosen(self, event: PagedList.Chosen) -> None:
        self.post_message(self.passage(event.row))
