"""The date of an article, and where it came from.

In order: the date an analyst set (the annotation file's header ``date:``), a
metadata line or dateline at the top of the text (``date 2021-12-29``,
``MOSCOW, Dec 29 (Reuters) -``, ``WASHINGTON, Dec. 29, 2021 (AP) —``,
``Москва, 29 дек — РИА Новости``, a line ``29 декабря 2021``, a timestamp
``2021-12-29T10:00``), then the file name or its folders (``2021-12-29-…``,
``2021/12/29/``, ``20211229``). A pure function of (text, path, set date): the
corpus index and the document call it; nothing here reads files.

A dateline without a year ("MOSCOW, Dec 29 (Reuters)") takes the year of the
path's date, else the first year the text mentions; without either it gives no
date. Only the head of the text is looked at (``HEAD_LINES`` non-blank lines
within ``HEAD_CHARS``): a date further down is a date in the story, not of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from reader.core.errors import ReaderError

DateSource = Literal["set", "text", "path"]
HEAD_LINES = 8
HEAD_CHARS = 1200
_SHORT_LINE_WORDS = 8  # a line this short holding a full date is a date line, not a sentence

_EN_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_RU_MONTHS = {
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
    "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
    "янв": 1, "фев": 2, "февр": 2, "мар": 3, "апр": 4, "май": 5, "июн": 6, "июл": 7,
    "авг": 8, "сен": 9, "сент": 9, "окт": 10, "ноя": 11, "нояб": 11, "дек": 12,
}  # fmt: skip
_MONTHS = {**_EN_MONTHS, **_RU_MONTHS}


def _alternatives(words: dict[str, int]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_MONTH = rf"(?P<month>(?i:{_alternatives(_MONTHS)}))\.?"
_DAY = r"(?P<day>3[01]|[12]\d|0?[1-9])(?!\d)"
_YEAR = r"(?P<year>\d{4})(?!\d)"
_RU_YEAR_WORD = r"(?:\s*(?:года|год|г\.))?"
_DASH = r"[-–—]"

_METADATA = re.compile(
    r"^\s*(?:date|dated|published|updated|дата|опубликовано)\s*:?\s*"
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?!\d)",
    re.I,
)
_LEADING_ISO = re.compile(r"^\s*(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?![\d-])")
_TIMESTAMP = re.compile(
    r"(?<![\d-])(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})[T ]\d{2}:\d{2}(?!\d)"
)
# "MOSCOW, Dec 29 (Reuters) -", "WASHINGTON, Dec. 29, 2021 (AP) —"
_EN_DATELINE = re.compile(
    rf"^\s*[A-Z][A-Za-z .'-]*[A-Za-z]\.?,\s+{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?"
    rf"\s*(?:\([^()\n]{{1,40}}\))?\s*{_DASH}"
)
# "Москва, 29 дек — РИА Новости", "МОСКВА, 29 декабря 2021 г. —"
_RU_DATELINE = re.compile(
    rf"^\s*[А-ЯЁA-Z][\w .'-]*,\s+{_DAY}\s+{_MONTH}(?:\s+{_YEAR}{_RU_YEAR_WORD})?,?\s*{_DASH}"
)
_DAY_MONTH_YEAR = re.compile(rf"(?<!\w){_DAY}\s+{_MONTH},?\s+{_YEAR}{_RU_YEAR_WORD}", re.I)
_MONTH_DAY_YEAR = re.compile(rf"(?<!\w){_MONTH}\s+{_DAY}(?:st|nd|rd|th)?,?\s+{_YEAR}", re.I)
_DOTTED = re.compile(r"(?<![\d.])(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})(?![\d.])")
_ANY_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")

_PATH_SEPARATED = re.compile(
    r"(?<!\d)(?P<year>\d{4})[-_/.](?P<month>\d{1,2})[-_/.](?P<day>\d{1,2})(?!\d)"
)
_PATH_COMPACT = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d\d)(?P<month>0[1-9]|1[0-2])(?P<day>0[1-9]|[12]\d|3[01])(?!\d)"
)
_ISO = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})$")


@dataclass(frozen=True, slots=True)
class ArticleDate:
    """An article's date and where it was found: ``set`` by an analyst, in the ``text``,
    or in the ``path``."""

    value: date
    source: DateSource

    @property
    def iso(self) -> str:
        """``YYYY-MM-DD``."""
        return self.value.isoformat()


def parse_article_date(text: str) -> date:
    """``YYYY-MM-DD`` as a date; ReaderError saying why when it cannot be one
    (``2021-02-30``, a year 0, another shape)."""
    match = _ISO.match(text.strip())
    if match is None:
        raise ReaderError(f"'{text}' is not a date: expected YYYY-MM-DD, e.g. 2021-12-29")
    year, month, day = (int(match.group(k)) for k in ("year", "month", "day"))
    if year == 0:
        raise ReaderError(f"'{text}' is not a date: there is no year 0")
    if not 1 <= month <= 12:
        raise ReaderError(f"'{text}' is not a date: there is no month {month}")
    try:
        return date(year, month, day)
    except ValueError:
        raise ReaderError(
            f"'{text}' is not a date: {date(year, month, 1):%B %Y} has no day {day}"
        ) from None


def _date_of(match: re.Match[str], year: int | None = None) -> date | None:
    """The date a match names (None when impossible, e.g. a 30 February in a file name)."""
    month_text = match.group("month")
    month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text.casefold())
    found_year = match.group("year") if "year" in match.re.groupindex else None
    full_year = int(found_year) if found_year else year
    if month is None or not full_year:
        return None
    try:
        return date(full_year, month, int(match.group("day")))
    except ValueError:
        return None


def _head_lines(text: str) -> list[str]:
    lines = [line for line in text[:HEAD_CHARS].splitlines() if line.strip()]
    return lines[:HEAD_LINES]


def date_in_text(text: str, year_hint: int | None = None) -> date | None:
    """The article date a metadata line, dateline or date line at the top of ``text``
    states; ``year_hint`` completes a dateline without a year (else the first year the
    text mentions does)."""
    for line in _head_lines(text):
        for pattern in (_METADATA, _LEADING_ISO, _TIMESTAMP):
            match = pattern.search(line) if pattern is _TIMESTAMP else pattern.match(line)
            if match and (found := _date_of(match)):
                return found
        for pattern in (_EN_DATELINE, _RU_DATELINE):
            match = pattern.match(line)
            if match and (found := _date_of(match, year_hint or _first_year(text))):
                return found
        if len(line.split()) <= _SHORT_LINE_WORDS:
            for pattern in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR, _DOTTED):
                match = pattern.search(line)
                if match and (found := _date_of(match)):
                    return found
    return None


def _first_year(text: str) -> int | None:
    match = _ANY_YEAR.search(text)
    return int(match.group()) if match else None


def date_in_path(rel: str) -> date | None:
    """The date a corpus-relative path names: ``2021-12-29-x.txt``, ``2021/12/29/x.txt``,
    ``20211229.txt``; the deepest (rightmost) one wins."""
    found = [
        (match.end(), candidate)
        for pattern in (_PATH_COMPACT, _PATH_SEPARATED)
        for match in pattern.finditer(rel)
        if (candidate := _date_of(match)) is not None
    ]
    return max(found)[1] if found else None


def article_date(text: str, rel: str, set_date: date | str | None = None) -> ArticleDate | None:
    """The date of the article ``text`` at ``rel`` (relative to the corpus), given the
    date an analyst set (the annotation file's header ``date:``): see the module doc.

    A set date that cannot be a date raises ReaderError (``parse_article_date``).
    """
    if set_date is not None:
        value = set_date if isinstance(set_date, date) else parse_article_date(set_date)
        return ArticleDate(value, "set")
    from_path = date_in_path(rel)
    from_text = date_in_text(text, from_path.year if from_path else None)
    if from_text is not None:
        return ArticleDate(from_text, "text")
    if from_path is not None:
        return ArticleDate(from_path, "path")
    return None
