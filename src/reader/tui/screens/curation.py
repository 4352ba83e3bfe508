"""The curation screen (issue 13, item 4): walks the places where the authors of a text
disagree (``core/annotations/curation.py``), article by article, and settles each with
one key: ``1``–``9`` keep that side, ``b`` keep both (every side), ``x`` keep neither.

Reading the annotation files, opening an article's edit session and saving run on the
screen's data thread (the session lives there; the UI holds only what it shows). A
settlement is saved through the session's public API: the annotations of the sides not
kept are deleted (``EditSession.delete``, links to them dropped). Marking the kept
annotations ``curated`` needs a session method that applies ``Settlement.changes`` as
one change (docs/screens.md); until then the screen remembers, while it is open, the
places it settled, so each is offered once.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Static

from reader.core.annotations.curation import Disagreement, keep_all, settle
from reader.core.annotations.curation import disagreements as find_disagreements
from reader.core.annotations.session import EditSession, open_session
from reader.core.corpus.collection import exportable
from reader.core.errors import Problem, ReaderError
from reader.tui.safe import one_line
from reader.tui.screens.across import DataThread
from reader.tui.screens.base import StyledScreen
from reader.tui.screens.passage import PassageChosen
from reader.tui.services import Services

CONTEXT = 80  # characters of the text shown either side of a place
SIDE_KEYS = "123456789"


@dataclass
class ArticlesFound(Message):
    """The articles with places to settle, in path order (and files that could not be
    read, as ``path: why``)."""

    rels: list[str]
    problems: list[str]


@dataclass
class PlacesRead(Message):
    """The open places of article ``rel`` (its ``text`` for context); ``note`` says what
    the last settlement did, or why it failed."""

    rel: str
    text: str
    places: list[Disagreement]
    note: str


class CurationScreen(StyledScreen):
    """One place at a time: the passage, its sides, and a key for each way to settle."""

    DEFAULT_CSS = """
    CurationScreen #curation-place { height: 1fr; padding: 1 2; }
    CurationScreen #curation-status { height: 1; background: $panel; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(key, f"keep_side({n})", f"Keep side {key}", show=n == 0,
                    id=f"curation.keep_{key}")
            for n, key in enumerate(SIDE_KEYS)
        ),
        Binding("b", "keep_all", "Keep both", id="curation.keep_all"),
        Binding("x", "keep_none", "Keep neither", id="curation.keep_none"),
        Binding("n", "place(1)", "Next place", id="curation.next_place"),
        Binding("p", "place(-1)", "Previous place", id="curation.prev_place"),
        Binding("right_square_bracket", "article(1)", "Next article", id="curation.next_article"),
        Binding("left_square_bracket", "article(-1)", "Previous article",
                id="curation.prev_article"),
        Binding("enter", "open", "Open article", id="curation.open"),
        Binding("escape", "back", "Back", id="curation.back"),
    ]  # fmt: skip

    def __init__(self, services: Services, rels: Sequence[str] | None = None) -> None:
        super().__init__()
        self.services = services
        self.data_thread = DataThread(services)
        self.curator = services.project.config.author()
        self.wanted = list(rels) if rels is not None else None  # None: every article
        self.rels: list[str] = []
        self.article = 0  # index into rels
        self.rel = ""
        self.text = ""
        self.places: list[Disagreement] = []
        self.place = 0  # index into places
        self.note = "reading the annotation files…"
        self.busy = True  # a job is running: keys that save wait for its answer
        self.settling = False  # the job running saves a settlement
        # Owned by the data thread: the open article's session, the ids kept here.
        self._session: EditSession | None = None
        self._kept: set[str] = set()

    def compose(self) -> ComposeResult:
        yield Static(id="curation-place", markup=False)
        yield Static(id="curation-status", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self.show()
        self.data_thread.submit(self._find_articles)

    def on_unmount(self) -> None:
        self.data_thread.close()

    # --- on the data thread -----------------------------------------------------------

    def _find_articles(self) -> None:
        skipped: list[Problem] = []
        wanted = set(self.wanted) if self.wanted is not None else None
        try:
            rels = [
                item.file.document
                for item in exportable(self.services.project, skipped)
                if (wanted is None or item.file.document in wanted)
                and find_disagreements(item.file.annotations)
            ]
        except (ReaderError, OSError) as exc:
            self.post_message(ArticlesFound([], [str(exc)]))
            return
        self.post_message(ArticlesFound(rels, [p.describe() for p in skipped]))

    def _open(self, rel: str) -> None:
        try:
            corpus = self.services.corpus
            with self.services.corpus_lock:
                document = corpus.document(rel)
            self._session = open_session(corpus.store, document)
        except ReaderError as exc:
            self._session = None
            self.post_message(PlacesRead(rel, "", [], f"{rel}: {exc}"))
            return
        self._report(rel, "")

    def _open_places(self) -> list[Disagreement]:
        """The session's places not settled while this screen is open."""
        assert self._session is not None
        return [
            place
            for place in find_disagreements(self._session.annotations)
            if not all(a.id in self._kept for side in place.sides for a in side.annotations)
        ]

    def _report(self, rel: str, note: str) -> None:
        session = self._session
        text = session.document.text if session is not None else ""
        places = self._open_places() if session is not None else []
        self.post_message(PlacesRead(rel, text, places, note))

    def _settle(self, rel: str, place: Disagreement, keep: Collection[int]) -> None:
        session = self._session
        if session is None or session.document.rel != rel:
            return
        current = {a.id for a in session.annotations}
        if not all(a.id in current for side in place.sides for a in side.annotations):
            self._report(rel, "the annotations changed on disk: this place is shown anew")
            return
        settlement = settle(place, keep, self.curator)
        try:
            for ident in settlement.removed:
                session.delete(ident)
        except (ReaderError, OSError) as exc:
            self._report(rel, f"not saved: {exc}")
            return
        self._kept.update(a.id for a in settlement.kept)
        kept = ", ".join(str(i + 1) for i in sorted(keep)) or "neither"
        self._report(rel, f"kept {kept}; removed {len(settlement.removed)} annotation(s)")

    # --- on the UI thread -------------------------------------------------------------

    @on(ArticlesFound)
    def _articles_found(self, message: ArticlesFound) -> None:
        self.rels = message.rels
        problems = "; ".join(message.problems)
        if not self.rels:
            self.busy = False
            self.note = "no disagreements to settle" + (f" ({problems})" if problems else "")
            self.show()
            return
        self.note = problems
        self.go_to_article(0)

    def go_to_article(self, index: int) -> None:
        """Open article ``index`` of the walk (on the data thread)."""
        self.article = index % len(self.rels)
        self.rel = self.rels[self.article]
        self.busy = True
        self.data_thread.submit(self._open, self.rel)
        self.show()

    @on(PlacesRead)
    def _places_read(self, message: PlacesRead) -> None:
        if message.rel != self.rel:
            return
        self.busy = False
        settled_last = self.settling and not message.places
        self.settling = False
        self.text, self.places = message.text, message.places
        self.place = min(self.place, max(len(self.places) - 1, 0))
        self.note = message.note or self.note  # an opening keeps what led to it
        if settled_last and self.article + 1 < len(self.rels):
            # The walk goes on: the article is settled, the next one has places.
            self.note = f"{self.note}; {self.rel} settled"
            self.place = 0
            self.go_to_article(self.article + 1)
            return
        self.show()

    def _settle_current(self, keep: Collection[int]) -> None:
        if self.busy or not self.places:
            return
        place = self.places[self.place]
        self.busy = self.settling = True
        self.data_thread.submit(self._settle, self.rel, place, keep)

    def action_keep_side(self, side: int) -> None:
        """Keep side ``side`` (0-based; the key shows it from 1)."""
        if not self.places:
            return
        sides = len(self.places[self.place].sides)
        if side >= sides:
            self.note = f"this place has {sides} side(s)"
            self.show()
            return
        self._settle_current((side,))

    def action_keep_all(self) -> None:
        """Keep every side."""
        if self.places:
            self._settle_current(keep_all(self.places[self.place]))

    def action_keep_none(self) -> None:
        """Keep no side: every annotation of the place is removed."""
        self._settle_current(())

    def action_place(self, delta: int) -> None:
        """The next (previous) place of this article."""
        if self.places:
            self.place = (self.place + delta) % len(self.places)
            self.show()

    def action_article(self, delta: int) -> None:
        """The next (previous) article of the walk."""
        if self.rels and not self.busy:
            self.place = 0
            self.note = ""
            self.go_to_article(self.article + delta)

    def action_open(self) -> None:
        """Open the article at the place."""
        if self.places:
            place = self.places[self.place]
            self.post_message(PassageChosen(self.rel, place.start, place.end))

    def action_back(self) -> None:
        self.app.pop_screen()

    # --- drawing ----------------------------------------------------------------------

    def show(self) -> None:
        """Draw the place and the status line."""
        self.query_one("#curation-place", Static).update(self.place_text())
        status = Text(one_line(self.note), style="italic")
        self.query_one("#curation-status", Static).update(status, layout=False)

    def place_text(self) -> Text:
        """The article, the place, its passage and its sides, numbered, literally."""
        out = Text()
        if not self.rels:
            return out
        out.append(f"article {self.article + 1} of {len(self.rels)}: ", style="bold")
        out.append(one_line(self.rel), style="cyan")
        if not self.places:
            done = "" if self.busy else " — nothing left to settle here"
            out.append(done + "\n")
            return out
        place = self.places[self.place]
        out.append(f" — place {self.place + 1} of {len(self.places)}: {place.kind}\n\n")
        start, end = place.start, place.end
        out.append("  " + ("…" if start > CONTEXT else ""))
        out.append(one_line(self.text[max(0, start - CONTEXT) : start]))
        out.append(one_line(self.text[start:end]), style="bold reverse")
        out.append(one_line(self.text[end : end + CONTEXT]).rstrip())
        out.append("…\n\n" if end + CONTEXT < len(self.text) else "\n\n")
        for number, side in enumerate(place.sides, 1):
            out.append(f"  {number}  ", style="bold")
            out.append(f"{one_line(side.tag)} {side.start}..{side.end} ", style="bold")
            out.append(f"“{one_line(side.text)}”")
            out.append(f"  by {one_line(', '.join(side.authors))}", style="green")
            missing = place.without(side)
            if missing:
                out.append(f"  (not {one_line(', '.join(missing))})", style="dim")
            out.append("\n")
        keys = "1–9 keep that side · b keep both · x keep neither · n/p place · ]/[ article"
        out.append(f"\n  {keys}", style="dim")
        return out
