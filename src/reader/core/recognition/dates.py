"""Dates and times in English and Russian text, normalized to ISO 8601.

Rules, not a model: absolute dates ("2021-12-29", "29.12.2021", "December 17",
"Dec 30", "17 декабря 2021 года", "в январе 2022 года"), dates with a weekday
("Tuesday, December 28"), relative dates ("yesterday", "on Tuesday", "next week",
"вчера", "в пятницу"), ranges ("10–12 января", "December 10 - January 12",
"from 2019 to 2021", "с 2014 по 2021 год") and partial dates (a month, a year).

Values are ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``, ISO weeks ``YYYY-Www``,
intervals ``start/end`` and, for TIME, ``HH:MM``. A date without a year takes
the year that puts it nearest to the reference date (the article's own date),
unless the clause that holds it is clearly in the past or the future tense
(reporting verbs such as "said" or "заявил" do not count), or a weekday fixes
the year. Without a reference date, incomplete and relative dates get no value
(``None``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from reader.core.recognition.date_match import DateMatch

Tense = Literal["past", "future"] | None
TenseFn = Callable[[str], Tense]


# --- vocabulary -------------------------------------------------------------

_EN_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan.": 1, "feb.": 2, "mar.": 3, "apr.": 4, "jun.": 6, "jul.": 7, "aug.": 8,
    "sep.": 9, "sept.": 9, "oct.": 10, "nov.": 11, "dec.": 12,
}  # fmt: skip
# Abbreviations without a full stop: months only next to a day number ("Dec 30", "30 Dec").
_EN_MONTH_ABBREVIATIONS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_EN_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
_RU_MONTH_FORMS = {
    1: ("январь", "января", "январе", "январю", "январём", "январем"),
    2: ("февраль", "февраля", "феврале", "февралю", "февралём", "февралем"),
    3: ("март", "марта", "марте", "марту", "мартом"),
    4: ("апрель", "апреля", "апреле", "апрелю", "апрелем"),
    5: ("май", "мая", "мае", "маю", "маем"),
    6: ("июнь", "июня", "июне", "июню", "июнем"),
    7: ("июль", "июля", "июле", "июлю", "июлем"),
    8: ("август", "августа", "августе", "августу", "августом"),
    9: ("сентябрь", "сентября", "сентябре", "сентябрю", "сентябрём", "сентябрем"),
    10: ("октябрь", "октября", "октябре", "октябрю", "октябрём", "октябрем"),
    11: ("ноябрь", "ноября", "ноябре", "ноябрю", "ноябрём", "ноябрем"),
    12: ("декабрь", "декабря", "декабре", "декабрю", "декабрём", "декабрем"),
}
_RU_MONTHS = {form: month for month, forms in _RU_MONTH_FORMS.items() for form in forms}
_RU_WEEKDAYS = {
    "понедельник": 0, "понедельника": 0, "понедельнике": 0, "вторник": 1, "вторника": 1,
    "среду": 2, "среды": 2, "четверг": 3, "четверга": 3, "пятницу": 4, "пятница": 4,
    "пятницы": 4, "субботу": 5, "суббота": 5, "субботы": 5, "воскресенье": 6, "воскресенья": 6,
}  # fmt: skip

_EN_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
_RU_NUMBERS = {
    "один": 1, "одну": 1, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6,
    "семь": 7, "восемь": 8, "девять": 9, "десять": 10,
}  # fmt: skip


def _alt(words: Iterable[str]) -> str:
    items = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w) for w in items)


_EN_MONTH_RE = rf"(?:{_alt(w.capitalize() for w in _EN_MONTHS)})(?![\w])"
_EN_DAY_MONTH_RE = (
    rf"(?:{_alt(w.capitalize() for w in [*_EN_MONTHS, *_EN_MONTH_ABBREVIATIONS])})(?!\w)"
)
_EN_WEEKDAY_RE = rf"(?:{_alt(w.capitalize() for w in _EN_WEEKDAYS)})\b"
_RU_MONTH_RE = rf"(?:{_alt(_RU_MONTHS)})(?!\w)"
_RU_WEEKDAY_RE = rf"(?:{_alt(_RU_WEEKDAYS)})(?!\w)"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?!\d)"
_YEAR = r"(?:1[89]\d\d|20\d\d)(?!\d)"
_DASH = r"\s*[-–—]\s*"
_RU_YEAR_WORD = r"(?:\s*(?:год(?:а|у|ом)?|г\.))"
_RU_YEARS_WORD = r"(?:\s*(?:год(?:а|ы|ов|ах|ами)?(?!\w)|гг?\.))"  # after a range of years
_RU_ORDINAL = r"(?:-(?:го|му|ом|м|й|е|х))?"  # "2021-м году", "с 2014-го"

# Each pattern has named groups: d, d2 (range end), m, m_ru, y, wd; ``rel``/``unit`` for
# relative expressions. The first alternative that matches at a position wins; overlaps
# are resolved by preferring the longest match.
_PATTERNS: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    "common": [
        ("iso", re.compile(r"(?<![\d-])(?P<y>\d{4})-(?P<mo>\d\d)-(?P<d>\d\d)(?![\d-])")),
        ("dmy", re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.(?P<mo>\d{1,2})\.(?P<y>\d{4})(?!\d|\.\d)")),
        ("time", re.compile(r"(?<![\d:.])(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?![\d:])")),
    ],
    "en": [
        (
            "md",
            re.compile(
                rf"(?:(?P<wd>{_EN_WEEKDAY_RE}),?\s+)?(?:the\s+)?(?P<m>{_EN_DAY_MONTH_RE})\s+"
                rf"(?P<d>{_DAY})(?:st|nd|rd|th)?\b(?:{_DASH}(?P<d2>{_DAY})(?:st|nd|rd|th)?\b)?"
                rf"(?:,?\s+(?P<y>{_YEAR}))?"
            ),
        ),
        (
            "dm",
            re.compile(
                rf"(?:(?P<wd>{_EN_WEEKDAY_RE}),?\s+)?(?:the\s+)?(?<!\d)(?P<d>{_DAY})"
                rf"(?:st|nd|rd|th)?(?:{_DASH}(?P<d2>{_DAY})(?:st|nd|rd|th)?)?\s+(?:of\s+)?"
                rf"(?P<m>{_EN_DAY_MONTH_RE})(?:,?\s+(?P<y>{_YEAR}))?"
            ),
        ),
        # "from January 10 to 13", "between 10 and 12 January"
        (
            "md",
            re.compile(
                rf"(?:(?<=[Ff]rom\s)|(?<=[Bb]etween\s))(?P<m>{_EN_DAY_MONTH_RE})\s+(?P<d>{_DAY})"
                rf"(?:st|nd|rd|th)?\s+(?:to|through|until|and)\s+(?P<d2>{_DAY})(?:st|nd|rd|th)?\b"
                rf"(?:,?\s+(?P<y>{_YEAR}))?"
            ),
        ),
        (
            "dm",
            re.compile(
                rf"(?:(?<=[Ff]rom\s)|(?<=[Bb]etween\s))(?P<d>{_DAY})(?:st|nd|rd|th)?\s+"
                rf"(?:to|through|until|and)\s+(?P<d2>{_DAY})(?:st|nd|rd|th)?\s+(?:of\s+)?"
                rf"(?P<m>{_EN_DAY_MONTH_RE})(?:,?\s+(?P<y>{_YEAR}))?"
            ),
        ),
        ("my", re.compile(rf"(?P<m>{_EN_MONTH_RE}),?\s+(?P<y>{_YEAR})")),
        (
            "m",
            re.compile(
                r"\b(?i:in|since|until|till|by|from|during|through|before|after|of|early|late|"
                rf"mid|end of|beginning of|start of)[\s-]+(?P<m>{_EN_MONTH_RE})"
            ),
        ),
        (
            "y",
            re.compile(
                r"\b(?i:in|since|until|till|by|from|during|through|before|after|early|late|mid)"
                rf"[\s-]+(?P<y>{_YEAR})\b(?![-./,]\d)"
            ),
        ),
        # Ranges of years: "2019-2021", "2014–15", "from 2019 to 2021", "between 2019 and 2021".
        (
            "years",
            re.compile(
                rf"(?<![\d.$£€-])(?P<y>{_YEAR}){_DASH}(?P<y2>{_YEAR}|\d\d(?!\d))(?![-./]\d)"
            ),
        ),
        (
            "years",
            re.compile(
                rf"\b(?i:from)\s+(?P<y>{_YEAR})\s+(?i:to|through|until|till)\s+(?P<y2>{_YEAR})"
            ),
        ),
        ("years", re.compile(rf"\b(?i:between)\s+(?P<y>{_YEAR})\s+and\s+(?P<y2>{_YEAR})")),
        # A year opening a sentence, before a comma: "2019, prices rose."
        ("y", re.compile(rf"(?:^|(?<=[.!?…]\s)|(?<=\n))(?P<y>{_YEAR})(?=,\s)", re.M)),
        (
            "wd",
            re.compile(rf"(?:\b(?P<rel>last|next|this|coming|past)\s+)?(?P<wd>{_EN_WEEKDAY_RE})"),
        ),
        (
            "word",
            re.compile(
                r"\b(?P<word>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|"
                r"yesterday|today|tomorrow)\b",
                re.I,
            ),
        ),
        (
            "unit",
            re.compile(
                r"\b(?P<rel>last|next|this|coming|past)\s+(?P<unit>week|month|year)\b", re.I
            ),
        ),
        (
            "ago",
            re.compile(
                rf"\b(?P<n>\d{{1,3}}|{_alt(_EN_NUMBERS)})\s+(?P<unit>day|week|month|year)s?\s+ago\b",
                re.I,
            ),
        ),
        (
            "time12",
            re.compile(
                r"(?<![\d:])(?P<h>1[0-2]|0?[1-9])(?::(?P<mi>[0-5]\d))?\s*(?P<ampm>[ap])(?:\.m\.?|m)"
                r"(?!\w)",
                re.I,
            ),
        ),
    ],
    "ru": [
        (
            "dm",
            re.compile(
                rf"(?:(?P<wd>{_RU_WEEKDAY_RE}),?\s+)?(?<!\d)(?P<d>{_DAY})(?:-?го)?"
                rf"(?:(?:{_DASH}|\s+по\s+)(?P<d2>{_DAY})(?:-?го)?)?\s+(?P<m>{_RU_MONTH_RE})"
                rf"(?:\s+(?P<y>{_YEAR}){_RU_YEAR_WORD}?)?",
                re.I,
            ),
        ),
        ("my", re.compile(rf"(?P<m>{_RU_MONTH_RE})\s+(?P<y>{_YEAR}){_RU_YEAR_WORD}?", re.I)),
        (
            "m",
            re.compile(
                r"(?<!\w)(?:в|во|с|со|до|к|по|начале|конце|середине|начала|конца|середины)\s+"
                rf"(?P<m>{_RU_MONTH_RE})",
                re.I,
            ),
        ),
        (
            "y",
            re.compile(
                rf"(?<![\d.])(?P<y>{_YEAR}){_RU_ORDINAL}\s*(?:год(?:а|у|ом)?(?!\w)|г\.)", re.I
            ),
        ),
        # Ranges of years: "2014–2015 годах", "в 2014-2015", "с 2014 по 2021 год".
        (
            "years",
            re.compile(
                rf"(?<![\d.])(?P<y>{_YEAR}){_RU_ORDINAL}{_DASH}(?P<y2>{_YEAR}){_RU_ORDINAL}"
                rf"{_RU_YEARS_WORD}",
                re.I,
            ),
        ),
        (
            "years",
            re.compile(
                rf"(?<!\w)(?i:в|во|с|со|за|на|от|до|к)\s+(?P<y>{_YEAR}){_DASH}(?P<y2>{_YEAR})"
                r"(?![-./]\d)"
            ),
        ),
        (
            "years",
            re.compile(
                rf"(?<!\w)(?:с|со|от)\s+(?P<y>{_YEAR}){_RU_ORDINAL}(?:\s*(?:года|г\.))?\s+"
                rf"(?:по|до)\s+(?P<y2>{_YEAR}){_RU_ORDINAL}{_RU_YEARS_WORD}?",
                re.I,
            ),
        ),
        (
            "years",
            re.compile(
                rf"(?<!\w)между\s+(?P<y>{_YEAR})(?:\s*(?:годом|г\.))?\s+и\s+(?P<y2>{_YEAR})"
                rf"{_RU_YEARS_WORD}?",
                re.I,
            ),
        ),
        (
            "wd",
            re.compile(
                r"(?<!\w)(?:в|во)\s+(?:(?P<rel>прошл\w+|следующ\w+|эт[оу]т?|ближайш\w+|"
                rf"минувш\w+|будущ\w+)\s+)?(?P<wd>{_RU_WEEKDAY_RE})",
                re.I,
            ),
        ),
        (
            "word",
            re.compile(r"(?<!\w)(?P<word>позавчера|вчера|сегодня|завтра|послезавтра)(?!\w)", re.I),
        ),
        (
            "unit",
            re.compile(
                r"(?<!\w)(?:на|в)\s+(?P<rel>прошл\w+|следующ\w+|эт\w+|будущ\w+|текущ\w+)\s+"
                r"(?P<unit>недел[еию]|месяц[еу]?|год[уа]?)(?!\w)",
                re.I,
            ),
        ),
        (
            "ago",
            re.compile(
                rf"(?<!\w)(?P<n>\d{{1,3}}|{_alt(_RU_NUMBERS)})\s+"
                r"(?P<unit>дн(?:я|ей)|день|недел[иьюя]|месяц(?:а|ев)?|год(?:а)?|лет)\s+назад(?!\w)",
                re.I,
            ),
        ),
    ],
}
# Groups whose text starts the span (a leading preposition such as "in"/"в" stays outside).
_SPAN_START_GROUPS = {
    "m": ("m",), "y": ("y",), "years": ("y",), "wd": ("rel", "wd"), "unit": ("rel",),
}  # fmt: skip

_RELATIVE_SIGN = {
    "last": -1, "past": -1, "next": 1, "coming": 1, "this": 0, "прошл": -1, "минувш": -1,
    "следующ": 1, "будущ": 1, "ближайш": 1, "эт": 0, "текущ": 0,
}  # fmt: skip


def _sign(word: str | None) -> int | None:
    if word is None:
        return None
    word = word.lower()
    for stem, sign in _RELATIVE_SIGN.items():
        if word.startswith(stem):
            return sign
    return None


# --- tense ------------------------------------------------------------------
#
# News sentences nearly always carry a reporting verb ("said", "заявил") whose tense
# says when something was *said*, not when the event happens. So the tense of a date
# is judged from the clause that holds it: the words between the nearest clause
# boundaries (sentence ends, ";", ":", dashes, reporting verbs, then "that", ", and",
# ", который"…), the date itself left out. Only a date attached to the reporting verb
# ("announced it on January 10", "On December 17, the ministry announced") takes the
# reporting verb's tense. No cue, or cues both ways: the nearest-year rule decides.


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Reporting verbs and phrases: clause boundaries, never tense cues of the event.
_EN_REPORTING = re.compile(
    r"\b(?:said|says|say|told|tells|tell|announced|announces|announce|added|adds|noted|"
    r"notes|stated|states|reported|reports|explained|explains|stressed|stresses|"
    r"emphasi[sz]ed|emphasi[sz]es|confirmed|confirms|claimed|claims|declared|declares|"
    r"insisted|insists|wrote|writes|recalled|recalls|[Aa]ccording\s+to)\b"
    r"(?:\s+that\b)?"
)
_RU_REPORTING = re.compile(
    r"(?<!\w)(?:сказал\w*|заявил\w*|заявля\w+|сообщил\w*|сообща\w+|отметил\w*|отмеча\w+|"
    r"добавил\w*|подчеркнул\w*|подчеркива\w+|пояснил\w*|поясня\w+|рассказал\w*|"
    r"ответил\w*|переда[её]т|передают|говорится|[Пп]о\s+(?:словам|данным|сообщению))"
    r"(?!\w)(?:,?\s+что(?!\w))?"
)
# Strong boundaries: the clause holding a date never reaches past these.
_STRONG_BOUNDARY = re.compile(r"[;()•]|:(?!\d)|\s[-–—]+\s|\n")
# Weak boundaries: a clause inside a sentence part (tried first, then the whole part).
_EN_WEAK_BOUNDARY = re.compile(
    r",\s*(?:and|but|while|whereas|which|who|when|where|because|although|though|so|if)\b|"
    r"\b(?:that|which|because|although|whereas|while|but)\b",
    re.I,
)
_RU_WEAK_BOUNDARY = re.compile(
    r",\s*(?:(?:в|во|на|о|об|с|со|по|для|из|от|до|при|за|у)\s+)?"
    r"(?:что|чтобы|котор\w+|когда|где|если|хотя|пока|а|но|и|поскольку|так\s+как)(?!\w)",
    re.I,
)
# Words that may stand between a reporting verb and a date attached to it
# ("announced it on", "said in a statement on"; names are capitalised and pass too).
_EN_FILLER = _words(
    "on in at during for to of by with late early earlier also again then it this him her "
    "them us me reporters journalists a an the statement interview briefing press "
    "conference news speech his their its our publicly separately first already"
)
_RU_FILLER = _words(
    "в во на с со по ранее также еще ещё уже журналистам репортерам прессе об о этом это и а"
)

_EN_PAST = re.compile(
    r"\b(?:was|were|had|did|took\s+place|ago|last|earlier|previously|yesterday|began|came|"
    r"went|rose|fell|grew|saw|became|gave|spoke|took|flew|drove|ran|broke|chose|knew|"
    r"threw|arose|sank|struck|forgot)\b",
    re.I,
)
_EN_FUTURE = re.compile(
    r"\b(?:will|shall|won't|would|could|might|should|going\s+to|upcoming|next|planned|"
    r"plans?\s+to|planning|scheduled|expected|expects?\s+to|due\s+to|(?:is|are|was|were)\s+due|"
    r"set\s+to|slated|"
    # a promise or a call to act later: "urged citizens to fly flags on Feb. 16"
    r"(?:promised|pledged|vowed|urged|agreed|decided|threatened)\s+(?:\w+\s+){0,3}?to\s+"
    r"(?!the\b|a\b|an\b|his\b|her\b|their\b)\w+|"
    r"intends?\s+to|aims?\s+to|(?:is|are|am)\s+to|tomorrow|soon)\b|'ll\b|’ll\b|"
    r"\b(?-i:may)\b",  # the modal, not the month
    re.I,
)
# Past participles that are also simple past forms: past unless an auxiliary
# ("will be held", "is to be made") or a determiner ("the lost talks") comes first.
_EN_AMBIGUOUS_PAST = _words(
    "met held made sent left lost paid led brought built bought fought kept sold spent won "
    "found heard meant caught taught signed"
)
_EN_NOT_PAST_ED = _words(
    "need seed speed feed indeed proceed exceed succeed breed greed weed deed creed reed "
    "steed heed bleed tweed red bed shed wed bred sled hundred embed naked wicked sacred "
    "rugged ragged beloved aged based biased related concerned alleged detailed limited "
    "united advanced armed experienced supposed used interested involved skilled talented "
    "unprecedented unexpected planned scheduled expected slated"
)
_EN_NOT_PAST_BEFORE = _words(
    "be been being is are am 's to will would shall should could can may might must get "
    "gets getting the a an this that these those its their his her our my your"
)
_EN_WORD = re.compile(r"[A-Za-z’'-]+")


def _english_past_verb(clause: str) -> bool:
    """A regular (-ed) or ambiguous past form used as a finite verb in ``clause``."""
    previous: list[str] = []
    for m in _EN_WORD.finditer(clause):
        word = m.group()
        lower = word.lower()
        verb_like = lower in _EN_AMBIGUOUS_PAST or (
            len(lower) >= 5 and lower.endswith("ed") and "-" not in lower
        )
        if word[:1].islower() and verb_like and lower not in _EN_NOT_PAST_ED:
            before = [w for w in previous[-3:] if not w.endswith("ly") and w != "not"]
            if not before or before[-1] not in _EN_NOT_PAST_BEFORE:
                return True
        previous.append(lower)
    return False


def english_tense(clause: str) -> Tense:
    """ "past" or "future" when the clause's verbs say so unambiguously, else None.

    Reporting verbs ("said", "told", "according to"…) are ignored: they date the
    statement, not the event. Past: irregular past forms and regular -ed verbs (not
    after "be"/"will"/"to" or an article); future: modals and "will", "plans to",
    "scheduled", "next"….
    """
    clause = _EN_REPORTING.sub(" ", clause)
    past = bool(_EN_PAST.search(clause)) or _english_past_verb(clause)
    future = bool(_EN_FUTURE.search(clause))
    if past == future:
        return None
    return "past" if past else "future"


_RU_FUTURE = re.compile(
    r"(?<!\w)(?:может|могут|можем|сможет|смогут|должн\w*|планиру\w+|запланирован\w*|"
    r"намечен\w*|намерен\w*|состоится|состоятся|предстоит|предстоящ\w+|будет|будут|"
    r"ожида\w+)(?!\w)",
    re.I,
)


def _russian_tense(clause: str, morphology: TenseFn) -> Tense:
    """The morphology's tense of a Russian clause, with modal/plan words read as future."""
    clause = _RU_REPORTING.sub(" ", clause)
    found = morphology(clause)
    if _RU_FUTURE.search(clause):
        return None if found == "past" else "future"
    return found


