"""The corpus: deterministic discovery of texts, lazily computed and cached metadata."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path
from stat import S_ISREG
from typing import TYPE_CHECKING, Any

from reader.core.errors import DocumentError, Problem, ReaderError
from reader.core.files.atomic import atomic_write_text
from reader.core.project.layout import Project
from reader.core.text.document import Document, load_document
from reader.core.text.language import LanguageCache

if TYPE_CHECKING:
    from reader.core.annotations.store import Store

INDEX_VERSION = 1
_SKIP_DIRS = {".git", ".reader", ".venv", "node_modules", "__pycache__"}


@dataclass(frozen=True, slots=True)
class CorpusEntry:
    """A text found in the corpus (only stat information; nothing read yet)."""

    rel: str
    path: Path
    size: int
    mtime_ns: int


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file that is not part of the corpus, and why."""

    rel: str
    reason: str
    collides_with: str | None = None  # the other text mapping to the same annotation file


@dataclass(frozen=True, slots=True)
class Metadata:
    """What the corpus list shows for one text."""

    rel: str
    title: str
    language: str | None
    date: str | None
    sha256: str
    encoding: str
    chars: int
    counts: dict[str, int] = field(default_factory=dict)
    annotation_error: str | None = None


@dataclass(frozen=True)
class Scan:
    """The result of walking the corpus folder."""

    entries: tuple[CorpusEntry, ...]
    skipped: tuple[Skipped, ...]


