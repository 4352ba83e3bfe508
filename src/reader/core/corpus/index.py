"""The corpus index: SQLite (WAL) under ``.reader/index.sqlite``, rebuildable, never the truth.

One row per text (stat stamp, sha256, encoding, language, title, date and its source,
counts per tag and author, annotation-file problems) and SQLite FTS5 tables over the
base forms of the words of the texts and of their annotations (``core.text.morphology``),
so ``Путин`` finds ``Путиным`` and ``meeting`` finds ``meetings``.

The full-text tables are contentless (the texts stay in their files): a row of them cannot
be deleted without its words, so a changed text gets a new id and its old rows are left
unreachable (counted as ``dead``); once they outnumber the live ones the next refresh
rebuilds the index. Everything a verb or the TUI needs goes through ``SearchIndex``
(``refresh``, ``rows``, ``count``, ``search``), which a shared engine could implement too
(docs/corpus.md).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any, Protocol

from reader.core.corpus.analysis import (
    AnnotationSummary,
    Job,
    TextRecord,
    analyse,
    date_range,
)
from reader.core.corpus.query import Query, Term, date_bounds
from reader.core.errors import DocumentError, ReaderError
from reader.core.files.cache import cache_write_problem
from reader.core.project.layout import Project
from reader.core.text.document import load_document
from reader.core.text.morphology import WORD, base_form, base_forms, query_forms

SCHEMA_VERSION = 4
INDEX_FILE = "index.sqlite"
BATCH = 64  # texts per task sent to a worker process
RANKED = 2000  # a search ranks its hits by BM25 when no more texts match
BUSY_SECONDS = 30.0  # how long a refresh waits for another process writing the index
COMMIT_BATCHES = 32  # batches written between two commits of a long refresh
POOL_THRESHOLD = 256  # fewer texts to read than this: read them in this process
Progress = Callable[[int, int], None]
NOTHING = '""'  # an FTS5 expression matching no row
SORTS = ("path", "title", "language", "date", "chars", "annotations")

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE texts (
    id INTEGER PRIMARY KEY AUTOINCREMENT, rel TEXT NOT NULL UNIQUE,
    size INTEGER, mtime_ns INTEGER, inode INTEGER, sha256 TEXT, encoding TEXT,
    language TEXT, title TEXT, date TEXT, date_source TEXT, chars INTEGER, error TEXT,
    own_date TEXT, own_date_source TEXT, listing TEXT,
    ann_stamp TEXT, ann_id INTEGER, ann_count INTEGER DEFAULT 0, ann_orphans INTEGER DEFAULT 0,
    ann_conflict INTEGER DEFAULT 0, ann_error TEXT, entities INTEGER DEFAULT 0);
CREATE INDEX texts_sha ON texts(sha256);
CREATE INDEX texts_date ON texts(date, rel);
CREATE INDEX texts_title ON texts(title COLLATE NOCASE, rel);
CREATE INDEX texts_language ON texts(language, rel);
CREATE INDEX texts_chars ON texts(chars, rel);
CREATE INDEX texts_annotations ON texts(ann_count, rel);
CREATE TABLE ann_ids (id INTEGER PRIMARY KEY AUTOINCREMENT);
CREATE TABLE tag_counts (text_id INTEGER, tag TEXT, n INTEGER);
CREATE INDEX tag_counts_text ON tag_counts(text_id);
CREATE INDEX tag_counts_tag ON tag_counts(tag, text_id);
CREATE TABLE author_counts (text_id INTEGER, author TEXT, n INTEGER);
CREATE INDEX author_counts_text ON author_counts(text_id);
CREATE INDEX author_counts_author ON author_counts(author COLLATE NOCASE, text_id);
CREATE TABLE dates (text_id INTEGER, first TEXT, last TEXT, source TEXT);
CREATE INDEX dates_text ON dates(text_id);
CREATE INDEX dates_first ON dates(first);
CREATE VIRTUAL TABLE fts_text USING fts5(words, content='', tokenize='unicode61');
CREATE VIRTUAL TABLE fts_ann USING fts5(words, speakers, content='', tokenize='unicode61');
CREATE VIRTUAL TABLE fts_entities USING fts5(names, content='', tokenize='unicode61');
"""


# The JSON object `reader list --json` prints for the text ``t``: the same fields as
# Metadata, ``rel`` as ``path``; kept in ``texts.listing`` as rows change, since building
# it for 100,000 rows at listing time costs most of the listing's time.
_LISTING = (
    "json_object('path', t.rel, 'title', t.title, 'language', t.language, 'date', t.date,"
    " 'date_source', t.date_source, 'sha256', t.sha256, 'encoding', t.encoding, 'chars',"
    " t.chars, 'counts', json(CASE WHEN t.ann_count = 0 THEN '{}' ELSE (SELECT"
    " json_group_object(tag, n) FROM (SELECT tag, n FROM tag_counts c WHERE"
    " c.text_id = t.id ORDER BY tag)) END), 'annotation_error', t.ann_error)"
)


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
    date_source: str | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    """A text matching a search, best first (``score``: higher is better)."""

    meta: Metadata
    score: float


