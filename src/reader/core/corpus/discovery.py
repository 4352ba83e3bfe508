"""The corpus: deterministic discovery of texts; their metadata from the corpus index."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from stat import S_ISLNK, S_ISREG
from typing import TYPE_CHECKING, TypeVar

from reader.core.corpus.analysis import Job, analyse, language_of
from reader.core.corpus.index import (
    INDEX_FILE,
    Index,
    Metadata,
    Progress,
    Refresh,
    annotation_key,
    stamp_of,
)
from reader.core.errors import DocumentError, ReaderError
from reader.core.files.cache import cache_write_problem
from reader.core.project.layout import TEXT_SUFFIXES, Project
from reader.core.text.document import Document, load_document

if TYPE_CHECKING:
    from reader.core.annotations.store import Store

__all__ = ["Corpus", "CorpusEntry", "Metadata", "Scan", "Skipped"]
_SUFFIXES = tuple(TEXT_SUFFIXES)
T = TypeVar("T")
Stamp = tuple[int, int, int]  # size, mtime_ns, inode
Found = tuple[str, str, int, int, int]  # a text the walk found: rel, full path, stamp
_REPLACED_CACHES = ("index.json", "language.json")  # what the index holds now
_SKIP_DIRS = {".git", ".reader", ".venv", "node_modules", "__pycache__"}
# A text file name this long or shorter always has a saveable annotation file name: at
# most 4 UTF-8 bytes a character, with ".yaml" and the temp file's affixes, stays within
# the rules' MAX_NAME_BYTES (a test holds the two together).
SAVEABLE_NAME_CHARS = 56


@dataclass(frozen=True, slots=True)
class CorpusEntry:
    """A text found in the corpus (only stat information; nothing read yet)."""

    rel: str
    path: Path
    size: int
    mtime_ns: int
    inode: int = 0


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file that is not part of the corpus, and why."""

    rel: str
    reason: str
    collides_with: str | None = None  # the other text mapping to the same annotation file


@dataclass(frozen=True)
class Scan:
    """The result of walking the corpus folder (its scope only, when the project has one)."""

    entries: tuple[CorpusEntry, ...]
    skipped: tuple[Skipped, ...]