class Corpus:
    """The texts of a project, with a metadata cache under ``.reader/index.json``."""

    def __init__(self, project: Project, *, use_cache: bool = True) -> None:
        self.project = project
        self._use_cache = use_cache
        self._index_path = project.cache_dir / "index.json"
        self._index: dict[str, dict[str, Any]] = self._read_index() if use_cache else {}
        self._dirty = False
        self.languages = LanguageCache(project.cache_dir / "language.json" if use_cache else None)

    @cached_property
    def store(self) -> Store:
        """The project's annotation files (imported on first use: not needed to start)."""
        from reader.core.annotations import store

        return store.Store(self.project)

    def _read_index(self) -> dict[str, dict[str, Any]]:
        try:
            data = json.loads(self._index_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("version") != INDEX_VERSION:
            return {}
        entries = data.get("entries")
        return entries if isinstance(entries, dict) else {}

    def scan(self) -> Scan:
        """Walk the corpus folder: texts in sorted order, skipped files with their reason.

        Two texts that map to one annotation file are both skipped with a reason
        naming the other.
        """
        root = self.project.corpus_dir
        entries: list[CorpusEntry] = []
        skipped: list[Skipped] = []

        def unreadable_folder(exc: OSError) -> None:
            where = Path(exc.filename) if exc.filename else root
            rel = where.relative_to(root).as_posix() if where != root else "."
            skipped.append(Skipped(f"{rel}/", f"folder unreadable: {exc.strerror or exc}"))

        # A bare folder of texts holds annotations/ beside them: not texts.
        top_skip = {"annotations"} if root == self.project.root else set()
        for dirpath, dirnames, filenames in os.walk(
            root, followlinks=False, onerror=unreadable_folder
        ):
            here = Path(dirpath)
            skip = _SKIP_DIRS | top_skip if here == root else _SKIP_DIRS
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in skip)
            for name in sorted(filenames):
                path = here / name
                if name.startswith(".") or not self.project.is_text(path):
                    continue
                rel = path.relative_to(root).as_posix()
                reason = _bad_name(rel) or self._unsafe_link(path)
                if reason:
                    skipped.append(Skipped(rel, reason))
                    continue
                try:
                    stat = path.stat()
                except OSError as exc:
                    skipped.append(Skipped(rel, f"unreadable: {exc.strerror or exc}"))
                    continue
                if not S_ISREG(stat.st_mode):
                    skipped.append(Skipped(rel, "not a regular file (a pipe, device or folder)"))
                    continue
                entries.append(CorpusEntry(rel, path, stat.st_size, stat.st_mtime_ns))
        entries.sort(key=lambda e: e.rel)
        return self._without_collisions(entries, skipped)

    def _unsafe_link(self, path: Path) -> str | None:
        if not path.is_symlink():
            return None
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return "broken symlink"
        if not self.project.contains(target):
            return f"symlink points outside the project ({target})"
        return None

    def _without_collisions(self, entries: list[CorpusEntry], skipped: list[Skipped]) -> Scan:
        by_target: dict[Path, list[CorpusEntry]] = {}
        for entry in entries:
            by_target.setdefault(self.project.annotation_path(entry.rel), []).append(entry)
        kept: list[CorpusEntry] = []
        for entry in entries:
            target = self.project.annotation_path(entry.rel)
            clash = [e.rel for e in by_target[target] if e.rel != entry.rel]
            if clash:
                rel_target = target.relative_to(self.project.root).as_posix()
                skipped.append(
                    Skipped(
                        entry.rel,
                        f"{entry.rel} and {clash[0]} both map to {rel_target}",
                        collides_with=clash[0],
                    )
                )
            else:
                kept.append(entry)
        skipped.sort(key=lambda s: s.rel)
        return Scan(tuple(kept), tuple(skipped))

    def document(self, entry: CorpusEntry | str) -> Document:
        """Load a text (DocumentError when it cannot be read)."""
        rel = entry if isinstance(entry, str) else entry.rel
        path = self.project.text_path(rel)
        return load_document(path, rel)

    def language_of(self, document: Document) -> str | None:
        """The document's language among the project's languages (cached by sha256)."""
        return self.languages.language(
            document.sha256, document.text, self.project.config.languages
        )

    def metadata(self, entry: CorpusEntry) -> Metadata:
        """Title, language, date, sha256 and tag counts; cached by size and mtime.

        Raises DocumentError when the text cannot be read.
        """
        annotation_path = self.project.annotation_path(entry.rel)
        ann_stamp = _stamp(annotation_path)
        cached = self._index.get(entry.rel)
        if (
            cached is not None
            and cached.get("size") == entry.size
            and cached.get("mtime_ns") == entry.mtime_ns
            and cached.get("ann_stamp") == ann_stamp
            and cached.get("languages") == list(self.project.config.languages)
        ):
            if cached.get("error"):
                raise DocumentError(entry.path, cached["error"])
            return Metadata(**cached["meta"])
        try:
            meta = self._compute(entry, annotation_path)
        except DocumentError as exc:
            self._remember(entry, ann_stamp, error=exc.message)
            raise
        self._remember(entry, ann_stamp, meta=asdict(meta))
        return meta

    def _compute(self, entry: CorpusEntry, annotation_path: Path) -> Metadata:
        document = self.document(entry)
        counts: dict[str, int] = {}
        error = None
        if annotation_path.exists():
            try:
                afile = self.store.read_path(annotation_path)
                counts = dict(sorted(Counter(a.tag for a in afile.annotations).items()))
            except Problem as exc:
                error = exc.describe()
        return Metadata(
            rel=entry.rel,
            title=document.title,
            language=self.language_of(document),
            date=document.date.isoformat() if document.date else None,
            sha256=document.sha256,
            encoding=document.encoding,
            chars=len(document.text),
            counts=counts,
            annotation_error=error,
        )

    def _remember(self, entry: CorpusEntry, ann_stamp: list[int] | None, **result: Any) -> None:
        if not self._use_cache:
            return
        self._index[entry.rel] = {
            "size": entry.size,
            "mtime_ns": entry.mtime_ns,
            "ann_stamp": ann_stamp,
            "languages": list(self.project.config.languages),
            **result,
        }
        self._dirty = True

    def iter_metadata(self, scan: Scan | None = None) -> Iterator[Metadata | Skipped]:
        """Metadata for every text in path order; skipped and unreadable files as Skipped."""
        scan = scan or self.scan()
        items: list[CorpusEntry | Skipped] = [*scan.entries, *scan.skipped]
        for item in sorted(items, key=lambda i: i.rel):
            if isinstance(item, Skipped):
                yield item
                continue
            try:
                yield self.metadata(item)
            except DocumentError as exc:
                yield Skipped(item.rel, exc.message)

    def save_cache(self) -> None:
        """Persist the index and language caches (failures to write a cache are ignored)."""
        self.languages.save()
        if not (self._use_cache and self._dirty):
            return
        live = self._index
        try:
            atomic_write_text(
                self._index_path,
                json.dumps({"version": INDEX_VERSION, "entries": live}, ensure_ascii=False),
                fsync=False,
            )
            self._dirty = False
        except OSError:
            pass

    def find(self, rel_or_path: str) -> CorpusEntry:
        """The entry for a corpus-relative path or a file path."""
        candidate = Path(rel_or_path)
        rel = self.project.rel_of(candidate) if candidate.exists() else rel_or_path
        scan = self.scan()
        for entry in scan.entries:
            if entry.rel == rel:
                return entry
        for skipped in scan.skipped:
            if skipped.rel == rel:
                raise ReaderError(f"{rel_or_path}: skipped by the corpus: {skipped.reason}")
        raise ReaderError(f"{rel_or_path}: not a text of the corpus {self.project.corpus_dir}")


def _bad_name(rel: str) -> str | None:
    """A reason to skip a file name that cannot be written into UTF-8 annotation files."""
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        return "file name is not valid UTF-8 (rename it)"
    return None


def _stamp(path: Path) -> list[int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns]
