"""What the index keeps of one text and of its annotation file, computed in worker processes.

Each file is read once: decoding, sha256, language, title, date and the words' base forms
all come from the same bytes. The script of the text decides the language where it can;
langdetect runs only where it cannot.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from reader.core.errors import DocumentError, Problem, ReaderError
from reader.core.project.layout import Project
from reader.core.text.article_date import parse_article_date
from reader.core.text.document import Document, load_document
from reader.core.text.language import detect_language
from reader.core.text.morphology import base_forms

CONFLICT_KEY = "conflict"  # what `reader merge-driver` writes where two edits disagree
_LATIN_LANGUAGES = frozenset(
    ("af", "az", "ca", "cs", "cy", "da", "de", "en", "es", "et", "fi", "fr", "hr", "hu", "id",
     "it", "lt", "lv", "nl", "no", "pl", "pt", "ro", "sk", "sl", "so", "sq", "sv", "sw", "tl",
     "tr", "vi")
)  # fmt: skip
_CYRILLIC_LANGUAGES = frozenset(("ru", "uk", "bg", "mk", "sr", "be", "kk"))
_SCRIPT_SAMPLE = 600
_NOT_CYRILLIC = re.compile(r"[^\u0400-\u04ff]+")
_NOT_LATIN = re.compile(r"[^A-Za-z]+")
_ISO_VALUE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True, slots=True)
class TextRecord:
    """One text as the index holds it; ``error`` set when it cannot be read."""

    rel: str
    size: int
    mtime_ns: int
    inode: int
    sha256: str = ""
    encoding: str = ""
    language: str | None = None
    title: str = ""
    date: str | None = None
    date_source: str | None = None
    chars: int = 0
    words: str = ""  # base forms, in order, space-separated
    error: str | None = None


@dataclass(frozen=True, slots=True)
class AnnotationSummary:
    """One annotation file as the index holds it (``stamp`` None: the text has none)."""

    stamp: str | None
    count: int = 0
    orphans: int = 0
    conflict: bool = False
    error: str | None = None
    tags: dict[str, int] = field(default_factory=dict)
    authors: dict[str, int] = field(default_factory=dict)
    dates: tuple[tuple[str, str], ...] = ()  # (first day, last day) of each date value
    words: str = ""  # base forms of tags, texts, speakers, notes, values and authors
    speakers: str = ""
    set_date: str | None = None  # the article date an analyst set (``reader date``)


@dataclass(frozen=True, slots=True)
class Job:
    """One text to (re)read: its text, its annotation file, or both."""

    rel: str
    size: int
    mtime_ns: int
    inode: int
    ann_stamp: str | None
    read_text: bool = True


def script_language(text: str, languages: tuple[str, ...]) -> str | None:
    """The language the script alone decides, among the project's ``languages``: Cyrillic
    letters dominating → ``ru`` (when the only Cyrillic one of them); Latin → the only
    Latin-script one. None when the script leaves a choice (langdetect decides then)."""
    if not languages:
        return None
    middle = max(0, len(text) // 2 - _SCRIPT_SAMPLE // 2)  # the body, past bylines
    sample = text[middle : middle + _SCRIPT_SAMPLE]
    cyrillic = len(_NOT_CYRILLIC.sub("", sample))
    latin = len(_NOT_LATIN.sub("", sample))
    if cyrillic + latin < 3:
        return None
    pool = _CYRILLIC_LANGUAGES if cyrillic > latin else _LATIN_LANGUAGES
    candidates = [lang for lang in languages if lang in pool]
    return candidates[0] if len(candidates) == 1 else None


def language_of(text: str, languages: tuple[str, ...]) -> str | None:
    """The text's language among ``languages``: by script first, else langdetect."""
    return script_language(text, languages) or detect_language(text, languages)


