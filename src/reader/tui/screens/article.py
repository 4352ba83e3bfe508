"""The article screen: read, select, tag, edit; every change saved at once."""

from __future__ import annotations

import asyncio
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import replace
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.color import Color
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.widgets import Input, OptionList, Static, TextArea

from reader.core.annotations.format import Annotation
from reader.core.annotations.session import EditSession
from reader.core.errors import AnnotationFileError, Problem, ReaderError
from reader.core.project.positions import follow_offset
from reader.core.recognition.entities import EntitySpan
from reader.core.text.document import Document
from reader.core.text.offsets import LineIndex
from reader.core.text.segment import Segments
from reader.tui.article.entities import Recognised
from reader.tui.article.loader import (
    file_stamp,
    prepare_article,
    prepared_inline,
    read_annotations,
)
from reader.tui.article.review import Side, conflict_of, is_fuzzy, resolution, with_fix
from reader.tui.article.status import SaveStatus
from reader.tui.article.styles import (
    ENTITY_COLOURS,
    AnnotationLayer,
    AnnotationLooks,
    entity_spans,
)
from reader.tui.article.tagging import tag_bindings, tag_target, trimmed
from reader.tui.dialogs.edit import EditDialog
from reader.tui.keys import bindings_of
from reader.tui.messages import (
    AnnotationsSaved,
    ArticleClosed,
    ArticleFailed,
    ArticleLoaded,
    ArticleReady,
    ArticleUnchanged,
    EntitiesRecognised,
    Stamp,
)
from reader.tui.safe import literal, one_line
from reader.tui.saver import SaveResult
from reader.tui.saving import QueuedWriter
from reader.tui.screens.base import StyledScreen
from reader.tui.services import Services
from reader.tui.textual_compat import key_bindings, lay_out, set_key_bindings
from reader.tui.widgets.annotation_panel import AnnotationPanel
from reader.tui.widgets.article_view import VIEW_KEYS, ArticleView
from reader.tui.widgets.entity_panel import EntityPanel, entity_key
from reader.tui.widgets.key_bar import KeyBar
from reader.tui.widgets.status_line import StatusLine

SYNC_SECONDS = 1.0  # how often the files on disk are checked for changes
WRITING_ACTIONS = frozenset({
    "set_date", "tag", "edit", "delete_annotation", "place_orphan", "undo", "redo",
    "resolve_conflict", "accept_placement", "orphan",
})  # fmt: skip


