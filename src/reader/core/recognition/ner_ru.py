"""Russian entities with natasha (its weights ship in the wheels: no download).

natasha's NER tags PER/ORG/LOC and pymorphy2 gives normal forms ("Владимиром
Путиным" → "Владимир Путин"). On top of it: adjacent ORG + ORG/LOC merge into one
organisation ("МИД" + "России", "Постоянного совета" + "ОБСЕ"); institutions named
after a building are ORG (Кремль, Белый дом); a LOC ending in a lower-case common
noun that is not a geographic one is dropped ("Стратегического диалога"); Latin-script
lines are read by the English rules; ``entities.yaml`` aliases add the mentions
natasha missed ("Байден заявил"). The models load once per process, on first use,
behind a lock: call ``warm_up()`` from a worker thread.
"""

from __future__ import annotations

import functools
import itertools
import os
import re
import threading
from dataclasses import dataclass
from typing import Any

from reader.core.recognition.dates import Tense
from reader.core.recognition.gazetteer import gazetteer
from reader.core.recognition.ner_en import Mention, recognise_english
from reader.core.recognition.registry import EntityRegistry, alias_key

_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_FUTURE_WORDS = re.compile(
    r"(?<!\w)(?:запланирован\w*|планиру\w+|намечен\w*|намерен\w*|должн\w*|предстоящ\w+|"
    r"будет|будут|ожида\w+)(?!\w)",
    re.I,
)
_WORD = re.compile(r"[А-Яа-яЁё]+")


@dataclass(frozen=True)
class _Models:
    ner: Any
    morph: Any  # pymorphy2.MorphAnalyzer


_LOCK = threading.Lock()
_MODELS: _Models | None = None


def _patch_pymorphy2() -> None:
    """Let pymorphy2 0.9.1 run on Python ≥ 3.11, where ``inspect.getargspec`` is gone.

    pymorphy2 reads its analyzer units' parameters with ``getargspec``; natasha's yargy
    applies this same fix when imported, but the analyzer must not depend on what was
    imported first.
    """
    import inspect

    from pymorphy2.units.base import BaseAnalyzerUnit

    if hasattr(inspect, "getargspec"):
        return

    def param_names(cls: Any) -> list[str]:
        if cls.__init__ is object.__init__:
            return []
        return sorted(inspect.getfullargspec(cls.__init__).args[1:])

    BaseAnalyzerUnit._get_param_names = classmethod(param_names)


def _analyzer() -> Any:
    """A pymorphy2 ``MorphAnalyzer``; its dictionary is found without ``pkg_resources``
    unless ``PYMORPHY2_DICT_PATH`` names one."""
    _patch_pymorphy2()
    import pymorphy2
    import pymorphy2_dicts_ru  # type: ignore[import-untyped]

    path = None if os.environ.get("PYMORPHY2_DICT_PATH") else pymorphy2_dicts_ru.get_path()
    return pymorphy2.MorphAnalyzer(path=path)


def _models() -> _Models:
    global _MODELS
    with _LOCK:
        if _MODELS is None:
            from natasha import NewsEmbedding, NewsNERTagger

            _MODELS = _Models(NewsNERTagger(NewsEmbedding()), _analyzer())
        return _MODELS


def morphology() -> Any:
    """The pymorphy2 analyzer (loads the models on first use)."""
    return _models().morph


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


_NAME_GRAMMEMES = ("Name", "Surn", "Patr")
_NAME_WORD = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*")


def _like(source: str, word: str) -> str:
    """``word`` with the capitalisation of ``source``, part by part (Нью-Йорке → Нью-Йорк)."""
    if source.isupper() and len(source) > 1:
        return word.upper()
    parts, out = source.split("-"), word.split("-")
    if len(parts) != len(out):
        parts, out = [source], [word]
    return "-".join(
        w[:1].upper() + w[1:] if p[:1].isupper() else w for p, w in zip(parts, out, strict=True)
    )