def analyse_text(path: Path, job: Job, languages: tuple[str, ...]) -> TextRecord:
    """Read and describe one text (an unreadable one gives a record with ``error``)."""
    try:
        document = load_document(path, job.rel)
    except DocumentError as exc:
        return TextRecord(job.rel, job.size, job.mtime_ns, job.inode, error=exc.message)
    return record_of(document, job, languages)


def record_of(document: Document, job: Job, languages: tuple[str, ...]) -> TextRecord:
    """The record of a text already loaded."""
    dated = document.dated
    return TextRecord(
        rel=job.rel,
        size=job.size,
        mtime_ns=job.mtime_ns,
        inode=job.inode,
        sha256=document.sha256,
        encoding=document.encoding,
        language=language_of(document.text, languages),
        title=document.title,
        date=dated.iso if dated else None,
        date_source=dated.source if dated else None,
        chars=len(document.text),
        words=base_forms(document.text),
    )


def date_range(value: str) -> tuple[str, str] | None:
    """(first day, last day) of an ISO date value (``2022``, ``2022-01``, ``2022-01-15``,
    or a longer stamp starting with one); None for anything else."""
    match = _ISO_VALUE.match(value.strip())
    if match is None:
        return None
    year, month, day = match.groups()
    if day is not None:
        return f"{year}-{month}-{day}", f"{year}-{month}-{day}"
    if month is not None:
        return f"{year}-{month}-01", f"{year}-{month}-31"
    return f"{year}-01-01", f"{year}-12-31"


def summarise_annotations(project: Project, rel: str, stamp: str | None) -> AnnotationSummary:
    """Counts, words and problems of the annotation file of ``rel``."""
    if stamp is None:
        return AnnotationSummary(None)
    from reader.core.annotations.store import Store

    try:
        afile = Store(project).read_path(project.annotation_path(rel))
    except Problem as exc:
        message = exc.describe()
        return AnnotationSummary(stamp, error=message, conflict="git conflict markers" in message)
    tags: Counter[str] = Counter()
    authors: Counter[str] = Counter()
    dates: set[tuple[str, str]] = set()
    words: list[str] = []
    speakers: list[str] = []
    orphans = 0
    conflict = any(key == CONFLICT_KEY for key, _ in afile.extra)
    for a in afile.annotations:
        tags[a.tag] += 1
        if a.author:
            authors[a.author] += 1
        orphans += a.orphaned
        conflict = conflict or any(key == CONFLICT_KEY for key, _ in a.extra)
        if a.value and (span := date_range(a.value)) is not None:
            dates.add(span)
        words.extend(x for x in (a.tag, a.text, a.speaker, a.note, a.value, a.author) if x)
        if a.speaker:
            speakers.append(a.speaker)
    return AnnotationSummary(
        stamp=stamp,
        count=len(afile.annotations),
        orphans=orphans,
        conflict=conflict,
        tags=dict(sorted(tags.items())),
        authors=dict(sorted(authors.items())),
        dates=tuple(sorted(dates)),
        words=base_forms("\n".join(words)),
        speakers=base_forms("\n".join(speakers)),
        set_date=_set_date(afile.date),
    )


def _set_date(value: str | None) -> str | None:
    """The set article date, when it is one (``validate`` reports one that is not)."""
    if value is None:
        return None
    try:
        return parse_article_date(value).isoformat()
    except ReaderError:
        return None


def analyse(
    project: Project, jobs: list[Job], languages: tuple[str, ...]
) -> list[tuple[TextRecord | None, AnnotationSummary]]:
    """Records for a batch of jobs (what a worker process runs)."""
    out: list[tuple[TextRecord | None, AnnotationSummary]] = []
    # Paths joined as strings: the rels come from the walk, already checked.
    corpus = str(project.corpus_dir)
    for job in jobs:
        path = Path(f"{corpus}/{job.rel}")
        text = analyse_text(path, job, languages) if job.read_text else None
        out.append((text, summarise_annotations(project, job.rel, job.ann_stamp)))
    return out
