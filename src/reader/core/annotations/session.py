"""Edits with history: every change to a document's annotations goes through one EditSession.

Each change is checked by the rulebook (``rules``) and handed to the session's
``Writer``. The default writer (``DirectWriter``) saves at once, merged by id with
whatever another process or git wrote to the file meanwhile (``Store.save_merging``);
the TUI plugs in a writer that queues saves on its writer thread. Undo and redo replay
this session's own changes (per annotation), so they never revert someone else's.

Constructing a session only reads. Placing the annotations on a text that changed
since they were written (``reanchor``) may run git and save: callers run it as a step
of its own, the TUI in a worker.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any, Protocol

from reader.core.annotations.anchoring import AnchoringReport, needs_reanchoring, reanchor
from reader.core.annotations.format import Annotation, AnnotationFile, new_id, utc_now
from reader.core.annotations.merge import Conflict, merge, replay
from reader.core.annotations.rules import (
    article_date_problem,
    field_problems,
    same_tagging,
    span_problem,
    tag_problem,
)
from reader.core.annotations.store import Saved, Store
from reader.core.errors import ReaderError
from reader.core.files.stamp import Stamp, file_stamp
from reader.core.text.document import Document

EDITABLE_FIELDS = frozenset(
    {"tag", "start", "end", "speaker", "note", "value", "links", "confidence"}
)

# One step of history: (id, before, after) for every annotation it touched.
Change = tuple[tuple[str, Annotation | None, Annotation | None], ...]


class Writer(Protocol):
    """Where a session's changes go.

    ``written`` is what the writer last put on disk (or what was read from it): the
    common ancestor of the next write and the file on disk, for the merge. ``pending``
    counts writes handed over and not finished yet.
    """

    written: AnnotationFile | None
    pending: int

    def write(self, document: Document, candidate: AnnotationFile) -> Saved | None:
        """Write ``candidate``, merged with the file on disk; what is on disk now, or None
        when the write was queued (the writer then reports through ``EditSession.saved``)."""
        ...


class DirectWriter:
    """Writes at once, on the caller's thread."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.written: AnnotationFile | None = None
        self.pending = 0

    def write(self, document: Document, candidate: AnnotationFile) -> Saved:
        saved = self.store.save_merging(candidate, self.written)
        self.store.remember_text(document)
        self.written = saved.file
        return saved


def reanchor_with_history(
    store: Store, afile: AnnotationFile, document: Document
) -> tuple[AnnotationFile, AnchoringReport]:
    """Re-anchor ``afile`` on ``document``, with the old text for context when it can be
    found (a snapshot under .reader/, or git history); offsets that a merge brought from
    another version (sha256 unchanged) are placed by position alone."""
    changed = afile.sha256 != document.sha256
    old_text = store.old_text(afile.sha256, document.rel) if changed else None
    return reanchor(afile, document.text, old_text)


def open_session(store: Store, document: Document, language: str | None = None) -> EditSession:
    """A session on ``document`` with its annotations placed on the current text (the
    ``reanchor`` step done): for callers that may block on git, such as the CLI."""
    session = EditSession(store, document, language)
    session.reanchor()
    return session


