"""The date of an article: set by an analyst, in the text's head, or in its path."""

from __future__ import annotations

from datetime import date

import pytest

from reader.core.errors import ReaderError
from reader.core.text.article_date import (
    ArticleDate,
    article_date,
    date_in_path,
    date_in_text,
    parse_article_date,
)
from tests.conftest import SEED_EN, SEED_RU

DEC29 = date(2021, 12, 29)


@pytest.mark.parametrize(
    "head",
    [
        "date 2021-12-29 US President Joe Biden allowed a meeting",
        "Published: 2021-12-29\n\nBiden and Putin",
        "WASHINGTON, Dec. 29, 2021 (AP) — President Joe Biden said",
        "WASHINGTON, December 29, 2021 — The White House said",
        "Posted 2021-12-29T10:00 by the desk\n\nText",
        "By Jane Doe\nDecember 29, 2021\n\nBiden said",
        "29 December 2021\nBiden said",
        "Дата: 2021-12-29\nПутин",
        "29 декабря 2021 года\n\nПресс-секретарь президента",
        "МОСКВА, 29 декабря 2021 г. — Песков заявил",
        "Опубликовано 29.12.2021\nТекст",
    ],
)
def test_datelines_and_metadata_lines_with_a_year(head: str) -> None:
    found = article_date(head, "x.txt")
    assert found is not None and (found.value, found.source) == (DEC29, "text")


@pytest.mark.parametrize(
    "head",
    [
        "MOSCOW, Dec 29 (Reuters) - The Kremlin said on Wednesday",
        "Москва, 29 дек — РИА Новости. Песков заявил",
    ],
)
def test_a_dateline_without_a_year_takes_the_path_year_else_the_text_year(head: str) -> None:
    assert article_date(head, "wire/2021/story.txt") is None  # no full date in the path
    assert date_in_text(head, 2021) == DEC29
    with_year = head + "\nTalks are planned for 2021."
    assert date_in_text(with_year) == DEC29
    found = article_date(head, "2021-12-30-story.txt")
    assert found is not None and (found.value, found.source) == (DEC29, "text")
    assert date_in_text(head) is None  # no year anywhere: no date


def test_a_date_inside_the_story_is_not_the_article_date() -> None:
    text = "Biden will meet Putin on 10 January 2022 in Geneva, the White House said today."
    assert date_in_text(text) is None
    deep = "\n".join(["A line of the story."] * 20 + ["29 December 2021"])
    assert date_in_text(deep) is None


@pytest.mark.parametrize(
    ("rel", "expected"),
    [
        ("en/2021-12-29-biden-putin.txt", DEC29),
        ("2021/12/29/story.txt", DEC29),
        ("reuters/20211229_putin.txt", DEC29),
        ("2020-01-01/2021-12-29-story.txt", DEC29),  # the deepest date wins
        ("ru/2021-02-30-story.txt", None),  # impossible: not a date, not refused either
        ("ru/story-1234567.txt", None),
    ],
)
def test_dates_in_paths(rel: str, expected: date | None) -> None:
    assert date_in_path(rel) == expected


def test_order_set_then_text_then_path() -> None:
    text = "date 2021-12-28\nStory"
    found = article_date(text, "2021-12-27-x.txt", "2021-12-29")
    assert found is not None and (found.iso, found.source) == ("2021-12-29", "set")
    found = article_date(text, "2021-12-27-x.txt")
    assert found is not None and (found.iso, found.source) == ("2021-12-28", "text")
    found = article_date("Story", "2021-12-27-x.txt")
    assert found is not None and (found.iso, found.source) == ("2021-12-27", "path")
    assert article_date("Story", "x.txt") is None


def test_the_seed_articles() -> None:
    en = SEED_EN.read_text(encoding="utf-8")
    ru = SEED_RU.read_text(encoding="utf-8")
    assert article_date(en, "en/" + SEED_EN.name) == ArticleDate(DEC29, "text")
    found = article_date(ru, "ru/" + SEED_RU.name)
    assert found is not None and (found.value, found.source) == (DEC29, "path")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2021-02-30", "February 2021 has no day 30"),
        ("2022-02-29", "February 2022 has no day 29"),
        ("0000-01-01", "no year 0"),
        ("2021-13-01", "no month 13"),
        ("2021-00-10", "no month 0"),
        ("29.12.2021", "expected YYYY-MM-DD"),
        ("", "expected YYYY-MM-DD"),
    ],
)
def test_impossible_set_dates_are_refused_with_the_reason(text: str, reason: str) -> None:
    with pytest.raises(ReaderError, match=reason):
        parse_article_date(text)
    with pytest.raises(ReaderError, match=reason):
        article_date("date 2021-12-29", "2021-12-29-x.txt", text)


def test_leap_day_is_a_date() -> None:
    assert parse_article_date("2024-02-29") == date(2024, 2, 29)


def test_a_sentence_with_a_comma_before_a_date_is_not_a_dateline() -> None:
    assert date_in_text("meanwhile, dec 29 - nothing happened in 2021.") is None
    assert date_in_text("WASHINGTON, DEC. 29, 2021 (AP) — The story") == DEC29
    assert date_in_text("Moscow, Dec 29 (Reuters) - The story", 2021) == DEC29
