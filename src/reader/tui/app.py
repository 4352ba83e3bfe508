"""The reader app: a corpus screen and article screens over one project."""

from __future__ import annotations

import asyncio
import gc
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.timer import Timer

from reader.core.project.layout import Project
from reader.tui.commands import ReaderCommands
from reader.tui.keys import bindings_of
from reader.tui.messages import (
    ArticleChosen,
    ArticleClosed,
    ArticleReady,
    ExportRequested,
    LanguageSeen,
    PanelToggled,
    SpeakersCollected,
)
from reader.tui.safe import one_line
from reader.tui.saver import Saver
from reader.tui.screens.corpus import CorpusScreen
from reader.tui.screens.passage import PassageChosen
from reader.tui.services import Services
from reader.tui.textual_compat import start_screen

if TYPE_CHECKING:
    from reader.tui.screens.article import ArticleScreen

EXPORT_NAME = "reader-export"
THEME_FILE = "theme.json"  # under .reader/: the theme last chosen in this project
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
    BINDINGS: ClassVar[list[BindingType]] = bindings_of("app.")

    def __init__(self, project: Project) -> None:
        super().__init__()
        self.project = project
        self.services = Services(project)
        self.warmed: set[str] = set()  # languages whose recognisers are loaded or loading
        self.article_screen: ArticleScreen | None = None  # made by the first open_article
        self._corpus_screen: CorpusScreen | None = None  # the default screen, once made
        self._article_to_show = False  # opened, still loading while the list is shown
        self._grace: Timer | None = None  # shows that article's screen after LOADING_GRACE
        # A passage chosen on a corpus-wide screen, selected once its article is shown.
        self._passage: PassageChosen | None = None
        if project.config.keys:
            self.set_keymap(dict(project.config.keys))

    @property
    def saver(self) -> Saver:
        """The writer thread: quitting (and a test) waits for it to write every change."""
        return self.services.saver

    def get_default_screen(self) -> Screen[None]:
        """The corpus list."""
        if self._corpus_screen is None:
            self._corpus_screen = CorpusScreen(self.services)
        return self._corpus_screen

    def on_mount(self) -> None:
        self._restore_theme()
        if self.project.config.keys:  # after the first frame: needs the article screen's keys
            self.call_after_refresh(self.check_keymap)
        self.set_timer(WARM_UP_DELAY, self.collect_speakers)
        self.set_timer(COMPOSE_DELAY, self.compose_article_screen)
        # The project's languages load their models in a worker (without a list in
        # reader.yaml, the corpus screen warms the languages it sees).
        for language in self.project.config.languages:
            self.warm_up(language)

    def _restore_theme(self) -> None:
        """The theme last chosen in this project; each later choice is remembered."""
        from reader.core.files.cache import read_json

        theme = read_json(Path(self.project.cache_dir) / THEME_FILE)
        if isinstance(theme, str) and theme in self.available_themes:
            self.theme = theme
        self.theme_changed_signal.subscribe(self, self._remember_theme)

    def _remember_theme(self, theme: object) -> None:
        from reader.core.files.cache import write_json

        write_json(Path(self.project.cache_dir) / THEME_FILE, self.theme)

    def binding_ids(self) -> set[str]:
        """Every binding id ``reader.yaml``'s ``keys:`` can remap."""
        from reader.tui.dialogs.alias import AliasDialog
        from reader.tui.dialogs.conflict import ConflictDialog
        from reader.tui.dialogs.date import DateDialog
        from reader.tui.dialogs.edit import EditDialog
        from reader.tui.dialogs.help import HelpDialog
        from reader.tui.dialogs.pick_article import PickArticleDialog
        from reader.tui.dialogs.unsaved import UnsavedDialog
        from reader.tui.screens.article import ArticleScreen
        from reader.tui.screens.compare import CompareScreen
        from reader.tui.widgets.article_view import ArticleView

        ids: set[str] = set()
        owners = (
            ReaderApp, CorpusScreen, ArticleScreen, ArticleView, EditDialog, AliasDialog,
            CompareScreen, PickArticleDialog, ConflictDialog, UnsavedDialog, DateDialog,
        )  # fmt: skip
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
        # would pause the UI several times per article opened. Freeze them out of it.
        gc.collect()
        gc.freeze()

    async def action_quit(self) -> None:
        """Quit once every change made so far is on disk (a failed save is tried again;
        if it fails again, the analyst decides whether to discard it)."""
        self.run_worker(self._quit_when_saved(), group="quit", exclusive=True)

    async def _quit_when_saved(self) -> None:
        await asyncio.get_running_loop().run_in_executor(None, self.saver.drain)
        screen = self.article_screen
        in_article = screen is not None and screen in self.screen_stack
        if in_article and screen is not None and not await screen.confirm_leaving():
            return
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
                afile = self.services.corpus.store.read_path(path)
            except (ReaderError, OSError):
                continue
            names.update(a.speaker for a in afile.annotations if a.speaker)
        self.post_message(SpeakersCollected(sorted(names)))

    def on_speakers_collected(self, message: SpeakersCollected) -> None:
        self.services.speakers.update(message.names)

    def compose_article_screen(self) -> ArticleScreen:
        """The article screen, composed and mounted (not shown) if it was not: done once,
        while the list is read, so that even the first article opens without it."""
        from reader.tui.screens.article import ArticleScreen

        if self.article_screen is None:
            screen = self.article_screen = ArticleScreen(self.services, "")
            self.install_screen(screen, ARTICLE_SCREEN)  # kept when the list is shown again
            start_screen(self, screen)
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

    @on(ArticleChosen)
    def _article_chosen(self, message: ArticleChosen) -> None:
        self.open_article(message.rel)

    @on(ArticleReady)
    def show_article_screen(self) -> None:
        """Bring up the article screen that ``open_article`` left loading (once)."""
        if self._grace is not None:
            self._grace.stop()
            self._grace = None
        screen = self.article_screen
        if self._article_to_show and screen is not None and screen not in self.screen_stack:
            self.push_screen(screen)
        self._article_to_show = False

    def action_search(self) -> None:
        """Search the corpus (the query language over the index)."""
        from reader.tui.screens.search import SearchScreen

        self.push_screen(SearchScreen(self.services))

    def action_timeline(self) -> None:
        """The dates of the corpus in order."""
        from reader.tui.screens.timeline import TimelineScreen

        self.push_screen(TimelineScreen(self.services))

    def action_annotations(self) -> None:
        """The annotations of every article."""
        from reader.tui.screens.annotations import AnnotationsScreen

        self.push_screen(AnnotationsScreen(self.services))

    def action_curation(self) -> None:
        """Walk the places where annotators disagree."""
        from reader.tui.screens.curation import CurationScreen

        self.push_screen(CurationScreen(self.services))

    @on(PassageChosen)
    def _passage_chosen(self, message: PassageChosen) -> None:
        self._passage = message
        self.open_article(message.rel)
        self._select_passage()  # at once when that article is already shown

    @on(ArticleReady)
    def _select_passage(self) -> None:
        """Select the chosen passage once its article is shown."""
        screen, passage = self.article_screen, self._passage
        if passage is None or screen is None or screen.document is None:
            return
        if screen.rel != passage.rel:
            return
        self._passage = None
        screen.show_passage(passage.start, passage.end, passage.matches)

    @on(ArticleClosed)
    def _article_closed(self, message: ArticleClosed) -> None:
        if self._corpus_screen is not None:
            self._corpus_screen.refresh_entry(message.rel)  # its counts, as annotated

    @on(LanguageSeen)
    def _language_seen(self, message: LanguageSeen) -> None:
        self.warm_up(message.language)

    @on(PanelToggled)
    def toggle_panel(self, message: PanelToggled) -> None:
        """Toggle a side panel (shown on article screens)."""
        from reader.tui.screens.article import ArticleScreen

        if isinstance(self.screen, ArticleScreen):
            self.screen.action_toggle_panel(message.name)
        else:
            self.services.panels.symmetric_difference_update({message.name})

    @on(ExportRequested)
    def export(self, message: ExportRequested) -> None:
        """Export every annotation of the project (JSONL or CSV) into the project folder."""
        self._export(message.fmt)

    @work(thread=True, exclusive=True, group="export")
    def _export(self, fmt: str) -> None:
        from reader.core.corpus.collection import exportable
        from reader.core.errors import Problem
        from reader.core.files.atomic import atomic_write_text
        from reader.core.interchange.tabular import export_rows, to_csv, to_jsonl

        target = Path(self.project.root) / f"{EXPORT_NAME}.{fmt}"
        skipped: list[Problem] = []  # unreadable annotation files: the rest is exported
        rows = export_rows(item.file for item in exportable(self.project, skipped))
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
