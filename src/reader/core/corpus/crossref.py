"""Across articles: what each text mentions, kept in ``.reader/crossref.sqlite``.

One SQLite file (git-ignored, rebuildable, never the source of truth) holds per
text its article date (``core/text/article_date``), the canonical entities it
mentions, every normalised date in it (annotated ``date`` values and recognised
dates) and its annotations. ``CrossRef.update`` brings it up to date with a stat
walk: only texts whose size, mtime or annotation file changed, whose entity cache
appeared, or whose ``entities.yaml`` changed are read again. The queries
(``related``, ``timeline``, ``annotations``) then read only the tables.

Entities and recognised dates come from the recogniser cache
(``.reader/entities/<sha256>.json``); ``update(recognise=True)`` runs the
recognisers for texts without one (slow: models), ``recognise=False`` leaves those
texts without entities until their cache appears (the TUI fills it when an article
is opened, ``reader index --entities`` for the whole corpus).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import posixpath
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from reader.core.annotations.format import Annotation, AnnotationFile
from reader.core.annotations.rules import first_day
from reader.core.corpus.discovery import Corpus, CorpusEntry
from reader.core.corpus.index import scope_sql
from reader.core.corpus.links import split_link
from reader.core.corpus.query import Query, QueryError, Term, date_bounds
from reader.core.errors import DocumentError, Problem, ReaderError
from reader.core.files.cache import cache_write_problem
from reader.core.recognition.registry import REGISTRY_FILE, EntityRegistry, alias_key
from reader.core.text.article_date import article_date
from reader.core.text.document import Document

if TYPE_CHECKING:
    from reader.core.recognition.entities import EntitySpan

CROSSREF_FILE = "crossref.sqlite"
SCHEMA_VERSION = "1"
NAME_TYPES = ("PER", "ORG", "LOC")
SENTENCE_MAX = 300
LOCK_TIMEOUT = 30.0
# Weights of what two articles share: a date both name is rarer evidence of one story
# than a name, and article dates a day apart add up to CLOSENESS_WEIGHT.
DATE_WEIGHT = 1.5
CLOSENESS_WEIGHT = 2.0
CLOSENESS_DAYS = 3.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS texts(
    id INTEGER PRIMARY KEY, rel TEXT UNIQUE NOT NULL, stamp TEXT NOT NULL,
    sha256 TEXT, language TEXT, title TEXT, date TEXT, date_source TEXT,
    recognised INTEGER NOT NULL DEFAULT 0, problem TEXT);
CREATE TABLE IF NOT EXISTS entities(
    text_id INTEGER NOT NULL, key TEXT NOT NULL, name TEXT NOT NULL, type TEXT,
    mentions INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS entities_by_key ON entities(key);
CREATE INDEX IF NOT EXISTS entities_by_text ON entities(text_id);
CREATE TABLE IF NOT EXISTS dates(
    text_id INTEGER NOT NULL, start INTEGER, end INTEGER, surface TEXT, value TEXT,
    day TEXT NOT NULL, extent TEXT NOT NULL, sentence TEXT, source TEXT NOT NULL,
    annotation_id TEXT);
CREATE INDEX IF NOT EXISTS dates_by_day ON dates(day);
CREATE INDEX IF NOT EXISTS dates_by_text ON dates(text_id);
CREATE INDEX IF NOT EXISTS dates_by_value ON dates(value, text_id);
CREATE TABLE IF NOT EXISTS annotations(
    text_id INTEGER NOT NULL, id TEXT NOT NULL, tag TEXT NOT NULL, start INTEGER,
    end INTEGER, text TEXT, speaker TEXT, speaker_group TEXT, note TEXT, value TEXT,
    day TEXT, author TEXT, links TEXT NOT NULL, orphaned INTEGER NOT NULL,
    speaker_fold TEXT, haystack TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS annotations_by_text ON annotations(text_id);
CREATE TABLE IF NOT EXISTS links(
    text_id INTEGER NOT NULL, id TEXT NOT NULL, target_rel TEXT NOT NULL,
    target_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS links_by_target ON links(target_rel, target_id);
CREATE INDEX IF NOT EXISTS links_by_text ON links(text_id);
"""
_PER_TEXT_TABLES = ("entities", "dates", "annotations", "links")


