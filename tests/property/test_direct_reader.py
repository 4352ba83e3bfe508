"""The direct reader (format._read_direct) reads exactly what the safe YAML loader reads.

Hypothesis draws files as ``dump`` writes them, then edits them as a person or another
tool might: a value replaced by arbitrary raw text (quotes, escapes, Unicode, control
characters, text YAML reads as another type), an unknown key inserted, a line
dropped, entries swapped or repeated, line ends turned to CRLF. Whatever the direct
reader accepts must be the file the YAML reader gives (same objects, same bytes when
written back); what it does not accept goes to the YAML reader, so the errors are the
same too.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import reader.core.annotations.format as format_module
from reader.core.annotations.format import AnnotationFile, dump, parse
from reader.core.errors import AnnotationFileError
from tests.property.test_dump_reference import PIECES, STRINGS, annotation_files

RAW_PIECES = [
    *PIECES,
    *["'", "''", '"', '\\"', "\\n", "\\t", "\\x41", "\\x1b", "\\u00e9", "\\u202E", "\\q"],
    *["\\U0001F600", "\\N", "\\_", "\\\\", "0", "07", "1_000", "-1", ".5", "true", "Null"],
]
RAW_VALUES = st.lists(st.sampled_from(RAW_PIECES), max_size=6).map("".join) | STRINGS
PATH = Path("corpus.yaml")


def _without_unknown_keys(afile: AnnotationFile) -> AnnotationFile:
    """Files whose known keys the direct reader reads (unknown keys go to YAML anyway)."""
    return replace(
        afile, extra=(), annotations=tuple(replace(a, extra=()) for a in afile.annotations)
    )


@st.composite
def edited_files(draw: st.DrawFn) -> str:
    afile = _without_unknown_keys(draw(annotation_files()))
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in repr(afile)):
        afile = AnnotationFile("a.txt", "0" * 64)  # undecodable text is never written
    lines = dump(afile).split("\n")
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.sampled_from(["value", "insert", "drop", "swap", "repeat"]))
        if edit == "value" and ": " in lines[at]:
            key = lines[at].split(": ", 1)[0]
            lines[at] = f"{key}: {draw(RAW_VALUES)}"
        elif edit == "insert":
            indent = draw(st.sampled_from(["", "  "]))
            lines.insert(at, f"{indent}x-key: {draw(RAW_VALUES)}")
        elif edit == "drop":
            del lines[at]
        else:
            starts = [i for i, line in enumerate(lines) if line.startswith("- ")]
            if len(starts) >= 2:
                first, second = sorted(draw(st.permutations(starts))[:2])
                end = next((i for i in starts if i > second), len(lines) - 1)
                one, two = lines[first:second], lines[second:end]
                lines[first:end] = [*two, *one] if edit == "swap" else [*one, *one]
    text = "\n".join(lines)
    return text.replace("\n", "\r\n") if draw(st.booleans()) else text


def _read(text: str) -> AnnotationFile | AnnotationFileError:
    try:
        return parse(text, PATH)
    except AnnotationFileError as exc:
        return exc


def _read_by_yaml(text: str) -> AnnotationFile | AnnotationFileError:
    direct = format_module._read_direct
    format_module._read_direct = lambda _text: None  # type: ignore[assignment]
    try:
        return _read(text)
    finally:
        format_module._read_direct = direct


def _same(text: str) -> None:
    direct, by_yaml = _read(text), _read_by_yaml(text)
    assert direct == by_yaml
    if format_module._read_direct(text) is not None:
        # What the direct reader accepts is written back byte for byte: a save of an
        # unchanged file writes nothing.
        assert isinstance(direct, AnnotationFile)
        assert dump(direct) == text
    if isinstance(direct, AnnotationFile):
        assert isinstance(by_yaml, AnnotationFile)
        # Equal values of other types (1 and 1.0, str and a timestamp) differ here.
        assert dump(direct) == dump(by_yaml)


@settings(max_examples=400, deadline=None)
@given(edited_files())
def test_edited_files_read_directly_as_the_yaml_reader_reads_them(text: str) -> None:
    _same(text)


GOOD = st.sampled_from(["Песков", "a b", "claim", "x-1", "«важно»", "see: p", "zed #2"])
COLUMNS = ("id", "tag", "text", "speaker", "created")
# Values the column tests must each send the long way: trailing space or colon, ": ",
# " #", beyond the BMP, quoted, read as a number or a bool, a line break YAML knows
# (NEL), a repeated id, empty, an indicator first, an escape.
ODD = ["a ", "a:", "a: b", "a #b", "😀a", "'a'", "1", "no", "a\x85", "a000", "", "-a", "\\n"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(GOOD, min_size=1, max_size=30),
    st.sampled_from(COLUMNS),
    st.integers(0, 29),
    st.sampled_from(ODD) | RAW_VALUES,
)
def test_one_odd_value_in_a_long_column(good: list[str], column: str, at: int, odd: str) -> None:
    """Columns are checked whole: one value that must be quoted, that YAML reads as
    another type, or that holds an escape or a control character, anywhere in a long
    column of plain values, sends that column (or the file) the long way."""
    _same(_column_file(good, column, min(at, len(good) - 1), odd))


@pytest.mark.parametrize("odd", ODD)
@pytest.mark.parametrize("column", COLUMNS)
@pytest.mark.parametrize("at", [0, 7, 19])
def test_each_odd_value_at_each_place(odd: str, column: str, at: int) -> None:
    _same(_column_file(["a b"] * 20, column, at, odd))


def _column_file(good: list[str], column: str, at: int, odd: str) -> str:
    """A file of entries with ``good`` as their texts and speakers, and ``odd`` in
    ``column`` of entry ``at``."""
    entries = []
    for index, value in enumerate(good):
        fields = {
            "id": f"a{index:03d}",
            "tag": "claim",
            "text": value,
            "speaker": value,
            "created": "2026-11-22T06:30:00Z",
        }
        if index == at:
            fields[column] = odd
        entries.append(
            f"- id: {fields['id']}\n  tag: {fields['tag']}\n  start: {index}\n"
            f"  end: {index}\n  text: {fields['text']}\n  speaker: {fields['speaker']}\n"
            f"  created: {fields['created']}\n"
        )
    return (
        format_module.HEADER_COMMENT
        + "document: a.txt\nsha256: abc\nlanguage: null\nannotations:\n"
        + "".join(entries)
    )


def test_entries_out_of_file_order_are_read_by_yaml() -> None:
    """``dump`` writes entries sorted: a file in another order reads the same but would be
    rewritten by a save, so the direct reader leaves it to the YAML reader."""
    text = _column_file(["a b", "c d"], "text", 0, "a b")
    first, second = text.index("- id: a000"), text.index("- id: a001")
    swapped = text[:first] + text[second:] + text[first:second]
    assert format_module._read_direct(text) is not None
    assert format_module._read_direct(swapped) is None
    _same(swapped)


@pytest.mark.parametrize(
    ("start", "end"), [("5", "3"), ("007", "9"), ("1_000", "2000"), ("-1", "2"), ("0x1", "2")]
)
def test_offsets_yaml_reads_otherwise_are_read_by_yaml(start: str, end: str) -> None:
    """Reversed spans and numbers YAML reads another way (octal, underscores, hex) are
    left to the YAML reader, which reads or refuses them."""
    text = _column_file(["a b"], "text", 0, "a b").replace(
        "start: 0\n  end: 0", f"start: {start}\n  end: {end}"
    )
    assert format_module._read_direct(text) is None
    _same(text)