class Corpus:
    """The texts of a project (inside its scope), with their metadata in the corpus index
    (``.reader/index.sqlite``; in memory without ``use_cache``)."""

    def __init__(self, project: Project, *, use_cache: bool = True) -> None:
        self.project = project
        self._use_cache = use_cache

    @property
    def scope(self) -> str:
        """The corpus-relative folder the verbs and the TUI act on ("" for all of it)."""
        return self.project.scope

    @cached_property
    def index(self) -> Index:
        """The corpus index (opened on first use)."""
        if not self._use_cache:
            return Index(None)
        for replaced in _REPLACED_CACHES:
            old = self.project.cache_dir / replaced
            # through a symlinked .reader the file is someone else's
            if cache_write_problem(old) is None:
                with contextlib.suppress(OSError):
                    old.unlink()
        return Index(self.project.cache_dir / INDEX_FILE)

    @cached_property
    def store(self) -> Store:
        """The project's annotation files (imported on first use: not needed to start)."""
        from reader.core.annotations import store

        return store.Store(self.project)

    def scan(self) -> Scan:
        """Walk the corpus folder (the scope's folder): texts in sorted order, skipped files
        with their reason. Two texts that map to one annotation file are both skipped
        with a reason naming the other."""
        found, skipped = self._walk()
        entries = tuple(
            CorpusEntry(rel, Path(full), size, mtime, inode)
            for rel, full, size, mtime, inode in found
        )
        return Scan(entries, tuple(skipped))

    def _walk(self) -> tuple[list[Found], list[Skipped]]:
        """(rel, full path, size, mtime_ns, inode) of every text of the scope in rel
        order, and the skipped files; plain tuples, as a corpus may hold 100,000 texts."""
        root = self.project.corpus_dir
        found: list[Found] = []
        skipped: list[Skipped] = []
        # A bare folder of texts holds annotations/ beside them: not texts.
        top_skip = {"annotations"} if root == self.project.root else set()
        start = self.project.scope_dir
        if not start.is_dir():
            return found, skipped
        base = len(str(root)) + 1

        def unreadable_folder(exc: OSError) -> None:
            where = Path(exc.filename) if exc.filename else start
            rel = where.relative_to(root).as_posix() if where != root else "."
            skipped.append(Skipped(f"{rel}/", f"folder unreadable: {exc.strerror or exc}"))

        for dirpath, dirnames, filenames in os.walk(
            start, followlinks=False, onerror=unreadable_folder
        ):
            skip = _SKIP_DIRS | top_skip if dirpath == str(root) else _SKIP_DIRS
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in skip)
            prefix = dirpath[base:].replace(os.sep, "/") + "/" if len(dirpath) > base else ""
            here = dirpath + os.sep
            for name in sorted(filenames):
                if name.startswith(".") or not name.lower().endswith(_SUFFIXES):
                    continue
                full = here + name
                try:  # the common case inline: a regular file with a UTF-8 name
                    stat = os.lstat(full)
                    if S_ISREG(stat.st_mode) and name.isprintable() and name.isascii():
                        found.append(
                            (prefix + name, full, stat.st_size, stat.st_mtime_ns, stat.st_ino)
                        )
                        continue
                except OSError:
                    pass
                stamp = self._stamp(full, prefix + name, skipped)
                if stamp is not None:
                    found.append((prefix + name, full, *stamp))
        found.sort(key=lambda item: item[0])
        return self._without_collisions(_saveable(found, skipped), skipped)

    def _stamp(self, full: str, rel: str, skipped: list[Skipped]) -> Stamp | None:
        """(size, mtime_ns, inode) of one file (one lstat; a symlink is followed only
        inside the project), or None with the reason added to ``skipped``."""
        reason = _bad_name(rel)
        try:
            stat = os.lstat(full)
            if reason is None and S_ISLNK(stat.st_mode):
                reason = self._unsafe_link(Path(full))
                stat = os.stat(full) if reason is None else stat
        except OSError as exc:
            reason = reason or f"unreadable: {exc.strerror or exc}"
        if reason:
            skipped.append(Skipped(rel, reason))
            return None
        if not S_ISREG(stat.st_mode):
            skipped.append(Skipped(rel, "not a regular file (a pipe, device or folder)"))
            return None
        return stat.st_size, stat.st_mtime_ns, stat.st_ino

    def _unsafe_link(self, path: Path) -> str | None:
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return "broken symlink"
        if not self.project.contains(target):
            return f"symlink points outside the project ({target})"
        corpus = self.project.corpus_dir.resolve()
        if target.is_relative_to(corpus) and target.name.lower().endswith(_SUFFIXES):
            # The target is listed on its own: annotating both would keep two files of
            # annotations for one text.
            return f"a link to {target.relative_to(corpus).as_posix()}, listed under its own name"
        return None

    def _without_collisions(
        self, found: list[Found], skipped: list[Skipped]
    ) -> tuple[list[Found], list[Skipped]]:
        # Every name the walk keeps ends in a text suffix and does not start with a dot,
        # so its annotation key is its path up to the last dot: one slice, no call.
        if len({item[0][: item[0].rfind(".")] for item in found}) == len(found):
            skipped.sort(key=lambda s: s.rel)
            return found, skipped
        keys = [annotation_key(item[0]) for item in found]
        by_target: dict[str, list[str]] = {}
        for key, item in zip(keys, found, strict=True):
            by_target.setdefault(key, []).append(item[0])
        kept = []
        for key, item in zip(keys, found, strict=True):
            rel, same = item[0], by_target[key]
            if len(same) == 1:
                kept.append(item)
                continue
            clash = next(other for other in same if other != rel)
            target = self.project.annotation_path(rel).relative_to(self.project.root).as_posix()
            skipped.append(Skipped(rel, f"{rel} and {clash} both map to {target}", clash))
        skipped.sort(key=lambda s: s.rel)
        return kept, skipped

    def refresh(self, scan: Scan | None = None, progress: Progress | None = None) -> Refresh:
        """Bring the index up to date with the texts of the scope (only what changed is
        read; many texts are read in worker processes). ``progress(done, total)`` is
        called as texts are read."""
        return self._refreshed(scan, progress)[0]

    def document(self, entry: CorpusEntry | str) -> Document:
        """Load a text (DocumentError when it cannot be read)."""
        rel = entry if isinstance(entry, str) else entry.rel
        path = self.project.text_path(rel)
        return load_document(path, rel)

    def language_of(self, document: Document) -> str | None:
        """The document's language among the project's languages (from the index when it
        holds this text)."""
        known, language = self.index.language_of(document.sha256)
        if known:
            return language
        return language_of(document.text, self.project.config.languages)

    def metadata(self, entry: CorpusEntry) -> Metadata:
        """Title, language, date, sha256 and tag counts of one text, read again only when
        it or its annotation file changed. Raises DocumentError when it cannot be read."""
        try:
            st = entry.path.stat()
        except OSError as exc:
            raise DocumentError(entry.path, f"unreadable: {exc.strerror or exc}") from exc
        ann_stamp = stamp_of(self.project.annotation_path(entry.rel))
        known = self.index.stamp(entry.rel)
        text_changed = known is None or known[:3] != (st.st_size, st.st_mtime_ns, st.st_ino)
        if text_changed or (known is not None and known[3] != ann_stamp):
            job = Job(entry.rel, st.st_size, st.st_mtime_ns, st.st_ino, ann_stamp, text_changed)
            ((record, summary),) = analyse(self.project, [job], self.project.config.languages)
            self.index.put([(entry.rel, record, summary)])
            self.index.commit()  # at once: an open write would block other processes
            known = self.index.stamp(entry.rel)
        if known is not None and known[4] is not None:
            raise DocumentError(entry.path, known[4])
        found = self.index.row(entry.rel)
        if found is None:  # pragma: no cover - put above always leaves a row
            raise DocumentError(entry.path, "not in the corpus index")
        return found

    def iter_metadata(
        self, scan: Scan | None = None, progress: Progress | None = None
    ) -> Iterator[Metadata | Skipped]:
        """Metadata for every text of the scope in path order (the index refreshed first);
        skipped and unreadable files as Skipped."""
        others = self._refreshed(scan, progress)[1]
        yield from _merged(self.index.rows(scope=self.scope), others, lambda m: m.rel)

    def iter_json(self, progress: Progress | None = None) -> Iterator[tuple[str, str] | Skipped]:
        """(rel, the JSON object `reader list --json` prints) for every text of the scope
        in path order, built by SQLite (fast for 100,000 texts); skipped files as Skipped."""
        others = self._refreshed(None, progress)[1]
        yield from _merged(self.index.json_rows(self.scope), others, lambda row: row[0])

    def _refreshed(
        self, scan: Scan | None, progress: Progress | None
    ) -> tuple[Refresh, list[Skipped]]:
        """Refresh the index from ``scan`` (a walk when None): what it did, and the
        skipped and unreadable files of the scope, sorted."""
        if scan is None:
            found, skipped = self._walk()
            stamps = [(rel, size, mtime, inode) for rel, _, size, mtime, inode in found]
        else:
            skipped = list(scan.skipped)
            stamps = [(e.rel, e.size, e.mtime_ns, e.inode) for e in scan.entries]
        done = self.index.refresh(self.project, stamps, progress)
        unreadable = [Skipped(rel, why) for rel, why in self.index.unreadable(self.scope)]
        return done, sorted([*skipped, *unreadable], key=lambda s: s.rel)

    def save_cache(self) -> None:
        """Make sure everything computed is in the index (every write commits at once)."""
        self.index.commit()

    def find(self, rel_or_path: str) -> CorpusEntry:
        """The entry for a corpus-relative path or a file path."""
        candidate = Path(rel_or_path)
        rel = self.project.rel_of(candidate) if candidate.exists() else rel_or_path
        scan = Corpus(self.project.unscoped(), use_cache=False).scan()
        for entry in scan.entries:
            if entry.rel == rel:
                return entry
        for skipped in scan.skipped:
            if skipped.rel == rel:
                raise ReaderError(f"{rel_or_path}: skipped by the corpus: {skipped.reason}")
        raise ReaderError(f"{rel_or_path}: not a text of the corpus {self.project.corpus_dir}")


