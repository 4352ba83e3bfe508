"""The search screen (issue 11, item 5): a query in the query language
(``core/corpus/query.py``), the texts that match, best first, each with a snippet where
the match is marked; ``enter`` opens the article with the match selected (and every
match of it, for next/previous there). With ``entity:`` it says how much of the corpus
entity recognition has covered so far.

Hits are ranked by the corpus index and fetched a page at a time; the snippets of a page
are cut from its texts on the screen's data thread, so only the texts of the pages
shown are read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.message import Message

from reader.core.corpus.discovery import Corpus
from reader.core.corpus.index import Hit
from reader.core.corpus.query import Query
from reader.core.corpus.search import Result, find_matches, snippet_of
from reader.core.errors import DocumentError
from reader.core.text.document import load_document
from reader.tui.safe import one_line
from reader.tui.screens.across import CorpusWideScreen, DataThread, Progress
from reader.tui.screens.passage import PassageChosen
from reader.tui.widgets.paged_list import Painted


def result_of(corpus: Corpus, hit: Hit, query: Query) -> Result:
    """``hit`` with the places the query matches in its text and a snippet; a text gone
    or unreadable since it was indexed has neither."""
    try:
        text = load_document(corpus.project.text_path(hit.meta.rel), hit.meta.rel).text
    except DocumentError:
        return Result(hit.meta, hit.score, (), "(the text cannot be read now)", None)
    matches = find_matches(text, query)
    snippet, marked = snippet_of(text, matches[0] if matches else None)
    return Result(hit.meta, hit.score, tuple(matches), snippet, marked)


@dataclass(frozen=True, slots=True)
class SearchSource:
    """The texts of the corpus's scope matching ``query``, best first (none for an empty
    query: the corpus list shows every text)."""

    data: DataThread
    query: Query

    def count(self) -> int:
        if not self.query:
            return 0
        corpus = self.data.services.corpus
        return corpus.index.count(self.query, corpus.scope)

    def page(self, offset: int, limit: int) -> Sequence[Result]:
        if not self.query:
            return []
        corpus = self.data.services.corpus
        # The index ranks from the best; a later page re-ranks the ones before it (cheap
        # in SQLite) but reads only its own texts.
        hits = corpus.index.search(self.query, offset + limit, corpus.scope)[offset:]
        return [result_of(corpus, hit, self.query) for hit in hits]


@dataclass
class CoverageCounted(Message):
    """How many readable texts of the scope have their entities indexed."""

    covered: int
    total: int


def hit_lines(result: Result) -> tuple[Text, Text]:
    """A hit as two literal lines: title, path, language and date; the snippet with the
    match marked."""
    meta = result.meta
    head = Text(one_line(meta.title or meta.rel), style="bold")
    head.append(f"  {one_line(meta.rel)}", style="cyan")
    head.append(f"  {meta.language or '-'}  {meta.date or '-'}", style="dim")
    snippet = Text("    " + one_line(result.snippet))
    if result.marked is not None:
        start, end = result.marked
        snippet.stylize("bold reverse", 4 + start, 4 + end)
    return head, snippet


class SearchScreen(CorpusWideScreen):
    """Search the corpus; the query is typed in the filter line."""

    PLACEHOLDER = 'search: Путин "press secretary" -Biden lang:ru tag:quote entity:… date:2022-01'

    PAGE_SIZE = 20  # each hit's text is read for its snippet
    FILTER_DELAY = 0.3  # a search reads texts: run it when typing pauses, not per key
    START_IN_FILTER = True  # nothing is listed until a query is typed
    coverage: tuple[int, int] | None = None  # (covered, total) when the query uses entity:

    def source(self, query: Query) -> SearchSource:
        self.coverage = None
        if any(term.kind == "entity" for term in query.terms):
            self.data_thread.submit(self._count_coverage)
        return SearchSource(self.data_thread, query)

    def bring_up_to_date(self, progress: Progress) -> bool:
        return self.data_thread.refresh_index(progress)

    def _count_coverage(self) -> None:
        corpus = self.data_thread.services.corpus
        self.post_message(CoverageCounted(*corpus.index.entity_coverage(corpus.scope)))

    @on(CoverageCounted)
    def _coverage_counted(self, message: CoverageCounted) -> None:
        self.coverage = (message.covered, message.total)
        self.show_status()

    def paint(self, row: Result, previous: Result | None, width: int) -> Painted:
        return Painted((), hit_lines(row))

    def passage(self, row: Result) -> PassageChosen:
        start, end = row.matches[0] if row.matches else (0, 0)
        return PassageChosen(row.meta.rel, start, end, row.matches)

    def describe(self) -> str:
        if not self.filter_query:
            return 'type a query: words, "phrases", -excluded, OR, filters'
        if self.coverage is None:
            return ""
        covered, total = self.coverage
        if covered >= total:
            return f"entity: all {total:,} texts recognised"
        return (
            f"entity: recognised in {covered:,} of {total:,} texts so far "
            "(reader index --entities covers the rest)"
        )
