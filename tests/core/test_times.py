"""Clock times, parts of the day and time zones (reader.core.recognition.times via find_dates)."""

from __future__ import annotations

from datetime import date

import pytest

from reader.core.recognition.dates import find_dates

REF = date(2022, 1, 9)  # a Sunday


def _times(text: str, language: str, reference: date | None = REF) -> list[tuple[str, str | None]]:
    return [(d.text, d.value) for d in find_dates(text, language, reference) if d.kind == "TIME"]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # the zone joins the span and gives the offset; the adjacent day gives the date
        (
            "Совещание начнётся 10 января в 15:00 по московскому времени.",
            "ru",
            [("15:00 по московскому времени", "2022-01-10T15:00+03:00")],
        ),
        (
            "Заседание пройдёт 10 января в 15.00 мск.",
            "ru",
            [("15.00 мск", "2022-01-10T15:00+03:00")],
        ),
        ("Старт в 9:00 по Гринвичу.", "ru", [("9:00 по Гринвичу", "09:00Z")]),
        (
            "Выборы закончатся в 20:00 по местному времени.",
            "ru",
            [("20:00 по местному времени", "20:00")],
        ),
        ("Trading closed at 15:00 GMT.", "en", [("15:00 GMT", "15:00Z")]),
        ("Polls close at 3 p.m. local time.", "en", [("3 p.m. local time", "15:00")]),
        ("The talks resumed at 1400 GMT.", "en", [("1400 GMT", "14:00Z")]),
        ("at 9 a.m. Moscow time", "en", [("9 a.m. Moscow time", "09:00+03:00")]),
        # seasonal zones: by the day's own daylight-saving rule
        (
            "Markets open at 9:30 a.m. ET on July 5.",
            "en",
            [("9:30 a.m. ET", "2022-07-05T09:30-04:00")],
        ),
        (
            "Markets open at 9:30 a.m. ET on January 10.",
            "en",
            [("9:30 a.m. ET", "2022-01-10T09:30-05:00")],
        ),
        (
            "В 10:00 по киевскому времени 1 июля.",
            "ru",
            [("10:00 по киевскому времени", "2022-07-01T10:00+03:00")],
        ),
        # clock times the colon rule does not read
        (
            "Встреча в 10 часов утра, ужин в 8 вечера.",
            "ru",
            [("10 часов утра", "10:00"), ("8 вечера", "20:00")],
        ),
        ("Взрыв прогремел в 3 часа ночи.", "ru", [("3 часа ночи", "03:00")]),
        ("Обращение начнётся в полдень.", "ru", [("полдень", "12:00")]),
        ("The deadline is at midnight.", "en", [("midnight", "00:00")]),
        ("They talked well past midnight.", "en", [("midnight", "00:00")]),
        (
            "Решение объявят в 17:00 по пекинскому времени.",
            "ru",
            [("17:00 по пекинскому времени", "17:00+08:00")],
        ),
        # not times: a decimal, a count of hours
        ("Рост составил 15.30 процента.", "ru", []),
        ("Операция длилась 15 часов.", "ru", []),
    ],
)
def test_clock_times(text: str, language: str, expected: list[tuple[str, str | None]]) -> None:
    assert _times(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Protests erupted Tuesday night in Almaty.", "en", [("Tuesday night", "2022-01-04TNI")]),
        ("on the morning of January 10", "en", [("morning of January 10", "2022-01-10TMO")]),
        ("He spoke this morning.", "en", [("this morning", "2022-01-09TMO")]),
        ("Shelling resumed last night.", "en", [("last night", "2022-01-08TNI")]),
        ("He will speak tonight.", "en", [("tonight", "2022-01-09TNI")]),
        ("Утром 10 января в Москве выпал снег.", "ru", [("Утром 10 января", "2022-01-10TMO")]),
        ("Об этом стало известно вчера вечером.", "ru", [("вчера вечером", "2022-01-08TEV")]),
        ("10 января днём прошёл митинг.", "ru", [("10 января днём", "2022-01-10TAF")]),
        ("Удар нанесён в ночь на 10 января.", "ru", [("ночь на 10 января", "2022-01-09TNI")]),
    ],
)
def test_parts_of_the_day_join_their_date(
    text: str, language: str, expected: list[tuple[str, str | None]]
) -> None:
    assert _times(text, language) == expected


def test_a_part_of_the_day_without_a_reference_has_no_value() -> None:
    assert _times("Protests erupted Tuesday night.", "en", None) == [("Tuesday night", None)]


def test_the_date_keeps_its_own_span_beside_a_clock_time() -> None:
    found = [(d.text, d.kind) for d in find_dates("10 января в 15:00 мск", "ru", REF)]
    assert found == [("10 января", "DATE"), ("15:00 мск", "TIME")]


def test_day_of_mourning_is_not_a_part_of_the_day() -> None:
    found = [(d.text, d.kind) for d in find_dates("Он объявил 24 марта днём траура.", "ru", REF)]
    assert found == [("24 марта", "DATE")]


def test_a_part_of_the_day_before_a_weekday_with_its_preposition() -> None:
    assert _times("Фермеры вышли утром в понедельник.", "ru") == [
        ("утром в понедельник", "2022-01-03TMO")
    ]


def test_a_part_of_the_day_joins_one_date_only() -> None:
    found = [(d.text, d.kind) for d in find_dates("10 января утром 11 января", "ru", REF)]
    assert found == [("10 января утром", "TIME"), ("11 января", "DATE")]
