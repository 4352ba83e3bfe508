"""The compare screen: two articles side by side (the same story in two outlets or two
languages), with what they share marked in both, the right side following the left
paragraph by paragraph, every annotation key on the active side, and one key to link
a passage of each across the two files."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.color import Color
from textual.containers import Horizontal, Vertical
from textual.geometry import Offset
from textual.message import Message
from textual.widgets import Static

from reader.core.annotations.session import EditSession
from reader.core.corpus.compare import Anchor, follow
from reader.core.corpus.links import link_across, link_to
from reader.core.errors import ReaderError
from reader.core.text.document import Document
from reader.tui.article.entities import Recognised
from reader.tui.article.loader import prepared_inline, read_annotations
from reader.tui.article.styles import AnnotationLayer, AnnotationLooks, entity_spans
from reader.tui.article.tagging import tag_bindings, tag_target
from reader.tui.compare.loading import (
    PairMarked,
    SideFailed,
    SideLoaded,
    entities_of,
    load_side,
    mark_pair,
    related_articles,
)
from reader.tui.compare.side import Side
from reader.tui.dialogs.edit import EditDialog
from reader.tui.dialogs.pick_article import Candidate, PickArticleDialog
from reader.tui.keys import bindings_of
from reader.tui.safe import one_line
from reader.tui.saver import SaveResult
from reader.tui.screens.base import StyledScreen
from reader.tui.services import Services
from reader.tui.textual_compat import key_bindings, set_key_bindings
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.key_bar import KeyBar

# Shared entities and dates: bold italic over their entity colour (annotation tints,
# drawn above, keep their background and underline; the selection stays reverse video).
SHARED_STYLE = Style(bold=True, italic=True)
WRITING_ACTIONS = frozenset({"tag", "edit", "delete_annotation", "undo", "redo"})
SIDES = ("left", "right")
Shown = tuple[Document, str | None]  # an article shown on a side, and its language


@dataclass
class CandidatesFound(Message):
    """The articles the picker offers, gathered by a worker."""

    candidates: list[Candidate]


@dataclass
class SideSaved(Message):
    """The writer thread wrote one change of a side's ``session`` (or failed)."""

    session: EditSession
    result: SaveResult


