"""Edits with history: every change to a document's annotations goes through one EditSession.

Each change is saved at once, merged by id with whatever another process or git
wrote to the file meanwhile (``Store.save_merging``). Undo and redo replay this
session's own changes (per annotation), so they never revert someone else's.
Opening a document whose text changed since it was annotated re-anchors the
annotations (core/anchoring.py) and saves the result if anything moved.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from reader.core.annotations.anchoring import AnchoringReport, needs_reanchoring, reanchor
from reader.core.annotations.format import (
    Annotation,
    AnnotationFile,
    bad_character,
    new_id,
    utc_now,
)
from reader.core.annotations.merge import Conflict, replay
from reader.core.annotations.store import Store
from reader.core.errors import ReaderError
from reader.core.text.document import Document

EDITABLE_FIELDS = frozenset(
    {"tag", "start", "end", "speaker", "note", "value", "links", "confidence"}
)

# One step of history: (id, before, after) for every annotation it touched.
Change = tuple[tuple[str, Annotation | None, Annotation | None], ...]


def reanchor_with_history(
    store: Store, afile: AnnotationFile, document: Document
) -> tuple[AnnotationFile, AnchoringReport]:
    """Re-anchor ``afile`` on ``document``, with the old text for context when it can be
    found (a snapshot under .reader/, or git history); offsets that a merge brought from
    another version (sha256 unchanged) are placed by position alone."""
    changed = afile.sha256 != document.sha256
    old_text = store.old_text(afile.sha256, document.rel) if changed else None
    return reanchor(afile, document.text, old_text)


class EditSession:
    """The annotations of one document, with add/change/delete and undo/redo."""

    def __init__(self, store: Store, document: Document, language: str | None = None) -> None:
        self.store = store
        self.document = document
        self.config = store.project.config
        loaded = store.load(document.rel)
        self._base: AnnotationFile | None = loaded
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
        if loaded is not None and needs_reanchoring(loaded, document.text):
            placed, report = reanchor_with_history(store, self._file, document)
            self.anchoring_report = report
            if placed.annotations != self._file.annotations:
                try:
                    self._save(placed)
                except OSError:  # read-only checkout: show the placements, save with the next edit
                    self._file = placed
                self._view_stale = False
        self._disk_stamp = self._stamp()

    def _stamp(self) -> tuple[int, int, int] | None:
        try:
            stat = self.store.path_for(self.document.rel).stat()
        except OSError:
            return None
        return (stat.st_size, stat.st_mtime_ns, stat.st_ino)

    def sync(self) -> bool:
        """Reload when the file changed on disk (another process, git); True if the view
        should be redrawn. Every change of this session is already saved, so nothing is
        lost; history stays valid (undo only replays this session's own changes)."""
        stale, self._view_stale = self._view_stale, False
        stamp = self._stamp()
        if stamp == self._disk_stamp:
            return stale
        self._disk_stamp = stamp
        fresh = self.store.load(self.document.rel)
        before = self._file.annotations
        self._base = fresh
        self._file = (
            replace(fresh, document=self.document.rel)
            if fresh
            else replace(self._file, annotations=())
        )
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

    def _check_span(self, start: int, end: int) -> None:
        if not 0 <= start <= end <= len(self.document.text):
            raise ReaderError(
                f"offsets {start}..{end} outside the text (0..{len(self.document.text)})"
            )

    @staticmethod
    def _check_strings(fields: dict[str, Any]) -> None:
        """Speakers, notes and values are shown in terminals and diffs (``bad_character``)."""
        for key in ("speaker", "note", "value"):
            value = fields.get(key)
            reason = bad_character(value) if isinstance(value, str) else None
            if reason:
                raise ReaderError(f"{key}: {reason}")

    def _check_tag(self, tag: str) -> None:
        if self.config.tag(tag) is None:
            raise ReaderError(f"unknown tag '{tag}' (known: {', '.join(self.config.tag_names)})")

    def add(self, tag: str, start: int, end: int, **fields: Any) -> Annotation:
        """Tag ``start..end`` with ``tag`` and save; returns the new annotation."""
        self._check_tag(tag)
        self._check_span(start, end)
        unknown = set(fields) - EDITABLE_FIELDS
        if unknown:
            raise ReaderError(f"cannot set {', '.join(sorted(unknown))}")
        self._check_strings(fields)
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
        self._commit(((annotation.id, None, annotation),))
        return self.get(annotation.id)

    def update(self, ident: str, **fields: Any) -> Annotation:
        """Change fields of one annotation (empty strings clear optional ones) and save."""
        unknown = set(fields) - EDITABLE_FIELDS
        if unknown:
            raise ReaderError(f"cannot change {', '.join(sorted(unknown))}")
        self._check_strings(fields)
        old = self.get(ident)
        if "tag" in fields:
            self._check_tag(fields["tag"])
        cleaned: dict[str, Any] = {k: (None if v == "" else v) for k, v in fields.items()}
        if "links" in cleaned:
            cleaned["links"] = tuple(cleaned["links"] or ())
        new = replace(old, **cleaned)
        if "start" in fields or "end" in fields:
            self._check_span(new.start, new.end)
            new = replace(new, text=self.document.text[new.start : new.end], orphaned=False)
        if new == old:
            return old
        self._commit(((ident, old, new),))
        return self.get(ident)

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
        saved = self.store.save_merging(candidate, self._base)
        self.store.remember_text(self.document)
        self.conflicts = saved.conflicts
        if saved.merged and saved.file.annotations != candidate.annotations:
            self._view_stale = True
        self._file = saved.file
        self._base = saved.file
        self._disk_stamp = self._stamp()
