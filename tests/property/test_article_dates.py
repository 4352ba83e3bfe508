"""Article dates and date values on generated input: every form is found, nothing else
is ever raised, and values sit at the start of what they cover."""

from __future__ import annotations

import calendar
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from reader.core.corpus.crossref import date_value_start
from reader.core.errors import ReaderError
from reader.core.text.article_date import (
    article_date,
    date_in_path,
    date_in_text,
    parse_article_date,
)

days = st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31))
RU_MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
             "сентября", "октября", "ноября", "декабря")  # fmt: skip


def forms(day: date) -> list[str]:
    month = calendar.month_name[day.month]
    return [
        f"date {day.isoformat()}\nStory",
        f"Published: {day.isoformat()}T08:15\nStory",
        f"{day.day} {RU_MONTHS[day.month - 1]} {day.year} года\nТекст",
        f"By A. Writer\n{month} {day.day}, {day.year}\nStory",
        f"LONDON, {month[:3]}. {day.day}, {day.year} (AP) — The story",
        f"Москва, {day.day} {RU_MONTHS[day.month - 1]} {day.year} — РИА Новости. Текст",
        f"{day.day:02d}.{day.month:02d}.{day.year}\nТекст",
    ]


@given(days, st.integers(min_value=0, max_value=6))
def test_every_form_of_a_date_line_is_found(day: date, which: int) -> None:
    assert date_in_text(forms(day)[which]) == day


@given(days)
def test_a_dateline_without_a_year_takes_the_hint(day: date) -> None:
    month = calendar.month_abbr[day.month]
    assert date_in_text(f"PARIS, {month} {day.day} (Reuters) - Story", day.year) == day


@given(days, st.sampled_from(["{iso}-story.txt", "{y}/{m}/{d}/story.txt", "a/{y}{m}{d}.txt"]))
def test_dates_in_paths(day: date, shape: str) -> None:
    rel = shape.format(iso=day.isoformat(), y=day.year, m=f"{day.month:02d}", d=f"{day.day:02d}")
    assert date_in_path(rel) == day
    found = article_date("No date here.", rel)
    assert found is not None and (found.value, found.source) == (day, "path")


@given(st.text(max_size=40))
def test_parsing_a_set_date_gives_that_date_or_says_why(text: str) -> None:
    try:
        parsed = parse_article_date(text)
    except ReaderError as exc:
        assert "is not a date" in str(exc)
    else:
        assert parsed.isoformat() == text.strip()


@given(st.integers(0, 9999), st.integers(0, 99), st.integers(0, 99))
def test_impossible_dates_are_refused(year: int, month: int, day: int) -> None:
    text = f"{year:04d}-{month:02d}-{day:02d}"
    try:
        valid = date(year, month, day)
    except ValueError:
        valid = None
    if valid is None:
        try:
            parse_article_date(text)
        except ReaderError:
            return
        raise AssertionError(f"{text} accepted")
    assert parse_article_date(text) == valid


@given(st.text(max_size=300), st.text(max_size=60))
def test_finding_never_raises(text: str, rel: str) -> None:
    found = article_date(text, rel)
    assert found is None or found.source in ("text", "path")


@given(days)
def test_values_sit_at_the_start_of_what_they_cover(day: date) -> None:
    assert date_value_start(day.isoformat()) == (day, "day")
    month_start, extent = date_value_start(f"{day:%Y-%m}") or (None, "")
    assert (month_start, extent) == (day.replace(day=1), "month")
    year, week, _ = day.isocalendar()
    week_start, extent = date_value_start(f"{year}-W{week:02d}") or (None, "")
    assert extent == "week" and week_start is not None
    assert week_start.weekday() == 0 and 0 <= (day - week_start).days < 7
    assert date_value_start(f"{day.isoformat()}/{day.year + 1}") == (day, f"to {day.year + 1}")