@dataclass(frozen=True, slots=True)
class Refresh:
    """What one refresh did."""

    added: int = 0
    changed: int = 0
    annotations: int = 0
    removed: int = 0
    renamed: int = 0
    unchanged: int = 0
    rebuilt: bool = False


Stat = tuple[str, int, int, int]  # a text as the walk found it: rel, size, mtime_ns, inode


class SearchIndex(Protocol):
    """What the verbs and the TUI need from a corpus index (SQLite here; a shared search
    engine could implement the same, see docs/corpus.md)."""

    def refresh(
        self, project: Project, texts: Sequence[Stat], progress: Progress | None = None
    ) -> Refresh:
        """Bring the index up to date with ``texts`` (the scope's texts, stat only)."""

    def rows(
        self,
        query: Query | None = None,
        sort: str = "path",
        *,
        descending: bool = False,
        offset: int = 0,
        limit: int | None = None,
        scope: str = "",
    ) -> list[Metadata]:
        """One page of the texts matching ``query`` (None: all), sorted."""

    def count(self, query: Query | None = None, scope: str = "") -> int:
        """How many texts match ``query``."""

    def search(self, query: Query, limit: int = 20, scope: str = "") -> list[Hit]:
        """The best ``limit`` texts matching ``query``."""


def annotation_stamps(project: Project) -> dict[str, str]:
    """``size:mtime_ns:inode`` of every annotation file, keyed by its path relative to
    ``annotations/`` (one walk instead of a stat per text)."""
    stamps: dict[str, str] = {}
    root = project.annotations_dir
    if not root.is_dir():
        return stamps
    base = str(root) + os.sep
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if not name.endswith(".yaml"):
                continue
            full = os.path.join(dirpath, name)
            stamps[full[len(base) :].replace(os.sep, "/")] = stamp_of(full) or "unreadable"
    return stamps


def _writable(path: Path) -> bool:
    """True when the index file (or, before it exists, its folder) may be written."""
    if path.exists():
        return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    return os.access(path.parent, os.W_OK)


def _fingerprint(texts: Sequence[Stat], stamps: dict[str, str]) -> str:
    """What a walk found (every text's path and stat stamp, every annotation file's
    stamp), digested: equal to the last complete refresh's, the index is up to date.
    The stamps are hashed as int tuples (the same in every process: only str and bytes
    hashes are salted), which is many times faster than formatting 100,000 of them."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update("\0".join([text[0] for text in texts]).encode("utf-8", "surrogatepass"))
    digest.update(str(hash(tuple([text[1:] for text in texts]))).encode())
    digest.update(repr(sorted(stamps.items())).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def stamp_of(path: Path | str) -> str | None:
    """``size:mtime_ns:inode`` of a file (None when it does not exist)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"


def annotation_key(rel: str) -> str:
    """The key of ``rel``'s annotation file in ``annotation_stamps`` (its path under
    ``annotations/``: the text's extension replaced by ``.yaml``)."""
    slash = rel.rfind("/")
    dot = rel.rfind(".")
    stem = rel[:dot] if dot > slash + 1 else rel
    return stem + ".yaml"


def scope_sql(scope: str) -> tuple[str, list[Any]]:
    """An SQL condition on ``t.rel`` keeping the texts inside ``scope``, and its values."""
    if not scope:
        return "1", []
    # Every rel under "a/b" sorts between "a/b/" and "a/b0" ("0" follows "/").
    return "(t.rel = ? OR (t.rel >= ? AND t.rel < ?))", [scope, scope + "/", scope + "0"]


def _fts_words(text: str) -> str | None:
    """An FTS5 expression holding every word of ``text`` in any of its forms (any order)."""
    words = [
        "(" + " OR ".join(f'"{form}"' for form in sorted(query_forms(w))) + ")"
        for w in WORD.findall(text)
    ]
    return " AND ".join(words) if words else None


def _fts_term(term: Term) -> str:
    """The FTS5 expression of a word (any of its forms) or a phrase (its stems in order)."""
    if term.kind == "phrase":
        return '"' + " ".join(base_form(w) for w in WORD.findall(term.value)) + '"'
    return _fts_words(term.value) or NOTHING


class _Vanished:
    """The indexed texts a walk did not find, looked up by stamp and by size (a renamed
    text is one of them)."""

    def __init__(self, rows: dict[str, tuple[Any, ...]]) -> None:
        self.rows = rows
        self.by_stamp = {(row[1], row[2], row[3]): rel for rel, row in rows.items()}
        self.by_size: dict[int, list[str]] = {}
        for rel, row in rows.items():
            self.by_size.setdefault(row[1], []).append(rel)


