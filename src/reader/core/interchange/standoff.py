"""brat lines for spans that are not annotations: ``reader suggest``'s entities and dates."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from reader.core.interchange.brat import fragments, one_line


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


def brat_lines(spans: Iterable[BratSpan]) -> list[str]:
    """``T1<TAB>PER 17 27<TAB>Joe Biden`` lines, ``R1<TAB>link Arg1:T2 Arg2:T1`` for links,
    then ``#1<TAB>AnnotatorNotes T1<TAB>…``; a span crossing line breaks becomes fragments,
    one of nothing but line breaks is left out (brat cannot hold it)."""
    lines: list[str] = []
    notes: list[str] = []
    relations: list[str] = []
    written: list[tuple[int, BratSpan]] = []
    for span in spans:
        pieces = fragments(span.start, span.text)
        if not pieces:
            continue
        number = len(lines) + 1
        offsets = ";".join(f"{a} {b}" for a, b in pieces)
        surface = " ".join(span.text[a - span.start : b - span.start] for a, b in pieces)
        lines.append(f"T{number}\t{span.type} {offsets}\t{surface}")
        written.append((number, span))
        if span.note:
            notes.append(f"#{len(notes) + 1}\tAnnotatorNotes T{number}\t{one_line(span.note)}")
    numbers = {span.key: n for n, span in written if span.key is not None}
    for number, span in written:
        for link in span.links:
            if link in numbers:
                relations.append(
                    f"R{len(relations) + 1}\tlink Arg1:T{number} Arg2:T{numbers[link]}"
                )
    return lines + relations + notes
