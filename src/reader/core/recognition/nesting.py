"""Names inside names: the place or organisation inside an organisation's name ("МЧС
[России]", "Министерство обороны [Российской Федерации]", "Генштаб [ВСУ]", "[US] State
Department", "[U.N.] Security Council").

The outer mention stays what the recognisers found; ``inner_names`` returns the places
and organisations inside each ORG as extra mentions, which ``entities.recognise`` marks
``inside=True``. English reads the registry and the gazetteer over the words of the
organisation (never the whole of it); Russian, after the organisation's first word,
reads pymorphy2's "Geox" (a toponym), a few multi-word state names ("Российской
Федерации", "Соединённых Штатов"), place abbreviations (РФ, США) as places and other
capital abbreviations (ВСУ, ЕС, ОБСЕ) as organisations.
"""

from __future__ import annotations

import re
from typing import Any

from reader.core.recognition.gazetteer import gazetteer
from reader.core.recognition.ner_en import Mention
from reader.core.recognition.registry import EntityRegistry

_WORD = re.compile(r"[^\W\d_][\w’'.-]*")
# State names of two words whose second word is a common noun: "Российской Федерации".
_RU_STATE_NOUNS = frozenset(
    [
        "федерация",
        "федерации",
        "федерацией",
        "республика",
        "республики",
        "республикой",
        "штаты",
        "штатов",
        "штатам",
        "штатах",
        "королевство",
        "королевства",
        "королевстве",
        "эмираты",
        "эмиратов",
    ]
)
_RU_ABBREVIATION = re.compile(r"[А-ЯЁ]{2,6}")
_RU_PLACE_ABBREVIATIONS = frozenset(
    ["РФ", "США", "ФРГ", "КНР", "КНДР", "ОАЭ", "ДНР", "ЛНР", "СССР"]
)


def _known(surface: str, registry: EntityRegistry | None) -> tuple[str, str] | None:
    """(type, canonical name) of a place or organisation the registry or gazetteer knows."""
    gaz = gazetteer()
    entry = registry.lookup(surface) if registry is not None else None
    if entry is not None:
        return (entry.type, entry.name) if entry.type in ("LOC", "ORG") else None
    if surface in gaz.places:
        return "LOC", gaz.places[surface]
    if surface in gaz.organisations:
        return "ORG", gaz.organisations[surface]
    return None


def _english(
    text: str, org: Mention, registry: EntityRegistry | None, places: dict[str, str]
) -> list[Mention]:
    """Places and organisations inside the English ORG ``org``; ``places`` are the
    places the document names elsewhere (surface → canonical), known or not."""
    gaz = gazetteer()
    words = list(_WORD.finditer(text, org.start, org.end))
    out: list[Mention] = []
    i = 0
    while i < len(words):
        found = None
        if words[i].group()[:1].isupper():
            for j in range(min(len(words), i + gaz.max_phrase_tokens), i, -1):
                if (i, j) == (0, len(words)):
                    continue  # the organisation itself
                whole = text[words[i].start() : words[j - 1].end()]
                for surface in dict.fromkeys((whole, whole.rstrip("."))):  # "U.S." or "US."
                    known = _known(surface, registry) or (
                        ("LOC", places[surface]) if surface in places else None
                    )
                    if known is not None and not (known[0] == "ORG" and j == len(words)):
                        found = (j, surface, known)  # never "US [State Department]"
                        break
                if found:
                    break
        if found is None:
            i += 1
            continue
        j, surface, (type_, canonical) = found
        start = words[i].start()
        out.append(Mention(start, start + len(surface), type_, surface, canonical))
        i = j
    return out


def _geographic(word: str, morph: Any) -> bool:
    return any("Geox" in p.tag for p in morph.parse(word)[:3])


def _russian(text: str, org: Mention, morph: Any, normal: Any) -> list[Mention]:
    words = list(_WORD.finditer(text, org.start, org.end))
    out: list[Mention] = []
    i = 1  # the first word is the organisation's own ("МЧС", "Министерство")
    while i < len(words):
        word = words[i].group()
        nxt = words[i + 1].group() if i + 1 < len(words) else ""
        end = None
        if word in _RU_PLACE_ABBREVIATIONS or (
            word[:1].isupper() and not word.isupper() and _geographic(word, morph)
        ):
            end = i + 1
        if word[:1].isupper() and nxt.lower() in _RU_STATE_NOUNS:
            end = i + 2
        type_ = "LOC"
        if end is None and _RU_ABBREVIATION.fullmatch(word):
            end, type_ = i + 1, "ORG"  # "Генштаб [ВСУ]", "Совета [ЕС]"
        if end is None:
            i += 1
            continue
        start, stop = words[i].start(), words[end - 1].end()
        surface = text[start:stop]
        out.append(Mention(start, stop, type_, surface, normal(surface, type_)))
        i = end
    return out


def inner_names(
    text: str, mentions: list[Mention], language: str, registry: EntityRegistry | None = None
) -> list[Mention]:
    """The places and organisations inside the ORG mentions of ``text``, by position."""
    orgs = [m for m in mentions if m.type == "ORG" and " " in m.text.strip()]
    if not orgs:
        return []
    out: list[Mention] = []
    if language == "ru":
        from reader.core.recognition.ner_ru import cached_normal_form, morphology

        morph = morphology()
        for org in orgs:
            out.extend(_russian(text, org, morph, cached_normal_form))
    else:
        places = {m.text: m.value for m in mentions if m.type == "LOC"}
        for org in orgs:
            out.extend(_english(text, org, registry, places))
    return out
