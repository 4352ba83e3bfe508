"""Clock times and parts of the day, with the day and the time zone the text gives them.

``with_times(text, language, dates, reference)`` takes what ``dates.find_dates`` found
and returns it with the times completed:

- clock times the date rules do not read: Russian "в 15.00", "в 15 часов", "в 8 вечера",
  "в 3 часа ночи", "в полдень"/"в полночь", English "at noon"/"midnight", wire-style
  "1400 GMT";
- a time zone after a clock time joins its span and its value: "15:00 GMT" →
  ``15:00Z``, "в 15:00 по московскому времени" → ``15:00+03:00``, "3 p.m. ET" →
  ``15:00-05:00`` or ``-04:00`` by the US daylight-saving rule on that day; "local time"
  and "по местному времени" join the span but give no offset;
- a part of the day with a date becomes one TIME span valued as ISO 8601 / TimeML do
  (``TMO`` morning, ``TAF`` afternoon, ``TEV`` evening, ``TNI`` night): "Tuesday night"
  → ``2021-12-28TNI``, "утром 10 января" → ``2022-01-10TMO``, "this morning", "tonight",
  "last night", "вчера вечером";
- a clock time next to a day ("on January 10 at 15:00", "10 января в 15:00", "at 3 p.m.
  today") takes that day: ``2022-01-10T15:00``; the date keeps its own DATE span.

A time without a day is ``HH:MM`` (with its offset when the text gives one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from reader.core.recognition.date_match import DateMatch

# --- time zones -------------------------------------------------------------------------

_US_ZONES = {  # standard and daylight offsets, switched by the US rule
    "et": ("-05:00", "-04:00"), "eastern": ("-05:00", "-04:00"),
    "ct": ("-06:00", "-05:00"), "central": ("-06:00", "-05:00"),
    "pt": ("-08:00", "-07:00"), "pacific": ("-08:00", "-07:00"),
}  # fmt: skip
_EU_ZONES = {  # standard and summer offsets, switched by the EU rule
    "london": ("Z", "+01:00"), "uk": ("Z", "+01:00"),
    "kyiv": ("+02:00", "+03:00"), "kiev": ("+02:00", "+03:00"), "киевскому": ("+02:00", "+03:00"),
    "paris": ("+01:00", "+02:00"), "berlin": ("+01:00", "+02:00"),
    "brussels": ("+01:00", "+02:00"), "cet": ("+01:00", "+02:00"),
}  # fmt: skip
_FIXED_ZONES = {
    "gmt": "Z", "utc": "Z", "гринвичу": "Z", "msk": "+03:00", "мск": "+03:00",
    "moscow": "+03:00", "московскому": "+03:00", "москве": "+03:00", "est": "-05:00",
    "edt": "-04:00", "cst": "-06:00", "cdt": "-05:00", "pst": "-08:00", "pdt": "-07:00",
    "bst": "+01:00", "cest": "+02:00", "eet": "+02:00", "eest": "+03:00",
    "beijing": "+08:00", "пекинскому": "+08:00", "tokyo": "+09:00", "токийскому": "+09:00",
    "минскому": "+03:00", "minsk": "+03:00",
}  # fmt: skip
_EN_ZONE = re.compile(
    r"\s*(?:(?P<abbr>GMT|UTC|MSK|CET|CEST|BST|EET|EEST|EST|EDT|CST|CDT|PST|PDT|ET|PT|CT)"
    r"(?![\w+-])|(?P<place>Moscow|London|Kyiv|Kiev|Paris|Berlin|Brussels|Eastern|Central|"
    r"Pacific|UK|Beijing|Tokyo|Minsk)\s+time\b|(?P<local>local\s+time)\b)"
)
_RU_ZONE = re.compile(
    r"\s*(?:по\s+(?P<place>московскому|киевскому|пекинскому|токийскому|минскому|местному)"
    r"\s+времени|по\s+(?P<city>Москве|"
    r"Гринвичу)|(?P<abbr>МСК|мск|GMT|UTC)(?![\w+-]))"
)


def _last_sunday(year: int, month: int) -> date:
    day = date(year, month + 1, 1) - timedelta(days=1) if month < 12 else date(year, 12, 31)
    return day - timedelta(days=(day.weekday() + 1) % 7)


def _nth_sunday(year: int, month: int, n: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(6 - first.weekday()) % 7 + 7 * (n - 1))


def _summer(zone: str, day: date) -> bool:
    if zone in _US_ZONES:
        return _nth_sunday(day.year, 3, 2) <= day < _nth_sunday(day.year, 11, 1)
    return _last_sunday(day.year, 3) <= day < _last_sunday(day.year, 10)


def _offset(zone: str, day: date | None) -> str | None:
    """The UTC offset of ``zone`` (lower case) on ``day``; None for a seasonal zone on no day."""
    if zone in _FIXED_ZONES:
        return _FIXED_ZONES[zone]
    pair = _US_ZONES.get(zone) or _EU_ZONES.get(zone)
    if pair is None or day is None:
        return None
    return pair[1] if _summer(zone, day) else pair[0]


def _zone_after(text: str, end: int, language: str) -> tuple[int, str | None] | None:
    """The end of a zone phrase right after ``end`` and its key (None: local time)."""
    m = (_RU_ZONE if language == "ru" else _EN_ZONE).match(text, end)
    if m is None:
        return None
    found = m.group("abbr") or m.group("place") or m.groupdict().get("city")
    key = found.lower() if found else None
    return m.end(), (None if key in (None, "местному") else key)


# --- clock times the date rules do not read ---------------------------------------------

_RU_PART_OF_DAY_HOUR = {"утра": 0, "дня": 12, "вечера": 12, "ночи": 0}
_EXTRA: dict[str, list[re.Pattern[str]]] = {
    "ru": [
        # "в 15.00": a dot instead of a colon, only after a preposition (else a decimal).
        re.compile(
            r"(?<!\w)(?:[Вв]|[Кк]|[Дд]о|[Пп]осле|[Оо]коло|[Сс]|[Нн]ачиная\s+с)\s+"
            r"(?P<t>(?P<h>[01]?\d|2[0-3])\.(?P<mi>[0-5]\d))(?![\d.,]\d)"
        ),
        # "в 15 часов", "в 10 часов утра", "в 8 вечера", "в 3 часа 30 минут"
        re.compile(
            r"(?<!\w)(?:[Вв]|[Кк]|[Дд]о|[Пп]осле|[Оо]коло)\s+(?P<t>(?P<h>[01]?\d|2[0-3])"
            r"(?:\s+час(?:а|ов)?(?:\s+(?P<mi>[0-5]?\d)\s+минут\w*)?(?:\s+(?P<pod>утра|дня|вечера|"
            r"ночи))?|\s+(?P<pod2>утра|дня|вечера|ночи)))(?!\w)"
        ),
        re.compile(
            r"(?<!\w)(?:[Вв]|[Кк]|[Дд]о|[Пп]осле|[Оо]коло)\s+(?P<t>(?P<noon>полдень|полночь))"
        ),
    ],
    "en": [
        re.compile(
            r"\b(?i:at|by|until|before|after|around|about|from|past)\s+"
            r"(?P<t>(?P<noon>noon|midnight))\b"
        ),
        # Wire style: "at 1400 GMT"
        re.compile(r"(?<![\d:.,])(?P<t>(?P<h>[01]\d|2[0-3])(?P<mi>[0-5]\d))(?=\s+(?:GMT|UTC)\b)"),
    ],
}


def _extra_value(m: re.Match[str]) -> str:
    g = m.groupdict()
    if g.get("noon"):
        return "12:00" if g["noon"].lower() in ("noon", "полдень") else "00:00"
    hour = int(g["h"])
    pod = g.get("pod") or g.get("pod2")
    if pod and hour < 12:
        hour += _RU_PART_OF_DAY_HOUR[pod]
    if pod == "ночи" and hour == 12:
        hour = 0
    return f"{hour:02d}:{int(g.get('mi') or 0):02d}"


# --- parts of the day -------------------------------------------------------------------

_PART_CODE = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
    "утром": "MO", "днём": "AF", "днем": "AF", "вечером": "EV", "ночью": "NI",
}  # fmt: skip
_EN_PART_AFTER = re.compile(r"\s+(?P<part>morning|afternoon|evening|night)\b")
_EN_PART_BEFORE = re.compile(r"\b(?P<part>[Mm]orning|[Aa]fternoon|[Ee]vening|[Nn]ight)\s+of\s+$")
# "днём" before a noun in the genitive is "the day of": "24 марта днём траура".
_RU_PART_AFTER = re.compile(
    r"\s+(?P<part>утром|вечером|ночью|(?:днём|днем)(?!\s+[а-яё]+(?:а|я|ы|и|ов|ей)(?!\w)))(?!\w)"
)
# "в ночь на 10 января" is the night before that day: from the 9th to the 10th.
_RU_PART_BEFORE = re.compile(
    r"(?<!\w)(?:(?P<part>[Уу]тром|[Дд]нём|[Дд]нем|[Вв]ечером|[Нн]очью)\s+(?:во?\s+)?|"
    r"(?P<night_before>[Нн]очь)\s+на\s+)$"
)
_EN_RELATIVE_PART = re.compile(
    r"\b(?P<rel>[Tt]his|[Ll]ast)\s+(?P<part>morning|afternoon|evening|night)\b|\b(?P<tonight>[Tt]onight)\b"
)
_DAY_VALUE = re.compile(r"\d{4}-\d\d-\d\d")


@dataclass(slots=True)
class _Time:
    start: int
    end: int
    kind: str
    value: str | None
    clock: str | None = None  # "HH:MM" of a clock time
    zone: str | None = None  # the zone key, lower case


def _day_of(value: str | None) -> str | None:
    """The day of a DATE or TIME value that names one day ("2022-01-10", "2022-01-10TMO")."""
    if value is None or "/" in value or not _DAY_VALUE.match(value):
        return None
    return value[:10] if len(value) == 10 or value[10] == "T" else None


def _parts_of_day(text: str, language: str, items: list[_Time], reference: date | None) -> None:
    """Join a part of the day to the date beside it; add "this morning", "tonight"…."""
    after = _RU_PART_AFTER if language == "ru" else _EN_PART_AFTER
    before = _RU_PART_BEFORE if language == "ru" else _EN_PART_BEFORE
    for t in items:
        if t.kind != "DATE":
            continue
        day = _day_of(t.value)
        m_after = after.match(text, t.end)
        m_before = before.search(text, max(0, t.start - 20), t.start)
        for m, start, end in (
            (m_after, t.start, m_after.end() if m_after else 0),
            (m_before, m_before.start() if m_before else 0, t.end),
        ):
            if m is None or any(o is not t and o.start < end and start < o.end for o in items):
                continue
            if m.groupdict().get("night_before"):
                code = "NI"
                day = (date.fromisoformat(day) - timedelta(days=1)).isoformat() if day else None
            else:
                code = _PART_CODE[m.group("part").lower()]
            t.start, t.end, t.kind = start, end, "TIME"
            t.value = f"{day}T{code}" if day else None
            break
    if language == "en" and reference is not None:
        for m in _EN_RELATIVE_PART.finditer(text):
            start = m.start("rel") if m.group("rel") else m.start()
            if any(a < m.end() and start < b for a, b in ((t.start, t.end) for t in items)):
                continue
            last_night = (m.group("rel") or "").lower() == "last"
            when = reference - timedelta(days=1) if last_night else reference
            code = "NI" if m.group("tonight") else _PART_CODE[m.group("part")]
            items.append(_Time(start, m.end(), "TIME", f"{when.isoformat()}T{code}"))


_DATE_TIME_GAP = {
    "en": re.compile(r"\s*,?\s*(?:(?:at|on|around|about|from|by)\s+)?", re.I),
    "ru": re.compile(r"\s*,?\s*(?:(?:в|во|около|к|с|до)\s+)?", re.I),
}


def _day_beside(text: str, language: str, t: _Time, items: list[_Time]) -> str | None:
    """The day of a date right before or after the clock time ``t``."""
    gap = _DATE_TIME_GAP[language]
    for other in items:
        if other is t or other.clock is not None:
            continue
        day = _day_of(other.value)
        if day is None:
            continue
        if other.end <= t.start and gap.fullmatch(text, other.end, t.start):
            return day
        if t.end <= other.start and gap.fullmatch(text, t.end, other.start):
            return day
    return None


def with_times(
    text: str, language: str, dates: list[DateMatch], reference: date | None
) -> list[DateMatch]:
    """``dates`` with clock times completed, zones read and parts of the day joined."""
    lang = "ru" if language == "ru" else "en"
    items = [
        _Time(d.start, d.end, d.kind, d.value, d.value if d.kind == "TIME" else None) for d in dates
    ]
    for pattern in _EXTRA[lang]:
        for m in pattern.finditer(text):
            start, end = m.span("t")
            if not any(t.start < end and start < t.end for t in items):
                value = _extra_value(m)
                items.append(_Time(start, end, "TIME", value, value))
    items.sort(key=lambda t: t.start)
    for n, t in enumerate(items):
        if t.clock is None:
            continue
        zone = _zone_after(text, t.end, lang)
        following = items[n + 1].start if n + 1 < len(items) else len(text)
        if zone is not None and zone[0] <= following:
            t.end, t.zone = zone
    _parts_of_day(text, lang, items, reference)
    items.sort(key=lambda t: t.start)
    for t in items:
        if t.clock is None:
            continue
        day_text = _day_beside(text, lang, t, items)
        day = date.fromisoformat(day_text) if day_text else reference
        offset = _offset(t.zone, day) if t.zone else None
        prefix = f"{day_text}T" if day_text else ""
        t.value = f"{prefix}{t.clock}{offset or ''}"
    return [DateMatch(t.start, t.end, text[t.start : t.end], t.value, t.kind) for t in items]
