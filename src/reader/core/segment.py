"""Word, sentence and paragraph boundaries for English and Russian news text.

Pure Python, computed once per document; every lookup is a bisect, so moving
through a 1 MB article costs the same as through a 1 KB one. Offsets are code
points into the text, ``end`` exclusive.

Sentences end at ``.``, ``!``, ``?``, ``…`` (plus closing quotes and brackets)
when the next word starts with a capital letter or a digit, and never after a
known abbreviation (``U.S.``, ``Mr.``, ``т.е.``, ``г.``) or an initial
(``J. Biden``, ``В. Путин``). A line break ends a sentence unless the next line
continues in lower case (hard-wrapped text); a blank line always does.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

Span = tuple[int, int]

_WORD = re.compile(r"\w+(?:[-'’.]\w+)*", re.UNICODE)
# A candidate end: terminal punctuation, then closing quotes/brackets.
_TERMINAL = re.compile(r"(?:[.!?…]+|\.\.\.)[»”’\"')\]]*")
_OPENERS = "«“„‘\"'([—–-•*"
_BLANK_LINE = re.compile(r"(?:\r\n|\n|\r)[ \t\f\v]*(?:\r\n|\n|\r)")
_LINE_BREAK = re.compile(r"\r\n|\n|\r")

_ABBREVIATION_LIST = """
    mr mrs ms dr prof st jr sr gen gov sen rep lt col capt sgt adm maj cmdr
    inc ltd co corp bros dept est vs etc approx al jan feb mar apr
    jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    u.s u.k u.n e.u u.s.a d.c e.g i.e a.m p.m ph.d u.s.s.r
    г гг т.е т.д т.п т.к т.н др пр ул им см тыс млн млрд руб долл коп
    проф акад ген д кв корп обл р-н н.э до н.э ред изд англ рус нем франц
"""
ABBREVIATIONS = frozenset(_ABBREVIATION_LIST.split())
# Abbreviations only when a number follows ("No. 5", "рис. 3"): "said no. Then" ends.
NUMBER_ABBREVIATIONS = frozenset({"no", "nos", "vol", "fig", "p", "pp", "стр", "рис", "ст"})


def _is_abbreviation(token: str) -> bool:
    """True for a known abbreviation, an initial or a dotted acronym (``U.S``)."""
    low = token.lower()
    if low in ABBREVIATIONS:
        return True
    if len(token) == 1 and token.isalpha() and token.isupper():
        return True  # an initial: "J. Biden", "В. Путин"
    parts = token.split(".")
    return len(parts) > 1 and all(1 <= len(p) <= 2 and p.isalpha() for p in parts)


def _starts_sentence(text: str, pos: int) -> bool:
    """True when the first letter or digit at/after ``pos`` (past openers) can start a sentence."""
    n = len(text)
    while pos < n and (text[pos] in _OPENERS or text[pos] in " \t"):
        pos += 1
    if pos >= n:
        return True
    ch = text[pos]
    return ch.isupper() or ch.isdigit() or not ch.isalpha()


def _token_before(text: str, end: int) -> str:
    """The word (dots included) ending at ``end``."""
    start = end
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in ".-"):
        start -= 1
    return text[start:end].strip(".")


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
        if not text[cut].isspace():
            continue
        punct = match.group(0)
        if punct[0] == "." and not punct.startswith("..."):
            token = _token_before(text, match.start())
            if token and _is_abbreviation(token):
                continue
            if token.lower() in NUMBER_ABBREVIATIONS and text[cut : cut + 8].lstrip()[:1].isdigit():
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


def split_sentences(text: str) -> list[Span]:
    """All sentence spans of ``text``, in order, without surrounding whitespace."""
    spans: list[Span] = []
    for p_start, p_end in _paragraphs(text):
        for l_start, l_end in _line_pieces(text, p_start, p_end):
            spans.extend(_sentences_in(text, l_start, l_end))
    return spans


@dataclass(frozen=True)
class Segments:
    """Boundaries of one text, with O(log n) navigation."""

    text: str
    words: tuple[Span, ...] = field(init=False, repr=False)
    sentences: tuple[Span, ...] = field(init=False, repr=False)
    paragraphs: tuple[Span, ...] = field(init=False, repr=False)
    _starts: dict[str, list[int]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        spans = {
            "words": tuple(m.span() for m in _WORD.finditer(self.text)),
            "sentences": tuple(split_sentences(self.text)),
            "paragraphs": tuple(_paragraphs(self.text)),
        }
        for name, value in spans.items():
            object.__setattr__(self, name, value)
        starts = {name: [s for s, _ in value] for name, value in spans.items()}
        object.__setattr__(self, "_starts", starts)

    def _spans(self, unit: str) -> tuple[Span, ...]:
        spans: tuple[Span, ...] = getattr(self, unit)
        return spans

    def next_start(self, unit: str, offset: int) -> int:
        """The start of the next ``unit`` ('words', 'sentences', 'paragraphs') after ``offset``."""
        starts = self._starts[unit]
        i = bisect_right(starts, offset)
        return starts[i] if i < len(starts) else len(self.text)

    def previous_start(self, unit: str, offset: int) -> int:
        """The start of the ``unit`` before ``offset`` (or of the one holding it)."""
        starts = self._starts[unit]
        i = bisect_left(starts, offset)
        return starts[i - 1] if i > 0 else 0

    def at(self, unit: str, offset: int) -> Span | None:
        """The ``unit`` span holding ``offset`` (its end counts), or None in a gap."""
        spans = self._spans(unit)
        i = bisect_right(self._starts[unit], offset) - 1
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
        i = bisect_right(self._starts["sentences"], offset)
        if i < len(spans) and self.at("paragraphs", offset) == self.at("paragraphs", spans[i][0]):
            return spans[i]
        return None

    def word_at(self, offset: int) -> Span | None:
        """The word holding ``offset`` (or ending just before it)."""
        found = self.at("words", offset)
        if found is None and offset > 0:
            found = self.at("words", offset - 1)
        return found
