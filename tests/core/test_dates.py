"""Dates in English and Russian: every form, the reference-date year rule, negatives."""

from __future__ import annotations

from datetime import date

import pytest

from reader.core.recognition.dates import english_tense, find_dates, resolve_day, resolve_month

REF = date(2021, 12, 29)  # a Wednesday


def _dates(text: str, language: str, ref: date | None = REF) -> list[tuple[str, str | None]]:
    return [(d.text, d.value) for d in find_dates(text, language, ref) if d.kind == "DATE"]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("It was 2021-12-29.", "en", [("2021-12-29", "2021-12-29")]),
        ("Signed 29.12.2021 in Minsk.", "en", [("29.12.2021", "2021-12-29")]),
        ("Signed 29.12.2021 в Минске.", "ru", [("29.12.2021", "2021-12-29")]),
        ("On December 17 the ministry spoke.", "en", [("December 17", "2021-12-17")]),
        ("Talks on January 10.", "en", [("January 10", "2022-01-10")]),
        ("Talks in January 2022.", "en", [("January 2022", "2022-01")]),
        ("He spoke on Tuesday, December 28.", "en", [("Tuesday, December 28", "2021-12-28")]),
        ("It was 5 May 2020.", "en", [("5 May 2020", "2020-05-05")]),
        ("Talks December 10-12.", "en", [("December 10-12", "2021-12-10/2021-12-12")]),
        ("It happened in 2019.", "en", [("2019", "2019")]),
        ("We meet in May.", "en", [("May", "2022-05")]),
        ("17 декабря 2021 года МИД заявил", "ru", [("17 декабря 2021 года", "2021-12-17")]),
        ("встреча 10 января", "ru", [("10 января", "2022-01-10")]),
        ("встреча в январе 2022 года", "ru", [("январе 2022 года", "2022-01")]),
        ("встреча в январе", "ru", [("январе", "2022-01")]),
        ("переговоры 10–12 января", "ru", [("10–12 января", "2022-01-10/2022-01-12")]),
        ("в 2022 году", "ru", [("2022 году", "2022")]),
    ],
)
def test_absolute_dates(text: str, language: str, expected: list[tuple[str, str]]) -> None:
    assert _dates(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("He said so yesterday.", "en", [("yesterday", "2021-12-28")]),
        ("Talks resume tomorrow.", "en", [("tomorrow", "2021-12-30")]),
        ("They met on Tuesday.", "en", [("Tuesday", "2021-12-28")]),
        ("They will meet on Friday.", "en", [("Friday", "2021-12-31")]),
        ("They meet next week.", "en", [("next week", "2022-W01")]),
        ("Prices rose last month.", "en", [("last month", "2021-11")]),
        ("It happened 3 days ago.", "en", [("3 days ago", "2021-12-26")]),
        ("Песков заявил вчера", "ru", [("вчера", "2021-12-28")]),
        ("Он выступил в пятницу", "ru", [("пятницу", "2021-12-24")]),
        ("на следующей неделе", "ru", [("следующей неделе", "2022-W01")]),
        ("в прошлом году", "ru", [("прошлом году", "2020")]),
    ],
)
def test_relative_dates(text: str, language: str, expected: list[tuple[str, str]]) -> None:
    assert _dates(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("we will see what we can do", "en"),
        ("May I ask a question? We may meet.", "en"),
        ("The summit lasted two hours and 45 minutes, 2021 people came.", "en"),
        ("саммит продлился два часа", "ru"),
        ("Марта сказала, что 12 человек пришли.", "ru"),
        ("Impossible: 31.02.2021 and 2021-13-01.", "en"),
    ],
)
def test_not_dates(text: str, language: str) -> None:
    assert _dates(text, language) == []


def test_nearest_year_rule() -> None:
    assert resolve_day(1, 10, REF) == date(2022, 1, 10)
    assert resolve_day(12, 17, REF) == date(2021, 12, 17)
    assert resolve_day(1, 10, date(2022, 6, 1)) == date(2022, 1, 10)
    assert resolve_day(2, 29, REF) == date(2020, 2, 29)
    assert resolve_month(1, REF) == (2022, 1)
    assert resolve_month(6, REF) == (2021, 6)  # six months either way: the past


def test_weekday_fixes_the_year() -> None:
    # 28 December is a Tuesday in 2021, a Wednesday in 2022.
    assert resolve_day(12, 28, date(2022, 6, 30), weekday=1) == date(2021, 12, 28)


