"""Reading the two articles of the compare screen, on a worker thread: each side's text
and annotations (the article screen's loader), the best related article when none was
chosen, and what the two share (marks to paint, paragraphs to align). Workers post
these messages; the screen owns the state."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.message import Message

from reader.core.corpus.compare import Anchor, align, shared_marks, shared_spans
from reader.core.corpus.crossref import CrossRef, RelatedArticle
from reader.core.errors import Problem
from reader.tui.article.loader import prepare_article, read_annotations
from reader.tui.messages import ArticleLoaded

if TYPE_CHECKING:
    from reader.core.recognition.entities import EntitySpan
    from reader.core.text.document import Document
    from reader.tui.services import Services

RELATED_LISTED = 20  # related articles offered in the picker


@dataclass
class SideLoaded(Message):
    """One side's article was read (``side``: "left" or "right")."""

    side: str
    loaded: ArticleLoaded


@dataclass
class SideFailed(Message):
    """One side's article could not be read, or no article was found for the right
    (``pick``: let the analyst pick one)."""

    side: str
    reason: str
    pick: bool = False


@dataclass
class PairMarked(Message):
    """Both articles' entities, what they share, and the aligned paragraphs; for the
    texts with these sha256 (a side reloaded since makes them stale)."""

    shas: tuple[str, str]
    spans: tuple[list[EntitySpan], list[EntitySpan]]
    shared: tuple[list[EntitySpan], list[EntitySpan]]
    anchors: tuple[Anchor, ...]
    problem: str = ""


def load_side(services: Services, rel: str, width: int) -> ArticleLoaded:
    """The article ``rel`` and its annotations (re-anchored if its text changed), as the
    article screen reads them. ReaderError or OSError when the text cannot be read."""
    services.saver.drain()  # the annotation file as of every change made so far
    prepared = prepare_article(services, rel, width, all_segments=False)
    loaded = read_annotations(services, prepared, 0)
    assert loaded is not None  # re-anchored here
    return loaded


def related_articles(
    services: Services, rel: str, limit: int = RELATED_LISTED
) -> list[RelatedArticle]:
    """The articles reporting the story of ``rel``, best first, from the cross-article
    tables (brought up to date; a connection of this thread, closed after)."""

    def registry() -> Any:
        try:
            return services.entity_registry()
        except Problem:
            return None  # names then compare as written

    crossref = CrossRef(services.corpus, registry)
    try:
        crossref.update(recognise=False)
        return [r for r in crossref.related(rel, limit) if r.rel != rel]
    finally:
        crossref.close()


def entities_of(
    services: Services, document: Document, language: str | None
) -> tuple[list[EntitySpan], str]:
    """The entities of one side (from memory or the cache, else recognised: slow) and a
    problem to report ("" when none)."""
    spans = services.recognised_now(document, language)
    if spans is not None:
        return spans, ""
    return services.recognise(document, language)


def mark_pair(
    left: Document,
    left_spans: list[EntitySpan],
    right: Document,
    right_spans: list[EntitySpan],
    problem: str = "",
) -> PairMarked:
    """What the articles ``left`` and ``right`` share and how their paragraphs align."""
    shared = shared_marks(left_spans, right_spans)
    return PairMarked(
        shas=(left.sha256, right.sha256),
        spans=(left_spans, right_spans),
        shared=(shared_spans(left_spans, shared), shared_spans(right_spans, shared)),
        anchors=align(left.text, left_spans, right.text, right_spans),
        problem=problem,
    )
