"""Recogniser interface: a text in, entity spans out (PER, ORG, LOC, DATE, TIME).

``recognise(text, language, reference_date)`` runs the pipeline of the language
("en": rules in ``ner_en``; "ru": natasha in ``ner_ru``; both: ``dates``) and
links names through an optional ``entities.yaml`` registry. ``recognise_document``
adds a JSON cache under ``<project>/.reader/entities/<sha256>.json`` (through
``core.files.cache``). Models load on first use, never at import: the TUI imports this
module at start-up.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from reader.core.files.cache import read_keyed, write_keyed
from reader.core.recognition.ner_en import Mention
from reader.core.recognition.registry import EntityRegistry
from reader.core.text.document import Document

ENTITY_TYPES = ("PER", "ORG", "LOC", "DATE", "TIME")
SUPPORTED_LANGUAGES = ("en", "ru")
# Bump when recogniser output changes: older cache files are then ignored.
RECOGNISER_VERSION = "5"


@dataclass(frozen=True, slots=True, order=True)
class EntitySpan:
    """A recognised span: code-point offsets into the text, type, surface and normalized value.

    ``value`` is the ISO 8601 value of a DATE/TIME, or the normal form of a name
    (Путиным → Путин; Biden → Joe Biden after "Joe Biden"; the registry's canonical
    name when linked). ``canonical`` is the ``entities.yaml`` name it links to.
    ``inside`` marks a name within another span (the LOC "России" in the ORG "МЧС
    России"): a view highlights the outer span and lists the inner one; both are
    entities of the article (suggestions, search, the index).
    """

    start: int
    end: int
    type: str
    text: str
    value: str | None = None
    canonical: str | None = None
    inside: bool = False


def _names(text: str, language: str, registry: EntityRegistry | None) -> tuple[list[Mention], Any]:
    if language == "ru":
        from reader.core.recognition.ner_ru import recognise_russian, russian_tense

        return recognise_russian(text, registry), russian_tense
    from reader.core.recognition.ner_en import recognise_english

    return recognise_english(text, registry), None


def _linked(
    text: str, m: Mention, registry: EntityRegistry | None, *, inside: bool = False
) -> EntitySpan:
    """The span of mention ``m``: its text exactly as in ``text`` (a name's words may be
    apart by several spaces or a tab), its value the name as looked up."""
    surface = text[m.start : m.end]
    entry = None
    if registry is not None:
        entry = registry.lookup(m.value) or registry.lookup(m.text)
        if entry is None and m.type == "PER":
            entry = registry.lookup(m.value.split()[-1])
    if entry is not None:
        return EntitySpan(m.start, m.end, entry.type, surface, entry.name, entry.name, inside)
    return EntitySpan(m.start, m.end, m.type, surface, m.value, None, inside)


def recognise(
    text: str,
    language: str | None,
    reference_date: date | None = None,
    *,
    registry: EntityRegistry | None = None,
) -> list[EntitySpan]:
    """All entity spans of ``text``, sorted by position; an inner span (``inside``)
    follows the outer one that holds it.

    ``language`` "en" or "ru" (anything else gets the English rules, which also
    suit other Latin-script languages poorly but harmlessly); ``reference_date``
    resolves relative dates and missing years (the article's own date).
    """
    from reader.core.recognition.dates import find_dates
    from reader.core.recognition.nesting import inner_names

    lang = language if language in SUPPORTED_LANGUAGES else "en"
    mentions, tense = _names(text, lang, registry)
    spans = [_linked(text, m, registry) for m in mentions]
    spans.extend(
        _linked(text, m, registry, inside=True) for m in inner_names(text, mentions, lang, registry)
    )
    dates = find_dates(text, lang, reference_date, tense=tense)
    taken = [(d.start, d.end) for d in dates]
    spans = [s for s in spans if not any(a < s.end and s.start < b for a, b in taken)]
    spans.extend(EntitySpan(d.start, d.end, d.kind, d.text, d.value) for d in dates)
    return sorted(spans, key=lambda s: (s.start, -s.end, s.inside, s.type))


def warm_up(language: str | None) -> None:
    """Load the models ``language`` needs (call from a worker thread before first use)."""
    from reader.core.recognition.gazetteer import gazetteer

    gazetteer()
    if language == "ru":
        from reader.core.recognition.ner_ru import warm_up as warm_up_ru

        warm_up_ru()


# --- document-level cache ----------------------------------------------------------


def _cache_key(language: str, reference: date | None, registry: EntityRegistry | None) -> str:
    fingerprint = registry.fingerprint if registry is not None else "-"
    ref = reference.isoformat() if reference else "-"
    return f"v{RECOGNISER_VERSION}:{language}:{ref}:{fingerprint}"


def _read_cached(path: Path, key: str) -> list[EntitySpan] | None:
    data = read_keyed(path, key)
    if not isinstance(data, list):
        return None
    try:
        return [EntitySpan(**item) for item in data]
    except TypeError:  # a cache from another layout of EntitySpan
        return None


def cache_path(cache_dir: Path, doc: Document) -> Path:
    """Where the entities of ``doc`` are cached: ``<cache_dir>/entities/<sha256>.json``."""
    return cache_dir / "entities" / f"{doc.sha256}.json"


def recognise_document(
    doc: Document,
    language: str | None,
    *,
    cache_dir: Path | None = None,
    registry: EntityRegistry | None = None,
    reference_date: date | None = None,
) -> list[EntitySpan]:
    """The entity spans of ``doc``, from the cache when its key still matches.

    ``cache_dir`` is the project's ``.reader`` folder (None: no cache). The key holds
    the recogniser version, language, reference date (default: ``doc.date``) and the
    registry's fingerprint, so a change to any of them recomputes. Unwritable caches
    are ignored. Slow on first use (models): run it in a worker thread.
    """
    if cache_dir is not None:
        cached = cached_entities(doc, language, cache_dir=cache_dir, registry=registry,
                                 reference_date=reference_date)  # fmt: skip
        if cached is not None:
            return cached
    lang = language if language in SUPPORTED_LANGUAGES else "en"
    reference = reference_date or doc.date
    spans = recognise(doc.text, lang, reference, registry=registry)
    if cache_dir is not None:  # a read-only project still gets its spans
        write_keyed(cache_path(cache_dir, doc), _cache_key(lang, reference, registry),
                    [asdict(s) for s in spans])  # fmt: skip
    return spans


def cached_entities(
    doc: Document,
    language: str | None,
    *,
    cache_dir: Path,
    registry: EntityRegistry | None = None,
    reference_date: date | None = None,
) -> list[EntitySpan] | None:
    """The entity spans of ``doc`` from the cache when its key still matches (no model:
    quick), else None."""
    lang = language if language in SUPPORTED_LANGUAGES else "en"
    key = _cache_key(lang, reference_date or doc.date, registry)
    return _read_cached(cache_path(cache_dir, doc), key)
