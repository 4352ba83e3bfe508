"""The rulebook: what an annotation may hold, checked the same way everywhere.

``reader tag`` and the TUI (through ``EditSession``), ``reader validate`` (through
``check_file``) and the merge driver call these functions; none of them has a rule of
its own. The rules about ``reader.yaml`` (tag names, keys against the real bindings,
colours, the annotator) live with the config (``core/project/config.py`` and
``core/project/keys.py``) because the project layer sits below this one.
docs/format.md has the table of rules, functions and callers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path, PurePosixPath

from reader.core.annotations.format import Annotation, AnnotationFile
from reader.core.errors import Problem, ReaderError, printable, unsafe_character
from reader.core.text.article_date import parse_article_date

DATE_TAG = "date"
DATE_FORMS = (
    "YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Www, a day with a time (YYYY-MM-DDTHH:MM) or a part "
    "of the day (YYYY-MM-DDTMO, AF, EV, NI), a range A/B of those, or HH:MM (Z or +HH:MM "
    "for a time zone)"
)
# TIMEX3 parts of the day, as the date recogniser writes them: morning, afternoon,
# evening, night, daytime.
PARTS_OF_DAY = frozenset({"MO", "AF", "EV", "NI", "DT"})
# Fields shown in terminals and diffs: control characters are refused in them.
TEXT_FIELDS = ("speaker", "note", "value", "author", "edited_by", "curated")
# The longest file name the common file systems take (ext4, btrfs, xfs, APFS: bytes);
# the atomic write's temp name (``.~NAME.<16 hex>.tmp``) must fit too.
MAX_NAME_BYTES = 255
TEMP_NAME_EXTRA = len(".~") + len(".0123456789abcdef.tmp")
ANNOTATION_SUFFIX = ".yaml"
_DATE = re.compile(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?|-W(\d\d))?", re.ASCII)
_DAY = re.compile(r"(\d{4})-(\d\d)-(\d\d)", re.ASCII)
_TIME = re.compile(r"(\d\d):(\d\d)(?:Z|[+-](\d\d):(\d\d))?", re.ASCII)


def first_day(value: str) -> date | None:
    """The first day of an ISO year, month, day or week (``2019``, ``2022-01``,
    ``2022-01-10``, ``2022-W01``); None when ``value`` is none of these or names no real
    day (month 13, 2021-02-29, week 53 of a 52-week year, year 0)."""
    match = _DATE.fullmatch(value)
    if match is None:
        return None
    year, month, day, week = match.groups()
    try:
        if week is not None:
            return date.fromisocalendar(int(year), int(week), 1)
        return date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None


def _time_of_day(value: str) -> bool | None:
    """True for a real time of day (``HH:MM``, optionally ``Z`` or ``+HH:MM``), False for
    one shaped so that names none (``25:00``), None for anything else."""
    match = _TIME.fullmatch(value)
    if match is None:
        return None
    hour, minute, zone_hour, zone_minute = match.groups()
    zone_ok = zone_hour is None or (int(zone_hour) <= 14 and int(zone_minute) < 60)
    return int(hour) < 24 and int(minute) < 60 and zone_ok


def _point(value: str) -> date | None:
    """The first day of one end of a date value: a date form, or a day with a time or a
    part of the day (``2021-12-29T10:00``, ``2021-12-29TEV``); None when it is neither."""
    day_part, separator, time_part = value.partition("T")
    if not separator:
        return first_day(value)
    if _DAY.fullmatch(day_part) is None:
        return None
    if time_part not in PARTS_OF_DAY and not _time_of_day(time_part):
        return None
    return first_day(day_part)


def date_value_problem(value: str) -> str | None:
    """Why ``value`` is not a date value (None when it is): one of the forms the
    recognisers write, checked against the calendar."""
    shown = printable(value)
    time = _time_of_day(value)
    if time is not None:
        return None if time else f"not a time of day: {shown!r}"
    parts = value.split("/")
    if len(parts) > 2:
        return f"a range has one '/': {shown!r}"
    days = [_point(part) for part in parts]
    if None in days:
        return f"must be {DATE_FORMS}; not {shown!r}"
    if len(days) == 2 and days[1] < days[0]:  # type: ignore[operator]
        return f"the range ends before it starts: {shown!r}"
    return None


def value_problem(tag: str, value: str | None) -> str | None:
    """Why ``value`` may not be the value of a ``tag`` annotation (None when it may)."""
    if value is None or value == "":
        return None
    if reason := unsafe_character(value):
        return reason
    if tag == DATE_TAG:
        return date_value_problem(value)
    return None


def article_date_problem(value: str) -> str | None:
    """Why ``value`` cannot be an article's date (``YYYY-MM-DD``, a real day): the
    reason ``parse_article_date`` gives, for the exact value (no spaces around it)."""
    if value != value.strip():
        return f"'date' must be YYYY-MM-DD without spaces; not {printable(value)!r}"
    try:
        parse_article_date(value)
    except ReaderError as exc:
        return f"'date' {printable(str(exc))}"
    return None


def file_name_problem(name: str) -> str | None:
    """Why a file called ``name`` cannot be written atomically: the name, or its temp
    file's name, is longer than the file system takes."""
    size = len(name.encode("utf-8", "surrogatepass"))
    if size + TEMP_NAME_EXTRA <= MAX_NAME_BYTES:
        return None
    return (
        f"annotation file name of {size} bytes is longer than file systems take "
        f"(at most {MAX_NAME_BYTES - TEMP_NAME_EXTRA} bytes, room kept for its temp "
        "file): shorten the text's name"
    )


