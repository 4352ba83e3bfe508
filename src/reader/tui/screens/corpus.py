"""The corpus screen: every article with its title, language, date and tag counts."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import DataTable, Input, ProgressBar, Static
from textual.widgets.data_table import ColumnKey
from textual.worker import get_current_worker

from reader.core.corpus.discovery import CorpusEntry, Metadata, Skipped
from reader.core.errors import DocumentError, ReaderError
from reader.tui.keys import bindings_of
from reader.tui.messages import ArticleChosen, CorpusScanned, LanguageSeen, MetadataLoaded
from reader.tui.safe import literal, one_line
from reader.tui.screens.base import StyledScreen
from reader.tui.services import Services
from reader.tui.widgets.article_table import ArticleTable, Cells
from reader.tui.widgets.key_bar import KeyBar

SORT_COLUMNS = ("title", "lang", "date", "path")  # `o` cycles; "path" is the scan order
BATCH_SECONDS = 0.25  # each batch repaints the table: shorter batches slow a cold load down
PREFETCH_SECONDS = 0.3  # the cursor rests this long on a row: its entities are prefetched
FILTER_SECONDS = 0.1  # the filter applies once typing pauses this long
TITLE_WIDTH = 34
SKIPPED_LINES = 3  # a skipped row wraps its reason over at most this many lines
_BLANK = Text("")  # cells are never mutated: blanks and placeholders are shared
_LOADING = Text("…")
_DASH = Text("—")


class CorpusScreen(StyledScreen):
    """The list of articles; fills in as metadata loads in a worker."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_of("corpus.")

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.entries: dict[str, CorpusEntry] = {}
        self.items: dict[str, Metadata | Skipped | None] = {}
        self.paths: list[str] = []  # every row, in path order
        self.order: list[str] = []  # every row, in the sort order
        self.shown: list[str] = []  # the rows in the table
        self.filter_text = ""  # the filter applied (typing is applied after FILTER_SECONDS)
        self.sort_column = "path"
        self.sort_reverse = False
        self.loaded = 0
        self.languages: set[str] = set()  # seen in the metadata, lower case
        self._languages_told: set[str] = set()  # LanguageSeen posted for these
        self._cells: dict[str, Cells] = {}
        self._labels: dict[str, Text] = {}  # column headers without the sort arrow
        self._hay: dict[str, str] = {}
        self._prefetch: Timer | None = None
        self._filter: Input | None = None  # the filter box, mounted when first asked for
        self._filter_timer: Timer | None = None

    @property
    def table(self) -> ArticleTable:
        """The list of articles."""
        return self.query_one("#articles", ArticleTable)

    def compose(self) -> ComposeResult:
        # The filter box and the progress bar are mounted when first needed (``/``, the
        # scan's result): fewer widgets to style and lay out before the first frame.
        with Horizontal(id="corpus-bar"):
            yield Static("scanning…", id="corpus-count", markup=False)
        yield ArticleTable(id="articles")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.table
        table.add_column("Title", key="title", width=TITLE_WIDTH)
        table.add_column("Lang", key="lang", width=5)
        table.add_column("Date", key="date", width=10)
        for tag in self.services.project.config.tags:
            table.add_column(Text(tag.name[:5], style=tag.colour), key=f"tag:{tag.name}", width=5)
        table.add_column("Path", key="path")
        self._labels = {str(c.key.value): c.label.copy() for c in table.ordered_columns}
        self._show_sort()
        table.focus()
        # After the first frame: the scan and the metadata (language detection on a cold
        # cache) run in a thread that takes the GIL from the first layout and paint.
        self.call_after_refresh(self.load_metadata)

    # --- workers -----------------------------------------------------------

    @work(thread=True, exclusive=True, group="metadata")
    def load_metadata(self) -> None:
        """Scan the corpus, then compute metadata in batches (posted as messages).

        Whatever was computed is saved to .reader/ even when the app quits meanwhile
        (the services are captured here: the screen may be gone once the app has exited).
        """
        worker = get_current_worker()
        services = self.services
        with services.corpus_lock:
            scan = services.corpus.scan()
        self.post_message(CorpusScanned(scan))
        batch: list[Metadata | Skipped] = []
        last = time.monotonic()
        total = len(scan.entries)
        try:
            for done, entry in enumerate(scan.entries, 1):
                if worker.is_cancelled:
                    return
                batch.append(self._metadata(services, entry))
                if time.monotonic() - last > BATCH_SECONDS:
                    self.post_message(MetadataLoaded(batch, done, total))
                    batch, last = [], time.monotonic()
            self.post_message(MetadataLoaded(batch, total, total))
        finally:
            with services.corpus_lock:
                services.corpus.save_cache()

    @staticmethod
    def _metadata(services: Services, entry: CorpusEntry) -> Metadata | Skipped:
        try:
            with services.corpus_lock:
                return services.corpus.metadata(entry)
        except DocumentError as exc:
            return Skipped(entry.rel, exc.message)

    @work(thread=True, group="refresh")
    def refresh_entry(self, rel: str) -> None:
        """Recompute one article's metadata (after it was annotated)."""
        entry = self.entries.get(rel)
        if entry is None:
            return
        fresh = entry
        try:
            stat = entry.path.stat()
            fresh = CorpusEntry(entry.rel, entry.path, stat.st_size, stat.st_mtime_ns)
        except OSError:
            pass
        self.post_message(MetadataLoaded([self._metadata(self.services, fresh)], -1, -1))

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

    # --- handlers ----------------------------------------------------------

    @on(CorpusScanned)
    def _scanned(self, message: CorpusScanned) -> None:
        self.entries = {e.rel: e for e in message.scan.entries}
        self.items = {e.rel: None for e in message.scan.entries}
        for skipped in message.scan.skipped:
            self.items[skipped.rel] = skipped
        self.paths = sorted(self.items)
        for rel in self.paths:
            self._remember(rel)
        path = self.table.columns[ColumnKey("path")]  # its width: no row is measured
        widths = (cell_len(one_line(rel)) for rel in self.paths)
        path.content_width = max(path.content_width, *widths, 0)
        self._progress().update(total=max(1, len(self.entries)))
        self._sort_rows()
        self._show_rows()
        self._show_count()

    @on(MetadataLoaded)
    def _loaded(self, message: MetadataLoaded) -> None:
        table = self.table
        changed: list[str] = []
        rebuild = False
        for item in message.items:
            if item.rel not in self.items:
                continue
            self.items[item.rel] = item
            height = self._cells[item.rel][1]
            self._remember(item.rel)
            if item.rel in table.rows:
                changed.append(item.rel)
                rebuild = rebuild or self._cells[item.rel][1] != height
            if isinstance(item, Metadata):
                self.services.titles[item.rel] = item.title
                if item.language and item.language not in self._languages_told:
                    self._languages_told.add(item.language)
                    self.post_message(LanguageSeen(item.language))
        if message.total >= 0:
            self.loaded = message.done
            progress = self._progress()
            progress.update(progress=message.done)
            if message.done >= message.total:
                progress.display = False
        if self.sort_column != "path":
            self._sort_rows()
        if not self._show_rows(force=rebuild):  # the same rows: update their cells
            keys = [column.key for column in table.ordered_columns]
            for rel in changed:
                for key, value in zip(keys, self._cells[rel][0], strict=True):
                    table.update_cell(rel, key, value)
        self._show_count()

    @on(DataTable.RowHighlighted, "#articles")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        """After the cursor rests on a row, recognise its entities so it opens with them."""
        if self._prefetch is not None:
            self._prefetch.stop()
        rel = str(event.row_key.value)
        if isinstance(self.items.get(rel), Metadata):
            self._prefetch = self.set_timer(PREFETCH_SECONDS, partial(self.prefetch, rel))

    @on(DataTable.RowSelected, "#articles")
    def _open(self, event: DataTable.RowSelected) -> None:
        rel = str(event.row_key.value)
        item = self.items.get(rel)
        if isinstance(item, Skipped):
            self.notify(one_line(f"{rel}: {item.reason}"), title="Skipped", markup=False)
            return
        self.post_message(ArticleChosen(rel))

    @on(DataTable.HeaderSelected, "#articles")
    def _sort_by_header(self, event: DataTable.HeaderSelected) -> None:
        """A click on a header sorts by that column; on the sorted column, reverses."""
        column = str(event.column_key.value)
        if column == self.sort_column:
            self.action_reverse()
        else:
            self._sort(column, reverse=column.startswith("tag:"))

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self._filter_timer = self.set_timer(FILTER_SECONDS, self._apply_filter)

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self._apply_filter()
        self.table.focus()

    # --- actions -----------------------------------------------------------

    def _filter_box(self) -> Input:
        """The filter box, mounted the first time it is asked for."""
        if self._filter is None:
            self._filter = Input(placeholder="filter: title, path or lang:ru", id="filter")
            self.query_one("#corpus-bar").mount(self._filter, before=0)
        return self._filter

    def _progress(self) -> ProgressBar:
        """The loading progress bar, mounted the first time it is asked for."""
        found = self.query("#progress")
        if found:
            return found.first(ProgressBar)
        bar = ProgressBar(id="progress", show_eta=False)
        self.query_one("#corpus-bar").mount(bar)
        return bar

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
        self._apply_filter()
        self.table.focus()

    def action_row(self, delta: int) -> None:
        """Move the row cursor."""
        table = self.table
        table.move_cursor(row=max(0, table.cursor_row + delta))

    def action_sort(self) -> None:
        """Sort by the next column: title, language, date, path (ascending)."""
        at = SORT_COLUMNS.index(self.sort_column) if self.sort_column in SORT_COLUMNS else -1
        self._sort(SORT_COLUMNS[(at + 1) % len(SORT_COLUMNS)], reverse=False)

    def action_reverse(self) -> None:
        """Reverse the sort order."""
        self._sort(self.sort_column, reverse=not self.sort_reverse)

    # --- filter and sort ---------------------------------------------------

    def _apply_filter(self) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
            self._filter_timer = None
        text = self._filter.value.strip().lower() if self._filter is not None else ""
        if text != self.filter_text:
            self.filter_text = text
            self._show_rows()
            self._show_count()

    def _matcher(self) -> Callable[[str], bool] | None:
        """What the filter keeps: a language (``lang:ru``, or a query that is a language
        code of the project or the corpus), else rows whose title, path or language
        contain the query."""
        query = self.filter_text
        language = query.removeprefix("lang:").strip() if query.startswith("lang:") else None
        known = self.languages | {code.lower() for code in self.services.project.config.languages}
        if language is None and query in known:
            language = query
        if language:
            return lambda rel: _language(self.items.get(rel)) == language
        if not query or language == "":
            return None
        return lambda rel: query in self._hay[rel]

    def _sort(self, column: str, *, reverse: bool) -> None:
        self.sort_column, self.sort_reverse = column, reverse
        self._sort_rows()
        self._show_rows()
        self._show_sort()
        arrow = "▼" if reverse else "▲"
        name = column.removeprefix("tag:")
        self.notify(
            f"sorted by {name} {arrow} (o: next column, O: reverse)", timeout=2, markup=False
        )

    def _sort_rows(self) -> None:
        """``order``: rows by the sort column; ties and rows without a value (not yet
        loaded, skipped) in path order, the latter last either way."""
        column = self.sort_column
        if column == "path":
            self.order = self.paths[::-1] if self.sort_reverse else list(self.paths)
            return
        valued: list[tuple[str | int, str]] = []
        missing: list[str] = []
        for rel in self.paths:
            value = _sort_value(self.items.get(rel), column)
            if value is None:
                missing.append(rel)
            else:
                valued.append((value, rel))
        valued.sort(key=lambda pair: pair[0], reverse=self.sort_reverse)
        self.order = [rel for _, rel in valued] + missing

    def _show_sort(self) -> None:
        """The sorted column's header ends in ▲ (ascending) or ▼."""
        table = self.table
        arrow = "▼" if self.sort_reverse else "▲"
        for column in table.ordered_columns:
            key = str(column.key.value)
            label = self._labels[key].copy()
            if key == self.sort_column:
                if column.auto_width or label.cell_len + 2 <= column.width:
                    label.append(f" {arrow}")
                else:  # a narrow column: the arrow replaces its last letter
                    label = label[: max(0, column.width - 1)]
                    label.append(arrow)
            if label.plain != column.label.plain:
                table.set_label(key, label)

    # --- rows --------------------------------------------------------------

    def _show_rows(self, *, force: bool = False) -> bool:
        """Put the rows that pass the filter, in order, into the table; False when they
        are the ones shown already (and not ``force``)."""
        keep = self._matcher()
        wanted = self.order if keep is None else [rel for rel in self.order if keep(rel)]
        if wanted == self.shown and not force:
            return False
        self.shown = list(wanted)
        self.table.show_rows([(rel, self._cells[rel]) for rel in wanted])
        return True

    def _remember(self, rel: str) -> None:
        """Cache a row's cells and the text the filter searches."""
        item = self.items.get(rel)
        self._cells[rel] = self._row(rel, item)
        if isinstance(item, Metadata):
            self._hay[rel] = f"{item.title}\n{rel}\n{item.language or ''}".lower()
            if item.language:
                self.languages.add(item.language.lower())
        else:
            self._hay[rel] = rel.lower()

    def _row(self, rel: str, item: Metadata | Skipped | None) -> Cells:
        tags = self.services.project.config.tags
        path = literal(rel)
        if isinstance(item, Skipped):  # the reason wraps in the title column
            reason = Text(
                one_line(f"skipped: {item.reason}"), style="italic red", overflow="ellipsis"
            )
            lines = len(reason.wrap(self.app.console, TITLE_WIDTH))
            return [reason, _DASH, _BLANK, *(_BLANK for _ in tags), path], min(
                SKIPPED_LINES, max(1, lines)
            )
        if item is None:
            name = literal(rel.rsplit("/", 1)[-1], "dim")
            return [name, _LOADING, _BLANK, *(_BLANK for _ in tags), path], 1
        title = literal(item.title)
        if item.annotation_error:
            title = literal(f"⚠ {item.title}", "yellow")
        counts = [Text(str(item.counts.get(t.name, "")), style=t.colour) for t in tags]
        return [title, literal(item.language or "?"), literal(item.date or ""), *counts, path], 1

    def _show_count(self) -> None:
        """``802 match · 3000 articles · 1 skipped``; while loading, ``loading n/total``
        stands for the number of articles."""
        total = len(self.entries)
        skipped = sum(isinstance(i, Skipped) for i in self.items.values())
        parts = []
        if self.filter_text:
            parts.append(f"{self.table.row_count} match")
        if self.loaded < total:
            parts.append(f"loading {self.loaded}/{total}")
        else:
            parts.append(f"{len(self.items) - skipped} articles")
        if skipped:
            parts.append(f"{skipped} skipped")
        self.query_one("#corpus-count", Static).update(" · ".join(parts))


def _language(item: Metadata | Skipped | None) -> str | None:
    return item.language.lower() if isinstance(item, Metadata) and item.language else None


def _sort_value(item: Metadata | Skipped | None, column: str) -> str | int | None:
    if not isinstance(item, Metadata):
        return None
    if column == "title":
        return item.title.casefold()
    if column == "lang":
        return item.language
    if column == "date":
        return item.date
    return item.counts.get(column.removeprefix("tag:"), 0)
