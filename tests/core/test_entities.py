"""Entities: role splitting, document consistency, Russian lemmas, registry linking, cache."""

from __future__ import annotations

import itertools
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from reader.core.errors import Problem
from reader.core.recognition.entities import EntitySpan, cache_path, recognise, recognise_document
from reader.core.recognition.registry import add_alias, load_registry
from reader.core.text.document import load_document
from tests.conftest import REPO, SEED_EN, SEED_RU

REF = date(2021, 12, 29)


def _typed(text: str, language: str, **kw: object) -> list[tuple[str, str, str | None]]:
    return [(s.type, s.text, s.value) for s in recognise(text, language, REF, **kw)]  # type: ignore[arg-type]


def test_roles_and_titles_split_off() -> None:
    found = _typed("US President Joe Biden met NATO Secretary General Jens Stoltenberg.", "en")
    assert found == [
        ("LOC", "US", "United States"),
        ("PER", "Joe Biden", "Joe Biden"),
        ("ORG", "NATO", "NATO"),
        ("PER", "Jens Stoltenberg", "Jens Stoltenberg"),
    ]
    assert ("PER", "Dmitry Kuleba", "Dmitry Kuleba") in _typed(
        "Ukrainian Foreign Minister Dmitry Kuleba said so.", "en"
    )
    assert _typed("He spoke to the President of the U.S.A today.", "en")[0][:2] == ("LOC", "U.S.A")


def test_organisation_heads_and_country_adjectives() -> None:
    text = "The talks were announced by the Russian Foreign Ministry and the Bank of England."
    found = [(s.type, s.text, s.inside) for s in recognise(text, "en", REF)]
    assert found == [
        ("ORG", "Russian Foreign Ministry", False),
        ("ORG", "Bank of England", False),
        ("LOC", "England", True),
    ]


def test_document_consistency_links_surnames() -> None:
    text = "Earlier, spokesman Ned Price spoke. Price said the talks would go on. Price added more."
    people = [(s.text, s.value) for s in recognise(text, "en", REF) if s.type == "PER"]
    assert people == [("Ned Price", "Ned Price"), ("Price", "Ned Price"), ("Price", "Ned Price")]


def test_sentence_initial_words_and_headings_are_not_entities() -> None:
    text = "An important milestone\n\nNegotiations began. Stumbling block\n\nRelated materials:\n"
    assert recognise(text, "en", REF) == []


def test_russian_inflected_forms_group_under_one_normal_form() -> None:
    text = "Путин выступил. Байден говорил с Путиным, а потом о Путина никто не вспомнил."
    values = {s.text: s.value for s in recognise(text, "ru", REF) if s.type == "PER"}
    assert values["Путин"] == values["Путиным"] == values["Путина"] == "Путин"


def test_russian_full_name_normal_form_and_org_merge() -> None:
    found = _typed("17 декабря МИД России встретился с Владимиром Путиным в Кремле.", "ru")
    assert ("ORG", "МИД России", "МИД России") in found
    assert ("PER", "Владимиром Путиным", "Владимир Путин") in found
    assert ("ORG", "Кремле", "Кремль") in found
    assert ("DATE", "17 декабря", "2021-12-17") in found


def test_cross_language_linking_through_the_registry() -> None:
    registry = load_registry(REPO / "entities.yaml")
    en = recognise(SEED_EN.read_text(encoding="utf-8"), "en", REF, registry=registry)
    ru = recognise(SEED_RU.read_text(encoding="utf-8"), "ru", REF, registry=registry)
    for name in ("Joe Biden", "Vladimir Putin", "Dmitry Peskov", "NATO"):
        assert name in {s.canonical for s in en}, name
        assert name in {s.canonical for s in ru}, name
    by_text = {s.text: s for s in ru}
    assert by_text["Путиным"].canonical == "Vladimir Putin"
    assert by_text["НАТО"].value == "NATO"


def test_registry_types_a_name(tmp_path: Path) -> None:
    path = tmp_path / "entities.yaml"
    add_alias(path, "Zorglub Institute", "Zorglub", "ORG")
    found = _typed("Analysts at Zorglub disagreed.", "en", registry=load_registry(path))
    assert found == [("ORG", "Zorglub", "Zorglub Institute")]