def annotation_name_problem(rel: str) -> str | None:
    """Why text ``rel`` (corpus-relative) could never have its annotation file saved
    (None when it could): for listing and ``validate`` to report before anyone tags it."""
    return file_name_problem(PurePosixPath(rel).with_suffix(ANNOTATION_SUFFIX).name)


def span_problem(start: int, end: int, length: int) -> str | None:
    """Why ``start..end`` is not a span of a text of ``length`` code points."""
    if not 0 <= start <= end <= length:
        return f"offsets {start}..{end} outside the text (0..{length})"
    return None


def field_problems(annotation: Annotation) -> list[str]:
    """Why the fields of ``annotation`` may not be written (characters, the value)."""
    found = []
    for key in TEXT_FIELDS:
        field_value = getattr(annotation, key)
        if key == "value":
            reason = value_problem(annotation.tag, field_value)
        else:
            reason = unsafe_character(field_value) if isinstance(field_value, str) else None
        if reason:
            found.append(f"{key}: {reason}")
    return found


def tag_problem(tag: str, known: Iterable[str]) -> str | None:
    """Why ``tag`` may not be applied: it is not one of the ``known`` (configured) tags."""
    names = tuple(known)
    if tag in names:
        return None
    return f"unknown tag '{printable(tag)}' (known: {', '.join(names)})"


def same_tagging(annotations: Iterable[Annotation], candidate: Annotation) -> Annotation | None:
    """Another annotation with the same tag on the same span by the same author."""
    for other in annotations:
        if (
            other.id != candidate.id
            and not other.orphaned
            and (other.tag, other.start, other.end, other.author)
            == (candidate.tag, candidate.start, candidate.end, candidate.author)
        ):
            return other
    return None


def check_file(
    afile: AnnotationFile,
    text: str,
    path: Path,
    *,
    tags: Iterable[str] | None = None,
    lines: Mapping[str, int] | None = None,
) -> list[Problem]:
    """Everything wrong with ``afile`` against its document's ``text`` (``reader
    validate``): the header date, offsets, text slices, tags, fields, links."""
    problems: list[Problem] = []
    known_tags = tuple(tags) if tags is not None else None
    ids = {a.id for a in afile.annotations}
    lines = lines or {}
    if afile.date is not None and (reason := article_date_problem(afile.date)):
        problems.append(Problem(path, reason, lines.get("date")))
    for a in afile.annotations:
        line = lines.get(a.id)

        def report(message: str, line: int | None = line, ident: str = a.id) -> None:
            problems.append(Problem(path, f"annotation {ident}: {message}", line))

        if known_tags is not None and (reason := tag_problem(a.tag, known_tags)):
            report(reason.split(" (known:")[0])
        if a.orphaned:
            report("orphaned (its text is no longer found)")
            continue
        if a.end > len(text):
            report(f"offsets {a.start}..{a.end} beyond the text ({len(text)} characters)")
        elif text[a.start : a.end] != a.text:
            report(f"text at {a.start}..{a.end} is {text[a.start : a.end]!r}, not {a.text!r}")
        for reason in field_problems(a):
            report(reason)
        for link in a.links:
            if "#" not in link and link not in ids:
                report(f"link to unknown id {link}")
    return problems