class Index:
    """The SQLite corpus index (``path`` None: in memory, for a project that cannot write
    its ``.reader/``). Safe to share between threads (one connection behind a lock)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._db = self._connect()

    def _connect(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = None
        # A symlinked .reader (``.reader -> ..``) would put the database outside the project.
        if self.path is not None and cache_write_problem(self.path) is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                if _writable(self.path):
                    db = sqlite3.connect(self.path, check_same_thread=False, timeout=BUSY_SECONDS)
                    db.execute("PRAGMA journal_mode=WAL")
            except (sqlite3.Error, OSError):
                db = None
        if db is None:
            db = sqlite3.connect(":memory:", check_same_thread=False)
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA temp_store=MEMORY")
        db.execute("PRAGMA cache_size=-65536")  # 64 MB: a cold build writes a lot at once
        if self._version(db) != str(SCHEMA_VERSION):
            try:
                self._create(db)
            except sqlite3.DatabaseError:  # not a database: it is only a cache, start anew
                db.close()
                for suffix in ("", "-wal", "-shm"):
                    with contextlib.suppress(OSError):
                        Path(f"{self.path}{suffix}").unlink()
                return self._connect()
        return db

    @staticmethod
    def _version(db: sqlite3.Connection) -> str | None:
        try:
            row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        except sqlite3.DatabaseError:
            return None
        return row[0] if row else None

    @staticmethod
    def _create(db: sqlite3.Connection) -> None:
        # Virtual tables first: dropping one drops its own shadow tables.
        for kind in ("CREATE VIRTUAL TABLE%", "%"):
            names = db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE ? "
                "AND name NOT LIKE 'sqlite_%'",
                (kind,),
            ).fetchall()
            for (name,) in names:
                db.execute(f'DROP TABLE IF EXISTS "{name}"')
        db.commit()
        db.executescript(_SCHEMA)
        with db:
            db.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()

    def rebuild(self) -> None:
        """Forget everything (the next refresh reads every text again)."""
        with self._lock:
            self._create(self._db)

    # --- writing -------------------------------------------------------------

    def _meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def _kill(self, text_id: int, ann_id: int | None, entities: int) -> None:
        dead = 1 + (ann_id is not None) + bool(entities)
        self._db.execute(
            "UPDATE meta SET value = CAST(value AS INTEGER) + ? WHERE key = 'dead'", (dead,)
        )
        self._drop_annotations(text_id)
        self._db.execute("DELETE FROM dates WHERE text_id = ?", (text_id,))
        self._db.execute("DELETE FROM texts WHERE id = ?", (text_id,))

    def _drop_annotations(self, text_id: int) -> None:
        self._db.execute("DELETE FROM tag_counts WHERE text_id = ?", (text_id,))
        self._db.execute("DELETE FROM author_counts WHERE text_id = ?", (text_id,))
        self._db.execute(
            "DELETE FROM dates WHERE text_id = ? AND source = 'annotations'", (text_id,)
        )

    def _put_texts(self, records: list[TextRecord]) -> list[int]:
        """Insert the records (replacing rows of the same rel) in a few statements; their
        new ids, in order (a cold build inserts 100,000 of them)."""
        marks = ",".join("?" * len(records))
        for old in self._db.execute(
            f"SELECT id, ann_id, entities FROM texts WHERE rel IN ({marks})",
            [r.rel for r in records],
        ).fetchall():
            self._kill(*old)
        last = self._db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'texts'").fetchone()
        first = (last[0] if last else 0) + 1
        ids = list(range(first, first + len(records)))
        self._db.executemany(
            "INSERT INTO texts (id, rel, size, mtime_ns, inode, sha256, encoding, language,"
            " title, date, date_source, chars, error, own_date, own_date_source)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    text_id, r.rel, r.size, r.mtime_ns, r.inode, r.sha256, r.encoding,
                    r.language, r.title, r.date, r.date_source, r.chars, r.error,
                    r.date, r.date_source,
                )
                for text_id, r in zip(ids, records, strict=True)
            ],
        )  # fmt: skip
        self._db.executemany(
            "INSERT INTO fts_text (rowid, words) VALUES (?, ?)",
            [(i, r.words) for i, r in zip(ids, records, strict=True) if r.error is None],
        )
        self._db.executemany(
            "INSERT INTO dates VALUES (?, ?, ?, 'article')",
            [(i, r.date, r.date) for i, r in zip(ids, records, strict=True) if r.date],
        )
        return ids

    def _date_article(self, text_id: int, set_date: str | None) -> None:
        """The article's date: the one an analyst set in its annotation file, else the
        text's own (from its text or path)."""
        self._db.execute(
            "UPDATE texts SET date = COALESCE(?1, own_date),"
            " date_source = CASE WHEN ?1 IS NULL THEN own_date_source ELSE 'set' END"
            " WHERE id = ?2",
            (set_date, text_id),
        )
        self._db.execute("DELETE FROM dates WHERE text_id = ? AND source = 'article'", (text_id,))
        self._db.execute(
            "INSERT INTO dates SELECT id, date, date, 'article' FROM texts"
            " WHERE id = ? AND date IS NOT NULL",
            (text_id,),
        )

    def _put_annotations(self, text_id: int, summary: AnnotationSummary, fresh: bool) -> None:
        if summary.set_date is not None or not fresh:
            self._date_article(text_id, summary.set_date)
        if not fresh:
            old = self._db.execute("SELECT ann_id FROM texts WHERE id = ?", (text_id,)).fetchone()
            if old is not None and old[0] is not None:
                self._db.execute(
                    "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'dead'"
                )
            self._drop_annotations(text_id)
        if summary.stamp is None:
            if not fresh:
                self._db.execute(
                    "UPDATE texts SET ann_stamp = NULL, ann_id = NULL, ann_count = 0,"
                    " ann_orphans = 0, ann_conflict = 0, ann_error = NULL WHERE id = ?",
                    (text_id,),
                )
            return
        ann_id = None
        if summary.words or summary.speakers:
            ann_id = self._db.execute("INSERT INTO ann_ids DEFAULT VALUES").lastrowid
            self._db.execute(
                "INSERT INTO fts_ann (rowid, words, speakers) VALUES (?, ?, ?)",
                (ann_id, summary.words, summary.speakers),
            )
        self._db.execute(
            "UPDATE texts SET ann_stamp = ?, ann_id = ?, ann_count = ?, ann_orphans = ?,"
            " ann_conflict = ?, ann_error = ? WHERE id = ?",
            (
                summary.stamp, ann_id, summary.count, summary.orphans, int(summary.conflict),
                summary.error, text_id,
            ),
        )  # fmt: skip
        self._db.executemany(
            "INSERT INTO tag_counts VALUES (?, ?, ?)",
            [(text_id, tag, n) for tag, n in summary.tags.items()],
        )
        self._db.executemany(
            "INSERT INTO author_counts VALUES (?, ?, ?)",
            [(text_id, author, n) for author, n in summary.authors.items()],
        )
        self._db.executemany(
            "INSERT INTO dates VALUES (?, ?, ?, 'annotations')",
            [(text_id, first, last) for first, last in summary.dates],
        )

    def put(self, results: Sequence[tuple[str, TextRecord | None, AnnotationSummary]]) -> None:
        """Store (rel, text record, annotation summary) results; a None record keeps the
        indexed text and replaces only its annotations' summary."""
        with self._lock:
            records = [record for _, record, _ in results if record is not None]
            ids = iter(self._put_texts(records) if records else ())
            touched = []
            for rel, record, summary in results:
                if record is not None:
                    touched.append(next(ids))
                    self._put_annotations(touched[-1], summary, fresh=True)
                    continue
                row = self._db.execute("SELECT id FROM texts WHERE rel = ?", (rel,)).fetchone()
                if row is not None:
                    touched.append(row[0])
                    self._put_annotations(row[0], summary, fresh=False)
            self._relist(touched)

    def _relist(self, ids: Sequence[int]) -> None:
        """Bring ``texts.listing`` of the rows ``ids`` up to date."""
        marks = ",".join("?" * len(ids))
        self._db.execute(
            f"UPDATE texts SET listing = (SELECT {_LISTING} FROM texts t WHERE t.id ="
            f" texts.id) WHERE id IN ({marks})",
            list(ids),
        )

    def remove(self, rel: str) -> None:
        """Forget the text at ``rel``."""
        with self._lock:
            old = self._db.execute(
                "SELECT id, ann_id, entities FROM texts WHERE rel = ?", (rel,)
            ).fetchone()
            if old is not None:
                self._kill(*old)

    def commit(self) -> None:
        """Make what was put visible to other processes."""
        with self._lock:
            self._db.commit()

    # --- refreshing ----------------------------------------------------------

    def refresh(
        self,
        project: Project,
        texts: Sequence[Stat],
        progress: Progress | None = None,
        *,
        workers: int | None = None,
    ) -> Refresh:
        """Bring the index up to date with the texts a walk of ``project.scope`` found:
        new and changed texts are read (in worker processes when there are many), texts
        gone are dropped, a renamed text keeps its row (same inode and stamp, or the same
        sha256), a changed annotation file is read without its text."""
        with self._lock:
            try:
                return self._refresh(project, texts, progress, workers)
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc):
                    raise
                raise ReaderError(
                    f"{self.path}: being updated by another reader process; "
                    "try again when it has finished"
                ) from exc

    def _refresh(
        self,
        project: Project,
        texts: Sequence[Stat],
        progress: Progress | None,
        workers: int | None,
    ) -> Refresh:
        languages = ",".join(project.config.languages)
        rebuilt = False
        live = self._db.execute("SELECT count(*) FROM texts").fetchone()[0]
        dead = int(self._meta("dead") or 0)
        if self._meta("languages") != languages or dead > max(10_000, 2 * live):
            self._create(self._db)
            rebuilt = live > 0
        with self._db:
            self._set_meta("languages", languages)
            if self._meta("dead") is None:
                self._set_meta("dead", "0")
        stamps = annotation_stamps(project)
        walked = f"walk:{project.scope}"
        fingerprint = _fingerprint(texts, stamps)
        if self._meta(walked) == fingerprint:  # nothing changed since a complete refresh
            return Refresh(unchanged=len(texts), rebuilt=rebuilt)
        with self._db:  # an interrupted refresh leaves no fingerprint behind
            self._db.execute("DELETE FROM meta WHERE key LIKE 'walk:%'")
        where, params = scope_sql(project.scope)
        known = {
            row[0]: row
            for row in self._db.execute(
                f"SELECT rel, size, mtime_ns, inode, ann_stamp, sha256 FROM texts t WHERE {where}",
                params,
            )
        }
        jobs: list[Job] = []
        seen: set[str] = set()
        counts = {"added": 0, "changed": 0, "annotations": 0, "unchanged": 0, "renamed": 0}
        new: list[Job] = []
        for rel, size, mtime_ns, inode in texts:
            seen.add(rel)
            ann = stamps.get(annotation_key(rel)) if stamps else None
            old = known.get(rel)
            if old is None:
                new.append(Job(rel, size, mtime_ns, inode, ann))
            elif old[1] != size or old[2] != mtime_ns or old[3] != inode:
                jobs.append(Job(rel, size, mtime_ns, inode, ann))
                counts["changed"] += 1
            elif old[4] != ann:
                jobs.append(Job(rel, size, mtime_ns, inode, ann, False))
                counts["annotations"] += 1
            else:
                counts["unchanged"] += 1
        gone = _Vanished({rel: row for rel, row in known.items() if rel not in seen})
        with self._db:
            for job in new:
                moved = self._renamed(project, job, gone)
                if moved is None:
                    jobs.append(job)
                    counts["added"] += 1
                    continue
                counts["renamed"] += 1
                if stamps.get(annotation_key(job.rel)) != known[moved][4]:
                    jobs.append(
                        Job(job.rel, job.size, job.mtime_ns, job.inode, job.ann_stamp, False)
                    )
            for rel in gone.rows:
                self.remove(rel)
        self._run(project, jobs, progress, workers)
        with self._db:
            self._set_meta(walked, fingerprint)
        return Refresh(removed=len(gone.rows), rebuilt=rebuilt, **counts)

    def _renamed(self, project: Project, job: Job, gone: _Vanished) -> str | None:
        """The vanished rel ``job``'s text was at (moved in place: same inode and stamp;
        copied: same sha256), updated to its new rel and no longer vanished; None for a
        new text."""
        match = gone.by_stamp.get((job.size, job.mtime_ns, job.inode))
        if match not in gone.rows:
            same_size = [rel for rel in gone.by_size.get(job.size, ()) if rel in gone.rows]
            match = None
            if same_size:
                try:
                    sha = load_document(project.text_path(job.rel), job.rel).sha256
                except DocumentError:
                    return None
                match = next((rel for rel in same_size if gone.rows[rel][5] == sha), None)
        if match is None:
            return None
        del gone.rows[match]
        self._db.execute(
            "UPDATE texts SET rel = ?1, size = ?2, mtime_ns = ?3, inode = ?4,"
            " listing = json_set(listing, '$.path', ?1) WHERE rel = ?5",
            (job.rel, job.size, job.mtime_ns, job.inode, match),
        )
        return match

    def _run(
        self, project: Project, jobs: list[Job], progress: Progress | None, workers: int | None
    ) -> None:
        if not jobs:
            return
        languages = project.config.languages
        batches = [jobs[i : i + BATCH] for i in range(0, len(jobs), BATCH)]
        total, done = len(jobs), 0
        workers = workers or os.cpu_count() or 1
        if progress:
            progress(0, total)
        with contextlib.ExitStack() as stack:
            results: Iterable[list[tuple[TextRecord | None, AnnotationSummary]]]
            if len(jobs) >= POOL_THRESHOLD and workers > 1:
                pool = stack.enter_context(
                    ProcessPoolExecutor(workers, mp_context=get_context("fork"))
                )
                unscoped = project.unscoped()
                results = pool.map(
                    analyse, [unscoped] * len(batches), batches, [languages] * len(batches)
                )
            else:
                results = (analyse(project, batch, languages) for batch in batches)
            for number, (batch, records) in enumerate(zip(batches, results, strict=True), 1):
                self.put(
                    [
                        (job.rel, record, summary)
                        for job, (record, summary) in zip(batch, records, strict=True)
                    ]
                )
                if number % COMMIT_BATCHES == 0:  # an interrupted build keeps what it did
                    self._db.commit()
                done += len(batch)
                if progress:
                    progress(done, total)
            self._db.commit()

    # --- reading -------------------------------------------------------------

    def _where(self, query: Query | None, scope: str) -> tuple[str, list[Any]]:
        where, params = scope_sql(scope)
        clauses = [where, "t.error IS NULL"]
        for clause in query.clauses if query else ():
            parts = []
            for term in clause:
                sql, args = _term_sql(term)
                parts.append(f"NOT ({sql})" if term.negated else f"({sql})")
                params.extend(args)
            clauses.append("(" + " OR ".join(parts) + ")")
        return " AND ".join(clauses), params

    def count(self, query: Query | None = None, scope: str = "") -> int:
        """How many readable texts match ``query`` inside ``scope``."""
        driver = _driver(query) if query else None
        with self._lock:
            if query is None or driver is None:
                where, params = self._where(query, scope)
                (found,) = self._db.execute(f"SELECT count(*) FROM texts t WHERE {where}", params)
                return int(found[0])
            return self._driven_count(query, driver, scope)

    def _driven_count(self, query: Query, driver: Term, scope: str) -> int:
        """The count driven from the full-text table (a word in half of 100,000 texts:
        a join, not a set of 50,000 ids probed for each text); the texts whose
        annotations alone match are added."""
        where, params = self._where(_without(query, driver), scope)
        match = _fts_term(driver)
        (in_text,) = self._db.execute(
            "SELECT count(*) FROM fts_text JOIN texts t ON t.id = fts_text.rowid "
            f"WHERE fts_text MATCH ? AND {where}",
            [match, *params],
        )
        by_annotations = [
            text_id
            for (text_id,) in self._db.execute(
                "SELECT t.id FROM texts t WHERE t.ann_id IN (SELECT rowid FROM fts_ann "
                f"WHERE fts_ann MATCH ?) AND {where}",
                [match, *params],
            )
        ]
        also_in_text = 0
        if by_annotations:
            marks = ",".join("?" * len(by_annotations))
            (found,) = self._db.execute(
                f"SELECT count(*) FROM fts_text WHERE fts_text MATCH ? AND rowid IN ({marks})",
                [match, *by_annotations],
            )
            also_in_text = found[0]
        return int(in_text[0]) + len(by_annotations) - int(also_in_text)

    def rows(
        self,
        query: Query | None = None,
        sort: str = "path",
        *,
        descending: bool = False,
        offset: int = 0,
        limit: int | None = None,
        scope: str = "",
    ) -> list[Metadata]:
        """One page of the readable texts matching ``query``, sorted by ``sort`` (one of
        SORTS, or ``tag:NAME`` for a tag's count), then by path."""
        where, params = self._where(query, scope)
        order, order_params = _order(sort, descending)
        sql = (
            f"SELECT {_COLUMNS} FROM texts t WHERE {where} ORDER BY {order}, t.rel LIMIT ? OFFSET ?"
        )
        with self._lock:
            rows = self._db.execute(
                sql, [*params, *order_params, limit if limit is not None else -1, offset]
            ).fetchall()
            return self._metadata(rows)

    def search(self, query: Query, limit: int = 20, scope: str = "") -> list[Hit]:
        """The best ``limit`` readable texts matching ``query``.

        Texts matching a word or phrase the query requires come first, by BM25 when at
        most RANKED of them match (ranking them all costs more than a search may take),
        else in index order; then texts where only their annotations match; queries
        of filters, exclusions or OR alone list texts in path order."""
        driver = _driver(query)
        with self._lock:
            if driver is None:
                where, params = self._where(query, scope)
                sql = f"SELECT {_COLUMNS}, 0.0 FROM texts t WHERE {where} ORDER BY t.rel LIMIT ?"
                rows = self._db.execute(sql, [*params, limit]).fetchall()
            else:
                rows = self._driven(query, driver, limit, scope)
            metas = self._metadata([row[:-1] for row in rows])
        return [Hit(meta, float(row[-1])) for meta, row in zip(metas, rows, strict=True)]

    def _driven(self, query: Query, driver: Term, limit: int, scope: str) -> list[Any]:
        where, params = self._where(_without(query, driver), scope)
        match = _fts_term(driver)
        probe = "SELECT count(*) FROM (SELECT rowid FROM fts_text WHERE fts_text MATCH ? LIMIT ?)"
        ranked = self._db.execute(probe, (match, RANKED + 1)).fetchone()[0] <= RANKED
        rows = self._db.execute(
            f"SELECT {_COLUMNS}, -bm25(fts_text) FROM fts_text JOIN texts t ON t.id = "
            f"fts_text.rowid WHERE fts_text MATCH ? AND {where} "
            f"{'ORDER BY bm25(fts_text)' if ranked else ''} LIMIT ?",
            [match, *params, limit],
        ).fetchall()
        if len(rows) < limit:  # then those whose annotations alone hold the words
            seen = {row[0] for row in rows}
            rows += [
                row
                for row in self._db.execute(
                    f"SELECT {_COLUMNS}, 0.0 FROM texts t WHERE t.ann_id IN (SELECT rowid "
                    f"FROM fts_ann WHERE fts_ann MATCH ?) AND {where} ORDER BY t.rel LIMIT ?",
                    [match, *params, limit],
                )
                if row[0] not in seen
            ][: limit - len(rows)]
        return rows

    def _metadata(self, rows: list[tuple[Any, ...]]) -> list[Metadata]:
        if not rows:
            return []
        counts: dict[int, dict[str, int]] = {}
        ids = [row[0] for row in rows]
        if len(ids) > 500:
            tag_rows: Iterable[tuple[int, str, int]] = self._db.execute(
                "SELECT text_id, tag, n FROM tag_counts ORDER BY tag"
            )
        else:
            marks = ",".join("?" * len(ids))
            tag_rows = self._db.execute(
                f"SELECT text_id, tag, n FROM tag_counts WHERE text_id IN ({marks}) ORDER BY tag",
                ids,
            )
        for text_id, tag, n in tag_rows:
            counts.setdefault(text_id, {})[tag] = n
        return [
            Metadata(
                rel=row[1], title=row[2], language=row[3], date=row[4], sha256=row[5],
                encoding=row[6], chars=row[7], counts=counts.get(row[0], {}),
                annotation_error=row[8], date_source=row[9],
            )
            for row in rows
        ]  # fmt: skip

    def json_rows(self, scope: str = "") -> list[tuple[str, str]]:
        """(rel, JSON object of its metadata) for every readable text inside ``scope`` in
        path order: the same fields as Metadata, ``rel`` as ``path`` (``_LISTING``)."""
        where, params = scope_sql(scope)
        with self._lock:
            return self._db.execute(
                f"SELECT t.rel, t.listing FROM texts t WHERE {where} AND t.error IS NULL"
                " ORDER BY t.rel",
                params,
            ).fetchall()

    def row(self, rel: str) -> Metadata | None:
        """The metadata of one readable text, if indexed."""
        with self._lock:
            rows = self._db.execute(
                f"SELECT {_COLUMNS} FROM texts t WHERE t.rel = ? AND t.error IS NULL", (rel,)
            ).fetchall()
            found = self._metadata(rows)
        return found[0] if found else None

    def stamp(self, rel: str) -> tuple[int, int, int, str | None, str | None] | None:
        """(size, mtime_ns, inode, annotation stamp, error) as indexed for ``rel``."""
        with self._lock:
            row = self._db.execute(
                "SELECT size, mtime_ns, inode, ann_stamp, error FROM texts WHERE rel = ?", (rel,)
            ).fetchone()
        return tuple(row) if row else None

    def unreadable(self, scope: str = "") -> list[tuple[str, str]]:
        """(rel, why) of the texts that could not be read."""
        where, params = scope_sql(scope)
        with self._lock:
            return [
                (rel, error)
                for rel, error in self._db.execute(
                    f"SELECT rel, error FROM texts t WHERE {where} AND error IS NOT NULL "
                    "ORDER BY rel",
                    params,
                )
            ]

    def language_of(self, sha256: str) -> tuple[bool, str | None]:
        """(known, language) of the text with this sha256."""
        with self._lock:
            row = self._db.execute(
                "SELECT language FROM texts WHERE sha256 = ? LIMIT 1", (sha256,)
            ).fetchone()
        return (True, row[0]) if row else (False, None)

    # --- entities ------------------------------------------------------------

    def without_entities(self, scope: str = "") -> list[tuple[int, str, str | None]]:
        """(id, rel, language) of the readable texts whose entities are not indexed yet."""
        where, params = scope_sql(scope)
        with self._lock:
            return self._db.execute(
                f"SELECT id, rel, language FROM texts t WHERE {where} AND error IS NULL "
                "AND entities = 0 ORDER BY rel",
                params,
            ).fetchall()

    def put_entities(self, text_id: int, names: Iterable[str], dates: Iterable[str]) -> None:
        """Index a text's recognised entities (canonical names) and the dates it mentions."""
        with self._lock:
            if self._db.execute("SELECT 1 FROM texts WHERE id = ?", (text_id,)).fetchone() is None:
                return  # the text changed meanwhile: its new row waits for its own turn
            words = "\n".join(base_forms(name) for name in names)
            self._db.execute(
                "INSERT INTO fts_entities (rowid, names) VALUES (?, ?)", (text_id, words)
            )
            spans = {span for value in dates if (span := date_range(value)) is not None}
            self._db.executemany(
                "INSERT INTO dates VALUES (?, ?, ?, 'entities')",
                [(text_id, first, last) for first, last in sorted(spans)],
            )
            self._db.execute("UPDATE texts SET entities = 1 WHERE id = ?", (text_id,))

    def entity_coverage(self, scope: str = "") -> tuple[int, int]:
        """(texts with entities indexed, readable texts) inside ``scope``."""
        where, params = scope_sql(scope)
        with self._lock:
            row = self._db.execute(
                f"SELECT coalesce(sum(entities), 0), count(*) FROM texts t WHERE {where} "
                "AND error IS NULL",
                params,
            ).fetchone()
        return int(row[0]), int(row[1])