def test_add_alias_is_atomic_and_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "entities.yaml"
    add_alias(path, "Vladimir Putin", "Путин", "PER")
    add_alias(path, "Путин", "Putin")  # found by alias
    before = path.read_bytes()
    add_alias(path, "Vladimir Putin", "putin")  # already there, case-insensitively
    assert path.read_bytes() == before
    data = yaml.safe_load(before.decode("utf-8"))
    assert data == {
        "entities": [{"name": "Vladimir Putin", "type": "PER", "aliases": ["Путин", "Putin"]}]
    }
    assert "Путин" in before.decode("utf-8")  # Cyrillic readable
    assert [p.name for p in tmp_path.iterdir()] == ["entities.yaml"]  # no temp file left
    with pytest.raises(Problem):
        add_alias(path, "Nobody Known", "Nobody")  # new entity needs a type


def test_invalid_registry_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "entities.yaml"
    path.write_text("entities:\n- name: X\n  type: THING\n", encoding="utf-8")
    with pytest.raises(Problem, match=r"entities\.yaml"):
        load_registry(path)
    assert load_registry(tmp_path / "missing.yaml").entries == ()


def test_document_cache_hit_and_stale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = load_document(SEED_EN, rel="en/" + SEED_EN.name)
    cache = tmp_path / ".reader"
    first = recognise_document(doc, "en", cache_dir=cache)
    path = cache_path(cache, doc)
    assert path == cache / "entities" / f"{doc.sha256}.json" and path.is_file()
    assert ("DATE", "January 10", "2022-01-10") in [(s.type, s.text, s.value) for s in first]

    import reader.core.recognition.entities as entities

    calls: list[str] = []
    monkeypatch.setattr(entities, "recognise", lambda *a, **k: calls.append("x") or [])
    assert recognise_document(doc, "en", cache_dir=cache) == first  # hit: no recognition
    assert calls == []
    monkeypatch.setattr(entities, "RECOGNISER_VERSION", "stale-test")
    assert recognise_document(doc, "en", cache_dir=cache) == []  # stale: recomputed
    assert calls == ["x"]
    path.write_text("{not json", encoding="utf-8")
    assert recognise_document(doc, "en", cache_dir=cache) == []  # corrupt: recomputed


def test_entity_span_contract() -> None:
    span = EntitySpan(0, 5, "PER", "Biden")
    assert span.value is None and span.canonical is None
    assert sorted([EntitySpan(3, 4, "LOC", "x"), span]) == [span, EntitySpan(3, 4, "LOC", "x")]


_PIECES = [
    "Путин", "Путиным", " Байден", "НАТО", "10 января", "US President Joe Biden", "May", " ",
    "\r\n", "\n\n", ".", ",", "«", "»", "\u0301", "\U0001f600", "Ё", "ё", "January 10", "’s",
]  # fmt: skip
_TEXT = st.lists(st.one_of(st.sampled_from(_PIECES), st.characters()), max_size=40).map("".join)


@given(_TEXT, st.sampled_from(["en", "ru"]))
def test_spans_always_slice_the_text(text: str, language: str) -> None:
    spans = recognise(text, language, REF)
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start : span.end] == span.text
    _assert_nesting(spans)


def _assert_nesting(spans: list[EntitySpan]) -> None:
    """Outer spans never overlap; each inner span lies within an outer one, listed after it."""
    outer = [s for s in spans if not s.inside]
    for a, b in itertools.pairwise(outer):
        assert a.end <= b.start, (a, b)
    for n, span in enumerate(spans):
        if span.inside:
            holders = [o for o in spans[:n] if not o.inside]
            assert any(o.start <= span.start and span.end <= o.end for o in holders), span