def _name_readings(word: str, morph: Any) -> tuple[list[Any], bool]:
    """The singular readings of a word of a name, most probable first, and whether they
    are name readings (Name/Surn/Patr) rather than pymorphy2's guesses."""
    parses = [p for p in morph.parse(word) if p.tag.number != "plur"]
    named = [p for p in parses if any(g in p.tag for g in _NAME_GRAMMEMES)]
    return (named, True) if named else ([p for p in parses if "NOUN" in p.tag] or parses, False)


def _case_gender(parse: Any) -> tuple[str | None, str | None]:
    tag = parse.tag
    return (str(tag.case) if tag.case else None, str(tag.gender) if tag.gender else None)


def _agrees(parse: Any, case: str | None, gender: str | None) -> bool:
    own_case, own_gender = _case_gender(parse)
    return own_case == case and (gender is None or own_gender in (None, gender))


def _nominative(word: str, parse: Any | None) -> str:
    if parse is None or parse.tag.case == "nomn":
        return word
    form = parse.inflect({"nomn"})
    return _like(word, form.word) if form else word


def _person_name(words: list[str], morph: Any) -> str:
    """A name in the nominative, its words read in one case and gender.

    In a full name the readings must agree ("Владимира Путина": masculine genitive →
    Владимир Путин, though "Путина" alone may also be a feminine nominative). A word
    alone takes its most probable reading (Путина → Путин, Захаровой → Захарова).
    """
    readings = {i: _name_readings(w, morph) for i, w in enumerate(words) if _NAME_WORD.fullmatch(w)}
    chosen: dict[int, Any] = {i: r[0] if r else None for i, (r, _) in readings.items()}
    hard = [i for i, (r, named) in readings.items() if named]
    if len(readings) > 1:
        best = -1.0
        pairs = {_case_gender(p) for i in hard or readings for p in readings[i][0]}
        for case, gender in sorted(pairs, key=str):
            pick: dict[int, Any] = {}
            for i, (options, _) in readings.items():
                pick[i] = next((p for p in options if _agrees(p, case, gender)), None)
            if any(pick[i] is None for i in hard):
                continue
            score = sum(p.score for p in pick.values() if p is not None)
            if score > best:
                best, chosen = score, pick
    return " ".join(_nominative(w, chosen.get(i)) for i, w in enumerate(words))


def _encodable(word: str) -> bool:
    """Whether pymorphy2's dictionary can look ``word`` up (a lone surrogate cannot be
    encoded to UTF-8, and the tagger may hand one over inside a span)."""
    return not _SURROGATE.search(word)


def normal_form(text: str, type_: str, morph: Any) -> str:
    """The nominative of a name: "Владимиром Путиным" → "Владимир Путин".

    Names: each word to the nominative unless it may already be one. Places and
    organisations: words up to the head noun to the nominative, adjectives agreeing
    with it ("Постоянного совета ОБСЕ" → "Постоянный совет ОБСЕ"); the rest is kept.
    Faster than natasha's morphology tagger (≈ 0.1 ms per name instead of 30 ms per KB).
    """
    words = text.split()
    if type_ == "PER":
        return _person_name(words, morph)
    parsed: list[Any] = []
    head = len(words)
    for i, word in enumerate(words):
        parses = morph.parse(word) if _CYRILLIC.search(word) and _encodable(word) else []
        parse = next((p for p in parses if {"NOUN", "ADJF", "PRTF"} & p.tag.grammemes), None)
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
def cached_normal_form(text: str, type_: str) -> str:
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


@functools.lru_cache(maxsize=8)  # one registry serves every article until it changes
def _registry_keys(registry: EntityRegistry) -> tuple[frozenset[str], int]:
    """The first words of the registry's Cyrillic aliases, and the most words an alias has."""
    keys = [
        alias_key(a) for e in registry.entries for a in (e.name, *e.aliases) if _CYRILLIC.search(a)
    ]
    return frozenset(k.split()[0] for k in keys), max((len(k.split()) for k in keys), default=0)


@functools.lru_cache(maxsize=65536)
def _word_forms(word: str) -> tuple[str, ...]:
    """The word and its normal forms (Женеву: женева; Штатов: штат, штаты), as alias keys."""
    out = [alias_key(word)]
    for parse in _models().morph.parse(word)[:4]:
        nominative = parse.inflect({"nomn"})
        for form in (parse.normal_form, nominative.word if nominative else None):
            if form and alias_key(form) not in out:
                out.append(alias_key(form))
    return tuple(out)