_COLUMNS = (
    "t.id, t.rel, t.title, t.language, t.date, t.sha256, t.encoding, t.chars, t.ann_error, "
    "t.date_source"
)


def _driver(query: Query) -> Term | None:
    """A word or phrase the query requires (a clause of its own): the full-text table
    can drive the query from its matches."""
    return next(
        (c[0] for c in query.clauses if len(c) == 1 and c[0].is_text and not c[0].negated),
        None,
    )


def _without(query: Query, driver: Term) -> Query:
    return Query(tuple(c for c in query.clauses if c != (driver,)))


def _order(sort: str, descending: bool) -> tuple[str, list[Any]]:
    direction = "DESC" if descending else "ASC"
    if sort.startswith("tag:"):
        return (
            f"coalesce((SELECT n FROM tag_counts c WHERE c.text_id = t.id AND c.tag = ?), 0)"
            f" {direction}",
            [sort[4:]],
        )
    columns = {
        "path": "t.rel",
        "title": "t.title COLLATE NOCASE",
        "language": "t.language",
        "date": "t.date",
        "chars": "t.chars",
        "annotations": "t.ann_count",
    }
    if sort not in columns:
        raise ValueError(f"unknown sort {sort!r} (one of {', '.join(SORTS)} or tag:NAME)")
    return f"{columns[sort]} {direction}", []


