"""Sentence, word and paragraph boundaries for English and Russian news."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.text.segment import Segments, split_sentences
from tests.conftest import SEED_EN, SEED_RU


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


# --- Abbreviations at a sentence end -------------------------------------------------
# Each case: the text and the sentences it must split into (one item = must not split).

SHOULD_SPLIT_EN = [
    ("Sanctions hit the U.S. The Kremlin said nothing.", "The Kremlin said nothing."),
    ("He was born in Washington, D.C. His father was a diplomat.", "His father was a diplomat."),
    ("They start at 10 a.m. The talks end at noon.", "The talks end at noon."),
    ("The vote closes at 5 p.m. Tomorrow the count starts.", "Tomorrow the count starts."),
    ("So did I. Then we left.", "Then we left."),
    ("He flew to the U.S. “We are ready,” he said.", "“We are ready,” he said."),
    ("The buyer is Acme Inc. It makes tools.", "It makes tools."),
    ("Fines, bans, etc. But nothing changed.", "But nothing changed."),
    ("She studied in the U.K. In 2020 she returned.", "In 2020 she returned."),
    ("He lived in the U.S. It's where he met her.", "It's where he met her."),
    ("They landed in the U.S. Meanwhile, Moscow waited.", "Meanwhile, Moscow waited."),
]

SHOULD_SPLIT_RU = [
    ("Это случилось в 2021 г. Встреча прошла в Женеве.", "Встреча прошла в Женеве."),
    ("в 2021 г. Встреча прошла.", "Встреча прошла."),
    ("Саммиты шли в 2020–2021 гг. Итоги подвели позже.", "Итоги подвели позже."),
    ("Обсудили Украину, НАТО и т.д. Потом выступил Песков.", "Потом выступил Песков."),
    ("Обсудили Украину, НАТО и т. д. Потом выступил Песков.", "Потом выступил Песков."),
    ("Обсудили ОБСЕ, ООН и т.п. Затем был перерыв.", "Затем был перерыв."),
    ("Пришли Песков, Лавров и др. Затем начались переговоры.", "Затем начались переговоры."),
    ("Бюджет составил 5 млн руб. Встреча прошла.", "Встреча прошла."),
    ("Это нужно для РФ. Встреча прошла.", "Встреча прошла."),  # an acronym, not an initial
    ("Ответ был один: Да. Потом он ушёл.", "Потом он ушёл."),  # a word, not an initial
]

SHOULD_NOT_SPLIT = [
    # English: mid-sentence acronyms, titles, initials, numbers
    "Officials said the U.S. president said nothing.",
    "The U.S. President Joe Biden spoke.",
    "The U.S. Senate voted on Tuesday.",
    "The U.S. Treasury issued a statement.",
    "The U.S. State Department spokesman Ned Price spoke.",
    "It was signed in Washington, D.C. Mayor Bowser attended.",
    "Talks began at 10 a.m. Moscow time.",
    "J. Biden spoke first.",
    "J.K. Rowling wrote it.",
    "John I. Smith spoke.",
    "Mr. Smith and Dr. Jones met Gov. Cuomo in St. Petersburg.",
    "Growth was 3.5 percent in No. 5 district.",
    "He paused… and went on.",
    # Russian: initials, prefix abbreviations, introductory dates
    "Салливан говорил с Дж. Байденом по телефону.",
    "Дж. Салливан заявил об этом.",
    "Вл. Соловьёв провел эфир.",
    "В. В. Путин ответил.",
    "В.В. Путин ответил.",
    "Встреча в г. Москве прошла.",
    "Лидеры, т. е. Путин и Байден, говорили.",
    "Встреча отложена, т.к. Песков болен.",
    "Подробнее см. ниже и см. Приложение 1.",
    "Пришли 1.000 человек с ул. Тверской и им. Ленина.",
    "В 2021 г. Путин встретился с Байденом.",
    "25 декабря 2021 г. Песков заявил об этом.",
    "В декабре 2021 г. Россия представила проекты.",
]


@pytest.mark.parametrize(("text", "second"), SHOULD_SPLIT_EN + SHOULD_SPLIT_RU)
def test_abbreviation_ends_sentence_before_a_sentence_start(text: str, second: str) -> None:
    first = text[: text.index(second)].rstrip()
    assert sentences(text) == [first, second]


@pytest.mark.parametrize("text", SHOULD_NOT_SPLIT)
def test_abbreviation_or_initial_inside_a_sentence(text: str) -> None:
    assert sentences(text) == [text]


def test_abbreviation_then_quotes_and_more_sentences() -> None:
    text = "Он прибыл в США в 2021 г. «Мы готовы», — сказал он. Всё. Mr. Smith agreed."
    assert sentences(text) == [
        "Он прибыл в США в 2021 г.",
        "«Мы готовы», — сказал он.",
        "Всё.",
        "Mr. Smith agreed.",
    ]


# The seeds' segmentation is reviewed and pinned: count plus boundaries around tricky spots.
SEED_SENTENCES = {
    SEED_EN: (
        36,
        {
            1: "It is reported by Reuters…",
            3: "Joe Biden President of the U.S.A",
            5: "“That is, when they speak,",
            16: "I think the Russians will do the same, ”the State",
            19: "This is the essence of diplomacy, ”he added.",
            32: "That is, to demonstrate",
            35: "At the same time, Stoltenberg",
        },
    ),
    SEED_RU: (
        33,
        {
            6: "• 10 января Штаты",
            9: "Байден произнес всего одно слово: «Посмотрим»",
            10: "Президент США Джо Байден допустил",
            12: "Об этом сообщает Lenta.ru со ссылкой на Reuters.",
            19: "«Об этом пока даже речи не идет, даже близко», — заявил он,",
            22: "«Мы говорили о том, что, похоже, это состоится в январе.",
            23: "И мы будем ожидать",
            32: "Accept",
        },
    ),
}


@pytest.mark.parametrize("seed", list(SEED_SENTENCES), ids=["en", "ru"])
def test_seed_segmentation_is_unchanged(seed: Path) -> None:
    count, starts = SEED_SENTENCES[seed]
    got = sentences(seed.read_bytes().decode("utf-8"))
    assert len(got) == count
    for index, start in starts.items():
        assert got[index].startswith(start), (index, got[index])


def test_full_width_terminal_punctuation_ends_a_sentence_without_a_space() -> None:
    text = "普京说不。拜登说是！会谈结束了吗？「是的。」他说。"
    assert sentences(text) == ["普京说不。", "拜登说是！", "会谈结束了吗？", "「是的。」", "他说。"]
    assert sentences("東京に行きました。 明日帰ります。") == [
        "東京に行きました。",
        "明日帰ります。",
    ]
