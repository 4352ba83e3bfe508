"""Word base forms for search: Snowball stems, chosen per word by its script.

``Путин``, ``Путина``, ``Путиным`` and ``Путину`` share the stem ``путин``; ``meeting`` and
``meetings`` share ``meet``. The script of each word picks the stemmer (Cyrillic: Russian,
Latin: English), so a mixed text and a query need no language. Snowball (PyStemmer, C) is
used rather than pymorphy2's lemmas because indexing a corpus stems every word of it and a
stem costs a small fraction of a dictionary parse (``make bench`` measures the index).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

# Letters and digits; the search index's tokenizer (unicode61) splits on everything else,
# underscores included, so both sides see the same words.
WORD = re.compile(r"[^\W_]+")
_WORD_OR_UNDERSCORED = re.compile(r"\w+")
_CACHE_LIMIT = 400_000
_forms: dict[str, str] = {}


@cache
def _stemmers() -> tuple[Any, Any]:
    stemmer = importlib.import_module("Stemmer")
    return stemmer.Stemmer("russian"), stemmer.Stemmer("english")


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def _is_latin(ch: str) -> bool:
    return ch.isascii() or "\u00c0" <= ch <= "\u024f"


def _stem_new(words: set[str]) -> None:
    """Stem lower-case ``words`` not yet cached (in one call per stemmer: C loops)."""
    russian, english = _stemmers()
    cyrillic = [w for w in words if _is_cyrillic(w[-1])]
    latin = [w for w in words if w[-1].isalpha() and _is_latin(w[-1])]
    if len(_forms) + len(words) >= _CACHE_LIMIT:
        _forms.clear()
    _forms.update(zip(words, words, strict=True))  # numbers and other scripts: as they are
    _forms.update(
        zip(cyrillic, russian.stemWords([w.replace("ё", "е") for w in cyrillic]), strict=True)
    )
    _forms.update(zip(latin, english.stemWords(latin), strict=True))


def base_form(word: str) -> str:
    """The lower-case stem of one word (cached by form); numbers and other scripts as is."""
    lower = word.lower()
    if lower not in _forms:
        _stem_new({lower})
    return _forms[lower]


def base_forms(text: str) -> str:
    """The stems of the words of ``text`` in order, joined by spaces (what the index holds)."""
    lower = text.lower()
    words = _WORD_OR_UNDERSCORED.findall(lower)  # a quarter faster than WORD on long texts
    if "_" in lower:
        words = [part for word in words for part in word.split("_") if part]
    new = set(words).difference(_forms)
    if new:
        _stem_new(new)
    return " ".join(map(_forms.__getitem__, words))


def words_with_offsets(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, stem) of every word of ``text``; offsets in code points."""
    for match in WORD.finditer(text):
        yield match.start(), match.end(), base_form(match.group())


# Snowball stems most Russian forms alike but not every surname: Песков → песк while
# Пескова → песков. A query word is therefore also matched by the stems of a few forms
# built from its own stem (the index is untouched: only queries widen).
_RUSSIAN_ENDINGS = ("а", "у", "ом", "ым", "е", "ов", "ова", "ову", "овым", "ове", "ев", "ева")


def query_forms(word: str) -> frozenset[str]:
    """The stems a query word matches: its own, and for a Russian word those of the
    forms its stem takes (``Песков`` and ``Пескова`` match each other)."""
    stem = base_form(word)
    if not stem or not _is_cyrillic(stem[-1]):
        return frozenset((stem,))
    forms = {stem, base_form(stem)}
    forms.update(base_form(stem + ending) for ending in _RUSSIAN_ENDINGS)
    return frozenset(forms)
