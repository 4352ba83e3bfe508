"""Documents: decoding, BOMs, exact newlines, titles and dates."""

from __future__ import annotations

import codecs
from datetime import date
from pathlib import Path

import pytest

from reader.core.errors import DocumentError
from reader.core.text.article_date import ArticleDate
from reader.core.text.document import decode_bytes, load_document, sha256_of
from tests.conftest import SEED_EN, SEED_RU

RUSSIAN = "Песков заявил, что переговоры России и США пройдут в Женеве 10 января. " * 3


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r"])
def test_legacy_cyrillic_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(RUSSIAN.encode(encoding))
    document = load_document(path)
    assert document.text == RUSSIAN
    assert document.encoding.replace("-", "_").lower() == encoding


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ],
)
def test_bom_is_dropped(tmp_path: Path, bom: bytes, encoding: str) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(bom + "Путин\r\nx".encode(encoding))
    document = load_document(path)
    assert document.text == "Путин\r\nx"
    assert document.had_bom


def test_crlf_is_kept_and_hash_is_of_decoded_text(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(codecs.BOM_UTF8 + "a\r\nб\n".encode())
    document = load_document(path)
    assert document.text == "a\r\nб\n"
    assert document.sha256 == sha256_of("a\r\nб\n")
    assert document.lines.line_count == 3


def test_binary_and_empty_and_unreadable(tmp_path: Path) -> None:
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    with pytest.raises(DocumentError, match="binary"):
        load_document(binary)
    empty = tmp_path / "e.txt"
    empty.write_bytes(b"")
    assert load_document(empty).text == ""
    missing = tmp_path / "missing.txt"
    with pytest.raises(DocumentError, match="unreadable") as caught:
        load_document(missing)
    assert str(missing) in str(caught.value)


def test_invalid_utf8_falls_back_or_reports() -> None:
    text, encoding, _ = decode_bytes("caf\xe9 au lait, d\xe9j\xe0 vu".encode("latin-1"))
    assert "café" in text and encoding != "utf-8"


def test_seed_titles_and_dates() -> None:
    english = load_document(SEED_EN, "en/" + SEED_EN.name)
    assert english.dated == ArticleDate(date(2021, 12, 29), "text")
    assert english.title.startswith("US President Joe Biden allowed a face-to-face meeting")
    russian = load_document(SEED_RU, "ru/" + SEED_RU.name)
    assert russian.title == "Байден встретиться с Путиным в январе"
    assert russian.dated == ArticleDate(date(2021, 12, 29), "path")
    assert russian.date == date(2021, 12, 29)


def test_title_skips_blank_and_symbol_lines(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_text("\n\n  ***  \n   Заголовок   статьи  \nтело\n", encoding="utf-8")
    assert load_document(path).title == "Заголовок статьи"
    assert load_document(path).date is None


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("NAIROBI, Kenya (AP) _\nKenya police fire tear gas\n", "Kenya police fire tear gas"),
        ("by ANKASAM Ekip\nTurkey and Russia talk\n", "Turkey and Russia talk"),
        ("By Jane Doe, Reuters\nMarkets fall\n", "Markets fall"),
        ("Автор: Иван Петров\nЗаголовок\n", "Заголовок"),
        ("MOSCOW, Dec 29 (Reuters) - Russia said it would talk.\n", "Russia said it would talk."),
        ("МОСКВА, 29 дек — РИА Новости. Путин провел встречу.\n", "Путин провел встречу."),
        ("WASHINGTON (AP) — The U.S. said\n", "The U.S. said"),
        ("date 2021-12-29\nUS, Russia set talks\n", "US, Russia set talks"),
        ("Putin, Biden talk - again\n", "Putin, Biden talk - again"),
        ("Byelorussia votes\n", "Byelorussia votes"),
    ],
)
def test_title_is_the_headline_not_the_dateline_or_byline(
    tmp_path: Path, text: str, title: str
) -> None:
    path = tmp_path / "x.txt"
    path.write_text(text, encoding="utf-8")
    assert load_document(path).title == title


def test_the_date_says_where_it_came_from(tmp_path: Path) -> None:
    stated = tmp_path / "2020-01-01-x.txt"
    stated.write_text("date 2021-12-29\nTitle\n", encoding="utf-8")
    assert load_document(stated, stated.name).dated == ArticleDate(date(2021, 12, 29), "text")
    named = tmp_path / "2020-01-02-y.txt"
    named.write_text("Title\n", encoding="utf-8")
    assert load_document(named, named.name).dated == ArticleDate(date(2020, 1, 2), "path")
