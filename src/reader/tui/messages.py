"""Messages, named in the past tense: workers report what they computed, screens and the
command palette tell the app what the analyst did. Handlers own the state."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # types only: the app imports this module at start-up
    from reader.core.annotations.session import EditSession
    from reader.core.recognition.entities import EntitySpan
    from reader.core.text.document import Document
    from reader.core.text.segment import Segments
    from reader.tui.saver import SaveResult
    from reader.tui.widgets.article_view import PreparedText

Stamp = tuple[int, int, int]  # size, mtime_ns, inode of a file


@dataclass
class ArticleLoaded(Message):
    """An article was read, its annotations placed on its text (re-anchored in the
    worker when the text changed); ``session`` is None when its annotation file is broken."""

    document: Document
    language: str | None
    segments: Segments
    session: EditSession | None
    error: str | None
    text_stamp: Stamp | None
    text: PreparedText | None = None  # the display text wrapped off the UI thread
    generation: int = 0  # the screen's open() it was read for


@dataclass
class ArticleFailed(Message):
    """An article could not be (re)read."""

    reason: str
    text_stamp: Stamp | None
    generation: int = 0


@dataclass
class ArticleUnchanged(Message):
    """An article's file was written, but its text is the one shown."""

    text_stamp: Stamp | None
    generation: int = 0


@dataclass
class EntitiesRecognised(Message):
    """The recognisers finished on an article (the text with this sha256)."""

    spans: list[EntitySpan]
    sha256: str


@dataclass
class SpeakersCollected(Message):
    """Speakers used anywhere in the corpus's annotations."""

    names: list[str]


@dataclass
class AnnotationsSaved(Message):
    """The writer thread wrote one change of ``session`` (or failed: ``result.error``)."""

    session: EditSession
    result: SaveResult


@dataclass
class ArticleChosen(Message):
    """The analyst chose an article to open (in the list or the command palette)."""

    rel: str


@dataclass
class ArticleReady(Message):
    """The article screen has something to show: the article, or why it cannot open."""


@dataclass
class ArticleClosed(Message):
    """The analyst went back from the article ``rel`` to the list."""

    rel: str


@dataclass
class LanguageSeen(Message):
    """The corpus list found an article in ``language``: its recognisers can warm up."""

    language: str


@dataclass
class PanelToggled(Message):
    """The analyst asked to show or hide a side panel ("annotations", "entities")."""

    name: str


@dataclass
class ExportRequested(Message):
    """The analyst asked to export every annotation as ``fmt`` ("jsonl", "csv")."""

    fmt: str