def _saveable(found: list[Found], skipped: list[Skipped]) -> list[Found]:
    """The texts whose annotation file could be saved; the others are added to
    ``skipped`` with the reason (a name near 255 bytes leaves no room for its temp file),
    so nobody annotates a text whose work could never be kept."""
    long = [item for item in found if len(item[0]) - item[0].rfind("/") > SAVEABLE_NAME_CHARS]
    if not long:  # the usual case: the rules (and YAML) need not even be imported
        return found
    from reader.core.annotations.rules import annotation_name_problem

    refused = set()
    for item in long:
        if reason := annotation_name_problem(item[0]):
            skipped.append(Skipped(item[0], reason))
            refused.add(item[0])
    return [item for item in found if item[0] not in refused]


def _bad_name(rel: str) -> str | None:
    """A reason to skip a file name that cannot be written into UTF-8 annotation files."""
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        return "file name is not valid UTF-8 (rename it)"
    return None


def _merged(
    rows: Iterable[T], others: list[Skipped], rel_of: Callable[[T], str]
) -> Iterator[T | Skipped]:
    """``rows`` and ``others``, both in path order, merged in path order."""
    i = 0
    for row in rows:
        rel = rel_of(row)
        while i < len(others) and others[i].rel < rel:
            yield others[i]
            i += 1
        yield row
    yield from others[i:]