def _reporting_tense(verb: str, language: str) -> Tense:
    """The tense of a reporting verb itself: "said", "заявил" are past."""
    word = verb.split()[0].lower()
    if language == "ru":
        return "past" if re.search(r"(?:л|ла|ло|ли)(?:сь|ся)?$", word) else None
    return "past" if word in ("said", "told", "wrote") or word.endswith("ed") else None


# --- resolution -------------------------------------------------------------


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def resolve_day(
    month: int, day: int, reference: date, tense: Tense = None, weekday: int | None = None
) -> date | None:
    """The date of ``day``/``month`` nearest to ``reference`` (year before, same or after).

    A weekday keeps only the years where it matches; a past (future) tense keeps only
    dates on or before (after) the reference, when one remains.
    """
    candidates = [
        d for y in (reference.year - 1, reference.year, reference.year + 1)
        if (d := _valid(y, month, day)) is not None
    ]  # fmt: skip
    if weekday is not None:
        candidates = [d for d in candidates if d.weekday() == weekday] or candidates
    if tense == "past":
        candidates = [d for d in candidates if d <= reference] or candidates
    elif tense == "future":
        candidates = [d for d in candidates if d >= reference] or candidates
    if not candidates:
        return None
    return min(candidates, key=lambda d: (abs((d - reference).days), d > reference))


