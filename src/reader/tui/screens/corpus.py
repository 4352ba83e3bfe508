"""The corpus screen: the texts of the corpus (its scope) from the corpus index, a page at
a time, so that 100,000 texts list as fast and as small as 100.

Only the rows on the screen are built (``PagedList``). The pages are read on one data
thread through a connection of its own: the index is brought up to date in a worker at
the same time (which holds the shared connection for as long as it writes), and the list
shows what the index holds meanwhile, fetched again as the worker commits.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.events import Click, Resize
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from reader.core.corpus.discovery import CorpusEntry
from reader.core.corpus.index import INDEX_FILE, Index, Metadata
from reader.core.corpus.query import Query, QueryError, Term, parse_query
from reader.core.errors import ReaderError
from reader.tui.keys import bindings_of
from reader.tui.messages import ArticleChosen, LanguageSeen
from reader.tui.safe import one_line
from reader.tui.screens.base import StyledScreen
from reader.tui.services import Services
from reader.tui.widgets.article_table import Columns
from reader.tui.widgets.key_bar import KeyBar
from reader.tui.widgets.paged_list import PagedList, Painted

SORT_COLUMNS = ("path", "title", "language", "date")  # `o` cycles these, then each tag
ANNOTATED = ("", "annotated", "not annotated")  # `a` cycles the annotated filter
PREFETCH_SECONDS = 0.3  # the cursor rests this long on a row: its entities are prefetched
SHOW_AGAIN_SECONDS = 2.0  # while the index is built, the rows are fetched again this often
PROGRESS_STEP = 256  # texts read between two progress messages
HEADER_PADDING = 1  # cells left of the header's first column (its CSS padding)


@dataclass
class IndexReading(Message):
    """The worker has read ``done`` of the ``total`` texts that changed."""

    done: int
    total: int


@dataclass
class IndexUpdated(Message):
    """The index is up to date: ``changed`` when rows may differ from those shown;
    ``skipped``: texts that are not listed (unreadable, unsafe names); ``problem``: why
    it could not be brought up to date."""

    changed: bool
    skipped: int = 0
    longest_path: int = 0
    problem: str = ""


@dataclass
class EntryRefreshed(Message):
    """One text's row was brought up to date (after it was annotated)."""


class ListReader(ThreadPoolExecutor):
    """The list's data thread. When the index file exists before the list opens, the
    thread reads through a connection of its own (SQLite's WAL lets it read while the
    refresh worker writes through the shared one, which it holds for the whole refresh);
    a new index is built by that worker first, so the list reads through the shared one
    (a second connection opened meanwhile would race it creating the tables)."""

    def __init__(self, services: Services) -> None:
        super().__init__(max_workers=1, thread_name_prefix="reader-list")
        self.services = services
        path = services.project.cache_dir / INDEX_FILE
        self._own_path = path if path.is_file() and os.access(path, os.W_OK) else None
        self._index: Index | None = None

    def index(self) -> Index:
        """The index to read from; on this thread only."""
        if self._index is None:
            if self._own_path is not None:
                self._index = Index(self._own_path)
            else:
                with self.services.corpus_lock:
                    self._index = self.services.corpus.index
        return self._index

    def close(self) -> None:
        """Close the connection once the queued reads have run."""
        self.submit(self._close)
        self.shutdown(wait=False)

    def _close(self) -> None:
        if self._index is not None and self._own_path is not None:
            self._index.close()
        self._index = None


@dataclass(frozen=True, slots=True)
class ListSource:
    """The texts of the scope matching ``query``, sorted (a ``PageSource``)."""

    reader: ListReader
    query: Query
    sort: str
    descending: bool
    scope: str

    def count(self) -> int:
        return self.reader.index().count(self.query or None, self.scope)

    def page(self, offset: int, limit: int) -> list[Metadata]:
        return self.reader.index().rows(
            self.query or None,
            self.sort,
            descending=self.descending,
            offset=offset,
            limit=limit,
            scope=self.scope,
        )