def _registry_mentions(
    text: str, mentions: list[Mention], registry: EntityRegistry | None
) -> list[Mention]:
    """Registry aliases natasha missed: capitalised Cyrillic words outside every mention
    whose normal forms spell an alias ("Байден заявил", "Путин прибыл в Женеву")."""
    if registry is None:
        return []
    first_words, longest = _registry_keys(registry)
    if not first_words:
        return []
    taken = sorted((m.start, m.end) for m in mentions)
    words = []
    t = 0
    for w in _NAME_WORD.finditer(text):
        while t < len(taken) and taken[t][1] <= w.start():
            t += 1
        if t == len(taken) or w.end() <= taken[t][0]:
            words.append(w)
    found: list[Mention] = []
    i = 0
    while i < len(words):
        first = words[i]
        match = None
        if first.group()[:1].isupper() and set(_word_forms(first.group())) & first_words:
            for n in range(min(longest, len(words) - i), 0, -1):
                run = words[i : i + n]
                if any(text[a.end() : b.start()] != " " for a, b in itertools.pairwise(run)):
                    continue
                for combo in itertools.product(*(_word_forms(w.group()) for w in run)):
                    entry = registry.lookup(" ".join(combo))
                    if entry is not None:
                        match = (n, entry)
                        break
                if match:
                    break
        if match is None:
            i += 1
            continue
        n, entry = match
        start, end = first.start(), words[i + n - 1].end()
        surface = text[start:end]
        normal = cached_normal_form(surface, entry.type)
        value = normal if registry.lookup(normal) is entry else entry.name
        found.append(Mention(start, end, entry.type, surface, value))
        i += n
    return found


def _line_pieces(text: str, spans: list[Any]) -> list[tuple[int, int, str]]:
    """The tagger's spans cut at line breaks: the tagger reads the raw text, and a headline's
    last word may run into the dateline below it ("Магадане\n\nМАГАДАН")."""
    out = []
    for span in spans:
        for line in re.finditer(r"[^\n]+", text[span.start : span.stop]):
            piece = line.group().strip()
            if piece:
                start = span.start + line.start() + line.group().index(piece)
                out.append((start, start + len(piece), span.type))
    return out


def recognise_russian(text: str, registry: EntityRegistry | None = None) -> list[Mention]:
    """PER, ORG and LOC mentions of a Russian text (natasha + rules), sorted by position."""
    models = _models()
    gaz = gazetteer()
    mentions: list[Mention] = []
    # The tagger on the raw text: natasha's Doc.segment (razdel sentences and tokens,
    # a quarter of the time) only serves Doc's own token views, which are not used here.
    spans = models.ner(text).spans if text.strip() else []
    latin = _latin_lines(text)
    latin_ranges = [(offset, offset + len(line)) for offset, line in latin]
    for start, stop, tagged in _line_pieces(text, spans):
        if any(a <= start < b for a, b in latin_ranges):
            continue  # Latin-script lines are read by the English rules below
        surface = text[start:stop]
        normal = cached_normal_form(surface, tagged)
        type_ = gaz.ru_types.get(normal, tagged)
        last_word = surface.split()[-1]
        if type_ == "LOC" and last_word.islower() and normal.split()[-1] not in gaz.ru_geo_heads:
            continue
        mentions.append(Mention(start, stop, type_, surface, normal))
    mentions = _merge_orgs(text, mentions)
    for offset, line in latin:
        for m in recognise_english(line, registry):
            mentions.append(Mention(m.start + offset, m.end + offset, m.type, m.text, m.value))
    mentions.extend(_registry_mentions(text, mentions, registry))
    mentions = _datelines_and_facilities(text, mentions, models.morph)
    mentions.extend(_people_natasha_missed(text, mentions, models.morph))
    mentions.sort(key=lambda m: (m.start, m.end))
    return _link_surnames(mentions, models.morph)


