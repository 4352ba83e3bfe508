"""Word, sentence and paragraph boundaries for English and Russian news text.

Pure Python, computed once per document; every lookup is a bisect, so moving
through a 1 MB article costs the same as through a 1 KB one. Offsets are code
points into the text, ``end`` exclusive.

Sentences end after ``。``, ``！`` and ``？`` (plus closing brackets), whatever
follows; at ``.``, ``!``, ``?``, ``…`` (plus closing quotes and brackets)
when the next word starts with a capital letter or a digit. After an abbreviation
the dot decides by the abbreviation's kind:

* prefix abbreviations and initials attach to the next word and never end a
  sentence: ``Mr. Smith``, ``г. Москве``, ``т.е.``, ``J. Biden``, ``Дж. Байден``,
  ``В.В. Путин`` (an initial is one capital, or a capital plus a consonant, since
  no word lacks a vowel);
* postfix abbreviations close the phrase before them (``U.S.``, ``a.m.``, ``Inc.``,
  ``и т.д.``, ``и др.``, ``млн руб.``, ``2021 г.``, the pronoun ``I``) and end the
  sentence when the next word is capitalised and starts one: in English, a common
  sentence-initial word (``the U.S. The…`` splits, ``the U.S. Senate`` does not);
  in Russian, which capitalises only names and sentence starts, any capital,
  except after the sentence's opening date (``В 2021 г. Путин…``).

A line break ends a sentence unless the next line continues in lower case
(hard-wrapped text); a blank line always does.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

Span = tuple[int, int]

_WORD = re.compile(r"\w+(?:[-'’.]\w+)*", re.UNICODE)
# A candidate end: terminal punctuation, then closing quotes/brackets.
_TERMINAL = re.compile(r"(?:[.!?…]+|\.\.\.)[»”’\"')\]]*|[。！？]+[」』）】〕》〉”’]*")
# Full-width terminal punctuation (Chinese, Japanese) ends a sentence whatever follows:
# those scripts put no space between sentences and have no capitals.
_FULL_WIDTH_TERMINAL = frozenset("。！？")
_OPENERS = "«“„‘\"'([—–-•*"
_BLANK_LINE = re.compile(r"(?:\r\n|\n|\r)[ \t\f\v]*(?:\r\n|\n|\r)")
_LINE_BREAK = re.compile(r"\r\n|\n|\r")

# Prefix abbreviations attach to the word after them ("Mr. Smith", "г. Москва",
# "т.е. он"), so they never end a sentence.
_PREFIX_LIST = """
    mr mrs ms dr prof st gen gov sen rep lt col capt sgt adm maj cmdr
    dept est vs approx jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thur thurs fri sat sun e.g i.e
    т.е т.к т.н пр ул им см проф акад ген д кв корп ред изд англ рус нем франц
"""
# Postfix abbreviations close the phrase before them ("the U.S.", "и т.д.", "5 млн руб."),
# so they may close the sentence too.
_POSTFIX_LIST = """
    u.s u.k u.n e.u u.s.a d.c a.m p.m ph.d u.s.s.r etc inc ltd co corp bros jr sr al
    гг т.д т.п др тыс млн млрд руб долл коп обл р-н н.э
"""
PREFIX_ABBREVIATIONS = frozenset(_PREFIX_LIST.split())
POSTFIX_ABBREVIATIONS = frozenset(_POSTFIX_LIST.split())
# Abbreviations only when a number follows ("No. 5", "рис. 3"): "said no. Then" ends.
NUMBER_ABBREVIATIONS = frozenset({"no", "nos", "vol", "fig", "p", "pp", "стр", "рис", "ст"})
# English capitalises names and titles too ("U.S. Senate", "a.m. Moscow time"), so after an
# English postfix abbreviation only a word that commonly opens a sentence starts one.
_SENTENCE_STARTER_LIST = """
    the a an this that these those there here it its he she we they you i
    his her our their my your some many most all no each every both one another such
    but and or so yet however meanwhile then now still also instead thus therefore
    moreover furthermore nevertheless later earlier today tomorrow yesterday tonight
    afterwards finally next after before when while if as since although though because
    in on at for from with by during according to under over despite among about
    what who why how where which whether not only even just yes
    is are was were has have had do does did can could will would should may might must