def resolve_month(month: int, reference: date, tense: Tense = None) -> tuple[int, int]:
    """(year, month) of ``month`` nearest to the reference month; ties go to the past."""
    ref = reference.year * 12 + reference.month - 1
    candidates = [
        (y * 12 + month - 1) for y in (reference.year - 1, reference.year, reference.year + 1)
    ]
    if tense == "past":
        candidates = [c for c in candidates if c <= ref]
    elif tense == "future":
        candidates = [c for c in candidates if c >= ref]
    best = min(candidates, key=lambda c: (abs(c - ref), c > ref))
    return best // 12, best % 12 + 1


def _weekday_date(weekday: int, reference: date, sign: int | None, tense: Tense) -> date:
    """A weekday relative to the reference: this week's, the last or the next one."""
    if sign == 0:
        return reference + timedelta(days=weekday - reference.weekday())
    if sign == 1 or (sign is None and tense == "future"):
        ahead = (weekday - reference.weekday()) % 7 or 7
        return reference + timedelta(days=ahead)
    back = (reference.weekday() - weekday) % 7
    if sign == -1 and back == 0:
        back = 7
    return reference - timedelta(days=back)


def _shift_months(reference: date, months: int) -> tuple[int, int]:
    index = reference.year * 12 + reference.month - 1 + months
    return index // 12, index % 12 + 1