# A wire dateline: "ХЕРСОН, 8 июня.", "САНКТ-ПЕТЕРБУРГ, 30 августа."
_DATELINE = re.compile(r"^(?P<place>[А-ЯЁ][А-ЯЁ-]+(?: [А-ЯЁ][А-ЯЁ-]+)*)(?=,\s+\d)", re.M)
_FACILITY_ABBREVIATIONS = frozenset({"АЭС", "ГЭС", "ТЭЦ", "ГРЭС"})
_FACILITY_NOUNS = frozenset(
    {"кладбище", "стадион", "аэропорт", "вокзал", "холл", "площадь", "мост"}
)
_SENTENCE_START = re.compile(r"(?:^|(?<=[.!?…]\s)|(?<=[.!?…]»\s))(?=[А-ЯЁ])", re.M)


def _datelines_and_facilities(text: str, mentions: list[Mention], morph: Any) -> list[Mention]:
    """A dateline's capitals are a place, as are power stations, cemeteries and stadiums
    that the tagger reads as organisations ("Каховской ГЭС", "Пороховском кладбище")."""
    datelines = {m.span("place"): m.group("place") for m in _DATELINE.finditer(text)}
    out = [m for m in mentions if not any(a < m.end and m.start < b for a, b in datelines)]
    for (start, end), place in datelines.items():
        out.append(Mention(start, end, "LOC", place, place.capitalize()))
    for m in out:
        last = m.text.split()[-1]
        if (
            m.type == "ORG"
            and len(m.text.split()) > 1
            and (
                last in _FACILITY_ABBREVIATIONS
                or (_encodable(last) and morph.parse(last)[0].normal_form in _FACILITY_NOUNS)
            )
        ):
            m.type = "LOC"
    return out


@functools.lru_cache(maxsize=65536)
def _read_first_as_surname(word: str) -> bool:
    return "Surn" in morphology().parse(word)[0].tag


def _people_natasha_missed(text: str, mentions: list[Mention], morph: Any) -> list[Mention]:
    """Capitalised words outside every mention that are people: a surname the document
    names elsewhere ("Путин выступил" beside "Владимир Путин"), or, opening a sentence or
    a headline, a word pymorphy2 reads first as a surname ("Ушаков заявил")."""
    surnames = {m.value.split()[-1] for m in mentions if m.type == "PER"}
    starts = {m.start() for m in _SENTENCE_START.finditer(text)}
    taken = sorted((m.start, m.end) for m in mentions)
    found: list[Mention] = []
    t = 0
    for w in _NAME_WORD.finditer(text):
        word = w.group()
        while t < len(taken) and taken[t][1] <= w.start():
            t += 1
        if not word[:1].isupper() or word.isupper():
            continue
        if t < len(taken) and taken[t][0] < w.end():
            continue
        forms = _nominatives(word, morph)
        if any(f in surnames for f in forms):
            value = next(f for f in forms if f in surnames)
        elif w.start() in starts and _read_first_as_surname(word):
            value = forms[0]
        else:
            continue
        found.append(Mention(w.start(), w.end(), "PER", word, value))
    return found


@functools.lru_cache(maxsize=65536)
def _nominatives(word: str, morph: Any) -> tuple[str, ...]:
    """Every nominative a one-word name may have, most probable first ("Путина": Путин, Путина)."""
    out: list[str] = []
    for parse in morph.parse(word):
        if any(g in parse.tag for g in _NAME_GRAMMEMES):
            form = parse.inflect({"nomn", "sing"})
            if form is not None and _like(word, form.word) not in out:
                out.append(_like(word, form.word))
    return (*out, word) if word not in out else tuple(out)


def _link_surnames(mentions: list[Mention], morph: Any) -> list[Mention]:
    """A surname alone ("Байден", "Путина") takes the name seen in the document.

    The full name ("Джо Байден") wins; else another one-word mention's reading settles
    an ambiguous case ("Иванова" next to "Ивановой" is a woman). The registry is
    consulted later, by the normal form and then the surface (``entities._linked``).
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
            forms = (m.value, *_nominatives(m.text, morph))
            match = full[m.value] if " " in full[m.value] else None
            match = match or next((full[f] for f in forms if " " in full.get(f, "")), None)
            match = match or next((f for f in forms if f != m.value and f in full), None)
            m.value = match or m.value
    return mentions
