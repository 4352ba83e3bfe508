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

import functools
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
    ner: Any
    morph: Any  # pymorphy2.MorphAnalyzer


_LOCK = threading.Lock()
_MODELS: _Models | None = None


def _models() -> _Models:
    global _MODELS
    with _LOCK:
        if _MODELS is None:
            import pymorphy2
            from natasha import NewsEmbedding, NewsNERTagger, Segmenter

            _MODELS = _Models(
                Segmenter(), NewsNERTagger(NewsEmbedding()), pymorphy2.MorphAnalyzer()
            )
        return _MODELS


def warm_up() -> None:
    """Load natasha's models now (≈ 1.5 s): call from a worker thread, not the UI."""
    _models()


@functools.lru_cache(maxsize=65536)
def _word_tense(word: str) -> Tense:
    tag = _models().morph.parse(word)[0].tag
    if tag.POS in ("VERB", "PRTF", "PRTS") and tag.tense == "past":
        return "past"
    if tag.POS == "VERB" and tag.tense == "futr":
        return "future"
    return None


def russian_tense(sentence: str) -> Tense:
    """ "past" or "future" from the sentence's verbs (pymorphy2), None when mixed or absent."""
    future = bool(_FUTURE_WORDS.search(sentence))
    past = False
    for word in _WORD.findall(sentence):
        if _FUTURE_WORDS.fullmatch(word):
            continue
        word_tense = _word_tense(word.lower())
        past = past or word_tense == "past"
        future = future or word_tense == "future"
    if past == future:
        return None
    return "past" if past else "future"


_PREFERRED = {"PER": ("Name", "Surn", "Patr"), "LOC": ("Geox",), "ORG": ("Orgn", "Abbr")}


def _like(source: str, word: str) -> str:
    """``word`` with the capitalisation of ``source``."""
    if source.isupper() and len(source) > 1:
        return word.upper()
    return word[:1].upper() + word[1:] if source[:1].isupper() else word


def _person_word(word: str, morph: Any) -> str:
    """One word of a name in the nominative singular, its gender kept (Захаровой → Захарова)."""
    if not _CYRILLIC.search(word):
        return word
    parses = [p for p in morph.parse(word) if p.tag.number != "plur"]
    named = [p for p in parses if any(g in p.tag for g in _PREFERRED["PER"])]
    nouns = [p for p in parses if "NOUN" in p.tag]
    candidates = named or nouns or parses
    if not candidates or any(p.tag.case == "nomn" for p in candidates):
        return word
    best = candidates[0]
    form = best.inflect({"nomn"})
    return _like(word, form.word) if form else word


def normal_form(text: str, type_: str, morph: Any) -> str:
    """The nominative of a name: "Владимиром Путиным" → "Владимир Путин".

    Names: each word to the nominative unless it may already be one. Places and
    organisations: words up to the head noun to the nominative, adjectives agreeing
    with it ("Постоянного совета ОБСЕ" → "Постоянный совет ОБСЕ"); the rest is kept.
    Faster than natasha's morphology tagger (≈ 0.1 ms per name instead of 30 ms per KB).
    """
    words = text.split()
    if type_ == "PER":
        return " ".join(_person_word(word, morph) for word in words)
    parsed: list[Any] = []
    head = len(words)
    for i, word in enumerate(words):
        parses = morph.parse(word) if _CYRILLIC.search(word) else []
        parse = next((p for p in parses if "NOUN" in p.tag or "ADJF" in p.tag), None)
        parsed.append(parse)
        if parse is not None and "NOUN" in parse.tag and not word.isupper():
            head = i
            break
    if head == len(words):
        return text
    noun = parsed[head]
    gender, number = noun.tag.gender, noun.tag.number or "sing"
    out = []
    for word, parse in zip(words[: head + 1], parsed, strict=True):
        if parse is None or word.isupper():
            out.append(word)
            continue
        grams = {"nomn", number} | (
            {gender} if gender and number == "sing" and parse is not noun else set()
        )
        form = parse.inflect(grams) or parse.inflect({"nomn"})
        out.append(_like(word, form.word) if form else word)
    return " ".join([*out, *words[head + 1 :]])


@functools.lru_cache(maxsize=65536)
def _cached_normal_form(text: str, type_: str) -> str:
    return normal_form(text, type_, _models().morph)


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
    mentions: list[Mention] = []
    for span in doc.spans:
        normal = _cached_normal_form(span.text, span.type)
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
    return _link_surnames(mentions, models.morph)


@functools.lru_cache(maxsize=65536)
def _nominatives(word: str, morph: Any) -> frozenset[str]:
    """Every nominative a one-word name may have ("Путина": Путина or Путин)."""
    out = {word}
    for parse in morph.parse(word):
        if any(g in parse.tag for g in _PREFERRED["PER"]):
            form = parse.inflect({"nomn", "sing"})
            if form is not None:
                out.add(_like(word, form.word))
    return frozenset(out)


def _link_surnames(mentions: list[Mention], morph: Any) -> list[Mention]:
    """A surname alone ("Байден", "Путина") takes the name seen in the document.

    The full name ("Джо Байден") wins; else another one-word mention's normal form
    settles an ambiguous case ("Путина" next to "Путин" is Путин).
    """
    full: dict[str, str] = {}
    for m in mentions:
        if m.type == "PER" and " " in m.value:
            full.setdefault(m.value.split()[-1], m.value)
    for m in mentions:
        if m.type == "PER" and " " not in m.value:
            full.setdefault(m.value, m.value)
    for m in mentions:
        if m.type == "PER" and " " not in m.value:
            forms = _nominatives(m.text, morph) | {m.value}
            match = full[m.value] if " " in full[m.value] else None
            match = match or next((full[f] for f in sorted(forms) if " " in full.get(f, "")), None)
            match = match or next((f for f in sorted(forms) if f != m.value and f in full), None)
            m.value = match or m.value
    return mentions
