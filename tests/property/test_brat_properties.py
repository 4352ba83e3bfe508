"""brat standoff for any text and spans: what reader writes follows brat's reading rules,
and importing it gives back the same lines."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from reader.core.annotations.format import Annotation, AnnotationFile
from reader.core.interchange.brat import BratSchema, export_document
from reader.core.interchange.brat_import import convert_document
from tests.interop.brat_rules import meaning, parse_standoff

# Letters, spaces, tabs and every character that breaks a line for readlines().
ALPHABET = st.sampled_from(list("ab Я\t€😀") + list("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"))


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, list[Annotation]]:
    text = draw(st.text(ALPHABET, min_size=1, max_size=60))
    count = draw(st.integers(0, 6))
    annotations = []
    for number in range(count):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        note = draw(st.none() | st.text(ALPHABET, max_size=8))
        annotations.append(
            Annotation(
                id=f"a{number}", tag=draw(st.sampled_from(["claim", "quote"])),
                start=start, end=end, text=text[start:end], note=note,
                links=tuple(f"a{n}" for n in range(number) if draw(st.booleans())),
            )
        )  # fmt: skip
    return text, annotations


@given(documents())
def test_exported_standoff_follows_brat_rules_and_imports_back(
    document: tuple[str, list[Annotation]],
) -> None:
    text, annotations = document
    afile = AnnotationFile("a.txt", "x", annotations=tuple(annotations)).sorted()
    written = export_document(afile, text, BratSchema())
    standoff = parse_standoff(written.ann, text)
    exported_ids = {
        a.id
        for a in annotations
        if text[a.start : a.end].strip("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")
    }
    assert len(standoff.spans) == len(exported_ids)
    skipped = {a.id for a in annotations} - exported_ids
    dangling = [(a.id, link) for a in annotations for link in a.links if link in skipped]
    dangling = [(source, link) for source, link in dangling if source in exported_ids]
    assert len(written.messages) == len(skipped) + len(dangling)
    for ident in skipped:
        assert any(f"annotation {ident} holds only line breaks" in m for m in written.messages)
    for source, link in dangling:
        assert any(f"annotation {source} links to {link}," in m for m in written.messages)
    converted = convert_document(Path("a.ann"), written.ann, text)
    assert not [p for p in converted.problems if "fragments" not in p.message]
    again = AnnotationFile("a.txt", "x", annotations=converted.annotations).sorted()
    rewritten = parse_standoff(export_document(again, text, BratSchema()).ann, text)
    assert meaning(rewritten) == meaning(standoff)
