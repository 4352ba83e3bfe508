"""The query parser on arbitrary text, round trips, and match offsets on arbitrary texts."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.corpus.query import (
    FILTERS,
    HAS_VALUES,
    Query,
    QueryError,
    Term,
    date_bounds,
    parse_query,
)
from reader.core.corpus.search import find_matches, snippet_of
from reader.core.text.morphology import WORD, base_form, base_forms, query_forms

_letters = st.text(
    alphabet=st.sampled_from("abcxyzабвгдеПутинё0123456789-'"), min_size=1, max_size=8
).filter(lambda w: WORD.search(w) is not None)
_word = _letters.filter(lambda w: not w.startswith("-") and w != "OR" and ":" not in w)
_phrase = st.lists(_letters, min_size=1, max_size=3).map(" ".join)
_value = st.one_of(_word, st.lists(_word, min_size=2, max_size=2).map(" ".join), st.just("ru/2021"))


@st.composite
def terms(draw: st.DrawFn) -> Term:
    negated = draw(st.booleans())
    kind = draw(st.sampled_from(("word", "phrase", *FILTERS)))
    if kind == "word":
        return Term("word", draw(_word), negated)
    if kind == "phrase":
        return Term("phrase", draw(_phrase), negated)
    if kind == "lang":
        return Term("lang", draw(st.sampled_from(("en", "ru", "pt-br"))), negated)
    if kind == "has":
        return Term("has", draw(st.sampled_from(HAS_VALUES)), negated)
    if kind == "date":
        value = draw(st.sampled_from(("2022", "2022-01", "2021-02-28", "2021-12-20..2022-01-15")))
        return Term("date", value, negated)
    return Term(kind, draw(_value), negated)


queries = st.lists(st.lists(terms(), min_size=1, max_size=3).map(tuple), max_size=4).map(
    lambda clauses: Query(tuple(clauses))
)


@given(st.text(max_size=80))
def test_the_parser_raises_only_its_own_error(text: str) -> None:
    try:
        query = parse_query(text)
    except QueryError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert parse_query(str(query)) == query


@given(queries)
def test_a_query_written_out_parses_back_to_itself(query: Query) -> None:
    assert parse_query(str(query)) == query


@given(st.text(alphabet="Путина meting Meetings,. \n\r\t-ё", max_size=200), _word)
def test_matches_are_words_of_the_text_with_the_query_stem(text: str, word: str) -> None:
    query = parse_query(word)
    forms = frozenset().union(*(query_forms(w) for w in WORD.findall(word)))
    previous_end = 0
    for start, end in find_matches(text, query):
        assert 0 <= previous_end <= start < end <= len(text)
        assert WORD.fullmatch(text[start:end])
        assert base_form(text[start:end]) in forms
        previous_end = end
        snippet, marked = snippet_of(text, (start, end))
        assert marked is not None
        assert snippet[marked[0] : marked[1]] == " ".join(text[start:end].split())
        assert "\n" not in snippet


@given(st.text(alphabet="abzAZ09_ ,.-\n\tабвёЁПутинаÉé'’", max_size=120))
def test_the_index_and_the_queries_cut_words_alike(text: str) -> None:
    assert base_forms(text).split() == [base_form(w) for w in WORD.findall(text)]


_date_value = st.builds(
    lambda y, m, d, shape: "-".join([f"{y:04d}", f"{m:02d}", f"{d:02d}"][:shape]),
    st.integers(0, 9999),
    st.integers(0, 13),
    st.integers(0, 32),
    st.integers(1, 3),
)


@given(_date_value, st.one_of(st.none(), _date_value))
def test_date_bounds_are_real_days_or_refused(low: str, high: str | None) -> None:
    value = low if high is None else f"{low}..{high}"
    try:
        first, last = date_bounds(value)
    except QueryError as exc:
        assert str(exc).startswith("date:") and "\n" not in str(exc)
        return
    assert date.fromisoformat(first) <= date.fromisoformat(last)


def test_there_is_no_year_0() -> None:
    with pytest.raises(QueryError, match="no year 0"):
        date_bounds("0000-01-01")
