"""Sentence, word and paragraph boundaries for English and Russian news."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.core.segment import Segments, split_sentences


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


def test_english_abbreviations_and_initials() -> None:
    text = "Joe Biden met J. Smith in the U.S. capital. Mr. Peskov said no. Then it ended!"
    assert sentences(text) == [
        "Joe Biden met J. Smith in the U.S. capital.",
        "Mr. Peskov said no.",
        "Then it ended!",
    ]


def test_curly_quotes_close_the_sentence() -> None:
    text = "“That is constructive,” he said. “We will see.” The talks end."
    expected = ["“That is constructive,” he said.", "“We will see.”", "The talks end."]
    assert sentences(text) == expected


def test_russian_quotes_dashes_and_abbreviations() -> None:
    text = "«Мы готовы!» — заявил Песков. Встреча в г. Москве прошла. В. Путин ответил: «Да». Всё."
    assert sentences(text) == [
        "«Мы готовы!» — заявил Песков.",
        "Встреча в г. Москве прошла.",
        "В. Путин ответил: «Да».",
        "Всё.",
    ]


def test_lines_and_hard_wraps() -> None:
    text = (
        "Title line\nBody starts here and\ncontinues here. Next one.\n\n• bullet one\n• bullet two"
    )
    assert sentences(text) == [
        "Title line",
        "Body starts here and\ncontinues here.",
        "Next one.",
        "• bullet one",
        "• bullet two",
    ]


def test_crlf_paragraphs() -> None:
    text = "One. Two.\r\n\r\nThree."
    seg = Segments(text)
    assert [text[a:b] for a, b in seg.paragraphs] == ["One. Two.", "Three."]
    assert seg.next_start("paragraphs", 0) == text.index("Three")


def test_navigation() -> None:
    text = "Alpha beta. Gamma delta.\n\nEpsilon."
    seg = Segments(text)
    assert seg.next_start("words", 0) == 6
    assert seg.previous_start("words", 6) == 0
    assert seg.next_start("sentences", 0) == text.index("Gamma")
    assert seg.previous_start("sentences", text.index("Gamma")) == 0
    assert seg.sentence_at(text.index("delta")) == (12, 24)
    assert seg.word_at(text.index("eta")) == (6, 10)
    assert seg.next_start("sentences", len(text)) == len(text)


@given(st.text(alphabet="ab .!?«»“”\n\r—ЯяJ", max_size=80))
def test_spans_are_ordered_and_inside(text: str) -> None:
    seg = Segments(text)
    for spans in (seg.words, seg.sentences, seg.paragraphs):
        last = 0
        for a, b in spans:
            assert last <= a < b <= len(text)
            last = b
