"""Russian entities with natasha (its weights ship in the wheels: no download).

natasha's NER tags PER/ORG/LOC and its morphology gives normal forms
("Владимиром Путиным" → "Владимир Путин"). On top of it: adjacent ORG + ORG/LOC
merge into one organisation ("МИД" + "России", "Постоянного совета" + "ОБСЕ");
institutions named after a building are ORG (Кремль, Белый дом); a LOC ending in
a lower-case common noun that is not a geographic one is dropped ("Стратегического
диалога"); Latin-script lines are read by the English rules. The models load once
per process, on first use, behind a lock: call ``warm_up()`` from a worker thread.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any

from reader.core.dates import Tense
from reader.core.entity_registry import EntityRegistry
from reader.core.gazetteer import gazetteer
from reader.core.ner_en import Mention, recognise_english

_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_FUTURE_WORDS = re.compile(
    r"(?<!\w)(?:запланирован\w*|планиру\w+|намечен\w*|намерен\w*|должн\w*|предстоящ\w+|"
    r"будет|будут|ожида\w+)(?!\w)",
    re.I,
)
_WORD = re.compile(r"[А-Яа-яЁё]+")


@dataclass(frozen=True)
class _Models:
    segmenter: Any
    morph_vocab: Any
    ner: Any
    morph: Any


_LOCK = threading.Lock()
_MODELS: _Models | None = None


def _models() -> _Models:
    global _MODELS
    with _LOCK:
        if _MODELS is None:
            from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

            embedding = NewsEmbedding()
            _MODELS = _Models(
                Segmenter(), MorphVocab(), NewsNERTagger(embedding), NewsMorphTagger(embedding)
            )
        return _MODELS


def warm_up() -> None:
    """Load natasha's models now (≈ 1.5 s): call from a worker thread, not the UI."""
    _models()


def russian_tense(sentence: str) -> Tense:
    """ "past" or "future" from the sentence's verbs (pymorphy2), None when mixed or absent."""
    analyzer = _models().morph_vocab
    future = bool(_FUTURE_WORDS.search(sentence))
    past = False
    for word in _WORD.findall(sentence):
        if _FUTURE_WORDS.fullmatch(word):
            continue
        tag = analyzer.parse(word.lower())[0].tag
        if tag.POS in ("VERB", "PRTF", "PRTS") and tag.tense == "past":
            past = True
        elif tag.POS == "VERB" and tag.tense == "futr":
            future = True
    if past == future:
        return None
    return "past" if past else "future"


def _latin_lines(text: str) -> list[tuple[int, str]]:
    out = []
    pos = 0
    for line in text.splitlines(keepends=True):
        if line.strip() and not _CYRILLIC.search(line):
            out.append((pos, line))
        pos += len(line)
    return out


def _merge_orgs(text: str, mentions: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.type == "ORG"
            and m.type in ("ORG", "LOC")
            and text[prev.end : m.start] == " "
            and m.text[:1].isupper()
        ):
            out[-1] = Mention(
                prev.start, m.end, "ORG", text[prev.start : m.end], f"{prev.value} {m.text}"
            )
            continue
        out.append(m)
    return out


def recognise_russian(text: str, registry: EntityRegistry | None = None) -> list[Mention]:
    """PER, ORG and LOC mentions of a Russian text (natasha + rules), sorted by position."""
    from natasha import Doc

    models = _models()
    gaz = gazetteer()
    doc = Doc(text)
    doc.segment(models.segmenter)
    doc.tag_ner(models.ner)
    doc.tag_morph(models.morph)
    mentions: list[Mention] = []
    for span in doc.spans:
        span.normalize(models.morph_vocab)
        normal = span.normal or span.text
        type_ = gaz.ru_types.get(normal, span.type)
        last_word = span.text.split()[-1]
        if type_ == "LOC" and last_word.islower() and normal.split()[-1] not in gaz.ru_geo_heads:
            continue
        mentions.append(Mention(span.start, span.stop, type_, span.text, normal))
    mentions = _merge_orgs(text, mentions)
    for offset, line in _latin_lines(text):
        for m in recognise_english(line, registry):
            mentions.append(Mention(m.start + offset, m.end + offset, m.type, m.text, m.value))
    mentions.sort(key=lambda m: (m.start, m.end))
    return _link_surnames(mentions)


def _link_surnames(mentions: list[Mention]) -> list[Mention]:
    """A surname alone ("Байден") takes the full name seen in the document ("Джо Байден")."""
    full: dict[str, str] = {}
    for m in mentions:
        if m.type == "PER" and " " in m.value:
            full.setdefault(m.value.split()[-1], m.value)
    for m in mentions:
        if m.type == "PER" and " " not in m.value and m.value in full:
            m.value = full[m.value]
    return mentions
