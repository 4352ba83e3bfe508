"""The query language a person types: words, "phrases", -excluded, OR, and filters.

A query is clauses that must all hold; a clause is terms joined by ``OR``; a term is a
word, a quoted phrase or a ``name:value`` filter, excluded with a leading ``-``::

    Путин "пресс-секретарь" -Байден lang:ru date:2021-12-20..2022-01-15
    meeting OR talks tag:quote speaker:"Дмитрий Песков" has:annotations

The parser knows nothing of how a query is run (the index compiles it); it only checks
it, so a bad query is one clear message (QueryError) before anything is searched.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from reader.core.errors import ReaderError
from reader.core.text.morphology import WORD

FILTERS = ("lang", "tag", "speaker", "author", "entity", "date", "path", "has")
HAS_VALUES = ("annotations", "conflict", "orphan")
_LANG = re.compile(r"[a-z]{2,3}(?:-[a-z]{2})?")
_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_NEEDS_QUOTES = re.compile(r"\s")


class QueryError(ReaderError):
    """A query that cannot be run, with what is wrong in one line."""


@dataclass(frozen=True, slots=True)
class Term:
    """A word, a phrase (``kind`` "phrase") or a filter (``kind`` its name)."""

    kind: str
    value: str
    negated: bool = False

    @property
    def is_text(self) -> bool:
        """True for words and phrases (matched against the text and annotations)."""
        return self.kind in ("word", "phrase")

    def __str__(self) -> str:
        sign = "-" if self.negated else ""
        if self.kind == "word":
            return sign + self.value
        if self.kind == "phrase":
            return f'{sign}"{self.value}"'
        value = self.value
        if not value or _NEEDS_QUOTES.search(value):
            value = f'"{value}"'
        return f"{sign}{self.kind}:{value}"


@dataclass(frozen=True, slots=True)
class Query:
    """Clauses that must all hold, each a tuple of terms of which one must hold."""

    clauses: tuple[tuple[Term, ...], ...] = ()

    def __str__(self) -> str:
        return " ".join(" OR ".join(str(term) for term in clause) for clause in self.clauses)

    def __bool__(self) -> bool:
        return bool(self.clauses)

    @property
    def terms(self) -> tuple[Term, ...]:
        """Every term, in order."""
        return tuple(term for clause in self.clauses for term in clause)

    @property
    def wanted_text(self) -> tuple[Term, ...]:
        """The words and phrases a match shows (not excluded ones)."""
        return tuple(t for t in self.terms if t.is_text and not t.negated)


def _tokens(text: str) -> list[tuple[str, bool]]:
    """Raw tokens and whether each was quoted as a whole; QueryError on an open quote."""
    tokens: list[tuple[str, bool]] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        start = i
        chars: list[str] = []
        quoted_whole = False
        while i < n and not text[i].isspace():
            if text[i] == '"':
                close = text.find('"', i + 1)
                if close < 0:
                    raise QueryError(f'unbalanced quote at character {i + 1}: close it with "')
                quoted_whole = i == start or text[start:i] == "-"
                chars.append("\0" + text[i + 1 : close] + "\0")
                i = close + 1
                continue
            chars.append(text[i])
            i += 1
        token = "".join(chars)
        tokens.append((token, quoted_whole and token.endswith("\0")))
    return tokens


def _term(raw: str, whole_quote: bool) -> Term:
    negated = raw.startswith("-")
    body = raw[1:] if negated else raw
    if not body:
        raise QueryError("a lone '-': put the word to exclude right after it (-word)")
    if whole_quote:
        phrase = body.strip("\0")
        if not WORD.search(phrase):
            raise QueryError(f'"{phrase}": a phrase needs a letter or digit to search for')
        return Term("phrase", " ".join(phrase.split()), negated)
    name, colon, value = body.partition(":")
    if colon and "\0" not in name:
        value = value.replace("\0", "")
        if name not in FILTERS:
            raise QueryError(f"unknown filter '{name}:' (known: {', '.join(FILTERS)})")
        return Term(name, _checked(name, value), negated)
    word = body.replace("\0", "")
    if "\0" in body:  # a quoted part inside a word: the whole token is a phrase
        return _term(f"{'-' if negated else ''}\0{word}\0", True)
    if not WORD.search(word):
        raise QueryError(f"'{word}': nothing to search for (no letter or digit)")
    return Term("word", word, negated)


def _checked(name: str, value: str) -> str:
    value = value.strip()
    if not value:
        raise QueryError(f"'{name}:' needs a value ({name}:something)")
    if name == "lang":
        value = value.lower()
        if not _LANG.fullmatch(value):
            raise QueryError(f"lang:{value}: expected a language code like en or ru")
    elif name == "has" and value not in HAS_VALUES:
        raise QueryError(f"has:{value}: expected one of {', '.join(HAS_VALUES)}")
    elif name == "date":
        date_bounds(value)
    return value


def date_bounds(value: str) -> tuple[str, str]:
    """The first and last day a ``date:`` value covers: ``2022``, ``2022-01``,
    ``2022-01-15`` or a range ``A..B`` of those (either side may be left open)."""
    low, dots, high = value.partition("..")
    if not dots:
        return _day(value, first=True), _day(value, first=False)
    first = _day(low, first=True) if low else "0001-01-01"
    last = _day(high, first=False) if high else "9999-12-31"
    if first > last:
        raise QueryError(f"date:{value}: the range ends before it starts")
    return first, last


def _day(value: str, *, first: bool) -> str:
    match = _DATE.fullmatch(value)
    if match is None:
        raise QueryError(f"date:{value}: expected YYYY, YYYY-MM or YYYY-MM-DD (or A..B)")
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    if year == 0:
        raise QueryError(f"date:{value}: there is no year 0")
    if month is not None and not 1 <= month <= 12:
        raise QueryError(f"date:{value}: there is no month {month}")
    if month is None:
        return f"{year:04d}-01-01" if first else f"{year:04d}-12-31"
    days = calendar.monthrange(year, month)[1]
    if day is None:
        return f"{year:04d}-{month:02d}-{1 if first else days:02d}"
    if not 1 <= day <= days:
        raise QueryError(f"date:{value}: {year:04d}-{month:02d} has {days} days")
    return f"{year:04d}-{month:02d}-{day:02d}"


def parse_query(text: str) -> Query:
    """The query in ``text`` (empty: matches everything); QueryError when it is malformed."""
    clauses: list[tuple[Term, ...]] = []
    current: list[Term] = []
    expect_term = False
    # NUL marks quoted parts inside the tokenizer: typed, it is only a separator.
    for raw, whole_quote in _tokens(text.replace("\0", " ")):
        if raw == "OR" and not whole_quote:
            if not current or expect_term:
                raise QueryError("OR needs a term on each side (a OR b)")
            expect_term = True
            continue
        term = _term(raw, whole_quote)
        if expect_term:
            current.append(term)
            expect_term = False
        else:
            if current:
                clauses.append(tuple(current))
            current = [term]
    if expect_term:
        raise QueryError("OR needs a term on each side (a OR b)")
    if current:
        clauses.append(tuple(current))
    return Query(tuple(clauses))
