"""The corpus screen: every article with its title, language, date and tag counts."""

from __future__ import annotations

import time
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Input, ProgressBar, Static
from textual.worker import get_current_worker

from reader.core.corpus import CorpusEntry, Metadata, Skipped
from reader.core.errors import DocumentError
from reader.tui.messages import CorpusScanned, MetadataLoaded
from reader.tui.safe import literal, one_line
from reader.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from reader.tui.app import ReaderApp

SORT_COLUMNS = ("title", "lang", "date", "path")
BATCH_SECONDS = 0.1
PREFETCH_SECONDS = 0.3  # the cursor rests this long on a row: its entities are prefetched


class CorpusScreen(Screen[None]):
    """The list of articles; fills in as metadata loads in a worker."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter", id="corpus.filter"),
        Binding("j", "row(1)", "Down", show=False, id="corpus.down"),
        Binding("k", "row(-1)", "Up", show=False, id="corpus.up"),
        Binding("o", "sort", "Sort", id="corpus.sort"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="corpus.clear_filter"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[str, CorpusEntry] = {}
        self.items: dict[str, Metadata | Skipped | None] = {}
        self.order: list[str] = []
        self.filter_text = ""
        self.sort_index = -1
        self.loaded = 0
        self._prefetch: Timer | None = None

    @property
    def reader(self) -> ReaderApp:
        """The app, typed."""
        from reader.tui.app import ReaderApp

        assert isinstance(self.app, ReaderApp)
        return self.app

    def compose(self) -> ComposeResult:
        with Horizontal(id="corpus-bar"):
            yield Input(placeholder="filter: title, path or language", id="filter")
            yield Static("scanning…", id="corpus-count", markup=False)
            yield ProgressBar(id="progress", show_eta=False)
        yield DataTable(id="articles", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one("#articles", DataTable)
        table.add_column("Title", key="title", width=34)
        table.add_column("Lang", key="lang", width=4)
        table.add_column("Date", key="date", width=10)
        for tag in self.reader.project.config.tags:
            table.add_column(Text(tag.name[:5], style=tag.colour), key=f"tag:{tag.name}", width=5)
        table.add_column("Path", key="path")
        self.query_one("#filter", Input).display = False
        table.focus()
        self.load_metadata()

    # --- workers -----------------------------------------------------------

    @work(thread=True, exclusive=True, group="metadata")
    def load_metadata(self) -> None:
        """Scan the corpus, then compute metadata in batches (posted as messages).

        Whatever was computed is saved to .reader/ even when the app quits meanwhile
        (the app is captured here: ``self.app`` is gone once it has exited).
        """
        worker = get_current_worker()
        app = self.reader
        with app.corpus_lock:
            scan = app.corpus.scan()
        self.post_message(CorpusScanned(scan))
        batch: list[Metadata | Skipped] = []
        last = time.monotonic()
        total = len(scan.entries)
        try:
            for done, entry in enumerate(scan.entries, 1):
                if worker.is_cancelled:
                    return
                batch.append(self._metadata(app, entry))
                if time.monotonic() - last > BATCH_SECONDS:
                    self.post_message(MetadataLoaded(batch, done, total))
                    batch, last = [], time.monotonic()
            self.post_message(MetadataLoaded(batch, total, total))
        finally:
            with app.corpus_lock:
                app.corpus.save_cache()

    @staticmethod
    def _metadata(app: ReaderApp, entry: CorpusEntry) -> Metadata | Skipped:
        try:
            with app.corpus_lock:
                return app.corpus.metadata(entry)
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
        self.post_message(MetadataLoaded([self._metadata(self.reader, fresh)], -1, -1))

    # --- handlers ----------------------------------------------------------

    @on(CorpusScanned)
    def _scanned(self, message: CorpusScanned) -> None:
        self.entries = {e.rel: e for e in message.scan.entries}
        self.items = {e.rel: None for e in message.scan.entries}
        for skipped in message.scan.skipped:
            self.items[skipped.rel] = skipped
        self.order = sorted(self.items)
        self.query_one("#progress", ProgressBar).update(total=max(1, len(self.entries)))
        self._fill()

    @on(MetadataLoaded)
    def _loaded(self, message: MetadataLoaded) -> None:
        table = self.query_one("#articles", DataTable)
        for item in message.items:
            self.items[item.rel] = item
            if isinstance(item, Metadata):
                self.reader.titles[item.rel] = item.title
                self.reader.warm_up(item.language)
            if item.rel in table.rows:
                for key, value in zip(self._column_keys(), self._cells(item.rel), strict=True):
                    table.update_cell(item.rel, key, value)
        if message.total >= 0:
            self.loaded = message.done
            progress = self.query_one("#progress", ProgressBar)
            progress.update(progress=message.done)
            if message.done >= message.total:
                progress.display = False
        if self.filter_text:
            self._fill()
        self._update_count()

    def on_screen_resume(self) -> None:
        """Back from an article: refresh its counts."""
        rel = self.reader.last_closed
        if rel:
            self.reader.last_closed = None
            self.refresh_entry(rel)

    @on(DataTable.RowHighlighted, "#articles")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        """After the cursor rests on a row, recognise its entities so it opens with them."""
        if self._prefetch is not None:
            self._prefetch.stop()
        rel = str(event.row_key.value)
        if isinstance(self.items.get(rel), Metadata):
            self._prefetch = self.set_timer(
                PREFETCH_SECONDS, partial(self.reader.prefetch_entities, rel)
            )

    @on(DataTable.RowSelected, "#articles")
    def _open(self, event: DataTable.RowSelected) -> None:
        rel = str(event.row_key.value)
        item = self.items.get(rel)
        if isinstance(item, Skipped):
            self.notify(one_line(f"{rel}: {item.reason}"), title="Skipped", markup=False)
            return
        self.reader.open_article(rel)

    @on(DataTable.HeaderSelected, "#articles")
    def _sort_by_header(self, event: DataTable.HeaderSelected) -> None:
        self._sort(str(event.column_key.value))

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value.strip().lower()
        self._fill()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.query_one("#articles", DataTable).focus()

    # --- actions -----------------------------------------------------------

    def action_filter(self) -> None:
        """Show the filter box and focus it."""
        box = self.query_one("#filter", Input)
        box.display = True
        box.focus()

    def action_clear_filter(self) -> None:
        """Clear and hide the filter."""
        box = self.query_one("#filter", Input)
        box.value = ""
        box.display = False
        self.filter_text = ""
        self._fill()
        self.query_one("#articles", DataTable).focus()

    def action_row(self, delta: int) -> None:
        """Move the row cursor."""
        table = self.query_one("#articles", DataTable)
        table.move_cursor(row=max(0, table.cursor_row + delta))

    def action_sort(self) -> None:
        """Sort by the next column (title, language, date, path)."""
        self.sort_index = (self.sort_index + 1) % len(SORT_COLUMNS)
        self._sort(SORT_COLUMNS[self.sort_index])

    # --- rows --------------------------------------------------------------

    def _sort(self, column: str) -> None:
        table = self.query_one("#articles", DataTable)
        numeric = column.startswith("tag:")
        table.sort(
            column,
            key=lambda cell: int(str(cell) or 0) if numeric else str(cell).lower(),
            reverse=numeric,
        )
        self.notify(f"sorted by {column.removeprefix('tag:')}", timeout=1.5)

    def _column_keys(self) -> list[str]:
        tags = [f"tag:{t.name}" for t in self.reader.project.config.tags]
        return ["title", "lang", "date", *tags, "path"]

    def _cells(self, rel: str) -> list[Text]:
        item = self.items.get(rel)
        tags = self.reader.project.config.tags
        path = literal(rel)
        blank = [Text("") for _ in tags]
        if isinstance(item, Skipped):
            blank = [Text("") for _ in tags]
            return [
                literal(f"skipped: {item.reason}", "italic red"),
                Text("—"),
                Text(""),
                *blank,
                path,
            ]
        if item is None:
            return [
                literal(rel.rsplit("/", 1)[-1], "dim"),
                Text("…"),
                Text(""),
                *(Text("") for _ in tags),
                path,
            ]
        title = literal(item.title)
        if item.annotation_error:
            title = literal(f"⚠ {item.title}", "yellow")
        counts = [Text(str(item.counts.get(t.name, "")) or "", style=t.colour) for t in tags]
        return [title, literal(item.language or "?"), literal(item.date or ""), *counts, path]

    def _matches(self, rel: str) -> bool:
        if not self.filter_text:
            return True
        item = self.items.get(rel)
        hay = rel
        if isinstance(item, Metadata):
            hay = f"{item.title}\n{rel}\n{item.language or ''}"
        return self.filter_text in hay.lower()

    def _fill(self) -> None:
        table = self.query_one("#articles", DataTable)
        current = None
        if table.row_count and table.cursor_row >= 0:
            try:
                current = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            except Exception:  # a stale cursor is fine
                current = None
        table.clear()
        for rel in self.order:
            if self._matches(rel):
                table.add_row(*self._cells(rel), key=rel)
        if current is not None and current in table.rows:
            table.move_cursor(row=table.get_row_index(current))
        self._update_count()

    def _update_count(self) -> None:
        total = len(self.entries)
        skipped = sum(isinstance(i, Skipped) for i in self.items.values())
        shown = self.query_one("#articles", DataTable).row_count
        parts = [f"{len(self.items) - skipped} articles"]
        if skipped:
            parts.append(f"{skipped} skipped")
        if self.filter_text:
            parts.insert(0, f"{shown} match")
        if self.loaded < total:
            parts.append(f"loading {self.loaded}/{total}")
        self.query_one("#corpus-count", Static).update(" · ".join(parts))
