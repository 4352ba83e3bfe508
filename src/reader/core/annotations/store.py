"""The annotation store: one YAML file per annotated text, read safely, written atomically.

Writers of one file take an advisory lock (``.reader/locks/``) around
read-merge-write, so two ``reader`` processes never interleave; ``save_merging``
re-reads the file and merges by id (core/merge.py) so neither loses the other's work.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from reader.core.annotations.format import (
    MAX_ANNOTATION_FILE_BYTES,
    AnnotationFile,
    dump,
    entry_lines,
    parse,
)
from reader.core.annotations.merge import Conflict, conflict_problems, merge
from reader.core.annotations.rules import check_file, file_name_problem
from reader.core.errors import AnnotationFileError, Problem
from reader.core.files.atomic import atomic_write_text, kind_of, read_limited
from reader.core.files.cache import cache_write_problem
from reader.core.files.paths import real_folder_reason
from reader.core.files.stamp import Stamp, file_stamp
from reader.core.project.git import text_from_history
from reader.core.project.layout import Project
from reader.core.text.document import Document, sha256_of

KNOWN_FILES = 64  # annotation files whose last read or write a store keeps

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no advisory locks
    fcntl = None  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class Saved:
    """The outcome of ``Store.save_merging``: what is on disk now."""

    file: AnnotationFile
    written: bool
    merged: bool  # the file had changed on disk and was merged with ours
    conflicts: tuple[Conflict, ...] = ()


def annotation_file_problem(path: Path) -> str | None:
    """Why ``path`` cannot be an annotation file reader reads or replaces: something
    other than a regular file is there (a FIFO would hang every reader), or its name is
    too long to be written. None when it is missing or a regular file."""
    if reason := file_name_problem(path.name):
        return reason
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"unreadable: {exc.strerror or exc}"
    if stat.S_ISREG(mode) or stat.S_ISLNK(mode):
        return None
    return f"not a regular file ({kind_of(mode)})"


def read_annotation_file(path: Path, name: Path | None = None) -> AnnotationFile:
    """Parse the annotation file at ``path``; errors name ``name`` (default: ``path``)."""
    shown = name or path
    try:
        data = read_limited(path, MAX_ANNOTATION_FILE_BYTES)
    except OSError as exc:
        raise AnnotationFileError(shown, f"unreadable: {exc.strerror or exc}") from exc
    if len(data) > MAX_ANNOTATION_FILE_BYTES:
        raise AnnotationFileError(shown, f"file larger than {MAX_ANNOTATION_FILE_BYTES} bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise AnnotationFileError(shown, "not valid UTF-8", line) from exc
    return parse(text, shown)


class Store:
    """Reads and writes the annotation files of a project."""

    def __init__(self, project: Project) -> None:
        self.project = project
        # What this store last read or wrote at each path, with the file's stamp then: a
        # file with the same stamp is not read again (a save re-reads the file it wrote).
        self._known: dict[Path, tuple[Stamp, AnnotationFile]] = {}

    def _remember(self, path: Path, stamp: Stamp | None, afile: AnnotationFile) -> None:
        if stamp is None:
            return
        if len(self._known) >= KNOWN_FILES:
            self._known.clear()
        self._known[path] = (stamp, afile)

    def path_for(self, rel: str) -> Path:
        """The annotation file of the text at corpus-relative ``rel``."""
        return self.project.annotation_path(rel)

    def read_path(self, path: Path) -> AnnotationFile:
        """Parse one annotation file; AnnotationFileError names the file and line (and
        refuses a symlink leaving the project: it is never read, nor written over)."""
        if not self.project.contains(path):
            raise AnnotationFileError(path, "symlink points outside the project: not read")
        stamp = file_stamp(path)
        known = self._known.get(path)
        if stamp is not None and known is not None and known[0] == stamp:
            return known[1]
        afile = read_annotation_file(path)
        if file_stamp(path) == stamp:  # not replaced while it was read
            self._remember(path, stamp, afile)
        return afile

    def load(self, rel: str) -> AnnotationFile | None:
        """The annotations of ``rel``, or None when it has no file yet."""
        path = self.path_for(rel)
        if not path.exists() and not path.is_symlink():
            return None
        return self.read_path(path)

    @contextlib.contextmanager
    def lock(self, rel: str) -> Iterator[None]:
        """Hold the advisory write lock of ``rel``'s annotation file (no-op if impossible)."""
        name = hashlib.sha256(rel.encode("utf-8", "surrogatepass")).hexdigest()[:24]
        path = self.project.cache_dir / "locks" / f"{name}.lock"
        fd = -1
        # A `.reader` that is a symlink gets no lock files (cache_write_problem): the save
        # goes on unlocked rather than writing where the link leads.
        if fcntl is not None and cache_write_problem(path) is None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
                fcntl.flock(fd, fcntl.LOCK_EX)
            except OSError:
                if fd >= 0:
                    os.close(fd)
                fd = -1
        try:
            yield
        finally:
            if fd >= 0:
                os.close(fd)  # closing releases the flock

    def save(self, afile: AnnotationFile) -> bool:
        """Write ``afile`` as is (no merge); False when the bytes on disk were already equal."""
        with self.lock(afile.document):
            return self._write(afile)

    def save_merging(self, afile: AnnotationFile, base: AnnotationFile | None) -> Saved:
        """Write ``afile``, merged by id with changes made on disk since ``base`` was read.

        ``base`` is what the caller last read or wrote (None: no file then). A
        file on disk that does not parse raises AnnotationFileError and is left alone.
        """
        path = self.path_for(afile.document)
        if reason := self.write_problem(afile.document):
            raise AnnotationFileError(path, f"not written: {reason}")
        with self.lock(afile.document):
            theirs = self.read_path(path) if path.exists() or path.is_symlink() else None
            if theirs == base or (theirs is None and base is None):
                return Saved(afile, self._write(afile), merged=False)
            if theirs is None:
                theirs = replace(afile, annotations=(), extra=())
            result = merge(base, afile, theirs)
            return Saved(result.file, self._write(result.file), True, result.conflicts)

    def write_problem(self, rel: str) -> str | None:
        """Why the annotation file of ``rel`` cannot be written (None when it can): its
        folder is or passes through a symlink (``annotations -> /elsewhere``), something
        other than a regular file is in its place, or its name is too long."""
        path = self.path_for(rel)
        root = self.project.root
        if reason := real_folder_reason(root, path.parent):
            return reason
        return annotation_file_problem(path)

    def _write(self, afile: AnnotationFile) -> bool:
        path = self.path_for(afile.document)
        if reason := self.write_problem(afile.document):
            raise AnnotationFileError(path, f"not written: {reason}")
        text = dump(afile)
        data = text.encode("utf-8", "surrogatepass")
        if len(data) > MAX_ANNOTATION_FILE_BYTES:
            raise AnnotationFileError(
                path,
                f"not written: the file would be {len(data)} bytes, over the "
                f"{MAX_ANNOTATION_FILE_BYTES}-byte limit every reader keeps",
            )
        try:
            if read_limited(path, len(data)) == data:
                return False
        except OSError:
            pass
        atomic_write_text(path, text, root=self.project.root)
        self._remember(path, file_stamp(path), afile)
        return True

    def remember_text(self, document: Document) -> None:
        """Keep a copy of the text annotations refer to, for re-anchoring after edits."""
        path = self._snapshot_path(document.sha256)
        if path.exists() or cache_write_problem(path) is not None:
            return
        with contextlib.suppress(OSError):
            atomic_write_text(path, document.text, fsync=False)

    def remembered_text(self, sha256: str) -> str | None:
        """The text with this sha256, if ``remember_text`` kept it."""
        try:
            text = self._snapshot_path(sha256).read_bytes().decode("utf-8", "surrogatepass")
        except (OSError, UnicodeDecodeError, ValueError):
            return None
        return text if sha256_of(text) == sha256 else None

    def old_text(self, sha256: str, rel: str) -> str | None:
        """The earlier version of text ``rel`` whose sha256 is ``sha256``: the local
        snapshot, else the text as committed in one of the last GIT_LOOKBACK commits."""
        return self.remembered_text(sha256) or text_from_history(
            self.project.root, self.project.text_path(rel), sha256
        )

    def _snapshot_path(self, sha256: str) -> Path:
        safe = "".join(ch for ch in sha256 if ch in "0123456789abcdef")[:64] or "none"
        return self.project.cache_dir / "texts" / f"{safe}.txt"

    def problems(self, afile: AnnotationFile, document: Document, path: Path) -> list[Problem]:
        """What is wrong with ``afile`` against its document (offsets, slices, tags, links,
        orphans, unresolved merge conflicts)."""
        try:
            lines = entry_lines(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            lines = {}
        found = check_file(
            afile, document.text, path, tags=self.project.config.tag_names, lines=lines
        )
        return found + conflict_problems(afile, path, lines)
