"""Bidi controls never reach an annotation file raw (they would reorder what a diff or a
terminal shows), and every string holding them reads back exactly."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.annotations.format import BIDI_CONTROLS, Annotation, AnnotationFile, dump, parse

BIDI = [chr(code) for code in BIDI_CONTROLS]
TEXT = st.lists(
    st.sampled_from([*BIDI, "a", "ж", " ", "'", '"', "\\", ":", "\n", "😀"]), max_size=10
).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXT, TEXT, TEXT, TEXT, st.booleans())
def test_bidi_controls_are_escaped_and_read_back_exactly(
    document: str, text: str, note: str, unknown: str, by_yaml: bool
) -> None:
    afile = AnnotationFile(
        document=document,
        sha256="s",
        annotations=(
            Annotation(
                "a1",
                "claim",
                0,
                len(text),
                text,
                note=note or None,
                extra=(("x-note", {unknown: [unknown]}),) if by_yaml else (),
            ),
        ),
        extra=(("x-top", unknown),) if by_yaml else (),
    )
    written = dump(afile)
    assert not any(ch in written for ch in BIDI)
    for ch in BIDI:
        if ch in document + text + note + (unknown if by_yaml else ""):
            assert f"\\u{ord(ch):04X}" in written
    assert parse(written, Path("a.yaml")) == afile
    assert dump(parse(written, Path("a.yaml"))) == written


def test_the_direct_writer_escapes_an_override_in_a_speaker() -> None:
    speaking = Annotation("a1", "claim", 0, 1, "x", speaker="evil\u202e")
    afile = AnnotationFile("a.txt", "s", annotations=(speaking,))
    assert '  speaker: "evil\\u202E"\n' in dump(afile)