def _iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _unit_kind(unit: str) -> str:
    unit = unit.lower()
    if unit.startswith(("week", "недел")):
        return "week"
    if unit.startswith(("month", "месяц")):
        return "month"
    if unit.startswith(("day", "дн", "ден")):
        return "day"
    return "year"


def _count(word: str) -> int:
    word = word.lower()
    if word.isdigit():
        return int(word)
    return _EN_NUMBERS.get(word) or _RU_NUMBERS.get(word, 1)


def _relative_value(kind: str, sign: int, reference: date) -> str:
    if kind == "week":
        return _iso_week(reference + timedelta(weeks=sign))
    if kind == "month":
        year, month = _shift_months(reference, sign)
        return f"{year:04d}-{month:02d}"
    if kind == "day":
        return (reference + timedelta(days=sign)).isoformat()
    return f"{reference.year + sign:04d}"


_WORD_OFFSETS = {
    "the day before yesterday": -2, "yesterday": -1, "today": 0, "tomorrow": 1,
    "the day after tomorrow": 2, "позавчера": -2, "вчера": -1, "сегодня": 0, "завтра": 1,
    "послезавтра": 2,
}  # fmt: skip


def _month_number(word: str) -> int:
    word = word.lower()
    return _EN_MONTHS.get(word) or _EN_MONTH_ABBREVIATIONS.get(word) or _RU_MONTHS[word]


