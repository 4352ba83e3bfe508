"""Setting an article's date, and re-resolving the date values that depend on it.

The date an analyst sets is the annotation file's header key ``date:`` (it wins
over a dateline or the file name: ``core/text/article_date``). Relative dates
("on Tuesday", "вчера") and dates without a year resolve against the article
date, so a new date changes what the recognisers find; every ``date``
annotation whose value is the one recognition gave under the old article date
(or that has none where recognition had none) takes the value recognition gives
under the new one. Values an analyst typed differently are left alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reader.core.annotations.session import EditSession
from reader.core.recognition.entities import recognise_document
from reader.core.recognition.registry import EntityRegistry
from reader.core.text.article_date import ArticleDate, article_date, parse_article_date
from reader.core.text.document import Document


@dataclass(frozen=True)
class DateChange:
    """What setting an article's date did: the date before and after (with where each
    came from) and how many date values were re-resolved."""

    before: ArticleDate | None
    after: ArticleDate | None
    changed_values: int


def _recognised_dates(
    document: Document,
    language: str | None,
    reference: date | None,
    cache_dir: Path,
    registry: EntityRegistry | None,
) -> dict[tuple[int, int], str | None]:
    spans = recognise_document(
        document, language, cache_dir=cache_dir, registry=registry, reference_date=reference
    )
    return {(s.start, s.end): s.value for s in spans if s.type in ("DATE", "TIME")}


def set_article_date(
    session: EditSession,
    language: str | None,
    value: str | None,
    *,
    registry: EntityRegistry | None = None,
) -> DateChange:
    """Set (``YYYY-MM-DD``) or clear (None) the date of the session's document, saved in
    its header through the session, and re-resolve the date values recognition gave (see
    the module doc). An impossible date is refused (ReaderError, with the reason) before
    anything is written. Runs the recognisers: slow on first use (call from a worker)."""
    new_value = parse_article_date(value) if value is not None else None
    document = session.document
    before = article_date(document.text, document.rel, session.file.date)
    after = article_date(document.text, document.rel, new_value)
    session.set_date(new_value.isoformat() if new_value else None)
    old_ref = before.value if before else None
    new_ref = after.value if after else None
    if old_ref == new_ref:
        return DateChange(before, after, 0)
    cache_dir = session.store.project.cache_dir
    old = _recognised_dates(document, language, old_ref, cache_dir, registry)
    new = _recognised_dates(document, language, new_ref, cache_dir, registry)
    count = 0
    for a in session.annotations:
        span = (a.start, a.end)
        if a.tag != "date" or a.orphaned or (span not in old and span not in new):
            continue
        if a.value == old.get(span) and new.get(span) != a.value:
            session.update(a.id, value=new.get(span) or "")
            count += 1
    return DateChange(before, after, count)
