"""Properties of times and nested names over generated text: spans slice the text, never
overlap (outer ones), TIME values are well-formed ISO 8601, inner spans lie inside."""

from __future__ import annotations

import itertools
import re
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.recognition.dates import find_dates
from reader.core.recognition.entities import recognise

REF = date(2022, 1, 9)
_PIECES = [
    "15:00", "15.00", "3 p.m.", "9:30 a.m.", "1400", " GMT", " ET", " мск", " UTC",
    " по московскому времени", " по местному времени", " local time", " Moscow time",
    "в ", "at ", "on ", "10 января", "January 10", "Tuesday", " night", " morning", "утром ",
    " вечером", " днём", "вчера", "today", "tonight", "last night", "в полдень", "noon",
    " часов", " утра", " вечера", " ", ",", ".", "\n", "МЧС России", "Министерство обороны",
    " Российской Федерации", "US State Department", "Bank of England", "(", ")",
]  # fmt: skip
_TEXT = st.lists(st.one_of(st.sampled_from(_PIECES), st.characters()), max_size=30).map("".join)
_TIME_VALUE = re.compile(
    r"(?:\d{4}-\d\d-\d\dT)?(?:[01]\d|2[0-3]):[0-5]\d(?:Z|[+-]\d\d:\d\d)?"
    r"|\d{4}-\d\d-\d\dT(?:MO|AF|EV|NI)"
)


@settings(max_examples=150, deadline=None)
@given(_TEXT, st.sampled_from(["en", "ru"]), st.sampled_from([REF, None]))
def test_times_slice_the_text_and_have_iso_values(
    text: str, language: str, reference: date | None
) -> None:
    found = find_dates(text, language, reference)
    for a, b in itertools.pairwise(found):
        assert a.end <= b.start, (a, b)
    for d in found:
        assert text[d.start : d.end] == d.text
        if d.kind == "TIME" and d.value is not None:
            assert _TIME_VALUE.fullmatch(d.value), d


@settings(max_examples=60, deadline=None)
@given(_TEXT, st.sampled_from(["en", "ru"]))
def test_inner_spans_lie_inside_an_outer_span(text: str, language: str) -> None:
    spans = recognise(text, language, REF)
    outer = [s for s in spans if not s.inside]
    for a, b in itertools.pairwise(outer):
        assert a.end <= b.start, (a, b)
    for s in spans:
        assert text[s.start : s.end] == s.text
        if s.inside:
            assert any(o.start <= s.start and s.end <= o.end and o.type == "ORG" for o in outer)
