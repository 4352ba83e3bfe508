"""Issue 14 item 16: an unknown key is kept exactly as written, or the file is refused
with a message naming the line; reading and writing back never changes it silently."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.annotations.format import dump, parse
from reader.core.errors import AnnotationFileError

HEAD = "# reader annotations, format 1\ndocument: a.txt\nsha256: s\nlanguage: null\n"
ENTRY = "annotations:\n- id: a1\n  tag: claim\n  start: 0\n  end: 1\n  text: x\n"


@pytest.mark.parametrize(
    ("unknown", "line", "message"),
    [
        ("1: one\ntrue: yes\n", 5, "key '1' is not a string"),
        ("x-flags:\n  true: a\n  1: b\n", 6, "key 'true' is not a string"),
        ("null: x\n", 5, "key 'null' is not a string"),
        ("x-map: !!omap [{b: 1}, {a: 2}]\n", 5, "!!omap is not kept"),
        ("x-pairs: !!pairs [{b: 1}]\n", 5, "!!pairs is not kept"),
        ("x-set: !!set {b, a, c}\n", 5, "!!set is not kept"),
        ("x-list:\n- ? [a]\n  : b\n", 6, "unhashable key"),
    ],
)
def test_unknown_keys_that_would_change_are_refused_with_the_line(
    unknown: str, line: int, message: str
) -> None:
    with pytest.raises(AnnotationFileError, match=message) as raised:
        parse(HEAD + unknown + ENTRY, Path("a.yaml"))
    assert raised.value.line == line


def test_an_unknown_key_in_an_entry_is_refused_too() -> None:
    with pytest.raises(AnnotationFileError, match="key '1' is not a string") as raised:
        parse(HEAD + ENTRY + "  1: x\n", Path("a.yaml"))
    assert raised.value.line == 11


@pytest.mark.parametrize(
    "unknown",
    [
        "'1': one\n'true': two\n",
        "x-flags:\n  'null': a\n  '1': b\n",
        "x-list:\n- b\n- a\n",
        "x-when: 2022-01-10\nx-said: '2022-01-10'\nx-n: 1\nx-t: true\nx-none: null\n",
    ],
)
def test_string_keys_and_ordinary_values_are_kept_exactly(unknown: str) -> None:
    text = HEAD + unknown + ENTRY
    assert dump(parse(text, Path("a.yaml"))) == text