def test_tense_moves_the_year() -> None:
    assert english_tense("Talks will be held on January 10") == "future"
    assert english_tense("The talks were held on January 10") == "past"
    assert english_tense("Talks will be held on January 10, he said") == "future"
    assert english_tense("Putin said on January 10 that") is None  # reporting verbs don't count
    assert english_tense("The deal closed, and talks will resume") is None  # both: unclear
    assert _dates("He announced it on January 10.", "en") == [("January 10", "2021-01-10")]
    assert resolve_month(6, REF, "future") == (2022, 6)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The reporting verb dates the statement, not the event: the event's clause decides.
        ("Peskov said talks could start on January 10.", [("January 10", "2022-01-10")]),
        ("Ned Price said the talks may begin in January.", [("January", "2022-01")]),
        ("Officials said the deal could close in May.", [("May", "2022-05")]),
        ("Price told reporters the sides would meet in June.", [("June", "2022-06")]),
        ("According to Peskov, talks are to start on January 10.", [("January 10", "2022-01-10")]),
        ("Talks will be held on January 10, Price said.", [("January 10", "2022-01-10")]),
        # A plain (regular -ed) past verb in the date's own clause.
        ("The deal closed in May.", [("May", "2021-05")]),
        ("Prices jumped on January 10.", [("January 10", "2021-01-10")]),
        ("Officials said the deal closed in June.", [("June", "2021-06")]),
        # Passive and future forms of -ed verbs are not the past.
        ("The treaty will be signed in June.", [("June", "2022-06")]),
        ("Talks are scheduled for January 10.", [("January 10", "2022-01-10")]),
        # A date attached to the reporting verb takes its tense.
        ("He announced it on January 10.", [("January 10", "2021-01-10")]),
        (
            "On December 17, the Russian Foreign Ministry announced drafts.",
            [("December 17", "2021-12-17")],
        ),
        (
            "Peskov said on December 17 that talks would start on January 10.",
            [("December 17", "2021-12-17"), ("January 10", "2022-01-10")],
        ),
        ("Price said the talks will resume on Friday.", [("Friday", "2021-12-31")]),
        # Unclear: the nearest year.
        ("Talks on January 10, he said.", [("January 10", "2022-01-10")]),
        # Each clause its own tense.
        (
            "The deal closed in May, and talks will resume in June.",
            [("May", "2021-05"), ("June", "2022-06")],
        ),
    ],
)
def test_reported_speech_does_not_decide_the_tense(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert _dates(text, "en") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Песков сказал, что переговоры могут начаться 10 января.", [("10 января", "2022-01-10")]),
        ("Представитель МИД сказал, что встреча состоится в июне.", [("июне", "2022-06")]),
        ("Рябков заявил, что переговоры должны пройти в июне.", [("июне", "2022-06")]),
        ("Стороны намерены встретиться в июне, сообщил Песков.", [("июне", "2022-06")]),
        ("Переговоры прошли в мае, сообщил Песков.", [("мае", "2021-05")]),
        ("Песков отметил, что встреча прошла в мае.", [("мае", "2021-05")]),
        ("Он заявил 10 января о переговорах.", [("10 января", "2021-01-10")]),
    ],
)
def test_russian_reported_speech(text: str, expected: list[tuple[str, str]]) -> None:
    from reader.core.recognition.ner_ru import russian_tense

    found = [(d.text, d.value) for d in find_dates(text, "ru", REF, tense=russian_tense)]
    assert found == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In 2019, prices rose.", [("2019", "2019")]),
        ("Prices have risen since 2019.", [("2019", "2019")]),
        ("By 2030 the plant will close.", [("2030", "2030")]),
        ("From 2014 until 2019 it grew.", [("2014 until 2019", "2014/2019")]),
        ("2019, prices rose.", [("2019", "2019")]),
        ("It rose. 2019, however, was different.", [("2019", "2019")]),
        ("In May, prices rose.", [("May", "2021-05")]),
        ("2019 people came.", []),
        ("It cost $2019, he said.", []),
        ("He counted 2019, then 2020.", []),
        ("In 2019.5 units", []),
    ],
)
def test_bare_years(text: str, expected: list[tuple[str, str]]) -> None:
    assert _dates(text, "en") == expected


def test_without_reference_incomplete_dates_have_no_value() -> None:
    assert _dates("Talks on January 10, yesterday and 2021-12-29.", "en", None) == [
        ("January 10", None),
        ("yesterday", None),
        ("2021-12-29", "2021-12-29"),
    ]