"""
SENTENCE_STARTERS = frozenset(_SENTENCE_STARTER_LIST.split())
# An opening date phrase has at most this many words before "г.": "В декабре 2021 г.".
_DATE_OPENING_WORDS = 2
_VOWELS = frozenset("aeiouyаеёиоуыэюя")
_LETTERS = re.compile(r"[^\W\d_]+")

_PREFIX, _POSTFIX_EN, _POSTFIX_RU = "prefix", "postfix-en", "postfix-ru"


def _is_cyrillic(token: str) -> bool:
    return "\u0400" <= token[0] <= "\u04ff"


def _is_initial(token: str) -> bool:
    """One capital ("J", "В"), or a capital and a consonant ("Дж", "Вл"): no word lacks a vowel."""
    if len(token) > 2 or not token.isalpha() or not token[0].isupper():
        return False
    return len(token) == 1 or (token[1].islower() and token[1].lower() not in _VOWELS)


def _abbreviation_kind(text: str, token: str, low: str, start: int) -> str | None:
    """How the dot after ``token`` (``low`` lower-cased, starting at ``start``) reads;
    None for a full stop."""
    if token == "I":
        return _POSTFIX_EN  # the pronoun ("So did I."); before a name it stays an initial
    if low in PREFIX_ABBREVIATIONS or (len(token) <= 2 and _is_initial(token)):
        return _PREFIX
    if low == "г":  # "год" after a number ("в 2021 г."), else "город" ("г. Москве")
        return _POSTFIX_RU if text[max(0, start - 2) : start].rstrip()[-1:].isdigit() else _PREFIX
    if low in POSTFIX_ABBREVIATIONS:
        return _POSTFIX_RU if _is_cyrillic(token) else _POSTFIX_EN
    parts = token.split(".")
    if len(parts) > 1 and all(1 <= len(p) <= 2 and p.isalpha() for p in parts):
        # Dotted capitals are acronyms in English ("U.S.") but initials in Russian ("В.В.").
        return _POSTFIX_EN if token.isupper() and not _is_cyrillic(token) else _PREFIX
    return None


def _ends_after_abbreviation(text: str, kind: str, low: str, sentence: int, cut: int) -> bool:
    """True when the word after the postfix abbreviation ``low`` (ending at ``cut``) starts a
    sentence; the sentence so far starts at ``sentence``."""
    pos, n = cut, len(text)
    while pos < n and (text[pos] in _OPENERS or text[pos] in " \t"):
        pos += 1
    word = _LETTERS.match(text, pos)
    if word is None or not word.group()[0].isupper():
        return False  # a digit or lower case continues ("the U.S. president", "U.S. 2024")
    if kind == _POSTFIX_EN:
        return word.group().lower() in SENTENCE_STARTERS
    # Russian capitalises only names and sentence starts, so a capital starts a sentence,
    # unless "г." closes the sentence's opening date ("В 2021 г. Путин…").
    if low in ("г", "гг"):
        head = text[sentence:cut].lstrip()
        if head[:1].isupper() or head[:1].isdigit():
            return len(_LETTERS.findall(head)) - 1 > _DATE_OPENING_WORDS
    return True


def _starts_sentence(text: str, pos: int) -> bool:
    """True when the first letter or digit at/after ``pos`` (past openers) can start a sentence."""
    n = len(text)
    while pos < n and (text[pos] in _OPENERS or text[pos] in " \t"):
        pos += 1
    if pos >= n:
        return True
    ch = text[pos]
    return ch.isupper() or ch.isdigit() or not ch.isalpha()


def _token_before(text: str, end: int) -> tuple[str, int]:
    """The word (dots included) ending at ``end``, and where it starts.

    A spaced lower-case pair reads as one abbreviation: "т. д" as "т.д".
    """
    start = end
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in ".-"):
        start -= 1
    token = text[start:end].strip(".")
    if (
        len(token) == 1
        and token.islower()
        and start >= 3
        and text[start - 2 : start] == ". "
        and text[start - 3].isalpha()
        and text[start - 3].islower()
        and (start == 3 or not text[start - 4].isalnum())
    ):
        return text[start - 3] + "." + token, start - 3
    return token, start


def _trim(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _paragraphs(text: str) -> list[Span]:
    breaker = _BLANK_LINE if _BLANK_LINE.search(text) else _LINE_BREAK
    spans: list[Span] = []
    pos = 0
    for match in breaker.finditer(text):
        span = _trim(text, pos, match.start())
        if span:
            spans.append(span)
        pos = match.end()
    span = _trim(text, pos, len(text))
    if span:
        spans.append(span)
    return spans


def _line_pieces(text: str, start: int, end: int) -> list[Span]:
    """Split a paragraph at line breaks, unless the next line continues in lower case."""
    pieces: list[Span] = []
    pos = start
    for match in _LINE_BREAK.finditer(text, start, end):
        nxt = match.end()
        while nxt < end and text[nxt] in " \t":
            nxt += 1
        if nxt < end and text[nxt].isalpha() and text[nxt].islower():
            continue
        pieces.append((pos, match.start()))
        pos = match.end()
    pieces.append((pos, end))
    return pieces


def _sentences_in(text: str, start: int, end: int) -> list[Span]:
    spans: list[Span] = []
    pos = start
    for match in _TERMINAL.finditer(text, start, end):
        cut = match.end()
        if cut >= end:
            break
        punct = match.group(0)
        if punct[0] in _FULL_WIDTH_TERMINAL:
            if span := _trim(text, pos, cut):
                spans.append(span)
            pos = cut
            continue
        if not text[cut].isspace():
            continue
        if punct[0] == "." and not punct.startswith("..."):
            token, token_start = _token_before(text, match.start())
            low = token.lower()
            kind = _abbreviation_kind(text, token, low, token_start) if token else None
            if kind == _PREFIX:
                continue
            if kind is not None:
                if not _ends_after_abbreviation(text, kind, low, pos, cut):
                    continue
            elif low in NUMBER_ABBREVIATIONS and text[cut : cut + 8].lstrip()[:1].isdigit():
                continue
        if not _starts_sentence(text, cut):
            continue
        span = _trim(text, pos, cut)
        if span:
            spans.append(span)
        pos = cut
    span = _trim(text, pos, end)
    if span:
        spans.append(span)
    return spans


def split_sentences(text: str, paragraphs: Sequence[Span] | None = None) -> list[Span]:
    """All sentence spans of ``text``, in order, without surrounding whitespace
    (``paragraphs``: the text's paragraph spans, when known)."""
    spans: list[Span] = []
    for p_start, p_end in _paragraphs(text) if paragraphs is None else paragraphs:
        for l_start, l_end in _line_pieces(text, p_start, p_end):
            spans.extend(_sentences_in(text, l_start, l_end))
    return spans


UNITS = ("words", "sentences", "paragraphs")


@dataclass(frozen=True)
class Segments:
    """Boundaries of one text, with O(log n) navigation. Each kind is found when first
    used (words take 8 ms on 60 KB and are needed only by word moves); ``find_all``
    finds them all at once, e.g. in a worker. No lock: two threads finding one kind at
    once find the same spans (``functools.cached_property`` locks per class on 3.11, so
    a word move would wait for a worker finding another article's words)."""

    text: str
    _found: dict[str, tuple[Span, ...]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )
    _starts: dict[str, list[int]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    @property
    def words(self) -> tuple[Span, ...]:
        """Word spans."""
        return self._spans("words")

    @property
    def sentences(self) -> tuple[Span, ...]:
        """Sentence spans, without surrounding whitespace."""
        return self._spans("sentences")

    @property
    def paragraphs(self) -> tuple[Span, ...]:
        """Paragraph spans."""
        return self._spans("paragraphs")

    def find_all(self) -> Segments:
        """Find every kind now (and their starts); returns self."""
        for unit in UNITS:
            self._starts_of(unit)
        return self

    def _spans(self, unit: str) -> tuple[Span, ...]:
        spans = self._found.get(unit)
        if spans is None:
            if unit == "words":
                spans = tuple([m.span() for m in _WORD.finditer(self.text)])
            elif unit == "sentences":
                spans = tuple(split_sentences(self.text, self.paragraphs))
            elif unit == "paragraphs":
                spans = tuple(_paragraphs(self.text))
            else:
                raise ValueError(f"no such unit: {unit!r} (one of {', '.join(UNITS)})")
            self._found[unit] = spans
        return spans

    def _starts_of(self, unit: str) -> list[int]:
        starts = self._starts.get(unit)
        if starts is None:
            starts = self._starts[unit] = [start for start, _ in self._spans(unit)]
        return starts

    def next_start(self, unit: str, offset: int) -> int:
        """The start of the next ``unit`` ('words', 'sentences', 'paragraphs') after ``offset``."""
        starts = self._starts_of(unit)
        i = bisect_right(starts, offset)
        return starts[i] if i < len(starts) else len(self.text)

    def previous_start(self, unit: str, offset: int) -> int:
        """The start of the ``unit`` before ``offset`` (or of the one holding it)."""
        starts = self._starts_of(unit)
        i = bisect_left(starts, offset)
        return starts[i - 1] if i > 0 else 0

    def at(self, unit: str, offset: int) -> Span | None:
        """The ``unit`` span holding ``offset`` (its end counts), or None in a gap."""
        spans = self._spans(unit)
        i = bisect_right(self._starts_of(unit), offset) - 1
        if i >= 0 and spans[i][0] <= offset < spans[i][1]:
            return spans[i]
        if i >= 0 and offset == spans[i][1] and unit != "words":
            return spans[i]
        return None

    def sentence_at(self, offset: int) -> Span | None:
        """The sentence holding ``offset``; in a gap, the next sentence on the same paragraph."""
        found = self.at("sentences", offset)
        if found is not None:
            return found
        spans = self.sentences
        i = bisect_right(self._starts_of("sentences"), offset)
        if i < len(spans) and self.at("paragraphs", offset) == self.at("paragraphs", spans[i][0]):
            return spans[i]
        return None

    def word_at(self, offset: int) -> Span | None:
        """The word holding ``offset`` (or ending just before it)."""
        found = self.at("words", offset)
        if found is None and offset > 0:
            found = self.at("words", offset - 1)
        return found
