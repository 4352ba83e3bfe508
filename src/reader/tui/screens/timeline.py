"""The timeline (issue 12, item 3): every normalised date of the corpus in order, grouped
by day, month or year (``o`` cycles), filtered with ``entity:NAME`` and ``date:FROM..TO``
(the query language's words); ``enter`` opens the article at the date's sentence.

The entries come a page at a time from the cross-article tables, so an article with
thousands of dates costs the rows on screen, not the thousands."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType

from reader.core.corpus.crossref import TimelineEntry
from reader.core.corpus.query import Query, QueryError, date_bounds
from reader.tui.safe import one_line
from reader.tui.screens.across import CorpusWideScreen, DataThread
from reader.tui.screens.passage import PassageChosen
from reader.tui.services import Services
from reader.tui.widgets.paged_list import Painted

# The part of an ISO day ("2022-01-05") that names its group.
GROUPINGS = {"day": 10, "month": 7, "year": 4}
SENTENCE_CONTEXT = 50  # characters of the sentence either side of the date


@dataclass(frozen=True, slots=True)
class Filters:
    """What the timeline can be filtered by."""

    entity: str | None = None
    first: str | None = None
    last: str | None = None


def timeline_filters(query: Query) -> Filters:
    """The timeline's filters in ``query``: one ``entity:`` and ``date:`` terms (their
    bounds intersect); QueryError for anything else."""
    entity: str | None = None
    first: str | None = None
    last: str | None = None
    for clause in query.clauses:
        term = clause[0]
        if len(clause) > 1 or term.negated or term.kind not in ("entity", "date"):
            raise QueryError(f"{term}: the timeline filters by entity:NAME and date:FROM..TO only")
        if term.kind == "entity":
            if entity is not None:
                raise QueryError("the timeline filters by one entity: at a time")
            entity = term.value
        else:
            low, high = date_bounds(term.value)
            first = max(first, low) if first else low
            last = min(last, high) if last else high
    return Filters(entity, first, last)


@dataclass(frozen=True, slots=True)
class TimelineSource:
    """The timeline's entries with ``filters``."""

    data: DataThread
    filters: Filters

    def count(self) -> int:
        f = self.filters
        return self.data.crossref().timeline_count(entity=f.entity, first=f.first, last=f.last)

    def page(self, offset: int, limit: int) -> Sequence[TimelineEntry]:
        f = self.filters
        return self.data.crossref().timeline(
            entity=f.entity, first=f.first, last=f.last, offset=offset, limit=limit
        )


def sentence_line(entry: TimelineEntry) -> Text:
    """The date's sentence around it, the date's words in bold (literal text)."""
    sentence = entry.sentence
    at = sentence.find(entry.surface) if entry.surface else -1
    if at < 0:
        return Text(one_line(" ".join(sentence.split())))
    left = sentence[:at]
    if len(left) > SENTENCE_CONTEXT:
        left = "…" + left[-SENTENCE_CONTEXT:]
    line = Text(one_line(" ".join(left.split()) + (" " if left[-1:].isspace() else "")))
    line.append(one_line(entry.surface), style="bold reverse")
    line.append(one_line(sentence[at + len(entry.surface) :]))
    return line


class TimelineScreen(CorpusWideScreen):
    """Dates across the corpus; ``o`` cycles day, month, year."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "cycle_grouping", "Group by", id="timeline.group"),
    ]
    PLACEHOLDER = "filter: entity:NAME date:2022-01 date:2021-12-20..2022-01-15"

    def __init__(self, services: Services, query: str = "", grouping: str = "month") -> None:
        super().__init__(services, query)
        self.grouping = grouping

    def source(self, query: Query) -> TimelineSource:
        return TimelineSource(self.data_thread, timeline_filters(query))

    def paint(self, row: TimelineEntry, previous: TimelineEntry | None, width: int) -> Painted:
        size = GROUPINGS[self.grouping]
        heading: tuple[Text, ...] = ()
        if previous is None or previous.day[:size] != row.day[:size]:
            heading = (Text(row.day[:size], style="bold underline"),)
        line = Text("  ")
        line.append(row.day, style="bold")
        line.append(f" {one_line(row.extent)}" if row.extent else "", style="italic")
        line.append(f"  {one_line(row.value)}  ", style="dim")
        line.append(one_line(row.rel), style="cyan")
        line.append(f" [{row.language}]  " if row.language else "  ", style="dim")
        line.append_text(sentence_line(row))
        return Painted(heading, (line,))

    def passage(self, row: TimelineEntry) -> PassageChosen:
        return PassageChosen(row.rel, row.start, row.end)

    def describe(self) -> str:
        return f"by {self.grouping} (o)"

    def action_cycle_grouping(self) -> None:
        """Group by the next of day, month, year."""
        names = list(GROUPINGS)
        self.grouping = names[(names.index(self.grouping) + 1) % len(names)]
        self.rows.repaint()  # the headings change
