"""Language detection: deterministic, restricted, graceful."""

from __future__ import annotations

from reader.core.text.language import detect_language
from tests.conftest import SEED_EN, SEED_RU


def test_seeds() -> None:
    assert detect_language(SEED_EN.read_text(encoding="utf-8")) == "en"
    assert detect_language(SEED_RU.read_text(encoding="utf-8")) == "ru"


def test_empty_and_digits_give_none() -> None:
    assert detect_language("") is None
    assert detect_language("12 345 — 2021-12-29") is None


def test_restriction_fixes_short_passages() -> None:
    results = {detect_language("Joe Biden", ["en", "ru"]) for _ in range(5)}
    assert results == {"en"}
    assert detect_language("Владимир Путин", ["en", "ru"]) == "ru"


def test_deterministic() -> None:
    text = "Der Kreml und Washington verhandeln im Januar über Sicherheitsgarantien."
    assert len({detect_language(text) for _ in range(5)}) == 1