def _value(
    rule: str, m: re.Match[str], reference: date | None, tense: Tense, language: str
) -> str | None:
    g = m.groupdict()
    if rule in ("iso", "dmy"):
        found = _valid(int(g["y"]), int(g["mo"]), int(g["d"]))
        return found.isoformat() if found else None
    if rule in ("time", "time12"):
        hour = int(g["h"])
        if rule == "time12":
            hour = hour % 12 + (12 if g["ampm"].lower() == "p" else 0)
        return f"{hour:02d}:{int(g.get('mi') or 0):02d}"
    if rule in ("md", "dm"):
        return _day_month_value(g, reference, tense, language)
    if rule in ("my", "m"):
        month = _month_number(g["m"])
        if g.get("y"):
            return f"{int(g['y']):04d}-{month:02d}"
        if reference is None:
            return None
        year, month = resolve_month(month, reference, tense)
        return f"{year:04d}-{month:02d}"
    if rule == "y":
        return g["y"]
    if rule == "years":
        first, last = g["y"], g["y2"]
        if len(last) == 2:
            last = first[:2] + last
        return f"{first}/{last}" if first < last else None
    if reference is None:
        return None
    if rule == "wd":
        weekdays = _EN_WEEKDAYS if language == "en" else _RU_WEEKDAYS
        weekday = weekdays[g["wd"].lower()]
        return _weekday_date(weekday, reference, _sign(g.get("rel")), tense).isoformat()
    if rule == "word":
        offset = _WORD_OFFSETS[" ".join(g["word"].lower().split())]
        return (reference + timedelta(days=offset)).isoformat()
    if rule == "unit":
        return _relative_value(_unit_kind(g["unit"]), _sign(g["rel"]) or 0, reference)
    if rule == "ago":
        return _relative_value(_unit_kind(g["unit"]), -_count(g["n"]), reference)
    return None