# --- date values: where they start, how far they reach -----------------------------

_EXTENTS = {4: "year", 7: "month", 8: "week", 10: "day"}  # by the length of the value


def _value_start(value: str) -> tuple[date, str] | None:
    """The first day a single value (not a range) covers and its extent."""
    start = first_day(value)
    return (start, _EXTENTS[len(value)]) if start is not None else None


def date_value_start(value: str) -> tuple[date, str] | None:
    """Where a normalised date value sits on a timeline: its first day and its extent
    (``day``, ``week``, ``month``, ``year``, ``to <end>`` for a range ``start/end``,
    ``at 15:00`` for a time on a day such as ``2022-01-10T15:00``). None for times
    without a day and for values that are not dates."""
    if "/" in value:
        first, _, last = value.partition("/")
        start = _value_start(first.partition("T")[0])
        return (start[0], f"to {last}") if start and _value_start(last.partition("T")[0]) else None
    day, _, clock = value.partition("T")
    start = _value_start(day)
    return (start[0], f"at {clock}") if start and clock else start


# --- what the queries return ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RelatedArticle:
    """An article that reports the same story, with its score and what it shares."""

    rel: str
    title: str
    language: str | None
    date: str | None
    score: float
    entities: tuple[str, ...]
    dates: tuple[str, ...]
    days_apart: int | None


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One normalised date of the corpus: where it sits, its value and its sentence."""

    day: str
    extent: str
    value: str
    rel: str
    language: str | None
    start: int
    end: int
    surface: str
    sentence: str
    source: str  # "annotation" (an analyst's date annotation) or "recognised"
    annotation_id: str | None


@dataclass(frozen=True, slots=True)
class AnnotationRow:
    """One annotation of the corpus with its article, the group it is listed under and
    the annotations linked to it (both ways: ``links`` it holds, ``incoming`` ones)."""

    rel: str
    language: str | None
    article_date: str | None
    id: str
    tag: str
    start: int
    end: int
    text: str
    speaker: str | None
    speaker_group: str | None
    note: str | None
    value: str | None
    author: str | None
    links: tuple[str, ...]
    incoming: tuple[str, ...]
    group: str
    linked: tuple[AnnotationRow, ...] = ()

    @property
    def ref(self) -> str:
        """``rel#id``: how a cross-document link names it."""
        return f"{self.rel}#{self.id}"


GROUPS = ("speaker", "article", "tag")
EVERYTHING = Query()


# --- the store ----------------------------------------------------------------------


@dataclass
class UpdateReport:
    """What ``CrossRef.update`` did."""

    read: int = 0
    removed: int = 0
    without_entities: int = 0
    problems: list[str] = field(default_factory=list)


def entity_key(span: EntitySpan) -> str:
    """The name two articles share an entity under: the ``entities.yaml`` name when
    linked (so Песков and Peskov meet), else the normal form, compared as aliases are."""
    return alias_key(span.canonical or span.value or span.text)


def speaker_group(speaker: str, registry: EntityRegistry | None) -> str:
    """The name a speaker is grouped under: the ``entities.yaml`` name of an alias
    (Песков, Дмитрий Песков → Dmitry Peskov), else the speaker as written."""
    text = " ".join(speaker.split())
    entry = registry.lookup(text) if registry is not None else None
    if entry is None and registry is not None and " " in text:
        entry = registry.lookup(text.split()[-1])
    return entry.name if entry is not None else text


# Where a text's entity spans come from: (document, language, article date, recognise
# now?) → spans, or None when they are not known yet. The default reads the recogniser
# cache (and recognises when asked); an index that holds them, or a bench, can plug in.
SpanSource = Callable[[Document, str | None, date | None, bool], "list[EntitySpan] | None"]


