"""The date value grammar of the rulebook against the calendar."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from reader.core.annotations.rules import article_date_problem, date_value_problem, first_day

DAYS = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))


def _forms(day: date) -> list[str]:
    year, week, _ = day.isocalendar()
    forms = [day.isoformat(), f"{day.year:04d}-{day.month:02d}", f"{day.year:04d}"]
    if year == day.year:
        forms.append(f"{year:04d}-W{week:02d}")
    return forms


@given(DAYS, st.integers(0, 3), DAYS, st.integers(0, 3))
def test_every_form_of_a_real_day_is_accepted_and_ranges_must_run_forward(
    a: date, form_a: int, b: date, form_b: int
) -> None:
    first, second = _forms(a), _forms(b)
    left, right = first[form_a % len(first)], second[form_b % len(second)]
    assert date_value_problem(left) is None
    assert first_day(left) is not None
    problem = date_value_problem(f"{left}/{right}")
    assert (problem is None) == (first_day(left) <= first_day(right))  # type: ignore[operator]


@given(st.integers(0, 9999), st.integers(0, 99), st.integers(0, 99))
def test_a_day_is_accepted_exactly_when_the_calendar_has_it(
    year: int, month: int, day: int
) -> None:
    value = f"{year:04d}-{month:02d}-{day:02d}"
    try:
        real = date(year, month, day) is not None
    except ValueError:
        real = False
    assert (date_value_problem(value) is None) == real
    assert (article_date_problem(value) is None) == real


@given(st.text(max_size=20))
def test_anything_else_is_refused_with_the_value_shown_safely(value: str) -> None:
    problem = date_value_problem(value)
    if problem is not None:
        assert problem.isprintable()
    else:
        assert first_day(value.split("/")[0].split("T")[0]) is not None or ":" in value


def test_times_of_day_and_days_with_a_time() -> None:
    assert date_value_problem("23:59") is None
    assert date_value_problem("24:00") is not None
    assert date_value_problem("12:60") is not None
    for value in ("14:00Z", "21:00-05:00", "2021-12-29T07:45-05:00", "2021-12-29TEV"):
        assert date_value_problem(value) is None, value
    for value in ("2021-12TEV", "2021-12-29TXX", "2021-02-30T10:00", "2021-12-29T25:00"):
        assert date_value_problem(value) is not None, value
    assert first_day("2020-W53") == date(2020, 12, 28)  # 2020 has 53 ISO weeks
    assert first_day("2021-W53") is None
    assert first_day("2021-12") == date(2021, 12, 1)