@pytest.mark.parametrize(
    ("text", "language", "outer", "inner"),
    [
        ("МЧС России сообщило о пожаре.", "ru", ("ORG", "МЧС России"), ("LOC", "России", "Россия")),
        (
            "Министерство обороны Российской Федерации опровергло это.",
            "ru",
            ("ORG", "Министерство обороны Российской Федерации"),
            ("LOC", "Российской Федерации", "Российская Федерация"),
        ),
        (
            "Депутаты Законодательного собрания Петербурга проголосовали.",
            "ru",
            ("ORG", "Законодательного собрания Петербурга"),
            ("LOC", "Петербурга", "Петербург"),
        ),
        (
            "A spokesman for the US State Department declined to comment.",
            "en",
            ("ORG", "US State Department"),
            ("LOC", "US", "United States"),
        ),
        # a place no list holds, named as a place elsewhere in the document
        (
            "Rain fell in England. The Bank of England kept rates.",
            "en",
            ("ORG", "Bank of England"),
            ("LOC", "England", "England"),
        ),
    ],
)
def test_places_inside_organisations_are_kept(
    text: str, language: str, outer: tuple[str, str], inner: tuple[str, str, str]
) -> None:
    spans = recognise(text, language, REF)
    _assert_nesting(spans)
    outer_spans = [(s.type, s.text) for s in spans if not s.inside]
    inner_spans = [(s.type, s.text, s.value) for s in spans if s.inside]
    assert outer in outer_spans
    assert inner_spans == [inner]


@pytest.mark.parametrize(
    ("text", "language", "inner"),
    [
        ("Генштаб ВСУ опроверг это.", "ru", [("ORG", "ВСУ")]),
        ("Министры Совета ЕС встретились.", "ru", [("ORG", "ЕС")]),
        ("He asked the U.N. Security Council to meet.", "en", [("ORG", "U.N.")]),
        # the organisation less its country is not another organisation
        ("A spokesman for the US State Department said so.", "en", [("LOC", "US")]),
    ],
)
def test_organisations_inside_organisations_are_kept(
    text: str, language: str, inner: list[tuple[str, str]]
) -> None:
    spans = recognise(text, language, REF)
    _assert_nesting(spans)
    assert [(s.type, s.text) for s in spans if s.inside] == inner


def test_a_name_without_an_organisation_around_it_is_not_inside() -> None:
    spans = recognise("Пожар в России потушили.\nFires in Russia were put out.", "ru", REF)
    assert [(s.text, s.inside) for s in spans] == [("России", False), ("Russia", False)]


def test_two_people_in_one_phrase() -> None:
    found = _typed("Vladimir Putin's spokesman Dmitry Peskov said so.", "en")
    assert found == [
        ("PER", "Vladimir Putin", "Vladimir Putin"),
        ("PER", "Dmitry Peskov", "Dmitry Peskov"),
    ]


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("Заявление Путина.", "Путина", "Путин"),
        ("Слова Владимира Путина.", "Владимира Путина", "Владимир Путин"),
        ("Заявление Сергея Лаврова.", "Сергея Лаврова", "Сергей Лавров"),
        ("Слова Захаровой.", "Захаровой", "Захарова"),  # a woman stays one
        ("Заявление Марии Захаровой.", "Марии Захаровой", "Мария Захарова"),
        ("Мария Захарова выступила.", "Мария Захарова", "Мария Захарова"),
        ("Встреча с Джо Байденом.", "Джо Байденом", "Джо Байден"),
    ],
)
def test_russian_genitive_surnames_normalised(text: str, surface: str, value: str) -> None:
    assert ("PER", surface, value) in _typed(text, "ru")


def test_russian_lone_surname_takes_the_reading_seen_in_the_document() -> None:
    found = _typed("Ивановой позвонили. Иванова ответила не сразу.", "ru")
    assert [v for t, _, v in found if t == "PER"] == ["Иванова", "Иванова"]


def test_russian_hyphenated_place_names_keep_their_capitals() -> None:
    found = _typed("Встречи прошли в Нью-Йорке, Санкт-Петербурге и Ростове-на-Дону.", "ru")
    values = [v for t, _, v in found if t == "LOC"]
    assert values == ["Нью-Йорк", "Санкт-Петербург", "Ростов-на-Дону"]


