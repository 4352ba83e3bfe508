"""Interchange formats: brat standoff and W3C Web Annotation (both count code points)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from reader.core.annotations.format import Annotation

_BREAK = re.compile(r"\r\n|\n|\r")
W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
QUOTE_CONTEXT = 32  # code points of prefix/suffix in a TextQuoteSelector


@dataclass(frozen=True, slots=True)
class BratSpan:
    """A text-bound annotation for brat: type, offsets, surface text and an optional note."""

    type: str
    start: int
    end: int
    text: str
    note: str | None = None
    key: str | None = None  # an id other spans link to
    links: tuple[str, ...] = ()  # keys of spans this one links to (brat relations)


def fragments(start: int, text: str) -> list[tuple[int, int]]:
    """The pieces of a span between line breaks (brat spans may not cross them)."""
    pieces: list[tuple[int, int]] = []
    position = 0
    for match in [*_BREAK.finditer(text), None]:
        stop = match.start() if match else len(text)
        if stop > position:
            pieces.append((start + position, start + stop))
        if match:
            position = match.end()
    return pieces or [(start, start)]


def brat_lines(spans: Iterable[BratSpan]) -> list[str]:
    """``T1<TAB>PER 17 27<TAB>Joe Biden`` lines, ``R1<TAB>link Arg1:T2 Arg2:T1`` for links,
    then ``#1<TAB>AnnotatorNotes T1<TAB>…``; a span crossing line breaks becomes fragments."""
    lines: list[str] = []
    notes: list[str] = []
    relations: list[str] = []
    spans = list(spans)
    numbers = {span.key: n for n, span in enumerate(spans, 1) if span.key is not None}
    for number, span in enumerate(spans, 1):
        pieces = fragments(span.start, span.text)
        offsets = ";".join(f"{a} {b}" for a, b in pieces)
        surface = " ".join(span.text[a - span.start : b - span.start] for a, b in pieces)
        lines.append(f"T{number}\t{span.type} {offsets}\t{surface}")
        if span.note:
            note = " ".join(_BREAK.split(span.note))
            notes.append(f"#{len(notes) + 1}\tAnnotatorNotes T{number}\t{note}")
        for link in span.links:
            if link in numbers:
                relations.append(
                    f"R{len(relations) + 1}\tlink Arg1:T{number} Arg2:T{numbers[link]}"
                )
    return lines + relations + notes


def annotation_note(annotation: Annotation) -> str | None:
    """speaker, value and note of an annotation as one AnnotatorNotes text."""
    parts = [
        f"{key}: {getattr(annotation, key)}"
        for key in ("speaker", "value", "note")
        if getattr(annotation, key)
    ]
    return "; ".join(parts) or None


def w3c_annotation(
    annotation: Annotation, document: str, text: str | None, base: str = "urn:reader:"
) -> dict[str, Any]:
    """One W3C Web Annotation (JSON-LD) with position and quote selectors."""
    bodies: list[dict[str, Any]] = [
        {"type": "TextualBody", "purpose": "tagging", "value": annotation.tag}
    ]
    if annotation.note:
        bodies.append({"type": "TextualBody", "purpose": "commenting", "value": annotation.note})
    if annotation.speaker:
        bodies.append(
            {"type": "TextualBody", "purpose": "identifying", "value": annotation.speaker}
        )
    if annotation.value:
        bodies.append({"type": "TextualBody", "purpose": "describing", "value": annotation.value})
    quote: dict[str, Any] = {"type": "TextQuoteSelector", "exact": annotation.text}
    if text is not None and not annotation.orphaned:
        quote["prefix"] = text[max(0, annotation.start - QUOTE_CONTEXT) : annotation.start]
        quote["suffix"] = text[annotation.end : annotation.end + QUOTE_CONTEXT]
    result: dict[str, Any] = {
        "@context": W3C_CONTEXT,
        "id": f"{base}{document}#{annotation.id}",
        "type": "Annotation",
        "motivation": "tagging",
        "body": bodies,
        "target": {
            "source": f"{base}{document}",
            "selector": [
                {"type": "TextPositionSelector", "start": annotation.start, "end": annotation.end},
                quote,
            ],
        },
    }
    if annotation.links:
        result["target"]["linked"] = [
            link if "#" in link else f"{base}{document}#{link}" for link in annotation.links
        ]
    if annotation.author:
        result["creator"] = annotation.author
    if annotation.created:
        result["created"] = annotation.created
    return result


def w3c_collection(items: Sequence[dict[str, Any]], label: str) -> dict[str, Any]:
    """An AnnotationCollection holding ``items`` in one page."""
    return {
        "@context": W3C_CONTEXT,
        "type": "AnnotationCollection",
        "label": label,
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": list(items)},
    }