def test_times() -> None:
    found = [(d.text, d.value, d.kind) for d in find_dates("at 10:30 and 3 p.m.", "en", REF)]
    assert found == [("10:30", "10:30", "TIME"), ("3 p.m.", "15:00", "TIME")]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Документ датирован 29.12.2021.", "ru", [("29.12.2021", "2021-12-29")]),
        ("Приказ от 01.02.2022.", "ru", [("01.02.2022", "2022-02-01")]),
        ("The document is dated 29.12.2021.", "en", [("29.12.2021", "2021-12-29")]),
        ("Version 29.12.2021.5 shipped.", "en", []),
    ],
)
def test_day_month_year_before_a_full_stop(
    text: str, language: str, expected: list[tuple[str, str]]
) -> None:
    assert _dates(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("В 2014–2015 годах цены росли.", "ru", [("2014–2015 годах", "2014/2015")]),
        ("с 2014 по 2021 год", "ru", [("2014 по 2021 год", "2014/2021")]),
        ("В 2021-м году", "ru", [("2021-м году", "2021")]),
        ("С 10 января по 12 января", "ru", [("10 января по 12 января", "2022-01-10/2022-01-12")]),
        ("переговоры с 10 по 12 января", "ru", [("10 по 12 января", "2022-01-10/2022-01-12")]),
        ("Prices rose in 2019-2021.", "en", [("2019-2021", "2019/2021")]),
        ("The 2014-15 season.", "en", [("2014-15", "2014/2015")]),
        ("from 2019 to 2021", "en", [("2019 to 2021", "2019/2021")]),
        ("between 2019 and 2021", "en", [("2019 and 2021", "2019/2021")]),
        (
            "between January 10 and January 13",
            "en",
            [("January 10 and January 13", "2022-01-10/2022-01-13")],
        ),
        ("December 10 - January 12", "en", [("December 10 - January 12", "2021-12-10/2022-01-12")]),
        ("from 10 to 12 January", "en", [("10 to 12 January", "2022-01-10/2022-01-12")]),
        ("from May until June", "en", [("May until June", "2022-05/2022-06")]),
        # Not intervals: two dates ("and" without "between"), a backwards pair, money.
        (
            "on January 10 and January 13",
            "en",
            [("January 10", "2022-01-10"), ("January 13", "2022-01-13")],
        ),
        ("from 2021 to 2019", "en", [("2021", "2021")]),
        ("It cost $2019-2021.", "en", []),
    ],
)
def test_ranges_are_one_interval(text: str, language: str, expected: list[tuple[str, str]]) -> None:
    assert _dates(text, language) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The meeting is on Dec 30.", [("Dec 30", "2021-12-30")]),
        ("Talks on Jan 10 in Geneva.", [("Jan 10", "2022-01-10")]),
        ("It ended on Sept 30.", [("Sept 30", "2021-09-30")]),
        ("Due on 30 Dec", [("30 Dec", "2021-12-30")]),
        ("Due on 30 Dec.", [("30 Dec.", "2021-12-30")]),  # the abbreviation's full stop
        # Without a day number these are words or names, not months.
        ("Sales rose in Mar and Dec was slow.", []),
        ("Jan said so.", []),
    ],
)
def test_month_abbreviations_without_a_full_stop(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert _dates(text, "en") == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("He left at 3 pm.", "en", [("3 pm", "15:00")]),
        ("He left at 3 p.m. today", "en", [("3 p.m.", "2021-12-29T15:00")]),
        ("Read Psalm 23:10 and John 3:16.", "en", []),
        ("They met at 23:10.", "en", [("23:10", "23:10")]),
        ("At 10:30, the talks began.", "en", [("10:30", "10:30")]),
        ("On Tuesday 10:30 is the start.", "en", [("10:30", "2021-12-28T10:30")]),
        ("Встреча началась в 23:10.", "ru", [("23:10", "23:10")]),
        ("В 23:10 всё началось.", "ru", [("23:10", "23:10")]),
    ],
)
def test_time_spans(text: str, language: str, expected: list[tuple[str, str]]) -> None:
    found = [(d.text, d.value) for d in find_dates(text, language, REF) if d.kind == "TIME"]
    assert found == expected


def test_due_tells_the_future() -> None:
    assert _dates("Niinisto is due at the White House on Thursday.", "en", date(2022, 5, 18)) == [
        ("Thursday", "2022-05-19")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a promise or a call to act later, beside the past of the promise: the nearest date
        ("Zelenskiy urged citizens to fly flags on Feb. 16.", [("Feb. 16", "2022-02-16")]),
        ("He vowed to return on March 3.", [("March 3", "2022-03-03")]),
        # "agreed to the truce" is no infinitive: the past decides
        ("They agreed to the truce on Thursday.", [("Thursday", "2022-02-10")]),
    ],
)
def test_promises_and_calls_point_ahead(text: str, expected: list[tuple[str, str]]) -> None:
    assert _dates(text, "en", date(2022, 2, 14)) == expected