def _day_month_value(
    g: dict[str, str | None], reference: date | None, tense: Tense, language: str
) -> str | None:
    month = _month_number(str(g["m"]))
    day = int(str(g["d"]))
    day2 = int(str(g["d2"])) if g.get("d2") else None
    weekday = None
    if g.get("wd"):
        weekdays = _EN_WEEKDAYS if language == "en" else _RU_WEEKDAYS
        weekday = weekdays[str(g["wd"]).lower()]
    if g.get("y"):
        start = _valid(int(str(g["y"])), month, day)
    elif reference is not None:
        start = resolve_day(month, day, reference, tense, weekday)
    else:
        return None
    if start is None:
        return None
    if day2 is None:
        return start.isoformat()
    end = _valid(start.year, month, day2)
    return f"{start.isoformat()}/{end.isoformat()}" if end and end > start else None


# --- search -----------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?…]+[\s\"”»]+|\n\s*\n|\n\s*[•*-]")


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = 0
    for m in _SENTENCE_END.finditer(text, max(0, start - 400), start):
        left = m.end()
    right_match = _SENTENCE_END.search(text, end, end + 400)
    right = right_match.start() if right_match else min(len(text), end + 400)
    return left, right


def _attached(words: str, language: str, *, sentence_start: bool = False) -> bool:
    """Only filler words or names between a date and its reporting verb.

    A capitalised word counts as a name ("Ned Price", "МИД") unless it opens the
    sentence (``sentence_start``: "Talks on January 10, he said" is not attached).
    """
    filler = _RU_FILLER if language == "ru" else _EN_FILLER
    for n, word in enumerate(re.findall(r"[^\W\d_][\w’'-]*|\d+", words)):
        if word.lower() in filler:
            continue
        if word[:1].isupper() and not (sentence_start and n == 0):
            continue
        return False
    return True


