"""The direct emitter of format.dump writes the bytes the YAML dumper wrote before it.

``reference_dump`` is the YAML-dumper implementation the format was defined by (PyYAML
with libyaml, ISO dates plain, characters beyond the BMP unescaped, bidi controls
escaped), kept here as the oracle. Hypothesis draws files with arbitrary Unicode in
every string field (CRLF, controls, emoji, bidi marks, strings YAML would read as
other types) and unknown keys.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.annotations.format import (
    ANNOTATION_FIELDS,
    HEADER_COMMENT,
    Annotation,
    AnnotationFile,
    dump,
    parse,
)

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$")
_WIDE_ESCAPE = re.compile(r"\\\\|\\U([0-9A-Fa-f]{8})")
_QUOTED_VALUE = re.compile(r'^( *(?:- )*(?:[A-Za-z0-9_-]+: )?)"(.*)"$', re.M)


class _RefDumper(yaml.CSafeDumper):
    pass


class _Verbatim(str):
    __slots__ = ()


def _parses(value: str) -> bool:
    try:
        if _ISO_DATE.match(value):
            date.fromisoformat(value)
        else:
            datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _represent_str(dumper: _RefDumper, value: str) -> yaml.ScalarNode:
    if not all(ch.isprintable() or ch == " " for ch in value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    if (_ISO_DATE.match(value) or _ISO_STAMP.match(value)) and _parses(value):
        return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value)
    return dumper.represent_str(value)


def _represent_verbatim(dumper: _RefDumper, value: str) -> yaml.ScalarNode:
    plain = str(value)
    if not all(ch.isprintable() or ch == " " for ch in plain):
        return dumper.represent_scalar("tag:yaml.org,2002:str", plain, style='"')
    return dumper.represent_str(plain)


_RefDumper.add_representer(str, _represent_str)
_RefDumper.add_representer(_Verbatim, _represent_verbatim)


def _unescape_wide(line: re.Match[str]) -> str:
    def one(match: re.Match[str]) -> str:
        if match.group(1) is None:
            return match.group(0)
        char = chr(int(match.group(1), 16))
        return char if char.isprintable() else match.group(0)

    return f'{line.group(1)}"{_WIDE_ESCAPE.sub(one, line.group(2))}"'


def reference_dump(afile: AnnotationFile) -> str:
    mapping: dict[str, Any] = {
        "document": _Verbatim(afile.document),
        "sha256": _Verbatim(afile.sha256),
        "language": None if afile.language is None else _Verbatim(afile.language),
    }
    if afile.date is not None:
        mapping["date"] = afile.date
    for key, value in afile.extra:
        mapping[key] = value
    entries = []
    for a in afile.sorted().annotations:
        out: dict[str, Any] = {}
        for spec in ANNOTATION_FIELDS:
            value = getattr(a, spec.name)
            if value is None or (spec.kind in ("links", "flag") and not value):
                continue
            if spec.kind == "links":
                value = [_Verbatim(link) for link in value]
            elif spec.kind in ("id", "name", "text", "string"):
                value = _Verbatim(value)
            out[spec.name] = value
        for key, value in a.extra:
            out[key] = value
        entries.append(out)
    mapping["annotations"] = entries
    body = yaml.dump(mapping, Dumper=_RefDumper, sort_keys=False, allow_unicode=True,
                     width=2**31 - 1, default_flow_style=False, indent=2)  # fmt: skip
    # The format escapes bidi controls (which Python finds unprintable, so they are in
    # double quotes) where libyaml writes them raw.
    return HEADER_COMMENT + _QUOTED_VALUE.sub(_unescape_wide, body).translate(_BIDI)


_BIDI = {c: f"\\u{c:04X}" for c in (0x61C, 0x200E, 0x200F, *range(0x202A, 0x202F),
                                       *range(0x2066, 0x206A))}  # fmt: skip


PIECES = [
    *"ab \r\n\t:#-?'\"[]{},&*!|>%@`\\.~=<ЖжёЁ«»“”",
    *["😀", "👍🏽", "e\u0301", "\u200b", "\u202e", "\x1b", "\x85", "\x7f", "\xa0", "\ufeff"],
    *["\u2028", "\u2029", "\U000e0001", "\U0010ffff", "\ue000", "\uffff", "\x00"],
    *["- ", ": ", " #", "---", "...", "null", "true", "yes", "~", "1.5", "0x1F", "1e3"],
    *["2022-01-10", "2022-01-10T10:00:00Z", "2022-13-01", "12:30", "<<", "=", "\\U0001F600"],
]
STRINGS = (
    st.lists(st.sampled_from(PIECES), max_size=8).map("".join)
    | st.text(max_size=12)
    | st.text(st.characters(codec="utf-8"), max_size=12)
)
OPTIONAL = st.none() | STRINGS
PLAIN = st.none() | st.sampled_from(["2022-01-10", "2022-01", "2022-W01", "2026-11-22T06:30:00Z",
                                     "2022-02-30", "2022-01-10T10:00:00.5Z"]) | STRINGS  # fmt: skip
UNKNOWN_KEYS = st.sampled_from(["x-score", "reviewed_by", "conflict", "flags", "x_1"])
UNKNOWN_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 10**6) | st.floats(allow_nan=False) | STRINGS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(STRINGS, inner, max_size=3),
    max_leaves=6,
)


@st.composite
def annotation_files(draw: st.DrawFn) -> AnnotationFile:
    annotations = []
    for index in range(draw(st.integers(0, 5))):
        start = draw(st.integers(0, 10**6))
        annotations.append(
            Annotation(
                id=f"a{index}",
                tag=draw(st.sampled_from(["claim", "date"]) | STRINGS.filter(bool)),
                start=start,
                end=start + draw(st.integers(0, 100)),
                text=draw(STRINGS),
                speaker=draw(OPTIONAL),
                note=draw(OPTIONAL),
                value=draw(PLAIN),
                links=tuple(draw(st.lists(STRINGS, max_size=3))),
                confidence=draw(st.none() | st.floats(0, 1) | st.sampled_from([0, 1, 1e-05])),
                orphaned=draw(st.booleans()),
                anchored=draw(st.none() | st.just("fuzzy")),
                old_text=draw(OPTIONAL),
                author=draw(OPTIONAL),
                created=draw(PLAIN),
                edited_by=draw(OPTIONAL),
                edited=draw(PLAIN),
                curated=draw(OPTIONAL),
                extra=tuple(
                    draw(st.dictionaries(UNKNOWN_KEYS, UNKNOWN_VALUES, max_size=2)).items()
                ),
            )
        )
    return AnnotationFile(
        document=draw(STRINGS),
        sha256=draw(STRINGS),
        language=draw(OPTIONAL),
        annotations=tuple(annotations),
        extra=tuple(draw(st.dictionaries(UNKNOWN_KEYS, UNKNOWN_VALUES, max_size=2)).items()),
        date=draw(st.none() | st.sampled_from(["2021-12-29", "2021-12"]) | STRINGS),
    )


def _has_surrogates(afile: AnnotationFile) -> bool:
    return any(0xD800 <= ord(ch) <= 0xDFFF for ch in repr(afile))


@settings(max_examples=400, deadline=None)
@given(annotation_files())
def test_direct_dump_writes_the_reference_bytes(afile: AnnotationFile) -> None:
    if _has_surrogates(afile):
        return  # neither can write undecodable text
    assert dump(afile) == reference_dump(afile)


@settings(max_examples=300, deadline=None)
@given(annotation_files())
def test_the_direct_reader_reads_what_the_yaml_reader_reads(afile: AnnotationFile) -> None:
    from reader.core.errors import AnnotationFileError

    if _has_surrogates(afile):
        return
    # Unknown keys always go through the YAML reader: leave them out to test the other.
    afile = replace(
        afile, extra=(), annotations=tuple(replace(a, extra=()) for a in afile.annotations)
    )
    text = dump(afile)
    path = Path("a.yaml")
    try:
        direct = parse(text, path)
    except AnnotationFileError as exc:
        direct = exc  # type: ignore[assignment]
    import reader.core.annotations.format as format_module

    saved = format_module._read_direct
    format_module._read_direct = lambda _text: None  # type: ignore[assignment]
    try:
        try:
            by_yaml = parse(text, path)
        except AnnotationFileError as exc:
            by_yaml = exc  # type: ignore[assignment]
    finally:
        format_module._read_direct = saved
    assert direct == by_yaml
