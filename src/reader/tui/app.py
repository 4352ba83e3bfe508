"""The reader app: a corpus screen and article screens over one project."""

from __future__ import annotations

import asyncio
import gc
import threading
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import get_current_worker

from reader.core.corpus.discovery import Corpus
from reader.core.project.layout import Project
from reader.core.project.positions import Positions
from reader.tui.commands import ReaderCommands
from reader.tui.messages import SpeakersCollected
from reader.tui.recent import Recent
from reader.tui.safe import one_line
from reader.tui.saver import Saver
from reader.tui.screens.corpus import CorpusScreen

if TYPE_CHECKING:
    from reader.core.recognition.entities import EntitySpan
    from reader.core.recognition.registry import EntityRegistry
    from reader.core.text.document import Document
    from reader.tui.screens.article import ArticleScreen, PreparedArticle

EXPORT_NAME = "reader-export"
PREPARED_ARTICLES = 4  # recently opened or prefetched articles kept ready in memory
RECOGNISED_IN_MEMORY = 8  # articles whose entities stay in memory (prefetched, shown)
COMPOSE_DELAY = 1.0  # seconds after start: the article screen is composed, unseen
LOADING_GRACE = 0.25  # seconds the list stays while an article loads, at most
ARTICLE_SCREEN = "article"  # the one article screen, installed under this name
WARM_UP_DELAY = 0.5  # seconds after the request: the first frame and the corpus list come first
NO_OP_ACTIONS = frozenset(
    {
        "delete_left", "delete_word_left", "delete_word_right", "cut", "paste", "undo", "redo",
        "delete_to_start_of_line", "delete_to_end_of_line_or_delete_line", "delete_line",
        "toggle_overwrite",
    }
)  # fmt: skip