class CorpusScreen(StyledScreen):
    """The list of texts; ``/`` filters it with the query language."""

    DEFAULT_CSS = """
    CorpusScreen #corpus-header { height: 1; padding: 0 1; background: $panel; }
    CorpusScreen #articles { padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = bindings_of("corpus.")

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.reader = ListReader(services)
        self.filter_text = ""  # the query applied
        self.query_applied: Query = Query()
        self.annotated = ""  # one of ANNOTATED
        self.sort_column = "path"
        self.sort_reverse = False
        self.problem = ""  # why the query typed last is not applied
        self.failed = ""  # why the rows shown last could not be read (until shown again)
        self.reading = "checking for changes…"  # what the index worker is doing
        self.skipped = 0
        self.up_to_date = False  # the index worker finished (or said why it could not)
        self.longest_path = 0  # 0 until the walk: the path column takes its full share
        self._columns: Columns | None = None
        self._languages_told: set[str] = set()
        self._prefetch: Timer | None = None
        self._filter: Input | None = None  # the filter box, mounted when first asked for
        self._last_shown = 0.0  # when the rows were last fetched again during a build
        self._status_shown = Text()

    @property
    def rows(self) -> PagedList[Metadata]:
        """The list of texts."""
        return self.query_one("#articles", PagedList)

    def compose(self) -> ComposeResult:
        with Horizontal(id="corpus-bar"):
            yield Static("", id="corpus-count", markup=False)
        yield Static("", id="corpus-header", markup=False)
        yield PagedList(self.paint, id="articles")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_rows()
        self.rows.focus()
        self.bring_up_to_date()

    def on_unmount(self) -> None:
        self.reader.close()

    def on_resize(self, event: Resize) -> None:
        self._columns = None
        self._show_header()

    # --- painting -----------------------------------------------------------------

    @property
    def columns(self) -> Columns:
        """The columns at the list's width."""
        if self._columns is None:
            width = self.rows.size.width or self.size.width
            longest = self.longest_path or width
            self._columns = Columns.fit(width, self.services.project.config.tags, longest)
        return self._columns

    def paint(self, row: Metadata, previous: Metadata | None, width: int) -> Painted:
        """One text as a line (``RowPainter``)."""
        self.services.titles[row.rel] = row.title
        language = row.language
        if language and language not in self._languages_told:
            self._languages_told.add(language)
            self.post_message(LanguageSeen(language))
        return Painted((), (self.columns.row(row),))

    def on_click(self, event: Click) -> None:
        """A click on a column's name sorts by it; on the sorted column, reverses."""
        if event.widget is not self.query_one("#corpus-header"):
            return
        column = self.columns.key_at(event.x - HEADER_PADDING)
        if column == self.sort_column:
            self.action_reverse()
        elif column is not None:
            self._sort(column, reverse=column.startswith("tag:"))

    def _show_header(self) -> None:
        header = self.columns.header(self.sort_column, self.sort_reverse)
        self.query_one("#corpus-header", Static).update(header)

    def show_status(self) -> None:
        """Row n of N, the filters, what the index worker does, a bad query's reason."""
        rows = self.rows
        if rows.count:
            where = f"{rows.cursor + 1:,} of {rows.count:,} articles"
        else:
            where = "0 articles" if rows.loaded else "…"
        parts = [where]
        if self.services.corpus.scope:
            parts.append(f"in {self.services.corpus.scope}/")
        if self.annotated:
            parts.append(self.annotated)
        if self.skipped:
            parts.append(f"{self.skipped:,} skipped")
        parts.append(self.reading)
        line = Text(" · ".join(p for p in parts if p))
        for reason in (self.problem, self.failed):
            if reason:
                line.append("   " + one_line(reason), style="bold red")
        if line != self._status_shown:
            # The count's width is its text's (width: auto): a new length needs a layout.
            resized = self._status_shown is None or line.cell_len != self._status_shown.cell_len
            self._status_shown = line
            self.query_one("#corpus-count", Static).update(line, layout=resized)

    # --- the rows -----------------------------------------------------------------

    def show_rows(self, *, keep_cursor: bool = False) -> None:
        """List the texts the filters keep, in the sort order."""
        query = self.query_applied
        if self.annotated:
            has = Term("has", "annotations", negated=self.annotated != "annotated")
            query = Query((*query.clauses, (has,)))
        source = ListSource(
            self.reader, query, self.sort_column, self.sort_reverse, self.services.corpus.scope
        )
        self.failed = ""
        self.rows.show(source, self.reader, keep_cursor=keep_cursor)
        self._show_header()
        self.show_status()

    def move_to(self, rel: str) -> bool:
        """Put the cursor on ``rel``'s row if it is among the rows read so far (from the
        top); False when it is not."""
        rows = self.rows
        for index in range(rows.count):
            row = rows.row(index)
            if row is None:
                return False
            if row.rel == rel:
                rows.move_to(index)
                return True
        return False

    @on(PagedList.Highlighted)
    def _highlighted(self, event: PagedList.Highlighted) -> None:
        """After the cursor rests on a row, recognise its entities so it opens with them."""
        self.show_status()
        if self._prefetch is not None:
            self._prefetch.stop()
            self._prefetch = None
        # Not while a query is typed: recognition would take the GIL from the next key.
        if isinstance(event.row, Metadata) and self.focused is self.rows:
            self._prefetch = self.set_timer(PREFETCH_SECONDS, partial(self.prefetch, event.row.rel))

    @on(PagedList.Chosen)
    def _open(self, event: PagedList.Chosen) -> None:
        self.post_message(ArticleChosen(event.row.rel))

    @on(PagedList.Failed)
    def _failed(self, event: PagedList.Failed) -> None:
        self.failed = event.reason
        self.show_status()

    # --- workers ------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="index")
    def bring_up_to_date(self) -> None:
        """Walk the scope and bring the index up to date (only what changed is read).

        The services are captured here: the screen may be gone once the app has exited.
        """
        worker = get_current_worker()
        services = self.services

        def progress(done: int, total: int) -> None:
            if done % PROGRESS_STEP == 0 or done == total:
                self.post_message(IndexReading(done, total))

        corpus = services.corpus
        try:
            with services.corpus_lock:  # the list's reader opens the index under it too
                scan = corpus.scan()
                index = corpus.index
            if worker.is_cancelled:
                return
            longest = max((cell_len(one_line(e.rel)) for e in scan.entries), default=0)
            done = corpus.refresh(scan, progress)
            skipped = len(scan.skipped) + len(index.unreadable(corpus.scope))
        except (ReaderError, OSError) as exc:
            self.post_message(IndexUpdated(False, problem=f"index not brought up to date: {exc}"))
            return
        changed = bool(done.added or done.changed or done.annotations or done.removed
                       or done.renamed or done.rebuilt)  # fmt: skip
        self.post_message(IndexUpdated(changed, skipped, longest))

    @on(IndexReading)
    def _index_reading(self, message: IndexReading) -> None:
        self.reading = f"indexing {message.done:,} of {message.total:,}…"
        now = time.monotonic()
        if now - self._last_shown > SHOW_AGAIN_SECONDS:  # what was committed meanwhile
            self._last_shown = now
            self.show_rows(keep_cursor=True)
        self.show_status()

    @on(IndexUpdated)
    def _index_updated(self, message: IndexUpdated) -> None:
        self.reading = message.problem
        self.up_to_date = True
        self.skipped = message.skipped
        if message.longest_path and message.longest_path != self.longest_path:
            self.longest_path = message.longest_path
            self._columns = None
            self.rows.repaint()
        if message.changed:
            self.show_rows(keep_cursor=True)
        else:
            self._show_header()
        self.show_status()

    @work(thread=True, group="refresh")
    def refresh_entry(self, rel: str) -> None:
        """Bring one text's row up to date (after it was annotated) and show it."""
        services = self.services
        path = services.project.text_path(rel)
        try:
            stat = path.stat()
            entry = CorpusEntry(rel, path, stat.st_size, stat.st_mtime_ns, stat.st_ino)
            with services.corpus_lock:
                services.corpus.metadata(entry)
        except (ReaderError, OSError):
            return  # the next refresh says why
        self.post_message(EntryRefreshed())

    @on(EntryRefreshed)
    def _entry_refreshed(self) -> None:
        self.show_rows(keep_cursor=True)

    @work(thread=True, exclusive=True, group="prefetch")
    def prefetch(self, rel: str) -> None:
        """Prepare ``rel`` (document, segments, wrapped text) and recognise (and cache) its
        entities before it is opened."""
        from reader.tui.article.loader import prepare_article

        services = self.services
        try:
            prepared = prepare_article(services, rel, services.wrap_width)
        except (ReaderError, OSError):
            return  # opening it will say why
        if not get_current_worker().is_cancelled:
            services.recognise(prepared.document, prepared.language)

    # --- the filter ---------------------------------------------------------------

    def _filter_box(self) -> Input:
        """The filter box, mounted the first time it is asked for."""
        if self._filter is None:
            self._filter = Input(
                placeholder='filter: Путин "press secretary" lang:ru tag:quote -has:conflict',
                id="filter",
            )
            self.query_one("#corpus-bar").mount(self._filter, before=0)
        return self._filter

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.apply_filter(event.value)

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        if not self.problem:  # a bad query keeps the box focused, to be corrected
            self.rows.focus()

    def apply_filter(self, text: str) -> None:
        """List the texts the query ``text`` keeps; a bad query is said in the status
        line and the rows stay as they were."""
        try:
            query = parse_query(text)
        except QueryError as exc:
            self.problem = str(exc)
            self.show_status()
            return
        self.problem = ""
        self.filter_text = text.strip()
        if query != self.query_applied:
            self.query_applied = query
            self.show_rows()
        else:
            self.show_status()

    # --- actions ------------------------------------------------------------------

    def action_filter(self) -> None:
        """Show the filter box and focus it."""
        box = self._filter_box()
        box.display = True
        box.focus()

    def action_clear_filter(self) -> None:
        """Clear and hide the filter."""
        if self._filter is not None:
            self._filter.value = ""
            self._filter.display = False
        self.apply_filter("")
        self.rows.focus()

    def action_row(self, delta: int) -> None:
        """Move the row cursor."""
        self.rows.action_move(delta)

    def action_sort(self) -> None:
        """Sort by the next column: path, title, language, date, then each tag's count
        (most first)."""
        columns = (*SORT_COLUMNS, *(f"tag:{t.name}" for t in self.services.project.config.tags))
        at = columns.index(self.sort_column) if self.sort_column in columns else -1
        column = columns[(at + 1) % len(columns)]
        self._sort(column, reverse=column.startswith("tag:"))

    def action_reverse(self) -> None:
        """Reverse the sort order."""
        self._sort(self.sort_column, reverse=not self.sort_reverse)

    def action_annotated(self) -> None:
        """Cycle the filter: every text, annotated texts, texts not annotated."""
        self.annotated = ANNOTATED[(ANNOTATED.index(self.annotated) + 1) % len(ANNOTATED)]
        self.show_rows()

    def action_search(self) -> None:
        """Open the search screen (hits with snippets), with the filter's query."""
        from reader.tui.screens.search import SearchScreen

        self.app.push_screen(SearchScreen(self.services, str(self.query_applied)))

    def _sort(self, column: str, *, reverse: bool) -> None:
        self.sort_column, self.sort_reverse = column, reverse
        self.show_rows(keep_cursor=False)
        arrow = "▼" if reverse else "▲"
        name = column.removeprefix("tag:")
        self.notify(
            f"sorted by {name} {arrow} (o: next column, O: reverse)", timeout=2, markup=False
        )


def visible_rows(screen: CorpusScreen) -> list[Metadata]:
    """The rows on the screen now, top to bottom (for tests and the bench)."""
    rows = screen.rows
    found: list[Metadata] = []
    for index in range(rows.top, min(rows.top + rows.size.height, rows.count)):
        row = rows.row(index)
        if row is not None:
            found.append(row)
    return found