class CrossRef:
    """The cross-article tables of one project (see the module doc). Not thread-safe:
    one per thread."""

    def __init__(
        self,
        corpus: Corpus,
        registry: EntityRegistry | Callable[[], EntityRegistry | None] | None = None,
        *,
        spans_of: SpanSource | None = None,
    ) -> None:
        self.corpus = corpus
        self.project = corpus.project
        self._registry_source = registry
        self._registry_stamp = _stat_stamp(self.project.root / REGISTRY_FILE)
        self.spans_of: SpanSource = spans_of or self._recognised
        self.path = self.project.cache_dir / CROSSREF_FILE
        self.db = self._connect()

    def _connect(self) -> sqlite3.Connection:
        """The tables on disk; rebuilt when the file is damaged (it is only a cache); in
        memory for this run when ``.reader/`` cannot be written (a read-only checkout) or
        is a symlink (``.reader -> ..`` would put the file outside the project)."""
        if cache_write_problem(self.path) is not None:
            return self._open_schema(":memory:")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return self._open_schema(self.path)
        except sqlite3.DatabaseError as exc:
            if exc.sqlite_errorname in ("SQLITE_NOTADB", "SQLITE_CORRUPT"):
                self.path.unlink(missing_ok=True)
                return self._open_schema(self.path)
            if exc.sqlite_errorname == "SQLITE_BUSY":
                raise ReaderError(f"{self.path}: busy in another reader; try again") from exc
            return self._open_schema(":memory:")
        except OSError:
            return self._open_schema(":memory:")

    def _open_schema(self, path: Path | str) -> sqlite3.Connection:
        # another reader updating the tables holds the lock for seconds at most
        db = sqlite3.connect(path, timeout=LOCK_TIMEOUT)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(_SCHEMA)
        version = db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        if version is None or version[0] != SCHEMA_VERSION:
            for table in ("texts", *_PER_TEXT_TABLES):
                db.execute(f"DELETE FROM {table}")
            db.execute("INSERT OR REPLACE INTO meta VALUES('schema', ?)", (SCHEMA_VERSION,))
            db.commit()
        return db

    def close(self) -> None:
        """Close the database."""
        self.db.close()

    # --- keeping it up to date ---------------------------------------------------------

    @cached_property
    def registry(self) -> EntityRegistry | None:
        """``entities.yaml``, loaded when first needed (reading texts, grouping speakers,
        finding an entity): ``related`` alone never needs it."""
        source = self._registry_source
        return source() if callable(source) else source

    def _stamp(self, entry: CorpusEntry) -> str:
        """What a text's rows depend on: the text, its annotation file and entities.yaml
        (size and mtime of each). The annotation path is ``Project.annotation_path``'s rule
        in plain strings: pathlib costs more than the stat on a corpus of 10,000 texts."""
        stem = entry.rel[: len(entry.rel) - len(posixpath.splitext(entry.rel)[1])]
        annotations = _stat_stamp(f"{self.project.annotations_dir}/{stem}.yaml")
        return f"{entry.size}:{entry.mtime_ns}:{annotations}:{self._registry_stamp}"

    def update(
        self,
        *,
        recognise: bool = False,
        progress: Callable[[int, int], None] | None = None,
    ) -> UpdateReport:
        """Bring the tables up to date with the corpus (see the module doc)."""
        report = UpdateReport()
        tree = self._tree_fingerprint()
        stored = self.db.execute("SELECT value FROM meta WHERE key='tree'").fetchone()
        if stored is not None and stored[0] == tree and not self._waiting(recognise):
            return report
        known = {
            rel: (ident, stamp, sha, bool(recognised))
            for ident, rel, stamp, sha, recognised in self.db.execute(
                "SELECT id, rel, stamp, sha256, recognised FROM texts"
            )
        }
        entries = self.corpus.scan().entries
        stale: list[tuple[CorpusEntry, str]] = []
        for entry in entries:
            stamp = self._stamp(entry)
            row = known.get(entry.rel)
            unrecognised = row is not None and not row[3]
            if (
                row is None
                or row[1] != stamp
                or (unrecognised and (recognise or self._cache_appeared(row[2])))
            ):
                stale.append((entry, stamp))
        gone = set(known) - {e.rel for e in entries}
        for rel in gone:
            self._forget(known[rel][0])
        report.removed = len(gone)
        for n, (entry, stamp) in enumerate(stale, 1):
            self._read_text(entry, stamp, recognise, report)
            if progress is not None:
                progress(n, len(stale))
            if n % 500 == 0:
                self.db.commit()
        self.db.execute("INSERT OR REPLACE INTO meta VALUES('tree', ?)", (tree,))
        self.db.commit()
        return report

    def _tree_fingerprint(self) -> str:
        """A digest of every file's path, size and mtime under corpus/ and annotations/,
        and of entities.yaml's: when it is the one the last update saw, nothing changed
        and the tables are current without the corpus scan (whose rules — skipped files,
        collisions — cost more than these stats on 10,000 texts)."""
        digest = hashlib.blake2b(digest_size=16)
        digest.update(self._registry_stamp.encode())
        for top in dict.fromkeys((self.project.corpus_dir, self.project.annotations_dir)):
            stack = [os.fspath(top)]
            while stack:
                folder = stack.pop()
                try:
                    # directory order: stable while a folder is unchanged, and a change
                    # changes the digest anyway
                    found = list(os.scandir(folder))
                except OSError:
                    continue
                for item in found:
                    if item.name.startswith("."):
                        continue
                    if item.is_dir(follow_symlinks=False):
                        stack.append(item.path)
                        continue
                    try:
                        info = item.stat()
                        line = f"{item.path}\0{info.st_size}\0{info.st_mtime_ns}\n"
                    except OSError:
                        line = f"{item.path}\0-\n"
                    digest.update(line.encode("utf-8", "surrogateescape"))
        return digest.hexdigest()

    def _waiting(self, recognise: bool) -> bool:
        """True when a text still lacks its entities and can get them now: recognising,
        or its entity cache appeared (the TUI, ``reader index --entities``)."""
        rows = self.db.execute("SELECT sha256 FROM texts WHERE recognised = 0").fetchall()
        return bool(rows) and (recognise or any(self._cache_appeared(sha) for (sha,) in rows))

    def _cache_appeared(self, sha256: str | None) -> bool:
        return bool(sha256) and (self.project.cache_dir / "entities" / f"{sha256}.json").exists()

    def _forget(self, text_id: int) -> None:
        for table in _PER_TEXT_TABLES:
            self.db.execute(f"DELETE FROM {table} WHERE text_id=?", (text_id,))
        self.db.execute("DELETE FROM texts WHERE id=?", (text_id,))

    def _read_text(
        self, entry: CorpusEntry, stamp: str, recognise: bool, report: UpdateReport
    ) -> None:
        row = self.db.execute("SELECT id FROM texts WHERE rel=?", (entry.rel,)).fetchone()
        if row is not None:
            self._forget(row[0])
        report.read += 1
        try:
            document = self.corpus.document(entry)
        except DocumentError as exc:
            self.db.execute(
                # nothing to recognise in it until it changes
                "INSERT INTO texts(rel, stamp, recognised, problem) VALUES(?, ?, 1, ?)",
                (entry.rel, stamp, exc.message),
            )
            return
        language = self.corpus.language_of(document)
        afile, problem = self._annotation_file(entry.rel)
        try:
            found_date = article_date(document.text, entry.rel, afile.date if afile else None)
        except ReaderError as exc:
            found_date, problem = article_date(document.text, entry.rel), str(exc)
        spans = self.spans_of(
            document, language, found_date.value if found_date else None, recognise
        )
        if spans is None:
            report.without_entities += 1
        if problem:
            report.problems.append(f"{entry.rel}: {problem}")
        cursor = self.db.execute(
            "INSERT INTO texts(rel, stamp, sha256, language, title, date, date_source, "
            "recognised, problem) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                entry.rel, stamp, document.sha256, language, document.title,
                found_date.iso if found_date else None,
                found_date.source if found_date else None, spans is not None, problem,
            ),
        )  # fmt: skip
        text_id = cursor.lastrowid
        assert text_id is not None
        self._store_entities(text_id, spans or [])
        annotations = afile.annotations if afile is not None else ()
        self._store_dates(text_id, document, spans or [], annotations)
        self._store_annotations(text_id, entry.rel, annotations)

    def _annotation_file(self, rel: str) -> tuple[AnnotationFile | None, str | None]:
        try:
            return self.corpus.store.load(rel), None
        except Problem as exc:
            return None, exc.describe()

    def _recognised(
        self, document: Document, language: str | None, reference: date | None, recognise: bool
    ) -> list[EntitySpan] | None:
        # the recognisers are imported when a text is read, not for a query
        from reader.core.recognition.entities import cached_entities, recognise_document

        cache_dir = self.project.cache_dir
        if recognise:
            return recognise_document(
                document, language, cache_dir=cache_dir, registry=self.registry,
                reference_date=reference,
            )  # fmt: skip
        return cached_entities(
            document, language, cache_dir=cache_dir, registry=self.registry,
            reference_date=reference,
        )  # fmt: skip

    def _store_entities(self, text_id: int, spans: Iterable[EntitySpan]) -> None:
        counts: Counter[str] = Counter()
        names: dict[str, tuple[str, str]] = {}
        for span in spans:
            if span.type in NAME_TYPES:
                key = entity_key(span)
                counts[key] += 1
                names.setdefault(key, (span.canonical or span.value or span.text, span.type))
        self.db.executemany(
            "INSERT INTO entities VALUES(?, ?, ?, ?, ?)",
            [(text_id, key, *names[key], n) for key, n in counts.items()],
        )

    def _store_dates(
        self,
        text_id: int,
        document: Document,
        spans: Iterable[EntitySpan],
        annotations: Iterable[Annotation],
    ) -> None:
        from reader.core.text.segment import Segments

        segments = Segments(document.text)
        rows = []
        taken: set[tuple[int, int]] = set()
        found: list[tuple[int, int, str, str, str, str | None]] = [
            (a.start, a.end, a.text, a.value, "annotation", a.id)
            for a in annotations
            if a.tag == "date" and a.value and not a.orphaned
        ]
        found += [
            (s.start, s.end, s.text, s.value, "recognised", None)
            for s in spans
            if s.type == "DATE" and s.value
        ]
        for start, end, surface, value, source, ident in found:
            placed = date_value_start(value)
            if placed is None or (start, end) in taken:
                continue
            taken.add((start, end))
            sentence = segments.sentence_at(start) or (start, end)
            text = " ".join(document.text[sentence[0] : sentence[1]].split())
            if len(text) > SENTENCE_MAX:
                text = text[: SENTENCE_MAX - 1] + "…"
            day, extent = placed
            rows.append((text_id, start, end, surface, value, day.isoformat(), extent, text,
                         source, ident))  # fmt: skip
        self.db.executemany("INSERT INTO dates VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)

    def _store_annotations(self, text_id: int, rel: str, annotations: Iterable[Annotation]) -> None:
        rows, links = [], []
        for a in annotations:
            placed = date_value_start(a.value) if a.value else None
            group = speaker_group(a.speaker, self.registry) if a.speaker else None
            haystack = "\n".join(x for x in (a.text, a.note, a.speaker, a.value) if x)
            rows.append((
                text_id, a.id, a.tag, a.start, a.end, a.text, a.speaker, group, a.note,
                a.value, placed[0].isoformat() if placed else None, a.author,
                json.dumps(list(a.links), ensure_ascii=False), a.orphaned,
                a.speaker.casefold() if a.speaker else None, haystack.casefold(),
            ))  # fmt: skip
            for link in a.links:
                target_rel, target_id = split_link(link)
                links.append((text_id, a.id, target_rel or rel, target_id))
        self.db.executemany(
            "INSERT INTO annotations VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows
        )
        self.db.executemany("INSERT INTO links VALUES(?, ?, ?, ?)", links)

    # --- queries ----------------------------------------------------------------------

    def text_id(self, rel: str) -> int:
        """The table id of ``rel``; ReaderError when it is not a text of the corpus."""
        row = self.db.execute("SELECT id FROM texts WHERE rel=?", (rel,)).fetchone()
        if row is None:
            raise ReaderError(f"{rel}: not a text of the corpus {self.project.corpus_dir}")
        return int(row[0])

    def entity_coverage(self) -> tuple[int, int]:
        """(texts whose entities are in the tables, readable texts) inside the corpus's
        scope: what a timeline or an annotation list can say about its completeness."""
        where, params = scope_sql(self.corpus.scope)
        row = self.db.execute(
            f"SELECT coalesce(sum(recognised), 0), count(*) FROM texts t WHERE {where}"
            " AND problem IS NULL",
            params,
        ).fetchone()
        return int(row[0]), int(row[1])

    def article_date(self, rel: str) -> tuple[str | None, str | None]:
        """The article date of ``rel`` and where it came from (``set``/``text``/``path``)."""
        row = self.db.execute("SELECT date, date_source FROM texts WHERE rel=?", (rel,))
        found = row.fetchone()
        return (found[0], found[1]) if found else (None, None)

    def related(self, rel: str, limit: int = 10) -> list[RelatedArticle]:
        """The articles that most likely report the story of ``rel``, best first.

        Each shared entity scores its inverse document frequency (a name in every text
        says nothing), each shared date value ``DATE_WEIGHT`` times its own, and article
        dates close together add up to ``CLOSENESS_WEIGHT`` (halving every
        ``CLOSENESS_DAYS``·ln 2 days). Only articles sharing an entity or a date are
        candidates: a date alone does not make one story.
        """
        own = self.text_id(rel)
        total = max(self.db.execute("SELECT COUNT(*) FROM texts").fetchone()[0], 1)
        score: dict[int, float] = defaultdict(float)
        shared: dict[int, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
        names = dict(self.db.execute("SELECT key, name FROM entities WHERE text_id=?", (own,)))
        holders = self._holders("SELECT key, text_id FROM entities WHERE key IN ({})", names)
        values = {
            v: v for (v,) in self.db.execute("SELECT value FROM dates WHERE text_id=?", (own,))
        }
        dated = self._holders("SELECT value, text_id FROM dates WHERE value IN ({})", values)
        for slot, weight, labels, found_in in ((0, 1.0, names, holders),
                                               (1, DATE_WEIGHT, values, dated)):  # fmt: skip
            for key, texts in found_in.items():
                rarity = weight * math.log(1 + total / len(texts))
                for other in texts - {own}:
                    score[other] += rarity
                    shared[other][slot].append(labels[key])
        own_date = _day(self.db.execute("SELECT date FROM texts WHERE id=?", (own,)).fetchone()[0])
        found = []
        for other, title, language, day, other_rel in self._texts(list(score)):
            other_date = _day(day)
            apart = abs((own_date - other_date).days) if own_date and other_date else None
            if apart is not None:
                score[other] += CLOSENESS_WEIGHT * math.exp(-apart / CLOSENESS_DAYS)
            found.append(
                RelatedArticle(
                    other_rel, title or "", language, day, round(score[other], 3),
                    tuple(sorted(shared[other][0])), tuple(sorted(shared[other][1])),
                    apart,
                )
            )  # fmt: skip
        found.sort(key=lambda r: (-r.score, r.rel))
        return found[:limit]

    def _holders(self, query: str, keys: Iterable[str]) -> dict[str, set[int]]:
        """The texts holding each of ``keys`` (``query`` selects key, text id for a list of
        keys put in its ``{}``)."""
        found: dict[str, set[int]] = defaultdict(set)
        wanted = list(keys)
        for chunk in range(0, len(wanted), 500):
            part = wanted[chunk : chunk + 500]
            for key, text_id in self.db.execute(query.format(",".join("?" * len(part))), part):
                found[key].add(text_id)
        return found

    def _texts(self, ids: list[int]) -> Iterator[tuple[int, str, str, str, str]]:
        for chunk in range(0, len(ids), 500):
            part = ids[chunk : chunk + 500]
            marks = ",".join("?" * len(part))
            yield from self.db.execute(
                f"SELECT id, title, language, date, rel FROM texts WHERE id IN ({marks})", part
            )

    def _timeline_where(
        self, rel: str | None, entity: str | None, first: str | None, last: str | None
    ) -> tuple[str, list[Any]]:
        where: list[str] = ["1"]
        params: list[Any] = []
        if rel is not None:
            where.append("d.text_id = ?")
            params.append(self.text_id(rel))
        if entity is not None:
            where.append("d.text_id IN (SELECT text_id FROM entities WHERE key = ?)")
            params.append(self.entity_key_of(entity))
        if first is not None:
            where.append("d.day >= ?")
            params.append(first)
        if last is not None:
            where.append("d.day <= ?")
            params.append(last)
        return " AND ".join(where), params

    def entity_key_of(self, name: str) -> str:
        """The key an entity filter ``name`` looks for: its ``entities.yaml`` name when it
        is an alias (Песков → Dmitry Peskov), else the name itself."""
        entry = self.registry.lookup(name) if self.registry is not None else None
        return alias_key(entry.name if entry is not None else name)

    def timeline(
        self,
        rel: str | None = None,
        *,
        entity: str | None = None,
        first: str | None = None,
        last: str | None = None,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[TimelineEntry]:
        """Every normalised date (of ``rel``, or of the corpus) in order of the day it
        starts on, then article and position; ``entity``: only articles that mention it;
        ``first``/``last`` (``YYYY-MM-DD``, both included): only dates starting between
        them. ``offset``/``limit`` page through."""
        where, params = self._timeline_where(rel, entity, first, last)
        params += [-1 if limit is None else limit, offset]
        rows = self.db.execute(
            f"""SELECT d.day, d.extent, d.value, t.rel, t.language, d.start, d.end, d.surface,
                       d.sentence, d.source, d.annotation_id
                FROM dates d JOIN texts t ON t.id = d.text_id WHERE {where}
                ORDER BY d.day, t.rel, d.start LIMIT ? OFFSET ?""",
            params,
        )
        return [TimelineEntry(*row) for row in rows]

    def timeline_count(
        self,
        rel: str | None = None,
        *,
        entity: str | None = None,
        first: str | None = None,
        last: str | None = None,
    ) -> int:
        """How many entries ``timeline`` has with these filters (for a pager)."""
        where, params = self._timeline_where(rel, entity, first, last)
        query = f"SELECT COUNT(*) FROM dates d WHERE {where}"
        return int(self.db.execute(query, params).fetchone()[0])

    def _term_sql(self, term: Term) -> tuple[str, list[Any]]:
        """One query term as an SQL condition on an annotation ``a`` of a text ``t``."""
        value = term.value
        if term.is_text:
            return "instr(a.haystack, ?) > 0", [value.casefold()]
        if term.kind == "tag":
            return "a.tag = ?", [value]
        if term.kind == "speaker":
            group = speaker_group(value, self.registry)
            return "(a.speaker_group = ? OR instr(a.speaker_fold, ?) > 0)", [
                group,
                value.casefold(),
            ]
        if term.kind == "author":
            return "a.author = ?", [value]
        if term.kind == "lang":
            return "t.language = ?", [value]
        if term.kind == "date":
            first, last = date_bounds(value)
            return "(a.day BETWEEN ? AND ? OR t.date BETWEEN ? AND ?)", [first, last] * 2
        if term.kind == "path":
            if value.endswith("/"):
                return "substr(t.rel, 1, ?) = ?", [len(value), value]
            return "t.rel = ?", [value]
        if term.kind == "entity":
            return "a.text_id IN (SELECT text_id FROM entities WHERE key = ?)", [
                self.entity_key_of(value)
            ]
        if term.kind == "has" and value == "orphan":
            return "a.orphaned = 1", []
        if term.kind == "has" and value == "annotations":
            return "1", []
        raise QueryError(f"{term}: not a filter of annotations")

    def _annotation_where(self, query: Query) -> tuple[str, list[Any]]:
        where: list[str] = ["1"]
        params: list[Any] = []
        for clause in query.clauses:
            parts = []
            for term in clause:
                sql, values = self._term_sql(term)
                parts.append(f"NOT ({sql})" if term.negated else f"({sql})")
                params += values
            where.append("(" + " OR ".join(parts) + ")")
        return " AND ".join(where), params

    _GROUP_COLUMN: ClassVar[dict[str, str]] = {
        "speaker": "COALESCE(a.speaker_group, '')",
        "article": "t.rel",
        "tag": "a.tag",
    }

    def annotations(
        self,
        query: Query = EVERYTHING,
        *,
        group: str = "article",
        offset: int = 0,
        limit: int | None = None,
    ) -> list[AnnotationRow]:
        """The annotations of the corpus ``query`` (``core/corpus/query.py``: words, tag:,
        speaker:, author:, lang:, date:, path:, entity:, has:orphan) keeps, ordered by ``group``
        (``speaker``, ``article`` or ``tag``: rows of one group are consecutive, their
        ``group`` field says which), then article and position. Each row carries the ids
        linking to it (``incoming``) and, in ``linked``, the annotations linked to it
        either way (a claim's conditions). ``offset``/``limit`` page through."""
        if group not in GROUPS:
            raise ReaderError(f"unknown group '{group}' (one of {', '.join(GROUPS)})")
        where, params = self._annotation_where(query)
        params += [-1 if limit is None else limit, offset]
        column = self._GROUP_COLUMN[group]
        rows = self.db.execute(
            f"""{_ROW_COLUMNS}, {column} FROM annotations a JOIN texts t ON t.id = a.text_id
                WHERE {where} ORDER BY {column}, t.rel, a.start, a.end, a.id
                LIMIT ? OFFSET ?""",
            params,
        ).fetchall()
        found = self._with_incoming([_row(row, row[14] or "") for row in rows])
        wanted = {
            _target(row.rel, ref): None for row in found for ref in (*row.links, *row.incoming)
        }
        linked = self._annotations_at(list(wanted))
        return [
            replace(row, linked=tuple(
                linked[key] for ref in dict.fromkeys((*row.links, *row.incoming))
                if (key := _target(row.rel, ref)) in linked
            ))
            for row in found
        ]  # fmt: skip

    def annotation_count(self, query: Query = EVERYTHING) -> int:
        """How many annotations ``annotations`` lists with ``query`` (for a pager)."""
        where, params = self._annotation_where(query)
        sql = f"SELECT COUNT(*) FROM annotations a JOIN texts t ON t.id = a.text_id WHERE {where}"
        return int(self.db.execute(sql, params).fetchone()[0])

    def _with_incoming(self, rows: list[AnnotationRow]) -> list[AnnotationRow]:
        """``rows`` with the links pointing at each (``id`` from its own document,
        ``rel#id`` from another), found in one query per 500 documents."""
        incoming: dict[tuple[str, str], list[str]] = defaultdict(list)
        rels = list(dict.fromkeys(row.rel for row in rows))
        for chunk in range(0, len(rels), 500):
            part = rels[chunk : chunk + 500]
            for target_rel, target_id, rel, ident in self.db.execute(
                f"""SELECT l.target_rel, l.target_id, t.rel, l.id FROM links l
                    JOIN texts t ON t.id = l.text_id
                    WHERE l.target_rel IN ({",".join("?" * len(part))})
                    ORDER BY t.rel, l.id""",
                part,
            ):
                ref = ident if rel == target_rel else f"{rel}#{ident}"
                incoming[(target_rel, target_id)].append(ref)
        return [replace(row, incoming=tuple(incoming.get((row.rel, row.id), ()))) for row in rows]

    def _annotations_at(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], AnnotationRow]:
        """The annotations named by (document, id), those that exist, with their incoming
        links."""
        wanted = set(keys)
        rels = list(dict.fromkeys(rel for rel, _ in keys))
        found = []
        for chunk in range(0, len(rels), 500):
            part = rels[chunk : chunk + 500]
            for row in self.db.execute(
                f"""{_ROW_COLUMNS} FROM annotations a JOIN texts t ON t.id = a.text_id
                    WHERE t.rel IN ({",".join("?" * len(part))})""",
                part,
            ):
                if (row[0], row[3]) in wanted:
                    found.append(_row(row, ""))
        return {(row.rel, row.id): row for row in self._with_incoming(found)}

    def annotation(self, rel: str, ident: str) -> AnnotationRow | None:
        """One annotation by its document and id (None when there is no such one)."""
        return self._annotations_at([(rel, ident)]).get((rel, ident))


_ROW_COLUMNS = """SELECT t.rel, t.language, t.date, a.id, a.tag, a.start, a.end, a.text,
    a.speaker, a.speaker_group, a.note, a.value, a.author, a.links"""


def _row(row: Sequence[Any], group: str) -> AnnotationRow:
    """An annotation row of the tables (``_ROW_COLUMNS``), its links both ways not yet
    looked up."""
    return AnnotationRow(
        rel=row[0], language=row[1], article_date=row[2], id=row[3], tag=row[4], start=row[5],
        end=row[6], text=row[7], speaker=row[8], speaker_group=row[9], note=row[10],
        value=row[11], author=row[12], links=tuple(json.loads(row[13])), incoming=(),
        group=group,
    )  # fmt: skip


def _target(rel: str, ref: str) -> tuple[str, str]:
    """The (document, id) a link held in the document ``rel`` names."""
    target_rel, ident = split_link(ref)
    return (target_rel or rel, ident)


def _stat_stamp(path: Path | str) -> str:
    try:
        found = os.stat(path)
    except OSError:
        return "-"
    return f"{found.st_size}:{found.st_mtime_ns}"


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None
