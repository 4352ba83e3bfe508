"""What the corpus-wide screens (search, timeline, annotations) share: a filter line in
the query language over a ``PagedList``, a status line, and one data thread that owns
the screen's database connections (SQLite connections belong to the thread that opened
them; one thread also keeps the queries of one screen in the order they were asked)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.timer import Timer
from textual.widgets import Input, Static

from reader.core.corpus.crossref import CrossRef
from reader.core.corpus.discovery import Corpus
from reader.core.corpus.query import Query, QueryError, parse_query
from reader.core.errors import Problem
from reader.tui.safe import one_line
from reader.tui.screens.base import StyledScreen
from reader.tui.screens.passage import PassageChosen
from reader.tui.services import Services
from reader.tui.widgets.paged_list import PagedList, PageSource, Painted


class DataThread(ThreadPoolExecutor):
    """One thread for a screen's queries, with the cross-article tables opened on it."""

    def __init__(self, services: Services) -> None:
        super().__init__(max_workers=1, thread_name_prefix="reader-data")
        self.services = services
        self._crossref: CrossRef | None = None
        self._refreshed = False

    def crossref(self, progress: Callable[[int, int], None] | None = None) -> CrossRef:
        """The cross-article tables, brought up to date on first use (on this thread
        only: call from a job)."""
        if self._crossref is None:
            services = self.services

            def registry() -> Any:
                try:
                    return services.entity_registry()
                except Problem:
                    return None  # speakers then group as written; the article says why

            crossref = CrossRef(Corpus(services.project), registry)
            crossref.update(progress=progress)
            self._crossref = crossref
        return self._crossref

    def corpus(self) -> Corpus:
        """The project's corpus with its index brought up to date on first use (only
        what changed since the list last saw it is read)."""
        if not self._refreshed:
            with self.services.corpus_lock:
                self.services.corpus.refresh()
            self._refreshed = True
        return self.services.corpus

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
        self._typing: Timer | None = None  # applies the filter once typing pauses

    def compose(self) -> ComposeResult:
        yield Input(self.initial_query, placeholder=self.PLACEHOLDER, id="filter")
        yield PagedList(self.paint, page_size=self.PAGE_SIZE, id="rows")
        yield Static(id="status", markup=False)

    @property
    def rows(self) -> PagedList[Any]:
        """The list."""
        return self.query_one("#rows", PagedList)

    def on_mount(self) -> None:
        super().on_mount()
        self.apply_filter(self.initial_query)
        if self.START_IN_FILTER and not self.initial_query:
            self.query_one("#filter", Input).focus()
        else:
            self.rows.focus()

    def on_unmount(self) -> None:
        self.data_thread.close()

    # --- what subclasses provide ------------------------------------------------------

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

    @on(Input.Changed, "#filter")
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
        self.apply_filter(self.query_one("#filter", Input).value)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        if self._typing is not None:
            self._typing.stop()
            self._apply_typed()
        if not self.problem:  # a bad query keeps the line focused, to be corrected
            self.rows.focus()

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_back(self) -> None:
        if self.focused is self.query_one("#filter", Input):
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
        parts = [where, self.describe()]
        line = Text(" · ".join(p for p in parts if p))
        if self.problem:
            line.append("   " + one_line(self.problem), style="bold red")
        self.query_one("#status", Static).update(line)

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