def _clause_tense(text: str, start: int, end: int, language: str, tense_of: TenseFn) -> Tense:
    """The tense of the clause holding the date ``text[start:end]`` (see "tense" above)."""
    left, right = _sentence_bounds(text, start, end)
    opening = left
    reporting = _RU_REPORTING if language == "ru" else _EN_REPORTING
    verb_left = verb_right = None
    for m in _STRONG_BOUNDARY.finditer(text, left, right):
        if m.end() <= start:
            left = m.end()
        elif m.start() >= end:
            right = m.start()
            break
    for m in reporting.finditer(text, left, right):
        if m.end() <= start:
            left, verb_left = m.end(), m
        elif m.start() >= end:
            right, verb_right = m.start(), m
            break
    # A date attached to the reporting verb takes its tense ("said on Tuesday").
    if verb_left is not None and _attached(text[left:start], language):
        return _reporting_tense(verb_left.group(), language)
    if (
        verb_right is not None
        and _attached(text[left:start], language, sentence_start=left == opening)
        and _attached(text[end:right], language)
    ):
        return _reporting_tense(verb_right.group(), language)
    weak = _RU_WEAK_BOUNDARY if language == "ru" else _EN_WEAK_BOUNDARY
    inner_left, inner_right = left, right
    for m in weak.finditer(text, left, right):
        if m.end() <= start:
            inner_left = m.end()
        elif m.start() >= end:
            inner_right = m.start()
            break
    for a, b in ((inner_left, inner_right), (left, right)):
        clause = f"{text[a:start]} … {text[end:b]}"
        found = _russian_tense(clause, tense_of) if language == "ru" else tense_of(clause)
        if found is not None:
            return found
    return None


_TENSED = frozenset({"md", "dm", "m", "wd"})  # rules whose value may depend on the tense


def _span_start(rule: str, m: re.Match[str]) -> int:
    for group in _SPAN_START_GROUPS.get(rule, ()):
        if m.group(group) is not None:
            return m.start(group)
    return m.start()


def _candidates(text: str, language: str) -> Iterator[tuple[str, int, re.Match[str]]]:
    for rule, pattern in [*_PATTERNS["common"], *_PATTERNS.get(language, [])]:
        for m in pattern.finditer(text):
            yield rule, _span_start(rule, m), m


@dataclass(frozen=True, slots=True)
class _Found:
    rule: str
    match: re.Match[str]
    start: int
    end: int
    value: str | None


# "Psalm 23:10", "John 3:16": chapter and verse after a capitalised word, not a time.
_WORD_BEFORE = re.compile(r"([^\W\d_][\w’'-]*)\s+$")
_TIME_LEAD = _words(
    "at by until till before after from around about since to between and or on "
    "в во до с со к после около примерно начиная между и или по на"
)


def _chapter_and_verse(text: str, start: int) -> bool:
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    if before is None:
        return False
    word = before.group(1)
    lower = word.lower()
    return (
        word[:1].isupper()
        and not word.isupper()
        and lower not in _TIME_LEAD
        and lower not in _EN_WEEKDAYS
        and lower not in _RU_WEEKDAYS
        and lower not in _EN_MONTHS
        and lower not in _RU_MONTHS
    )


# Two dates joined into one interval: "December 10 - January 12", "between January 10 and
# January 13", "с 10 января по 12 января". "and"/"и" need "between"/"между" before the
# first date; "по"/"до" need "с"/"от".
_RANGE_GAP = {
    "en": re.compile(r"\s*[-–—]\s*|\s+(?:to|through|until|till)\s+|\s+(?P<and>and)\s+"),
    "ru": re.compile(r"\s*[-–—]\s*|\s+(?P<po>по|до)\s+|\s+(?P<and>и)\s+"),
}
_RANGE_OPENING = {
    ("en", "and"): re.compile(r"\b[Bb]etween\s+(?:the\s+)?$"),
    ("ru", "po"): re.compile(r"(?<!\w)(?:[Сс]о?|[Оо]т)\s+$"),
    ("ru", "and"): re.compile(r"(?<!\w)[Мм]ежду\s+$"),
}
_DAY_RULES = frozenset({"iso", "dmy", "md", "dm"})
_MONTH_RULES = frozenset({"my", "m"})


