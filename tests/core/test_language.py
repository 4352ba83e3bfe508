"""Language detection: deterministic, restricted, graceful, cached."""

from __future__ import annotations

from pathlib import Path

from reader.core.text.language import LanguageCache, detect_language, detect_passages
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


def test_passages_of_a_mixed_article() -> None:
    english = "The talks between Moscow and Washington will be held in Geneva in January."
    russian = "Переговоры между Москвой и Вашингтоном пройдут в Женеве в январе этого года."
    text = f"{english}\n\n{russian}\r\n\r\nOK\n"
    passages = detect_passages(text, ["en", "ru"], default="en")
    assert [(p.language, text[p.start : p.end]) for p in passages] == [
        ("en", english),
        ("ru", russian),
        ("en", "OK\n"),
    ]


def test_cache_persists(tmp_path: Path) -> None:
    path = tmp_path / "language.json"
    cache = LanguageCache(path)
    assert cache.language("sha", "Это русский текст о переговорах.", ["en", "ru"]) == "ru"
    cache.save()
    reloaded = LanguageCache(path)
    assert reloaded.language("sha", "ignored: the cache answers", ["en", "ru"]) == "ru"
    path.write_text("{not json", encoding="utf-8")
    assert LanguageCache(path).language("sha", "Hello world, English.", ["en", "ru"]) == "en"
