"""One side of the compare screen: its article, annotations and entities, and the write
path of its annotations (the session's saves queued to the services' writer thread,
as on the article screen)."""

from __future__ import annotations

from collections.abc import Callable

from reader.core.annotations.format import Annotation
from reader.core.annotations.session import EditSession
from reader.core.errors import AnnotationFileError, Problem, ReaderError
from reader.core.recognition.entities import EntitySpan
from reader.core.text.document import Document
from reader.tui.article.entities import Recognised
from reader.tui.article.loader import file_stamp
from reader.tui.article.status import SaveStatus
from reader.tui.article.styles import AnnotationLayer
from reader.tui.messages import ArticleLoaded
from reader.tui.safe import one_line
from reader.tui.saver import Saver, SaveResult
from reader.tui.saving import QueuedWriter
from reader.tui.widgets.article_view import ArticleView

Report = Callable[[EditSession, SaveResult], None]  # called on the writer thread


class Side:
    """What one side shows and edits. ``view`` is its text widget."""

    def __init__(self, name: str, view: ArticleView) -> None:
        self.name = name
        self.view = view
        self.rel = ""
        self.document: Document | None = None
        self.language: str | None = None
        self.session: EditSession | None = None
        self.status = SaveStatus()
        self.recognised = Recognised([])
        self.shared: list[EntitySpan] = []
        self.layer: AnnotationLayer | None = None
        self.error = ""  # why the article or its annotations cannot be read

    def loaded(self, message: ArticleLoaded, saver: Saver, report: Report) -> None:
        """Take the article read by a worker; its saves go to ``saver`` from now on."""
        self.document, self.language = message.document, message.language
        self.rel = message.document.rel
        self.session = session = message.session
        self.layer = None
        self.status.mend()
        if session is not None:
            session.use_writer(
                QueuedWriter(session.store, saver, lambda result: report(session, result))
            )
        if message.error:
            self.error = message.error
            self.status.unreadable()
        else:
            self.error = ""
            self.status.saved()

    @property
    def writable(self) -> bool:
        """True when changes can be saved (a session, and its file reads)."""
        return self.session is not None and self.status.broken is None

    @property
    def annotations(self) -> tuple[Annotation, ...]:
        """The current annotations (none when the file is broken)."""
        return self.session.annotations if self.session else ()

    def under_cursor(self) -> Annotation | None:
        """The innermost annotation under the cursor, or at the selection's start."""
        if self.session is None:
            return None
        span = self.view.selected_span
        found = self.session.at(span[0] if span else self.view.cursor_offset)
        return found[0] if found else None

    def apply(self, change: Callable[[EditSession], object]) -> str | None:
        """Run one change through the session: None when done (queued for saving), else
        why not, in one line."""
        if self.session is None or not self.writable:
            return "tagging is off for this article"
        try:
            change(self.session)
        except AnnotationFileError as exc:  # the file went bad on disk: never write it
            self.break_(exc)
            return one_line(exc.describe())
        except (ReaderError, OSError) as exc:
            self.status.error(exc)
            return one_line(str(exc))
        if self.session.writer.pending:
            self.status.saving()
        return None

    def saved(self, session: EditSession, result: SaveResult) -> tuple[bool, str | None]:
        """One save of ``session`` finished: (the annotations shown changed, an error to
        tell)."""
        writer = session.writer
        changed = isinstance(writer, QueuedWriter) and writer.finished(session, result)
        if session is not self.session:
            return False, None  # a session replaced since (the article was reloaded)
        error = result.error
        if isinstance(error, AnnotationFileError):
            self.break_(error)
            return changed, one_line(error.describe())
        if error is not None:
            self.status.error(error)
            return changed, one_line(str(error))
        if not writer.pending and self.status.broken is None:
            self.status.saved()
        return changed, None

    def break_(self, exc: ReaderError | OSError) -> None:
        """The annotation file cannot be read: nothing is written to it from now on."""
        reason = exc.describe() if isinstance(exc, Problem) else str(exc)
        self.error = reason
        path = self.session.store.path_for(self.rel) if self.session else None
        self.status.break_(reason, file_stamp(path) if path else None)