class ReaderApp(App[None]):
    """Read and annotate the articles of one project."""

    CSS_PATH = "reader.tcss"
    TITLE = "reader"
    COMMANDS: ClassVar = App.COMMANDS | {ReaderCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", priority=True, id="app.quit"),
        Binding("question_mark,f1", "help", "Help", id="app.help"),
    ]

    def __init__(self, project: Project) -> None:
        super().__init__()
        self.project = project
        self.corpus = Corpus(project)
        self.corpus_lock = threading.RLock()
        self.positions = Positions(project.cache_dir)
        self.titles: dict[str, str] = {}
        self.speakers: set[str] = set()
        self.article_people: list[str] = []
        self.panels: set[str] = set()
        self.last_closed: str | None = None
        self.warmed: set[str] = set()
        self.saver = Saver()  # the one thread that writes annotation files, in order
        # Articles ready to show (screens/article.py: prepare_article), by path.
        self.prepared: Recent[str, PreparedArticle] = Recent(PREPARED_ARTICLES)
        self.wrap_width = 0  # the article view's wrap width, once an article was shown
        self.article_screen: ArticleScreen | None = None  # made by the first open_article
        self._article_to_show = False  # opened, still loading while the list is shown
        self._grace: Timer | None = None  # shows that article's screen after LOADING_GRACE
        self._entity_registry: EntityRegistry | None = None
        self._entity_registry_stamp: tuple[int, int, int] | None = None
        self._entity_registry_lock = threading.Lock()
        # Entities recognised lately, by (rel, sha256, language): (registry used, spans).
        self.recognised: Recent[
            tuple[str, str, str | None], tuple[EntityRegistry, list[EntitySpan]]
        ] = Recent(RECOGNISED_IN_MEMORY)
        if project.config.keys:
            self.set_keymap(dict(project.config.keys))

    @property
    def panels_visible(self) -> bool:
        """True when at least one side panel is shown."""
        return bool(self.panels)

    def get_default_screen(self) -> Screen[None]:
        """The corpus list."""
        return CorpusScreen()

    def on_mount(self) -> None:
        if self.project.config.keys:  # after the first frame: needs the article screen's keys
            self.call_after_refresh(self.check_keymap)
        self.set_timer(WARM_UP_DELAY, self.collect_speakers)
        self.set_timer(COMPOSE_DELAY, self.compose_article_screen)
        # The project's languages load their models in a worker (without a list in
        # reader.yaml, the corpus screen warms the languages it sees).
        for language in self.project.config.languages:
            self.warm_up(language)

    def binding_ids(self) -> set[str]:
        """Every binding id ``reader.yaml``'s ``keys:`` can remap."""
        from reader.tui.dialogs.alias import AliasDialog
        from reader.tui.dialogs.edit import EditDialog
        from reader.tui.dialogs.help import HelpDialog
        from reader.tui.screens.article import ArticleScreen
        from reader.tui.widgets.article_view import ArticleView

        ids: set[str] = set()
        owners = (ReaderApp, CorpusScreen, ArticleScreen, ArticleView, EditDialog, AliasDialog)
        for owner in (*owners, HelpDialog):
            ids.update(b.id for b in owner.BINDINGS if isinstance(b, Binding) and b.id)
        tags = self.project.config.tags
        ids.update(f"tag.{tag.name}" for tag in tags)
        ids.update(f"tag.{number}" for number in range(1, min(len(tags), 9) + 1))
        return ids

    def check_keymap(self) -> None:
        """Notify the ``keys:`` of reader.yaml that name no binding (they would do nothing)."""
        unknown = sorted(set(self.project.config.keys) - self.binding_ids())
        if unknown:
            where = Path(self.project.root) / "reader.yaml"
            self.notify(
                one_line(
                    f"{where}: unknown key binding ids in keys: {', '.join(unknown)} "
                    "(? shows each key's id; docs/tui.md lists them)"
                ),
                title="reader.yaml",
                severity="warning",
                markup=False,
                timeout=10,
            )

    def warm_up(self, language: str | None) -> None:
        """Load the recognisers of ``language`` in a worker, once, shortly after start-up."""
        if language and language not in self.warmed:
            self.warmed.add(language)
            self.set_timer(WARM_UP_DELAY, partial(self._warm_up, language))

    @work(thread=True, group="warm-up")
    def _warm_up(self, language: str) -> None:
        from reader.core.recognition.entities import warm_up

        warm_up(language)
        # The models are millions of long-lived objects: a full collection walking them
        # paused the UI ≈ 70 ms, several times per article opened. Freeze them out of it.
        gc.collect()
        gc.freeze()

    def recognise(self, document: Document, language: str | None) -> tuple[list[EntitySpan], str]:
        """Entities of ``document`` (cached under .reader/entities/) and a problem to report
        ("" when none). Thread-safe; slow on a cache miss: call from a worker."""
        from reader.core.errors import Problem
        from reader.core.recognition.entities import recognise_document

        registry, problem = None, ""
        try:
            registry = self.entity_registry()
        except Problem as exc:
            problem = f"entities.yaml ignored: {exc}"
        try:
            spans = recognise_document(
                document, language, cache_dir=self.project.cache_dir, registry=registry
            )
        except Exception as exc:  # a recogniser failure must not kill the article
            return [], f"entity recognition failed: {exc}"
        if registry is not None:
            self.recognised.put((document.rel, document.sha256, language), (registry, spans))
        return spans, problem

    def forget_articles(self) -> None:
        """Drop the articles and entities kept in memory (read from disk again)."""
        self.prepared.clear()
        self.recognised.clear()

    def recognised_now(self, document: Document, language: str | None) -> list[EntitySpan] | None:
        """The entities of ``document`` without running a recogniser: those ``recognise``
        last found (``entities.yaml`` unchanged: one stat), else from the cache under
        .reader/; None when they must be recognised (in a worker)."""
        from reader.core.errors import Problem
        from reader.core.recognition.entities import cached_entities

        try:
            registry = self.entity_registry()
        except Problem:
            return None  # the worker reports it
        found = self.recognised.get((document.rel, document.sha256, language))
        if found is not None and found[0] is registry:
            return found[1]
        return cached_entities(
            document, language, cache_dir=self.project.cache_dir, registry=registry
        )

    @work(thread=True, exclusive=True, group="prefetch")
    def prefetch_entities(self, rel: str) -> None:
        """Prepare ``rel`` (document, segments, wrapped text) and recognise (and cache) its
        entities before it is opened."""
        from reader.core.errors import ReaderError
        from reader.tui.screens.article import prepare_article

        try:
            prepared = prepare_article(self, rel, self.wrap_width)
        except (ReaderError, OSError):
            return  # opening it will say why
        if not get_current_worker().is_cancelled:
            self.recognise(prepared.document, prepared.language)

    @property
    def registry_path(self) -> Path:
        """The project's ``entities.yaml``."""
        from reader.core.recognition.registry import REGISTRY_FILE

        return Path(self.project.root) / REGISTRY_FILE

    def entity_registry(self) -> EntityRegistry:
        """``entities.yaml`` (empty when absent), reloaded when it changes on disk.

        Thread-safe; raises Problem when the file cannot be read or is invalid.
        """
        from reader.core.recognition.registry import load_registry

        path = self.registry_path
        try:
            stat = path.stat()
            stamp: tuple[int, int, int] | None = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
        except OSError:
            stamp = None
        with self._entity_registry_lock:
            if self._entity_registry is None or stamp != self._entity_registry_stamp:
                self._entity_registry = load_registry(path)
                self._entity_registry_stamp = stamp
            return self._entity_registry

    async def action_quit(self) -> None:
        """Quit once every change made so far is on disk."""
        await asyncio.get_running_loop().run_in_executor(None, self.saver.drain)
        self.exit()

    def on_unmount(self) -> None:
        for screen in self.screen_stack:  # article screens (not imported when none was opened)
            remember = getattr(screen, "remember_position", None)
            if remember is not None:
                remember()
        self.saver.shutdown()  # however the app ends, queued saves are written

    @work(thread=True, exclusive=True, group="speakers")
    def collect_speakers(self) -> None:
        """Speakers used anywhere in the project, for completion in the edit dialog."""
        from reader.core.corpus.collection import annotation_paths
        from reader.core.errors import ReaderError

        names: set[str] = set()
        for path in annotation_paths(self.project):
            try:
                afile = self.corpus.store.read_path(path)
            except (ReaderError, OSError):
                continue
            names.update(a.speaker for a in afile.annotations if a.speaker)
        self.post_message(SpeakersCollected(sorted(names)))

    def on_speakers_collected(self, message: SpeakersCollected) -> None:
        self.speakers.update(message.names)

    def compose_article_screen(self) -> ArticleScreen:
        """The article screen, composed and mounted (not shown) if it was not: done once,
        while the list is read, so that even the first article opens without it."""
        from reader.tui.screens.article import ArticleScreen

        if self.article_screen is None:
            screen = self.article_screen = ArticleScreen("")
            self.install_screen(screen, ARTICLE_SCREEN)  # kept when the list is shown again
            self._load_screen_css(screen)  # what push_screen does first (Textual 8.2.8) ...
            self._get_screen(screen)  # ... then starts it: compose and mount
        return self.article_screen

    def open_article(self, rel: str) -> None:
        """Open the article ``rel`` (replacing an open one)."""
        screen = self.compose_article_screen()
        screen.open(rel)
        while len(self.screen_stack) > 1 and self.screen is not screen:
            self.pop_screen()
        if self.screen is screen:
            return
        if screen.is_mounted and screen.document is None:
            # Loading in a worker: the list stays until the article is shown (drawing an
            # empty screen first slowed the load), or for LOADING_GRACE seconds at most.
            self._article_to_show = True
            if self._grace is not None:
                self._grace.stop()  # an earlier opening's: this one gets its own grace
            self._grace = self.set_timer(LOADING_GRACE, self.show_article_screen)
            return
        self.push_screen(screen)

    def show_article_screen(self) -> None:
        """Bring up the article screen that ``open_article`` left loading (once)."""
        if self._grace is not None:
            self._grace.stop()
            self._grace = None
        screen = self.article_screen
        if self._article_to_show and screen is not None and screen not in self.screen_stack:
            self.push_screen(screen)
        self._article_to_show = False

    def toggle_panel(self, name: str) -> None:
        """Toggle a side panel (shown on article screens)."""
        from reader.tui.screens.article import ArticleScreen

        if isinstance(self.screen, ArticleScreen):
            self.screen.action_toggle_panel(name)
        else:
            self.panels.symmetric_difference_update({name})

    def export(self, fmt: str) -> None:
        """Export every annotation of the project (JSONL or CSV) into the project folder."""
        self._export(fmt)

    @work(thread=True, exclusive=True, group="export")
    def _export(self, fmt: str) -> None:
        from reader.core.corpus.collection import export_rows, to_csv, to_jsonl
        from reader.core.errors import Problem
        from reader.core.files.atomic import atomic_write_text

        target = Path(self.project.root) / f"{EXPORT_NAME}.{fmt}"
        skipped: list[Problem] = []  # unreadable annotation files: the rest is exported
        rows = export_rows(self.project, skipped)
        try:
            text = "".join(to_jsonl(rows) if fmt == "jsonl" else to_csv(rows))
            atomic_write_text(target, text)
        except Exception as exc:  # reported to the analyst
            self.call_from_thread(
                self.notify, one_line(f"export failed: {exc}"), severity="error", markup=False
            )
            return
        message = f"exported to {target}"
        if skipped:
            message += f"; skipped {len(skipped)} unreadable file(s): {skipped[0].describe()}"
        self.call_from_thread(
            self.notify,
            one_line(message),
            severity="warning" if skipped else "information",
            markup=False,
            timeout=10 if skipped else 5,
        )

    def action_help(self) -> None:
        """Show every key of the current screen, from its live bindings."""
        from textual.widgets import TextArea

        from reader.tui.dialogs.help import HelpDialog

        if isinstance(self.screen, HelpDialog):
            return
        rows: list[tuple[str, str, bool, str]] = []
        widget_rows: list[tuple[str, str, bool, str]] = []
        seen: set[tuple[str, str]] = set()
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if isinstance(active.node, TextArea) and binding.action.split("(")[0] in NO_OP_ACTIONS:
                continue  # editing keys of the read-only text do nothing
            description = binding.description or binding.action
            display = self.get_key_display(binding) or key
            if (display, description) in seen:
                continue
            seen.add((display, description))
            mine = isinstance(active.node, (App, Screen))
            row = (display, description, active.enabled, binding.id or "")
            (rows if mine else widget_rows).append(row)
        rows.extend(widget_rows)
        self.push_screen(HelpDialog(self.screen.__class__.__name__.removesuffix("Screen"), rows))