def test_registry_aliases_add_russian_mentions_natasha_missed() -> None:
    registry = load_registry(REPO / "entities.yaml")
    found = recognise("Путин прибыл в Женеву.", "ru", REF, registry=registry)
    assert [(s.type, s.text, s.canonical) for s in found] == [
        ("PER", "Путин", "Vladimir Putin"),
        ("LOC", "Женеву", "Geneva"),
    ]
    found = recognise("Байден заявил о санкциях.", "ru", REF, registry=registry)
    assert [(s.type, s.text, s.canonical) for s in found] == [("PER", "Байден", "Joe Biden")]
    seed = recognise(SEED_RU.read_text(encoding="utf-8"), "ru", REF, registry=registry)
    assert (seed[0].start, seed[0].text, seed[0].canonical) == (0, "Байден", "Joe Biden")
    # Only with the registry, and not a lower-case common noun ("прайс" is a price list).
    assert _typed("Байден заявил о санкциях.", "ru") == []
    assert _typed("Пришлите прайс сегодня.", "ru", registry=registry) == [
        ("DATE", "сегодня", "2021-12-29")
    ]


def test_registry_alias_of_several_words_in_russian() -> None:
    registry = load_registry(REPO / "entities.yaml")
    found = recognise(
        "Расширение Североатлантического альянса обсуждали.", "ru", REF, registry=registry
    )
    assert [(s.type, s.text, s.canonical) for s in found] == [
        ("ORG", "Североатлантического альянса", "NATO")
    ]
    found = recognise("Соединенных Штатов это не касается.", "ru", REF, registry=registry)
    assert [(s.type, s.value, s.canonical) for s in found] == [
        ("LOC", "United States", "United States")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "White House press secretary Jen Psaki said so.",
            [("ORG", "White House"), ("PER", "Jen Psaki")],
        ),
        ("New York officials said so.", [("LOC", "New York")]),
        ("United States officials said.", [("LOC", "United States")]),
        ("Deutsche Bank said so.", [("ORG", "Deutsche Bank")]),
        ("The Russian Foreign Ministry said so.", [("ORG", "Russian Foreign Ministry")]),
        # The tail of an unknown name is not a name by itself; the whole run before a
        # verb is typed by its shape and context.
        ("Goldman Sachs said prices would rise.", [("ORG", "Goldman Sachs")]),
        ("Human Rights Watch said so.", [("ORG", "Human Rights Watch")]),
        # After a function word the rest of the run is read.
        ("Today Russia warned NATO.", [("DATE", "Today"), ("LOC", "Russia"), ("ORG", "NATO")]),
        (
            "LONDON, Feb 9 (Reuters) - Prices rose.",
            [("LOC", "LONDON"), ("DATE", "Feb 9"), ("ORG", "Reuters")],
        ),
    ],
)
def test_english_known_phrases_at_sentence_start(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert [(t, s) for t, s, _ in _typed(text, "en")] == expected
    registry = load_registry(REPO / "entities.yaml")
    assert [(t, s) for t, s, _ in _typed(text, "en", registry=registry)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "US Secretary of State Antony Blinken said so.",
            [("LOC", "US"), ("PER", "Antony Blinken")],
        ),
        ("Secretary of State Mike Pompeo met Lavrov.", [("PER", "Mike Pompeo"), ("PER", "Lavrov")]),
        ("Minister of Foreign Affairs Dmytro Kuleba spoke.", [("PER", "Dmytro Kuleba")]),
        ("The Secretary of Defense said nothing.", []),
        ("He met foreign minister Lavrov in Geneva.", [("PER", "Lavrov"), ("LOC", "Geneva")]),
    ],
)
def test_roles_of_several_words(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(t, s) for t, s, _ in _typed(text, "en")] == expected


