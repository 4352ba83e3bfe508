"""Reading an article for the screen: the document, its language, segments and wrapped
display text (prepared off the UI thread, kept for the last few articles), and its
annotations read into a session. Any thread unless noted."""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.annotations.anchoring import needs_reanchoring
from reader.core.annotations.session import EditSession
from reader.core.errors import AnnotationFileError, ReaderError
from reader.core.text.document import Document
from reader.core.text.segment import Segments
from reader.tui.messages import ArticleLoaded, Stamp
from reader.tui.widgets.article_view import ArticleView, PreparedText

if TYPE_CHECKING:
    from reader.tui.services import Services

PREPARED_MAX_CHARS = 2_000_000  # larger ones are prepared again on each open
INLINE_ANNOTATIONS_BYTES = 32_768  # an annotation file read on the UI thread, at most
INLINE_TEXT_BYTES = 131_072  # a text not prepared yet read on the UI thread, at most


@dataclass(frozen=True)
class PreparedArticle:
    """What opening an article needs: the document, its language and segments, and its
    display text wrapped (``text``, when a width is known). Kept for the last few
    articles so that reopening (or opening a prefetched row) skips the work."""

    stamp: Stamp | None
    document: Document
    language: str | None
    segments: Segments
    text: PreparedText | None


def file_size(path: Path) -> int:
    """The size of ``path`` in bytes (0 when absent; huge when it cannot be read)."""
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0
    except OSError:
        return sys.maxsize


def file_stamp(path: Path) -> Stamp | None:
    """Size, mtime and inode of ``path`` (None when it cannot be read): changes on any write."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino)


def prepare_article(
    services: Services, rel: str, width: int, *, all_segments: bool = True
) -> PreparedArticle:
    """The prepared article ``rel`` (from memory when its file is unchanged), its text
    wrapped at ``width`` (0: not wrapped). ReaderError or OSError when it cannot be
    read. ``all_segments``: find the words now too (in a worker), else when first used."""
    stamp = file_stamp(services.project.text_path(rel))  # before reading: a change is seen later
    cached = services.prepared.get(rel)
    if cached is None or stamp is None or cached.stamp != stamp:
        with services.corpus_lock:
            document = services.corpus.document(rel)
            language = services.corpus.language_of(document)
        _ = document.lines
        segments = Segments(document.text)
        _ = segments.sentences, segments.paragraphs  # the tag keys need them at once
        if all_segments:
            segments.find_all()
        cached = PreparedArticle(stamp, document, language, segments, None)
    if width and (cached.text is None or cached.text.width != width):
        cached = replace(cached, text=ArticleView.prepare(cached.document.text, width))
    if len(cached.document.text) <= PREPARED_MAX_CHARS:
        services.prepared.put(rel, cached)
    return cached


def ready_article(services: Services, rel: str, width: int) -> PreparedArticle | None:
    """The prepared article ``rel`` when it can be shown at once: in memory, its file
    unchanged (one stat) and its text wrapped at ``width``."""
    cached = services.prepared.get(rel)
    if cached is None or cached.text is None or not width or cached.text.width != width:
        return None
    stamp = file_stamp(services.project.text_path(rel))
    return cached if stamp is not None and stamp == cached.stamp else None


def prepared_inline(services: Services, rel: str, width: int) -> PreparedArticle | None:
    """The article ``rel`` prepared on the calling (UI) thread when that is quick: in
    memory, or a small text with a small annotation file and no save queued; None when
    it must be loaded in a worker (a worker's start and its message each wait for the
    frame being drawn)."""
    if (
        services.saver.busy
        or not width
        or file_size(services.corpus.store.path_for(rel)) > INLINE_ANNOTATIONS_BYTES
    ):
        return None
    prepared = ready_article(services, rel, width)
    if prepared is not None:
        return prepared
    if file_size(services.project.text_path(rel)) > INLINE_TEXT_BYTES:
        return None
    try:
        return prepare_article(services, rel, width, all_segments=False)
    except (ReaderError, OSError):
        return None  # the worker says why


def read_annotations(
    services: Services, prepared: PreparedArticle, generation: int, *, reanchor: bool = True
) -> ArticleLoaded | None:
    """The article's annotations read into a session, as the message that shows them.

    ``reanchor``: also place them on the text if it changed since they were written
    (git history may be read: a worker's step). Without it (on the UI thread), None when
    that is needed: the caller loads the article in a worker instead."""
    document, language = prepared.document, prepared.language
    session: EditSession | None = None
    error = None
    try:
        session = EditSession(services.corpus.store, document, language)  # reads only
        if reanchor:
            session.reanchor()
        elif session.writer.written is not None and needs_reanchoring(session.file, document.text):
            return None
    except AnnotationFileError as exc:
        error = exc.describe()
    except (ReaderError, OSError) as exc:
        error = str(exc)
    return ArticleLoaded(
        document,
        language,
        prepared.segments,
        session,
        error,
        prepared.stamp,
        prepared.text,
        generation,
    )
