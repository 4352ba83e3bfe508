"""Edits with history: every change to a document's annotations goes through one EditSession.

Each change is saved at once; undo and redo step through whole states, and are
saved too, so history survives saves (not restarts).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from reader.core.annotations import Annotation, AnnotationFile, new_id, utc_now
from reader.core.document import Document
from reader.core.errors import ReaderError
from reader.core.store import Store

EDITABLE_FIELDS = frozenset(
    {"tag", "start", "end", "speaker", "note", "value", "links", "confidence"}
)


class EditSession:
    """The annotations of one document, with add/change/delete and undo/redo."""

    def __init__(self, store: Store, document: Document, language: str | None = None) -> None:
        self.store = store
        self.document = document
        self.config = store.project.config
        self._file = store.load_or_new(document, language)
        if language and not self._file.language:
            self._file = replace(self._file, language=language)
        self._history: list[tuple[Annotation, ...]] = [self._file.annotations]
        self._position = 0
        self._disk_stamp = self._stamp()

    def _stamp(self) -> tuple[int, int] | None:
        try:
            stat = self.store.path_for(self.document.rel).stat()
        except OSError:
            return None
        return (stat.st_size, stat.st_mtime_ns)

    def sync(self) -> bool:
        """Reload when the file changed on disk (another process, git); True if it did.

        Every change of this session is already saved, so nothing is lost; the
        reloaded state becomes a new step in the history (undo goes back to ours).
        """
        stamp = self._stamp()
        if stamp == self._disk_stamp:
            return False
        self._disk_stamp = stamp
        fresh = self.store.load(self.document.rel)
        annotations = fresh.annotations if fresh is not None else ()
        if annotations == self._file.annotations:
            return False
        if fresh is not None:
            self._file = fresh
        del self._history[self._position + 1 :]
        self._file = replace(self._file, annotations=annotations)
        self._history.append(annotations)
        self._position += 1
        return True

    @property
    def file(self) -> AnnotationFile:
        """The current annotation file (as last saved)."""
        return self._file

    @property
    def annotations(self) -> tuple[Annotation, ...]:
        """The current annotations, in file order."""
        return self._file.annotations

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
        self._commit((*self._file.annotations, annotation))
        return annotation

    def update(self, ident: str, **fields: Any) -> Annotation:
        """Change fields of one annotation (empty strings clear optional ones) and save."""
        unknown = set(fields) - EDITABLE_FIELDS
        if unknown:
            raise ReaderError(f"cannot change {', '.join(sorted(unknown))}")
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
        self._commit(tuple(new if a.id == ident else a for a in self._file.annotations))
        return new

    def delete(self, ident: str) -> Annotation:
        """Remove one annotation (and links to it) and save; returns what was removed."""
        removed = self.get(ident)
        kept = tuple(
            replace(a, links=tuple(x for x in a.links if x != ident)) if ident in a.links else a
            for a in self._file.annotations
            if a.id != ident
        )
        self._commit(kept)
        return removed

    @property
    def can_undo(self) -> bool:
        """True when there is a change to undo."""
        return self._position > 0

    @property
    def can_redo(self) -> bool:
        """True when there is an undone change to redo."""
        return self._position < len(self._history) - 1

    def undo(self) -> bool:
        """Go back one change and save; False when there is nothing to undo."""
        if not self.can_undo:
            return False
        self._position -= 1
        self._write(self._history[self._position])
        return True

    def redo(self) -> bool:
        """Re-apply one undone change and save; False when there is nothing to redo."""
        if not self.can_redo:
            return False
        self._position += 1
        self._write(self._history[self._position])
        return True

    def _commit(self, annotations: tuple[Annotation, ...]) -> None:
        del self._history[self._position + 1 :]
        self._write(annotations)
        self._history.append(self._file.annotations)
        self._position += 1

    def _write(self, annotations: tuple[Annotation, ...]) -> None:
        candidate = replace(self._file, sha256=self.document.sha256).with_annotations(annotations)
        self.store.save(candidate)
        self._file = candidate
        self._disk_stamp = self._stamp()