def _term_sql(term: Term) -> tuple[str, list[Any]]:
    """SQL over ``texts t`` true where ``term`` (not negated) holds."""
    kind, value = term.kind, term.value
    if term.is_text:
        match = _fts_term(term)
        return (
            "t.id IN (SELECT rowid FROM fts_text WHERE fts_text MATCH ?) OR t.ann_id IN "
            "(SELECT rowid FROM fts_ann WHERE fts_ann MATCH ?)",
            [match, match],
        )
    if kind == "lang":
        return "t.language = ? OR t.language LIKE ? || '-%'", [value, value]
    if kind == "tag":
        return "t.id IN (SELECT text_id FROM tag_counts WHERE tag = ?)", [value]
    if kind == "author":
        return (
            "t.id IN (SELECT text_id FROM author_counts WHERE author = ? COLLATE NOCASE)",
            [value],
        )
    if kind == "speaker":
        return (
            "t.ann_id IN (SELECT rowid FROM fts_ann WHERE fts_ann MATCH ?)",
            ["speakers : (" + (_fts_words(value) or NOTHING) + ")"],
        )
    if kind == "entity":  # a name of several words: those words in this order
        several = len(WORD.findall(value)) > 1
        return (
            "t.id IN (SELECT rowid FROM fts_entities WHERE fts_entities MATCH ?)",
            [_fts_term(Term("phrase" if several else "word", value))],
        )
    if kind == "date":
        first, last = date_bounds(value)
        return (
            "t.id IN (SELECT text_id FROM dates WHERE first <= ? AND last >= ?)",
            [last, first],
        )
    if kind == "path":
        prefix = value.strip("/")
        return (
            "t.rel = ? OR substr(t.rel, 1, ?) = ? OR instr(t.rel, ?) > 0",
            [prefix, len(prefix) + 1, prefix + "/", "/" + prefix + "/"],
        )
    if kind == "has":
        column = {
            "annotations": "t.ann_count",
            "conflict": "t.ann_conflict",
            "orphan": "t.ann_orphans",
        }
        return f"{column[value]} > 0", []
    raise ValueError(f"unknown filter {kind}")