def _level(found: _Found) -> str | None:
    if found.rule in _DAY_RULES and not found.match.groupdict().get("d2"):
        return "day"
    return "month" if found.rule in _MONTH_RULES else None


def _parts(found: _Found) -> tuple[int | None, int, int]:
    """(year written in the text or None, month, day) of a day or month date."""
    g = found.match.groupdict()
    if found.rule in ("iso", "dmy"):
        return int(g["y"]), int(g["mo"]), int(g["d"])
    year = int(g["y"]) if g.get("y") else None
    return year, _month_number(str(g["m"])), int(g["d"]) if g.get("d") else 1


def _range_value(a: _Found, b: _Found, level: str) -> tuple[bool, str | None]:
    """Whether ``a`` and ``b`` make an interval, and its value ("start/end").

    A year written with one end (or resolved for the first) dates the other so that
    the interval runs forward: "December 10 - January 12" → 2021-12-10/2022-01-12.
    """
    (ya, ma, da), (yb, mb, db) = _parts(a), _parts(b)
    if ya is None and yb is not None:
        ya = yb if (ma, da) < (mb, db) else yb - 1
    elif ya is None and a.value is not None:
        ya = int(a.value[:4])
    if yb is None and ya is not None:
        yb = ya if (mb, db) > (ma, da) else ya + 1
    if ya is None or yb is None:
        return True, None
    start, end = _valid(ya, ma, da), _valid(yb, mb, db)
    if start is None or end is None or start >= end:
        return False, None
    if level == "month":
        return True, f"{start.isoformat()[:7]}/{end.isoformat()[:7]}"
    return True, f"{start.isoformat()}/{end.isoformat()}"


def _join_ranges(text: str, found: list[_Found], language: str) -> list[_Found]:
    out: list[_Found] = []
    for item in found:
        prev = out[-1] if out else None
        level = _level(item)
        gap = _RANGE_GAP[language].fullmatch(text, prev.end, item.start) if prev else None
        if prev is not None and gap is not None and level is not None and _level(prev) == level:
            word = "and" if gap.group("and") else "po" if gap.groupdict().get("po") else None
            opening = _RANGE_OPENING.get((language, word)) if word else None
            if word is None or (opening and opening.search(text, 0, prev.start)):
                joined, value = _range_value(prev, item, level)
                if joined:
                    out[-1] = _Found("range", prev.match, prev.start, item.end, value)
                    continue
        out.append(item)
    return out


def find_dates(
    text: str,
    language: str | None,
    reference: date | None = None,
    *,
    tense: TenseFn | None = None,
) -> list[DateMatch]:
    """Dates and times in ``text`` (``language`` "en" or "ru"), sorted, never overlapping.

    ``tense`` tells the tense of the clause holding a date (default: English cue words;
    for Russian the caller passes a morphology-based function, as ``reader.core.recognition.ner_ru``
    does, and modal/plan words such as "может", "должны", "состоится" add the future).
    """
    lang = language if language in ("en", "ru") else "en"
    tense_of = tense or (english_tense if lang == "en" else (lambda _s: None))
    found = sorted(
        ((start, -(m.end() - start), rule, m) for rule, start, m in _candidates(text, lang)),
        key=lambda item: (item[0], item[1]),
    )
    results: list[_Found] = []
    for start, neg_len, rule, m in sorted(found, key=lambda item: (item[1], item[0])):
        end = start - neg_len
        if any(r.start < end and start < r.end for r in results):
            continue
        if rule == "time" and _chapter_and_verse(text, start):
            continue
        needs_tense = reference is not None and rule in _TENSED and not m.groupdict().get("y")
        sentence_tense = _clause_tense(text, start, end, lang, tense_of) if needs_tense else None
        value = _value(rule, m, reference, sentence_tense, lang)
        impossible = rule in ("iso", "dmy", "years") or (
            rule in ("md", "dm") and reference is not None
        )
        if value is None and impossible:
            continue  # such as 31.02.2021
        results.append(_Found(rule, m, start, end, value))
    results = _join_ranges(text, sorted(results, key=lambda r: (r.start, r.end)), lang)
    from reader.core.recognition.times import with_times  # loaded with the first text

    found_dates = [
        DateMatch(
            r.start,
            r.end,
            text[r.start : r.end],
            r.value,
            "TIME" if r.rule in ("time", "time12") else "DATE",
        )
        for r in results
    ]
    return with_times(text, lang, found_dates, reference)