def test_pymorphy2_analyzer_loads_in_a_fresh_process() -> None:
    """pymorphy2 0.9.1 needs inspect.getargspec (gone in Python 3.11): ner_ru patches it."""
    code = (
        "import sys\n"
        "from reader.core.recognition import ner_ru\n"
        "morph = ner_ru._analyzer()\n"
        "assert 'yargy' not in sys.modules and 'natasha' not in sys.modules\n"
        "assert morph.parse('Путиным')[0].normal_form == 'путин'\n"
        "assert ner_ru._models().morph.parse('Женеву')[0].normal_form == 'женева'\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a wire dateline's place, known or not
        (
            "ZURICH, March 15 (Reuters) - Shares fell.",
            [("LOC", "ZURICH"), ("DATE", "March 15"), ("ORG", "Reuters")],
        ),
        (
            "HUALIEN, Taiwan, April 10 - Rain.",
            [("LOC", "HUALIEN"), ("LOC", "Taiwan"), ("DATE", "April 10")],
        ),
        ("UEFA, the governing body, agreed.", [("ORG", "UEFA")]),
        # organisations without a head word, by their shape and their context
        ("Lawyers for FTX said ByteDance declined.", [("ORG", "FTX"), ("ORG", "ByteDance")]),
        ("Shares in Eramet fell.", [("ORG", "Eramet")]),
        ("A Quendle spokesman declined to comment.", [("ORG", "Quendle")]),
        ("He sold Fooboria, a French mining group.", [("ORG", "Fooboria")]),
        ("Analysts at Quendle Partners agreed.", [("ORG", "Quendle Partners")]),
        # people without a role or a known first name
        (
            "The minister met Ritsu Doan and Takuma Asano.",
            [("PER", "Ritsu Doan"), ("PER", "Takuma Asano")],
        ),
        ("It rained. Gundogan had given them the lead.", [("PER", "Gundogan")]),
        ("It rained. Haaland trained normally.", [("PER", "Haaland")]),
        ("It rained. Sultan al-Jaber, who heads the talks, agreed.", [("PER", "Sultan al-Jaber")]),
        ("It rained. Billionaire Elon Musk said no.", [("PER", "Elon Musk")]),
        (
            "It rained. Swati Dhingra and Silvana Tenreyro voted no.",
            [("PER", "Swati Dhingra"), ("PER", "Silvana Tenreyro")],
        ),
        ("It rained. Golfers reacted with anger.", []),
        ("I think the Russians will do the same.", []),
        # places by their first or last word, events left out
        (
            "They met at Camp David near the Khalifa Stadium.",
            [("LOC", "Camp David"), ("LOC", "Khalifa Stadium")],
        ),
        ("Ships sail round the Cape of Good Hope.", [("LOC", "Cape of Good Hope")]),
        ("They watched the World Cup as Hurricane Idalia hit.", []),
        ("Floods hit the Sindh province.", [("LOC", "Sindh")]),
    ],
)
def test_english_names_no_list_holds(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(t, s) for t, s, _ in _typed(text, "en")] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a dateline's capitals are a place, cut from the headline the tagger runs into it
        (
            "Самолет сел в Магадане\n\nМАГАДАН, 8 июня. Никто не пострадал.",
            [
                ("LOC", "Магадане", "Магадан"),
                ("LOC", "МАГАДАН", "Магадан"),
                ("DATE", "8 июня", "2022-06-08"),
            ],
        ),
        # a headline's surname the body names in full
        (
            "Трамп объявил о победе\n\nКандидат Дональд Трамп выступил перед сторонниками.",
            [("PER", "Трамп", "Дональд Трамп"), ("PER", "Дональд Трамп", "Дональд Трамп")],
        ),
        # power stations and cemeteries are places, not organisations
        ("Плотина Каховской ГЭС разрушена.", [("LOC", "Каховской ГЭС", "Каховской ГЭС")]),
    ],
)
def test_russian_datelines_headline_surnames_facilities(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert _typed(text, "ru") == expected


def test_a_lone_surrogate_inside_a_russian_name_is_read_without_error() -> None:
    text = "ПутинПутин’s’sMay\ud800"
    assert all(text[s.start : s.end] == s.text for s in recognise(text, "ru", REF))


def test_a_name_is_its_exact_slice_and_stops_at_a_record_separator() -> None:
    text = "US President Joe  Biden\x1fПутин met in Geneva."
    people = [s for s in recognise(text, "en", REF) if s.type == "PER"]
    assert [(s.text, s.value) for s in people] == [("Joe  Biden", "Joe Biden"), ("Путин", "Путин")]
    assert all(text[s.start : s.end] == s.text for s in recognise(text, "en", REF))