class CompareScreen(StyledScreen):
    """Two articles side by side; ``right`` None: the best related article."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_of("compare.")
    DEFAULT_CSS = """
    CompareScreen #compare-body { height: 1fr; }
    CompareScreen .compare-side { width: 1fr; }
    CompareScreen .compare-title { height: 1; background: $panel; }
    CompareScreen .compare-title.-active { background: $accent; color: $text; }
    CompareScreen #compare-status { height: 1; }
    """

    def __init__(self, services: Services, left: str, right: str | None = None) -> None:
        super().__init__()
        self.services = services
        self.requested = (left, right)
        self.sides = {name: Side(name, ArticleView(id=f"{name}-text")) for name in SIDES}
        self.active = "left"
        self.anchors: tuple[Anchor, ...] = ()
        self._followed: int | None = None  # the right offset last scrolled to
        self._looks: AnnotationLooks | None = None
        self.message = Text("tab: other side · L: link the passages · O: other article")

    # --- layout ------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="compare-body"):
            for name in SIDES:
                with Vertical(classes="compare-side", id=f"{name}-side"):
                    yield Static("", id=f"{name}-title", classes="compare-title", markup=False)
                    yield self.sides[name].view
        yield Static("", id="compare-status", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        super().on_mount()
        bindings = tag_bindings(self.services.project.config.tags)
        for key, existing in key_bindings(self).items():
            bindings.setdefault(key, []).extend(existing)
        set_key_bindings(self, bindings)
        self.left.view.focus()
        self.watch(self.left.view, "scroll_y", self._follow_left, init=False)
        self._show_state()
        self.call_after_refresh(self._start)

    @property
    def left(self) -> Side:
        """The left side (the article the screen was opened on)."""
        return self.sides["left"]

    @property
    def right(self) -> Side:
        """The right side (the related or picked article)."""
        return self.sides["right"]

    @property
    def side(self) -> Side:
        """The active side: annotation keys act on it."""
        return self.sides[self.active]

    # --- loading -----------------------------------------------------------

    def _start(self) -> None:
        left_rel, right_rel = self.requested
        left = self._inline("left", left_rel)
        right = self._inline("right", right_rel) if right_rel else None
        self._load(left_rel, left, right_rel, right, self._widths())

    def _widths(self) -> tuple[int, int]:
        fallback = self.services.wrap_width
        return (self.left.view.wrap_width or fallback, self.right.view.wrap_width or fallback)

    def _inline(self, name: str, rel: str) -> Shown | None:
        """Show ``rel`` on side ``name`` at once when that is quick (in memory, or small:
        the article screen's rule), else None (a worker reads it)."""
        services = self.services
        view = self.sides[name].view
        prepared = prepared_inline(services, rel, view.wrap_width or services.wrap_width)
        if prepared is None:
            return None
        loaded = read_annotations(services, prepared, 0, reanchor=False)
        if loaded is None:  # its text changed: re-anchoring may read git history
            return None
        self._side_loaded(SideLoaded(name, loaded))
        return loaded.document, loaded.language

    @work(thread=True, exclusive=True, group="compare")
    def _load(
        self,
        left_rel: str,
        left: Shown | None,
        right_rel: str | None,
        right: Shown | None,
        widths: tuple[int, int],
    ) -> None:
        """Read the sides not shown yet (the right: the best related article when
        ``right_rel`` is None), then find what the two share."""
        services = self.services
        if left is None and (left := self._read("left", left_rel, widths[0])) is None:
            return
        if right is None:
            if right_rel is None:
                related = related_articles(services, left_rel, 1)
                if not related:
                    self.post_message(
                        SideFailed("right", "no related article found: pick one", pick=True)
                    )
                    return
                right_rel = related[0].rel
            if (right := self._read("right", right_rel, widths[1])) is None:
                return
        left_spans, left_problem = entities_of(services, *left)
        right_spans, right_problem = entities_of(services, *right)
        self.post_message(
            mark_pair(left[0], left_spans, right[0], right_spans, left_problem or right_problem)
        )

    def _read(self, name: str, rel: str, width: int) -> Shown | None:
        """On the worker: read side ``name``'s article and post it (or why it failed)."""
        try:
            loaded = load_side(self.services, rel, width)
        except (ReaderError, OSError) as exc:
            self.post_message(SideFailed(name, str(exc)))
            return None
        self.post_message(SideLoaded(name, loaded))
        return loaded.document, loaded.language

    @on(SideLoaded)
    def _side_loaded(self, message: SideLoaded) -> None:
        side = self.sides[message.side]
        loaded = message.loaded

        def report(session: EditSession, result: SaveResult) -> None:
            self.post_message(SideSaved(session, result))

        side.loaded(loaded, self.services.saver, report)
        side.view.show(loaded.document.text, loaded.document.lines, loaded.segments, loaded.text)
        side.shared = []
        if side is self.right:
            self.anchors, self._followed = (), None
        elif (cursor := self.services.positions.get(side.rel)) is not None:
            # Where the analyst was in the article (its screen saves the cursor on leaving).
            side.view.move_to(min(cursor, len(loaded.document.text)))
            self.call_after_refresh(side.view.scroll_cursor_visible, center=True)
        self._paint_annotations(side)
        self._show_state()
        self.refresh_bindings()

    @on(SideFailed)
    def _side_failed(self, message: SideFailed) -> None:
        side = self.sides[message.side]
        side.error = message.reason
        side.status.not_opened()
        self._say(f"{message.side}: {message.reason}", error=True)
        self._show_state()
        if message.pick:
            self.action_pick()

    @on(PairMarked)
    def _pair_marked(self, message: PairMarked) -> None:
        left, right = self.left, self.right
        if left.document is None or right.document is None:
            return
        if message.shas != (left.document.sha256, right.document.sha256):
            return  # marked for texts since reloaded or replaced
        for side, spans, shared in zip((left, right), message.spans, message.shared, strict=True):
            side.recognised = Recognised(spans)
            side.shared = shared
            self._paint_entities(side)
        self.anchors, self._followed = message.anchors, None
        self._follow_left()
        if message.problem:
            self.notify(one_line(message.problem), severity="warning", markup=False)
        self._show_state()

    # --- painting ----------------------------------------------------------

    def _paint_entities(self, side: Side) -> None:
        spans = entity_spans(side.recognised.spans)
        spans += [(s.start, s.end, SHARED_STYLE) for s in side.shared]
        side.view.apply_styles(spans, layer="entities")

    def _paint_annotations(self, side: Side) -> None:
        if side.document is None:
            return
        background = Color.parse(self.app.theme_variables.get("background", "#000000"))
        tags = self.services.project.config.tags
        looks = self._looks
        if looks is None or looks.key != (background, tuple((t.name, t.colour) for t in tags)):
            looks = self._looks = AnnotationLooks(background, tags)
        layer = side.layer
        if layer is None or layer.looks is not looks or layer.lines is not side.document.lines:
            layer = side.layer = AnnotationLayer(side.document.lines, looks)
            side.view.apply_styles([], {}, layer="annotations")  # painted again below
        rows, marks = layer.update(side.annotations)
        side.view.restyle_lines("annotations", rows, marks)

    def _show_state(self) -> None:
        for name, side in self.sides.items():
            title = self.query_one(f"#{name}-title", Static)
            title.set_class(name == self.active, "-active")
            # The save state first: on a narrow side the end of the line is cut.
            parts = [side.rel or "…", side.status.state]
            if side.document is not None:
                date = side.document.date
                parts += [side.language or "?", date.isoformat() if date else "no date"]
                parts.append(f"{len(side.annotations)} annotations")
                parts.append(f"{len(side.shared)} shared")
            marker = "▶ " if name == self.active else "  "
            title.update(Text(one_line(marker + " · ".join(parts)), no_wrap=True,
                              overflow="ellipsis"))  # fmt: skip
        self.query_one("#compare-status", Static).update(self.message)

    def _say(self, text: str, *, error: bool = False) -> None:
        """Show ``text`` (literally) in the status line."""
        self.message = Text(one_line(text), style="red" if error else "", no_wrap=True,
                            overflow="ellipsis")  # fmt: skip
        self._show_state()

    # --- following ---------------------------------------------------------

    def _follow_left(self) -> None:
        """Scroll the right side to the paragraph aligned with the one at the left's top,
        when that paragraph changes (in between, the right scrolls freely)."""
        left, right = self.left.view, self.right.view
        if not self.anchors or self.right.document is None:
            return
        location = left.wrapped_document.offset_to_location(Offset(0, round(left.scroll_y)))
        target = follow(self.anchors, left.offset_of(location))
        if target == self._followed:
            return
        self._followed = target
        row = right.wrapped_document.location_to_offset(right.location_of(target)).y
        right.scroll_to(y=row, animate=False, force=True)

    # --- keys --------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Grey out keys that cannot act on the active side."""
        side = self.side
        if action in WRITING_ACTIONS and not side.writable:
            return None
        if action in ("edit", "delete_annotation"):
            return True if side.under_cursor() else None
        if action == "undo":
            return True if side.session and side.session.can_undo else None
        if action == "redo":
            return True if side.session and side.session.can_redo else None
        if action == "link":
            return True if self.left.writable and self.right.writable else None
        return True

    def action_back(self) -> None:
        """Back to the screen the compare screen was opened from."""
        self.app.pop_screen()

    def action_switch_side(self) -> None:
        """Make the other side active."""
        self.active = "right" if self.active == "left" else "left"
        self.side.view.focus()
        self._show_state()
        self.refresh_bindings()

    @on(events.DescendantFocus)
    def _view_focused(self, event: events.DescendantFocus) -> None:
        for name, side in self.sides.items():
            if side.view is event.widget and name != self.active:
                self.active = name
                self._show_state()
                self.refresh_bindings()

    def action_select_sentence(self) -> None:
        """Select the sentence under the active side's cursor."""
        view = self.side.view
        span = view.segments.sentence_at(view.cursor_offset)
        if span is None:
            self.app.bell()
            return
        view.select_span(*span)

    def _apply(self, side: Side, change: Any) -> bool:
        """One change on ``side``, repainted; the reason told when it is refused."""
        problem = side.apply(change)
        if problem is not None:
            self._say(f"not saved: {problem}", error=True)
            self.notify(problem, title="Not saved", severity="error", markup=False)
        self._paint_annotations(side)
        self._show_state()
        self.refresh_bindings()
        return problem is None

    def action_tag(self, name: str) -> None:
        """Tag the active side's selection (or sentence; or accept a recognised date)."""
        side = self.side
        target = tag_target(side.view, side.recognised, name)
        if target is None:
            self.app.bell()
            return
        start, end, value = target
        if self._apply(side, lambda s: s.add(name, start, end, value=value)):
            side.view.clear_selection()
            side.view.move_to(start)
            self._say(f"{side.name}: tagged {name}: {side.view.lines.text[start:end][:60]}")

    def action_edit(self) -> None:
        """Edit the annotation under the active side's cursor (speaker, note, value)."""
        side = self.side
        target = side.under_cursor()
        if target is None or not side.writable:
            self.app.bell()
            return
        speakers = [*side.recognised.people(), *self.services.speakers]

        def apply(fields: dict[str, Any]) -> str | None:
            problem = side.apply(lambda s: s.update(target.id, **fields))
            if problem is None and fields.get("speaker"):
                self.services.speakers.add(fields["speaker"])
            self._paint_annotations(side)
            self._show_state()
            return problem

        tags = self.services.project.config.tags
        self.app.push_screen(EditDialog(target, tags, speakers, side.annotations, apply))

    def action_delete_annotation(self) -> None:
        """Delete the innermost annotation under the active side's cursor."""
        side = self.side
        target = side.under_cursor()
        if target is None:
            self.app.bell()
            return
        if self._apply(side, lambda s: s.delete(target.id)):
            self._say(f"{side.name}: deleted {target.tag} (u to undo)")

    def action_undo(self) -> None:
        """Undo the active side's last change."""
        side = self.side
        if side.session is None or not side.session.can_undo:
            self.app.bell()
            return
        self._apply(side, lambda s: s.undo())

    def action_redo(self) -> None:
        """Redo the active side's last undone change."""
        side = self.side
        if side.session is None or not side.session.can_redo:
            self.app.bell()
            return
        self._apply(side, lambda s: s.redo())

    def action_link(self) -> None:
        """Link the annotated passage under each side's cursor (or selection) to the
        other, in both files."""
        left, right = self.left, self.right
        first, second = left.under_cursor(), right.under_cursor()
        if left.session is None or right.session is None or first is None or second is None:
            missing = " and ".join(s.name for s, a in ((left, first), (right, second)) if a is None)
            self._say(f"nothing to link on the {missing}: tag a passage there first", error=True)
            self.app.bell()
            return
        right_session = right.session
        if not self._apply(left, lambda s: link_across(s, first.id, right_session, second.id)):
            return
        if right_session.writer.pending:
            right.status.saving()
        self._paint_annotations(right)
        self._say(
            f"linked {first.tag} {link_to(left.rel, first.id)} ↔ "
            f"{second.tag} {link_to(right.rel, second.id)}"
        )

    @on(SideSaved)
    def _saved(self, message: SideSaved) -> None:
        for side in self.sides.values():
            if side.session is message.session:
                changed, error = side.saved(message.session, message.result)
                if error is not None:
                    self.notify(error, title="Not saved", severity="error", markup=False)
                if changed:
                    self._paint_annotations(side)
                self._show_state()
                self.refresh_bindings()

    # --- picking the right article -------------------------------------------

    def action_pick(self) -> None:
        """Choose the article on the right from the related ones and the corpus."""
        self._gather_candidates(self.left.rel or self.requested[0])

    @work(thread=True, exclusive=True, group="pick")
    def _gather_candidates(self, rel: str) -> None:
        services = self.services
        candidates = []
        for r in related_articles(services, rel):
            shares = [*r.entities[:4], *r.dates[:2]]
            why = f"score {r.score:.1f}" + (f": {', '.join(shares)}" if shares else "")
            candidates.append(Candidate(r.rel, r.title, why))
        offered = {c.rel for c in candidates} | {rel}
        with services.corpus_lock:
            entries = services.corpus.scan().entries
        candidates += [
            Candidate(e.rel, services.titles.get(e.rel, ""))
            for e in entries
            if e.rel not in offered
        ]
        self.post_message(CandidatesFound(candidates))

    @on(CandidatesFound)
    def _candidates_found(self, message: CandidatesFound) -> None:
        def chosen(rel: str | None) -> None:
            if rel:
                self.right.status.state = "loading…"
                self._show_state()
                left = self.left
                shown = (left.document, left.language) if left.document else None
                right = self._inline("right", rel)
                self._load(left.rel or self.requested[0], shown, rel, right, self._widths())

        self.app.push_screen(PickArticleDialog(message.candidates), chosen)
