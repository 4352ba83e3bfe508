"""Two articles side by side: shared marks and paragraph alignment."""

from __future__ import annotations

from datetime import date

from reader.core.corpus.compare import align, follow, shared_marks, shared_spans
from reader.core.recognition.entities import EntitySpan, recognise_document
from reader.core.recognition.registry import load_registry
from reader.core.text.document import load_document
from tests.conftest import REPO, SEED_EN, SEED_RU


def spans_in(text: str, names: dict[str, str]) -> list[EntitySpan]:
    """PER spans for each surface form in ``names`` (surface -> canonical), every time."""
    found = []
    for surface, canonical in names.items():
        start = text.find(surface)
        while start >= 0:
            found.append(EntitySpan(start, start + len(surface), "PER", surface, canonical,
                                    canonical))  # fmt: skip
            start = text.find(surface, start + 1)
    return sorted(found)


def test_paragraphs_align_in_order_on_what_they_share() -> None:
    left = "Biden spoke.\n\nPutin answered.\n\nPeskov and Putin agreed.\n"
    right = "Вступление.\n\nПутин ответил.\n\nПесков и Путин согласились.\n\nБайден.\n"
    names = {
        "Biden": "Joe Biden", "Putin": "Vladimir Putin", "Peskov": "Dmitry Peskov",
        "Байден": "Joe Biden", "Путин": "Vladimir Putin", "Песков": "Dmitry Peskov",
    }  # fmt: skip
    left_spans, right_spans = spans_in(left, names), spans_in(right, names)
    anchors = align(left, left_spans, right, right_spans)
    pairs = [(left[a.left : a.left + 6], right[a.right : a.right + 6]) for a in anchors]
    # Biden/Байден would cross the other pairs: order wins, the most shared marks kept
    assert pairs == [("Putin ", "Путин "), ("Peskov", "Песков")]
    assert anchors[1].marks == {"entity:vladimir putin", "entity:dmitry peskov"}
    assert follow(anchors, 0) == 0
    assert follow(anchors, anchors[0].left + 3) == anchors[0].right
    assert follow(anchors, len(left)) == anchors[-1].right
    shared = shared_marks(left_spans, right_spans)
    assert shared == {"entity:joe biden", "entity:vladimir putin", "entity:dmitry peskov"}
    assert len(shared_spans(right_spans, shared)) == len(right_spans)


def test_nothing_shared_nothing_aligned() -> None:
    assert align("One.\n", [], "Два.\n", []) == ()
    assert follow((), 100) == 0


def test_the_seed_story_in_english_and_russian() -> None:
    registry = load_registry(REPO / "entities.yaml")
    en, ru = load_document(SEED_EN, "en/x.txt"), load_document(SEED_RU, "ru/x.txt")
    day = date(2021, 12, 29)  # both articles' date: "January 10" is 2022-01-10
    en_spans = recognise_document(en, "en", registry=registry, reference_date=day)
    ru_spans = recognise_document(ru, "ru", registry=registry, reference_date=day)
    shared = shared_marks(en_spans, ru_spans)
    assert {"entity:dmitry peskov", "entity:joe biden", "date:2022-01-10"} <= shared
    anchors = align(en.text, en_spans, ru.text, ru_spans)
    assert len(anchors) >= 3
    assert [a.left for a in anchors] == sorted(a.left for a in anchors)
    assert [a.right for a in anchors] == sorted(a.right for a in anchors)
    offsets = range(0, len(en.text), 97)
    followed = [follow(anchors, x) for x in offsets]
    assert followed == sorted(followed)  # the right side never scrolls back