class ArticleScreen(StyledScreen):
    """One article: highlights, keyboard selection, tagging, panels and a status line."""

    # The view's own keys (movement, ``article.delete_key``) are bound on the view.
    BINDINGS: ClassVar[list[BindingType]] = bindings_of("article.", exclude=VIEW_KEYS)

    def __init__(self, services: Services, rel: str) -> None:
        """The screen of the article ``rel`` ("": none yet, see ``open``)."""
        super().__init__()
        self.services = services
        self._view = ArticleView(id="article-text")
        self.generation = 0  # which open() a worker's message belongs to
        self._looks: AnnotationLooks | None = None  # for the theme's background and the tags
        self._layer: AnnotationLayer | None = None  # what the view paints of the annotations
        self._reset(rel)

    def _reset(self, rel: str) -> None:
        """Forget the article shown: state for ``rel``, nothing loaded yet."""
        self.rel = rel
        self.document: Document | None = None
        self.language: str | None = None
        self.session: EditSession | None = None
        self.recognised = Recognised([])
        self.entity_cycle: dict[str, int] = {}
        self.picked_orphan: str | None = None
        self.matches: tuple[tuple[int, int], ...] = ()  # a search's places, for match()
        self.text_stamp: Stamp | None = None
        self._reloading = False
        self.status = SaveStatus()
        self._starts: list[int] = []
        self._layer = None

    @property
    def entities(self) -> list[EntitySpan]:
        """The entities recognised in the article, sorted by position."""
        return self.recognised.spans

    def compose(self) -> ComposeResult:
        yield Static("", id="article-error", markup=False)
        with Horizontal(id="article-body"):
            yield self._view
            with Vertical(id="panels"):
                yield AnnotationPanel(id="annotation-panel")
                yield EntityPanel(id="entity-panel")
        yield Input(placeholder="find in the article: enter finds, escape closes", id="find")
        yield StatusLine("", id="status")
        yield KeyBar()

    def on_mount(self) -> None:
        try:
            self._set_up()
        except NoMatches:  # the app quit while this screen was composed ahead:
            return  # its widgets are being removed

    def _set_up(self) -> None:
        # One binding per tag key (first in the footer), plus 1–9 by number.
        bindings = tag_bindings(self.services.project.config.tags)
        for key, existing in key_bindings(self).items():
            bindings.setdefault(key, []).extend(existing)
        # "Back" first: the key bar drops the last keys on a narrow terminal.
        back = {k: v for k, v in bindings.items() if any(b.id == "article.back" for b in v)}
        set_key_bindings(self, back | bindings)
        self.query_one("#article-error").display = False
        self.query_one("#find").display = False
        self._show_panels()
        self.query_one(ArticleView).focus()
        self._update_status()
        self.set_interval(SYNC_SECONDS, self._sync)
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._restyle())
        if self.rel:
            self._start_loading()
        else:  # composed ahead of the first article (the app's compose_article_screen)
            self.call_later(self._lay_out_unseen)

    def _lay_out_unseen(self) -> None:
        """Lay the screen out at the terminal's size without showing it (Textual displays
        only the current screen), so that the first article is wrapped at its width."""
        if not self.is_current:
            lay_out(self)
            self._remember_wrap_width()

    def open(self, rel: str) -> None:
        """Show the article ``rel`` in this screen (the app keeps one article screen:
        composing and styling one is a large part of an opening). The same article is
        shown as it was left, checked against the files on disk."""
        if not self.is_mounted:  # still being composed: on_mount loads it
            self._reset(rel)
            return
        path = self.services.project.text_path(rel)
        self._show_panels()
        if rel == self.rel and self.document is not None and file_stamp(path) == self.text_stamp:
            self.call_after_refresh(self._sync)  # its annotations, once shown again
            return
        self.remember_position()
        self.generation += 1
        self._reset(rel)
        view = self.view
        view.visual = False
        view.show("", LineIndex(""), Segments(""))
        self.query_one("#article-error").display = False
        self.query_one(AnnotationPanel).show((), self.services.project.config.tags)
        self.query_one(EntityPanel).show([], ENTITY_COLOURS)
        view.focus()
        self._update_status()
        self.refresh_bindings()
        self._start_loading()

    def on_screen_resume(self) -> None:
        self.call_after_refresh(self._remember_wrap_width)

    def _remember_wrap_width(self) -> None:
        """The view's wrap width, laid out: what prefetching wraps the next article at."""
        if self.view.wrap_width:
            self.services.wrap_width = self.view.wrap_width

    def on_unmount(self) -> None:
        self.remember_position()

    def remember_position(self) -> None:
        """Save the cursor under .reader/ (where reopening the article returns)."""
        if self.document is not None:
            self.services.positions.set(self.rel, self.view.cursor_offset)

    @property
    def view(self) -> ArticleView:
        """The text widget."""
        return self._view

    # --- loading -----------------------------------------------------------

    def _start_loading(self) -> None:
        """Show the article at once when that is quick (``prepared_inline``), else load
        it in a worker."""
        services = self.services
        prepared = prepared_inline(services, self.rel, self.view.wrap_width or services.wrap_width)
        if prepared is None:
            self.load()
            return
        loaded = read_annotations(services, prepared, self.generation, reanchor=False)
        if loaded is None:  # its text changed: re-anchoring may read git history
            self.load()
            return
        self._loaded(loaded)
        spans = services.recognised_now(prepared.document, prepared.language)
        if spans is None:
            self.recompute_entities()
        else:
            self._entities(EntitiesRecognised(spans, prepared.document.sha256))

    def load(self) -> None:
        """Read the article and its annotations in a worker, then run the recognisers.

        Also reloads a text changed on disk; an unchanged one only refreshes its stamp.
        What to read is taken here, on the UI thread (``open`` changes it)."""
        width = self.view.wrap_width or self.services.wrap_width
        self._load(self.rel, self.generation, self.document, width)

    @work(thread=True, exclusive=True, group="article")
    def _load(self, rel: str, generation: int, shown: Document | None, width: int) -> None:
        services = self.services
        services.saver.drain()  # the annotation file as of every change made so far
        try:
            prepared = prepare_article(services, rel, width)
        except (ReaderError, OSError) as exc:
            stamp = file_stamp(services.project.text_path(rel))
            self.post_message(ArticleFailed(str(exc), stamp, generation))
            return
        document = prepared.document
        if shown is not None and shown.sha256 == document.sha256:
            self.post_message(ArticleUnchanged(prepared.stamp, generation))
            return
        loaded = read_annotations(services, prepared, generation)
        assert loaded is not None  # re-anchored here
        self.post_message(loaded)
        self._recognise(document, prepared.language)

    @work(thread=True, exclusive=True, group="entities")
    def recompute_entities(self) -> None:
        """Run the recognisers again (after entities.yaml changed)."""
        if self.document is not None:
            self._recognise(self.document, self.language)

    def _recognise(self, document: Document, language: str | None) -> None:
        """Entities of ``document`` posted as a message; problems notified."""
        spans, problem = self.services.recognise(document, language)
        if problem:
            self.app.call_from_thread(
                self.notify, one_line(problem), severity="warning", markup=False
            )
        self.post_message(EntitiesRecognised(spans, document.sha256))

    @on(ArticleLoaded)
    def _loaded(self, message: ArticleLoaded) -> None:
        if message.generation != self.generation:
            return  # read for the article shown before
        self.text_stamp, self._reloading = message.text_stamp, False
        reloaded = self.document is not None
        old_lines, old_offset = self.view.lines, self.view.cursor_offset
        scroll_y = self.view.scroll_offset.y
        self.document = message.document
        self.language = message.language
        self.session = message.session
        session = message.session
        if session is not None:  # its saves go to the writer thread from now on

            def post_result(result: SaveResult) -> None:  # on the writer thread, in order
                self.post_message(AnnotationsSaved(session, result))

            session.use_writer(QueuedWriter(session.store, self.services.saver, post_result))
        self.status.mend()
        self.picked_orphan = None
        view = self.view
        view.show(message.document.text, message.document.lines, message.segments, message.text)
        self._layer = None  # the view shows no annotation now
        self._remember_wrap_width()
        banner = self.query_one("#article-error", Static)
        banner.display = bool(message.error)
        if message.error:
            reason = with_fix(message.error)
            banner.update(literal(f"⚠ annotations cannot be read, tagging is off: {reason}"))
            self.status.unreadable()
        else:
            self.status.saved()
        if reloaded:
            self.notify("the text changed on disk: reloaded", timeout=4)
        report = message.session.anchoring_report if message.session else None
        if report is not None and report.changed:
            self.notify(
                f"the text changed: re-anchored ({report.summary()})",
                severity="warning" if report.orphaned else "information",
                timeout=6,
            )
        lines = message.document.lines
        saved = self.services.positions.get(self.rel)
        if reloaded:  # the cursor's line where it is now, else the same line and column
            view.move_to(follow_offset(old_lines, lines, old_offset))
            view.scroll_to(y=scroll_y, animate=False)
            self.call_after_refresh(view.scroll_cursor_visible)
        elif saved is not None:
            view.move_to(min(saved, len(message.document.text)))
            self.call_after_refresh(view.scroll_cursor_visible, center=True)
        self._annotations_changed()
        self.post_message(ArticleReady())

    @on(ArticleUnchanged)
    def _unchanged(self, message: ArticleUnchanged) -> None:
        if message.generation != self.generation:
            return
        self.text_stamp, self._reloading = message.text_stamp, False

    @on(ArticleFailed)
    def _failed(self, message: ArticleFailed) -> None:
        if message.generation != self.generation:
            return
        self.text_stamp, self._reloading = message.text_stamp, False
        if self.document is not None:  # a reload: keep what is shown
            self.notify(
                one_line(f"cannot reload the text: {message.reason}"),
                severity="error",
                markup=False,
            )
            return
        banner = self.query_one("#article-error", Static)
        banner.update(literal(f"⚠ cannot open this article: {message.reason}"))
        banner.display = True
        self.status.not_opened()
        self._update_status()
        self.post_message(ArticleReady())

    @on(EntitiesRecognised)
    def _entities(self, message: EntitiesRecognised) -> None:
        if self.document is None or message.sha256 != self.document.sha256:
            return  # recognised on a text that has since changed
        self.recognised = Recognised(message.spans)
        self.query_one(EntityPanel).show(self.entities, ENTITY_COLOURS)
        self._restyle_entities()
        self.refresh_bindings()

    def _sync(self) -> None:
        if self not in self.app.screen_stack:
            return  # kept for the next article while the list is shown
        path = self.services.project.text_path(self.rel)
        if self.document and not self._reloading and file_stamp(path) != self.text_stamp:
            self._reloading = True
            self.load()
            return
        session = self.session
        if session is None:
            return
        status = self.status
        if status.broken is not None and self._annotation_stamp() == status.broken_stamp:
            return  # still the file that failed: nothing to try
        try:
            changed = session.sync()
        except (ReaderError, OSError) as exc:
            self._read_only(exc)
            return
        if status.broken is not None:
            self._recovered()
        elif changed:
            self.notify("annotations changed on disk: reloaded", timeout=3)
            self._annotations_changed()

    # --- a file that goes bad while open -----------------------------------

    def _annotation_stamp(self) -> Stamp | None:
        return file_stamp(self.services.corpus.store.path_for(self.rel))

    @property
    def writable(self) -> bool:
        """True when changes can be saved (a session, and its file reads)."""
        return self.session is not None and self.status.broken is None

    def _read_only(self, exc: ReaderError | OSError) -> None:
        """Stop writing the annotation file (it cannot be read); keep what is shown."""
        reason = with_fix(exc.describe() if isinstance(exc, Problem) else str(exc))
        first = self.status.break_(reason, self._annotation_stamp())
        banner = self.query_one("#article-error", Static)
        banner.update(literal(f"⚠ annotations cannot be read, tagging is off: {reason}"))
        banner.display = True
        self._update_status()
        self.refresh_bindings()
        if first:
            self.notify(
                one_line(reason),
                title="Annotation file broken: read-only",
                severity="error",
                markup=False,
                timeout=8,
            )

    def _recovered(self) -> None:
        """The annotation file reads again: show it, tagging back on."""
        self.status.mend()
        self.status.saved()
        self.query_one("#article-error", Static).display = False
        self.notify("annotation file readable again: tagging is on", timeout=4)
        self._annotations_changed()

    # --- styles ------------------------------------------------------------

    @property
    def annotations(self) -> tuple[Annotation, ...]:
        """The current annotations (none when the file is broken)."""
        return self.session.annotations if self.session else ()

    def _restyle(self) -> None:
        """Both style layers (after a theme change: the tints depend on the background)."""
        self._restyle_entities()
        self._restyle_annotations()

    def _restyle_entities(self) -> None:
        if self.document is not None:
            self.view.apply_styles(entity_spans(self.entities), layer="entities")

    def _restyle_annotations(self) -> None:
        """Annotation tints and gutter marks: one Style per tag, shared by its spans."""
        if self.document is None:
            return
        background = Color.parse(self.app.theme_variables.get("background", "#000000"))
        tags = self.services.project.config.tags
        looks = self._looks
        if looks is None or looks.key != (background, tuple((t.name, t.colour) for t in tags)):
            looks = self._looks = AnnotationLooks(background, tags)
        layer = self._layer
        if layer is None or layer.looks is not looks or layer.lines is not self.document.lines:
            layer = self._layer = AnnotationLayer(self.document.lines, looks)
            self.view.apply_styles([], {}, layer="annotations")  # painted again below
        rows, marks = layer.update(self.annotations)
        self.view.restyle_lines("annotations", rows, marks)

    def _annotations_changed(self) -> None:
        self._starts = sorted(a.start for a in self.annotations if not a.orphaned)
        self.query_one(AnnotationPanel).show(self.annotations, self.services.project.config.tags)
        self._restyle_annotations()
        self._update_status()
        self.refresh_bindings()

    def _update_status(self) -> None:
        config = self.services.project.config
        self.query_one(StatusLine).show(
            language=self.language,
            date=self._article_date(),
            annotations=self.annotations,
            tags=config.tags,
            state=self.status.state,
            error=self.status.failed,
            annotator=config.author(),
            mode="VISUAL" if self.view.visual else "",
            by=self._author_under_cursor(),
        )

    def _article_date(self) -> str | None:
        """The date set by hand (the annotation file's header), else the text's."""
        if self.session is not None and self.session.file.date:
            return self.session.file.date
        doc = self.document
        return doc.date.isoformat() if doc and doc.date else None

    def _author_under_cursor(self) -> str:
        """Who wrote the annotation under the cursor (and who edited it last), if any."""
        target = self._under_cursor()
        if target is None or not target.author:
            return ""
        if target.edited_by and target.edited_by != target.author:
            return f"{target.author}, edited by {target.edited_by}"
        return target.author

    @on(TextArea.SelectionChanged)
    def _selection_changed(self) -> None:
        self.refresh_bindings()
        if self.session is not None and self.is_current:
            self._update_status()  # the author under the cursor (redrawn only if changed)

    # --- enabling ----------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Grey out keys that cannot act right now."""
        if action in WRITING_ACTIONS and not self.writable:
            return None
        if action == "tag":
            view = self.view
            if view.selected_span is None and view.segments.sentence_at(view.cursor_offset) is None:
                return None
        elif action in ("edit", "delete_annotation"):
            return True if self.session and self._under_cursor() else None
        elif action == "place_orphan":
            has_orphans = self.session is not None and bool(self.session.orphans)
            return True if has_orphans and self.view.selected_span else None
        elif action == "resolve_conflict":
            target = self._under_cursor()
            return True if target and conflict_of(target) is not None else None
        elif action in ("accept_placement", "orphan"):
            target = self._under_cursor()
            return True if target and is_fuzzy(target) else None
        elif action == "add_alias":
            return True if self._aliasable_at_cursor() else None
        return True

    def _under_cursor(self) -> Annotation | None:
        if self.session is None:
            return None
        found = self.session.at(self.view.cursor_offset)
        return found[0] if found else None

    # --- movement ----------------------------------------------------------

    def action_visual(self) -> None:
        """Start or stop selecting with movement keys."""
        view = self.view
        if view.visual:
            view.visual = False
        else:
            view.visual = True
            view.move_to(view.cursor_offset, select=False)
        self._update_status()

    def action_select_sentence(self) -> None:
        """Select the sentence under the cursor."""
        view = self.view
        span = view.segments.sentence_at(view.cursor_offset)
        if span is None:
            self.app.bell()
            return
        view.select_span(*span)

    def action_jump(self, delta: int) -> None:
        """To the next/previous annotation's start."""
        offset = self.view.cursor_offset
        starts = self._starts
        if delta > 0:
            i = bisect_right(starts, offset)
            target = starts[i] if i < len(starts) else None
        else:
            i = bisect_left(starts, offset)
            target = starts[i - 1] if i > 0 else None
        if target is None:
            where = "after" if delta > 0 else "before"
            self.notify(
                f"no annotation {where} the cursor" if starts else "no annotation yet", timeout=2
            )
            return
        self.view.clear_selection()
        self.view.move_to(target, center=True)

    def action_edge(self, delta: int) -> None:
        """To the start (``delta`` < 0) or the end of the article."""
        view = self.view
        view.move_to(len(view.lines.text) if delta > 0 else 0, center=True)

    def action_find(self) -> None:
        """Open the find line (its matches are stepped through with > and <)."""
        find = self.query_one("#find", Input)
        find.display = True
        find.focus()

    @on(Input.Submitted, "#find")
    def _find(self, event: Input.Submitted) -> None:
        """Every place of the typed text (any case); the first after the cursor selected."""
        find = self.query_one("#find", Input)
        find.display = False
        self.view.focus()
        wanted = event.value
        if not wanted:
            return
        text = self.view.lines.text
        found = tuple(
            (m.start(), m.end()) for m in re.finditer(re.escape(wanted), text, re.IGNORECASE)
        )
        if not found:
            self.matches = ()
            self.notify(one_line(f"not found: {wanted}"), timeout=3, markup=False)
            return
        after = bisect_left([start for start, _ in found], self.view.cursor_offset)
        self.show_passage(*found[after % len(found)], found)
        self.notify(f"{len(found)} found (> next, < previous)", timeout=3)

    def show_passage(self, start: int, end: int, matches: tuple[tuple[int, int], ...]) -> None:
        """Select ``start..end`` (the cursor at ``start`` when empty) and keep ``matches``
        for next/previous match."""
        self.matches = matches
        view = self.view
        if end > start:
            view.select_span(start, end)
        else:
            view.clear_selection()
            view.move_to(start)
        view.scroll_cursor_visible(center=True)

    def action_match(self, delta: int) -> None:
        """Select the next/previous match of the search the article was opened from."""
        offset = self.view.cursor_offset
        starts = [start for start, _ in self.matches]
        if delta > 0:
            i = bisect_right(starts, offset)
        else:
            selected = self.view.selected_span
            i = bisect_left(starts, selected[0] if selected else offset) - 1
        if not 0 <= i < len(starts):
            self.notify(
                "no more matches" if self.matches else "no search to step through", timeout=2
            )
            return
        self.show_passage(*self.matches[i], self.matches)

    def action_compare(self) -> None:
        """This article beside a related one (the compare screen)."""
        from reader.tui.screens.compare import CompareScreen

        if self.document is None:
            self.app.bell()
            return
        self.remember_position()
        self.app.push_screen(CompareScreen(self.services, self.rel))

    def action_escape(self) -> None:
        """Clear the selection; with none, go back to the list."""
        view = self.view
        find = self.query_one("#find", Input)
        if find.display:
            find.display = False
            view.focus()
            return
        if view.selected_span is not None or view.visual:
            view.clear_selection()
            self._update_status()
            return
        self.remember_position()
        self.run_worker(self._close_when_saved(), group="leaving", exclusive=True)

    async def _close_when_saved(self) -> None:
        if await self.confirm_leaving():
            self.post_message(ArticleClosed(self.rel))
            self.app.pop_screen()

    async def confirm_leaving(self) -> bool:
        """Before leaving the article: a save that failed is tried again; if it fails
        again, the analyst is asked whether to discard what it holds (said in the
        dialog). True: leave. Runs in a worker (it waits for the dialog)."""
        from reader.tui.dialogs.unsaved import UnsavedDialog

        writer = self.session.writer if self.session else None
        if not isinstance(writer, QueuedWriter) or writer.failed is None:
            return True
        writer.retry()
        await asyncio.get_running_loop().run_in_executor(None, self.services.saver.drain)
        summary = writer.unsaved_summary()
        if summary is None:
            return True
        if not await self.app.push_screen_wait(UnsavedDialog(self.rel, summary)):
            return False
        writer.failed = None
        self.text_stamp = None  # opened again, the article is read from disk
        return True

    def _show_panels(self) -> None:
        """The side panels the shared ``panels`` name (toggled here or from the list)."""
        panels = self.services.panels
        self.query_one("#annotation-panel").display = "annotations" in panels
        self.query_one("#entity-panel").display = "entities" in panels
        self.query_one("#panels").display = bool(panels)
        self.query_one(AnnotationPanel).catch_up()  # each fills itself if now shown
        self.query_one(EntityPanel).catch_up()

    def action_toggle_panel(self, name: str) -> None:
        """Show or hide a side panel."""
        panels = self.services.panels
        panels.symmetric_difference_update({name})
        self._show_panels()
        if name in panels:
            target = "#annotation-panel" if name == "annotations" else "#entity-panel"
            self.query_one(target).focus()
        else:
            self.view.focus()
        # The view narrows or widens: its text wraps again, the cursor kept on screen.
        self.call_after_refresh(self.view.scroll_cursor_visible, center=True)

    # --- editing -----------------------------------------------------------

    def _apply(self, change: Callable[[EditSession], object]) -> bool:
        """Run one change through the session; report the save state."""
        problem = self._try(change)
        if problem is not None:
            self.notify(problem, title="Not saved", severity="error", markup=False)
        return problem is None

    def _try(self, change: Callable[[EditSession], object]) -> str | None:
        """Run one change through the session: None when saved, else why not (one line)."""
        if self.session is None or self.status.broken is not None:
            return "tagging is off for this article"
        try:
            change(self.session)
        except AnnotationFileError as exc:  # the file went bad on disk: never write it
            self._read_only(exc)
            return one_line(exc.describe())
        except (ReaderError, OSError) as exc:
            self.status.error(exc)
            self._update_status()
            return one_line(str(exc))
        if self.session.writer.pending:
            self.status.saving()
        self._annotations_changed()
        return None

    @on(AnnotationsSaved)
    def _saved(self, message: AnnotationsSaved) -> None:
        session, result = message.session, message.result
        writer = session.writer
        changed = isinstance(writer, QueuedWriter) and writer.finished(session, result)
        if session is not self.session:
            return  # a session replaced since (the text was reloaded)
        error = result.error
        if isinstance(error, AnnotationFileError):
            self._read_only(error)
        elif error is not None:
            self.status.error(error)
            self.notify(one_line(str(error)), title="Not saved", severity="error", markup=False)
        elif not writer.pending and self.status.broken is None:
            self.status.saved()
        for conflict in session.conflicts:
            self.notify(
                one_line(conflict.describe()),
                title="Merge conflict",
                severity="warning",
                markup=False,
            )
        if changed:
            self._annotations_changed()
        else:
            self._update_status()

    def _aliasable_at_cursor(self) -> EntitySpan | None:
        return self.recognised.aliasable_at(self.view.cursor_offset)

    def action_tag(self, name: str) -> None:
        """Tag the selection (or the current sentence; or accept a recognised date)."""
        view = self.view
        target = tag_target(view, self.recognised, name)
        if target is None:
            self.app.bell()
            return
        start, end, value = target
        if self._apply(lambda s: s.add(name, start, end, value=value)):
            view.clear_selection()
            view.move_to(start)
            self._update_status()

    def _orphan_to_place(self) -> Annotation | None:
        """The orphan picked in the panel (enter), else the one highlighted there, else
        the only one."""
        if self.session is None:
            return None
        orphans = {a.id: a for a in self.session.orphans}
        panel = self.query_one(AnnotationPanel)
        for ident in (self.picked_orphan, panel.highlighted_id if panel.display else None):
            if ident in orphans:
                return orphans[ident]
        return next(iter(orphans.values())) if len(orphans) == 1 else None

    def action_place_orphan(self) -> None:
        """Anchor the picked orphan at the selection (saved)."""
        span = self.view.selected_span
        if self.session is None or not self.session.orphans or span is None:
            self.app.bell()
            return
        orphan = self._orphan_to_place()
        if orphan is None:
            self.notify("pick the orphan in the annotations panel (f2, enter), then press p")
            if "annotations" not in self.services.panels:
                self.action_toggle_panel("annotations")
            return
        start, end = trimmed(self.view.lines.text, span)
        if self._apply(lambda s: s.place_orphan(orphan.id, start, end)):
            self.picked_orphan = None
            self.view.clear_selection()
            self.view.move_to(start)
            placed = one_line(self.view.lines.text[start:end])[:60]
            self.notify(f"placed {orphan.tag}: {placed}", markup=False, timeout=3)

    def action_delete_annotation(self) -> None:
        """Delete the innermost annotation under the cursor."""
        target = self._under_cursor()
        if target is None:
            self.app.bell()
            return
        if self._apply(lambda s: s.delete(target.id)):
            self.notify(one_line(f"deleted {target.tag} (u to undo)"), timeout=2, markup=False)

    def action_undo(self) -> None:
        """Undo the last change (saved)."""
        if self.session is None or not self.session.can_undo:
            self.notify("nothing to undo", timeout=2)
            return
        self._apply(lambda s: s.undo())

    def action_redo(self) -> None:
        """Redo the last undone change (saved)."""
        if self.session is None or not self.session.can_redo:
            self.notify("nothing to redo", timeout=2)
            return
        self._apply(lambda s: s.redo())

    def action_resolve_conflict(self) -> None:
        """Ours and theirs of the conflicted annotation under the cursor, side by side:
        keep one (saved, its ``conflict:`` gone), or keep ours and edit it."""
        from reader.tui.dialogs.conflict import ConflictDialog

        target = self._under_cursor()
        if target is None or conflict_of(target) is None:
            self.notify("no merge conflict under the cursor", timeout=2)
            return

        def chosen(choice: str | None) -> None:
            if choice is None:
                return
            side: Side = "theirs" if choice == "theirs" else "ours"
            after = resolution(target, side)
            if self._apply(lambda s: s.apply_changes([(target.id, target, after)])):
                kept = "deleted" if after is None else f"kept {side}"
                self.notify(f"conflict resolved: {kept}", timeout=3)
                if choice == "edit" and after is not None:
                    self.call_after_refresh(self.action_edit)

        self.app.push_screen(ConflictDialog(target), chosen)

    def action_set_date(self) -> None:
        """Set or correct the article's date (saved in its annotation file's header)."""
        from reader.tui.dialogs.date import DateDialog

        session = self.session
        if session is None:
            self.app.bell()
            return
        dialog = DateDialog(self.rel, session.file.date)

        def chosen(value: str | None) -> None:
            if value is None:
                return
            problem = self._try(lambda s: s.set_date(value or None))
            if problem is None:
                self.notify(f"article date: {value or 'cleared'}", timeout=3, markup=False)
            else:
                self.notify(problem, title="Date not set", severity="error", markup=False)

        self.app.push_screen(dialog, chosen)

    def action_accept_placement(self) -> None:
        """Accept where re-anchoring placed the annotation under the cursor (saved)."""
        target = self._under_cursor()
        if target is None or not is_fuzzy(target):
            self.notify("no placement to review under the cursor", timeout=2)
            return
        if self._apply(lambda s: s.accept_placement(target.id)):
            self.notify(one_line(f"placement accepted: {target.tag}"), timeout=2, markup=False)

    def action_orphan(self) -> None:
        """Refuse the placement under the cursor: the annotation becomes an orphan, to be
        placed by hand with ``p``."""
        target = self._under_cursor()
        if target is None or not is_fuzzy(target):
            self.notify("no placement to review under the cursor", timeout=2)
            return
        after = replace(target, orphaned=True, anchored=None)
        if self._apply(lambda s: s.apply_changes([(target.id, target, after)])):
            self.notify(
                one_line(f"{target.tag} is an orphan now: p places it"), timeout=3, markup=False
            )

    def action_edit(self) -> None:
        """Open the edit dialog for the annotation under the cursor."""
        target = self._under_cursor()
        if target is None or not self.writable:
            self.app.bell()
            return
        speakers = [*self.recognised.people(), *self.services.speakers]

        def apply(fields: dict[str, Any]) -> str | None:
            problem = self._try(lambda s: s.update(target.id, **fields))
            if problem is None and fields.get("speaker"):
                self.services.speakers.add(fields["speaker"])
            return problem

        tags = self.services.project.config.tags
        self.app.push_screen(EditDialog(target, tags, speakers, self.annotations, apply))

    def action_add_alias(self) -> None:
        """Add the entity under the cursor as an alias of a name in entities.yaml."""
        from reader.tui.dialogs.alias import AliasDialog

        span = self._aliasable_at_cursor()
        if span is None:
            self.app.bell()
            return
        try:
            names = [e.name for e in self.services.entity_registry().entries]
        except Problem as exc:
            self.notify(one_line(str(exc)), title="entities.yaml", severity="error", markup=False)
            return

        def done(result: tuple[str, str] | None) -> None:
            if result is not None:
                self._add_alias(*result, span.type)

        self.app.push_screen(AliasDialog(span, names), done)

    @work(thread=True, group="alias")
    def _add_alias(self, name: str, alias: str, type_: str) -> None:
        from reader.core.recognition.registry import add_alias

        app, services = self.app, self.services
        try:
            before = services.entity_registry().fingerprint
            after = add_alias(services.registry_path, name, alias, type_)
        except (ReaderError, OSError) as exc:
            app.call_from_thread(
                self.notify,
                one_line(str(exc)),
                title="Alias not added",
                severity="error",
                markup=False,
            )
            return
        entry = after.lookup(alias)
        owner = entry.name if entry else name
        if after.fingerprint == before:
            app.call_from_thread(
                self.notify, one_line(f"{alias!r} is already an alias of {owner!r}"), markup=False
            )
            return
        app.call_from_thread(
            self.notify, one_line(f"{alias!r} added to {owner!r} in entities.yaml"), markup=False
        )
        if self.document is not None:
            self._recognise(self.document, self.language)

    # --- panels ------------------------------------------------------------

    @on(OptionList.OptionSelected, "#annotation-panel")
    def _annotation_chosen(self, event: OptionList.OptionSelected) -> None:
        if self.session is None or event.option.id is None:
            return
        try:
            chosen = self.session.get(event.option.id)
        except ReaderError:
            return
        if chosen.orphaned:  # never shown at its stale offsets: picked for ``p``
            self.picked_orphan = chosen.id
            self.notify("orphan picked: select its new text, then press p", timeout=4)
            self.view.focus()
            return
        self.view.clear_selection()
        self.view.move_to(chosen.start, center=True)
        self.view.focus()

    @on(OptionList.OptionSelected, "#entity-panel")
    def _entity_chosen(self, event: OptionList.OptionSelected) -> None:
        key = event.option.id
        occurrences = [s for s in self.entities if entity_key(s) == key]
        if not key or not occurrences:
            return
        index = self.entity_cycle.get(key, -1) + 1
        index %= len(occurrences)
        self.entity_cycle[key] = index
        found = occurrences[index]
        self.view.select_span(found.start, found.end)
        self.view.scroll_cursor_visible(center=True)
        self.notify(f"{index + 1} of {len(occurrences)}", timeout=1.5)