class EditSession:
    """The annotations of one document, with add/change/delete and undo/redo."""

    def __init__(
        self,
        store: Store,
        document: Document,
        language: str | None = None,
        writer: Writer | None = None,
    ) -> None:
        self.store = store
        self.document = document
        self.config = store.project.config
        loaded = store.load(document.rel)
        self.writer: Writer = writer or DirectWriter(store)
        self.writer.written = loaded
        # The file's place names its document: a stale `document:` (after `git mv`) is
        # corrected, never followed to another file.
        self._file = (
            replace(loaded, document=document.rel)
            if loaded
            else AnnotationFile(document=document.rel, sha256=document.sha256, language=language)
        )
        if language and not self._file.language:
            self._file = replace(self._file, language=language)
        self._history: list[Change] = []
        self._position = 0
        self._view_stale = False
        self.conflicts: tuple[Conflict, ...] = ()
        self.anchoring_report: AnchoringReport | None = None
        self._disk_stamp = self._stamp()

    def reanchor(self) -> AnchoringReport | None:
        """Place the annotations on the current text when it changed since they were
        written (may read git history), and save what moved; None when nothing needed it.
        A read-only checkout keeps the placements in memory, saved with the next edit."""
        if self.writer.written is None or not needs_reanchoring(self._file, self.document.text):
            return None
        placed, report = reanchor_with_history(self.store, self._file, self.document)
        self.anchoring_report = report
        if placed.annotations != self._file.annotations:
            try:
                self._save(placed)
            except OSError:
                self._file = placed
            self._view_stale = False
        return report

    def use_writer(self, writer: Writer) -> None:
        """Send every later change to ``writer`` (it continues from what was written)."""
        writer.written = self.writer.written
        self.writer = writer

    def saved(self, saved: Saved, stamp: Stamp | None, *, show: bool) -> None:
        """A queued write finished and nothing else is queued: ``saved`` is on disk, with
        ``stamp``; ``show`` replaces what is shown with it (another writer's changes)."""
        self._disk_stamp = stamp
        if show:
            self._file = saved.file

    def _stamp(self) -> Stamp | None:
        return file_stamp(self.store.path_for(self.document.rel))

    @property
    def unsaved(self) -> bool:
        """True when what is shown differs from what was last written (a write failed)."""
        written = self.writer.written
        return self._file.annotations != (written.annotations if written is not None else ())

    def sync(self) -> bool:
        """Reload when the file changed on disk (another process, git); True if the view
        should be redrawn. Never while writes are queued (the file on disk is then behind
        what is shown). A change whose write failed is not dropped by the reload: it is
        merged with the file on disk and written again. History stays valid (undo only
        replays this session's own changes)."""
        if self.writer.pending:
            return False
        stale, self._view_stale = self._view_stale, False
        stamp = self._stamp()
        if stamp == self._disk_stamp:
            return stale
        self._disk_stamp = stamp
        written = self.writer.written
        unsaved = self._file if self.unsaved else None
        fresh = self.store.load(self.document.rel)
        before = self._file.annotations
        self.writer.written = fresh
        self._file = (
            replace(fresh, document=self.document.rel)
            if fresh
            else replace(self._file, annotations=())
        )
        if unsaved is not None and self._file != unsaved:
            merged = merge(written, unsaved, self._file).file
            if merged.annotations != self._file.annotations:
                self._save(merged)
                return True
        return stale or self._file.annotations != before

    @property
    def file(self) -> AnnotationFile:
        """The current annotation file (as last saved)."""
        return self._file

    @property
    def annotations(self) -> tuple[Annotation, ...]:
        """The current annotations, in file order (orphans included)."""
        return self._file.annotations

    @property
    def orphans(self) -> list[Annotation]:
        """Annotations whose text could not be found after the text changed, in file order."""
        return [a for a in self._file.annotations if a.orphaned]

    def get(self, ident: str) -> Annotation:
        """The annotation with id ``ident``."""
        for annotation in self._file.annotations:
            if annotation.id == ident:
                return annotation
        raise ReaderError(f"no annotation with id {ident}")

    def at(self, offset: int) -> list[Annotation]:
        """Annotations covering ``offset`` (an empty span covers its start), innermost first."""
        found = [
            a
            for a in self._file.annotations
            if not a.orphaned and (a.start <= offset < a.end or a.start == offset == a.end)
        ]
        return sorted(found, key=lambda a: (a.end - a.start, a.start))

    def _check(self, candidate: Annotation, before: Annotation | None) -> None:
        """The rulebook on a new or changed annotation: its tag when new or changed, the
        span, the fields it changes, and no second identical tagging."""
        changed = {
            spec for spec in ("tag", "start", "end", "speaker", "note", "value", "author",
                              "edited_by", "curated")
            if before is None or getattr(before, spec) != getattr(candidate, spec)
        }  # fmt: skip
        if "tag" in changed and (reason := tag_problem(candidate.tag, self.config.tag_names)):
            raise ReaderError(reason)
        if changed & {"start", "end"} and (
            reason := span_problem(candidate.start, candidate.end, len(self.document.text))
        ):
            raise ReaderError(reason)
        if "tag" in changed:
            changed.add("value")  # a value fit for the old tag may not fit the new one
        for reason in field_problems(candidate):
            if reason.split(":", 1)[0] in changed:
                raise ReaderError(reason)
        if changed & {"tag", "start", "end"} and (
            twin := same_tagging(self.annotations, candidate)
        ):
            raise ReaderError(
                f"already tagged: {twin.tag} at {twin.start}..{twin.end} by "
                f"{twin.author or 'unknown'} (annotation {twin.id})"
            )

    @staticmethod
    def _editable(fields: dict[str, Any], verb: str) -> None:
        unknown = set(fields) - EDITABLE_FIELDS
        if unknown:
            raise ReaderError(f"cannot {verb} {', '.join(sorted(unknown))}")

    def add(self, tag: str, start: int, end: int, **fields: Any) -> Annotation:
        """Tag ``start..end`` with ``tag`` and save; returns the new annotation."""
        self._editable(fields, "set")
        if reason := span_problem(start, end, len(self.document.text)):
            raise ReaderError(reason)
        annotation = Annotation(
            id=new_id(a.id for a in self._file.annotations),
            tag=tag,
            start=start,
            end=end,
            text=self.document.text[start:end],
            author=self.config.author(),
            created=utc_now(),
            **{k: v for k, v in fields.items() if v not in (None, "", ())},
        )
        self._check(annotation, None)
        self._commit(((annotation.id, None, annotation),))
        return self.get(annotation.id)

    def update(self, ident: str, **fields: Any) -> Annotation:
        """Change fields of one annotation (empty strings clear optional ones) and save.
        An edit by someone other than the author records them as ``edited_by``."""
        self._editable(fields, "change")
        old = self.get(ident)
        cleaned: dict[str, Any] = {k: (None if v == "" else v) for k, v in fields.items()}
        if "links" in cleaned:
            cleaned["links"] = tuple(cleaned["links"] or ())
        new = replace(old, **cleaned)
        if "start" in fields or "end" in fields:
            if reason := span_problem(new.start, new.end, len(self.document.text)):
                raise ReaderError(reason)
            new = replace(
                new,
                text=self.document.text[new.start : new.end],
                orphaned=False,
                anchored=None,
                old_text=None,
            )
        if new == old:
            return old
        self._check(new, old)
        editor = self.config.author()
        if old.author is not None and editor != old.author:
            new = replace(new, edited_by=editor, edited=utc_now())
        self._commit(((ident, old, new),))
        return self.get(ident)

    def apply_changes(
        self, changes: Iterable[tuple[str, Annotation | None, Annotation | None]]
    ) -> None:
        """Make several changes as one step of history (one undo) and save: each is
        ``(id, before, after)``, ``before`` None for a new annotation, ``after`` None for
        a removal. Whole annotations are accepted (any field, ``curated`` included); each
        ``after`` is checked by the rulebook, its ``text`` must be the text at its span
        (unless orphaned), and ``before`` must be what the session holds now (ReaderError
        otherwise, and nothing is changed)."""
        step = tuple(changes)
        current = self._file.by_id()
        for ident, before, after in step:
            if current.get(ident) != before:
                raise ReaderError(f"annotation {ident} changed since it was read: not applied")
            if after is None:
                continue
            if after.id != ident:
                raise ReaderError(f"annotation {ident}: the change names id {after.id}")
            if (
                not after.orphaned
                and self.document.text[after.start : after.end] != after.text
                and not span_problem(after.start, after.end, len(self.document.text))
            ):
                raise ReaderError(f"annotation {ident}: its text is not the text at its span")
            self._check(after, before)
        if step:
            self._commit(step)

    def set_date(self, value: str | None) -> None:
        """Set (or with None clear) the article's date in the file's header and save."""
        if value is not None and (reason := article_date_problem(value)):
            raise ReaderError(reason)
        if value == self._file.date:
            return
        self._save(replace(self._file, date=value, sha256=self.document.sha256))

    def accept_placement(self, ident: str) -> Annotation:
        """Accept where re-anchoring's fuzzy step put an annotation: its mark (``anchored``
        and ``old_text``) is cleared and saved."""
        placed = self.get(ident)
        return self.update(ident, start=placed.start, end=placed.end)

    def place_orphan(self, ident: str, start: int, end: int) -> Annotation:
        """Anchor an orphan (or any annotation) by hand at ``start..end`` and save."""
        return self.update(ident, start=start, end=end)

    def delete(self, ident: str) -> Annotation:
        """Remove one annotation (and links to it) and save; returns what was removed."""
        removed = self.get(ident)
        change: list[tuple[str, Annotation | None, Annotation | None]] = [(ident, removed, None)]
        for a in self._file.annotations:
            if a.id != ident and ident in a.links:
                change.append((a.id, a, replace(a, links=tuple(x for x in a.links if x != ident))))
        self._commit(tuple(change))
        return removed

    @property
    def can_undo(self) -> bool:
        """True when there is a change to undo."""
        return self._position > 0

    @property
    def can_redo(self) -> bool:
        """True when there is an undone change to redo."""
        return self._position < len(self._history)

    def undo(self) -> bool:
        """Revert this session's last change and save; False when there is nothing to undo."""
        if not self.can_undo:
            return False
        self._position -= 1
        self._replay([(before, after) for _, before, after in self._history[self._position]])
        return True

    def redo(self) -> bool:
        """Re-apply one undone change and save; False when there is nothing to redo."""
        if not self.can_redo:
            return False
        self._replay([(after, before) for _, before, after in self._history[self._position]])
        self._position += 1
        return True

    def _commit(self, change: Change) -> None:
        del self._history[self._position :]
        self._apply({ident: after for ident, _, after in change})
        self._history.append(change)
        self._position += 1

    def _replay(self, steps: list[tuple[Annotation | None, Annotation | None]]) -> None:
        """Take each annotation from a step's source state to its target, field by field,
        keeping whatever another writer changed since (``merge.replay``)."""
        current = self._file.by_id()
        states: dict[str, Annotation | None] = {}
        for target, source in steps:
            ident = (target or source).id  # type: ignore[union-attr]
            states[ident] = replay(target, source, current.get(ident))
        self._apply(states)

    def _apply(self, states: dict[str, Annotation | None]) -> None:
        kept = [a for a in self._file.annotations if a.id not in states]
        kept.extend(a for a in states.values() if a is not None)
        self._save(replace(self._file, sha256=self.document.sha256).with_annotations(kept))

    def _save(self, candidate: AnnotationFile) -> None:
        saved = self.writer.write(self.document, candidate)
        if saved is None:  # queued: shown at once, written in order by the writer
            self._file = candidate
            self.conflicts = ()
            return
        self.conflicts = saved.conflicts
        if saved.merged and saved.file.annotations != candidate.annotations:
            self._view_stale = True
        self._file = saved.file
        self._disk_stamp = self._stamp()
