"""A strict reader of brat standoff that follows brat's own rules (server/src/annotation.py):
the ``.ann`` split with ``readlines()`` on the decoded text (every ``str.splitlines`` break),
a text-bound line's text equal to its fragments joined by one space, fragments of one
annotation neither overlapping nor touching, offsets inside the text, and every id that
a line names defined in the file."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ID = re.compile(r"^(?:[TREAMN]\d+|#\d*|\*)$")
_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"


@dataclass
class Standoff:
    """The parsed lines, by kind."""

    spans: dict[str, tuple[str, tuple[tuple[int, int], ...], str]] = field(default_factory=dict)
    relations: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    events: dict[str, tuple[str, str, tuple[tuple[str, str], ...]]] = field(default_factory=dict)
    attributes: list[tuple[str, str, str | None]] = field(default_factory=list)
    normalisations: list[tuple[str, str, str, str]] = field(default_factory=list)
    equivalences: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)


def parse_standoff(ann: str, text: str) -> Standoff:
    """Parse ``ann`` against ``text``; AssertionError naming the line on any violation."""
    out = Standoff()
    lines = ann.splitlines(keepends=True)
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip(_BREAKS)
        where = f"line {number} {line!r}"
        ending = raw[len(line) :]
        assert ending == "\n" or (ending == "" and number == len(lines)), f"{where}: split"
        ident, tab, rest = line.partition("\t")
        assert tab and _ID.match(ident), f"{where}: no id"
        data, _, tail = rest.partition("\t")
        kind = ident[0]
        if kind == "T":
            brat_type, offsets = data.split(" ", 1)
            pieces = tuple(tuple(map(int, p.split(" "))) for p in offsets.split(";"))
            seen: list[tuple[int, int]] = []
            for start, end in pieces:
                assert 0 <= start < end <= len(text), f"{where}: offsets"
                for other_start, other_end in seen:
                    assert not (end >= other_start and start < other_end), f"{where}: overlap"
                seen.append((start, end))
            expected = " ".join(text[a:b] for a, b in pieces)
            assert tail == expected, f"{where}: text is not {expected!r}"
            out.spans[ident] = (brat_type, pieces, tail)  # type: ignore[assignment]
        elif kind == "R":
            brat_type, first, second = data.split(" ")
            assert first.startswith("Arg1:") and second.startswith("Arg2:"), where
            out.relations[ident] = (brat_type, first[5:], second[5:])
        elif kind == "E":
            head, *arguments = data.split(" ")
            brat_type, trigger = head.split(":")
            pairs = tuple(tuple(a.split(":")) for a in arguments if a)
            out.events[ident] = (brat_type, trigger, pairs)  # type: ignore[assignment]
        elif kind in "AM":
            parts = data.split(" ")
            out.attributes.append((parts[0], parts[1], parts[2] if len(parts) > 2 else None))
        elif kind == "N":
            brat_type, target, ref = data.split(" ")
            out.normalisations.append((brat_type, target, ref, tail))
        elif kind == "*":
            brat_type, *members = data.split(" ")
            out.equivalences.append((brat_type, tuple(members)))
        else:
            note_type, target = data.split(" ")
            assert note_type == "AnnotatorNotes", where
            out.notes.append((target, tail))
    known = set(out.spans) | set(out.events) | set(out.relations)
    named = [
        *(ref for _, a, b in out.relations.values() for ref in (a, b)),
        *(trigger for _, trigger, _ in out.events.values()),
        *(ref for _, _, pairs in out.events.values() for _, ref in pairs),
        *(target for _, target, _ in out.attributes),
        *(target for _, target, _, _ in out.normalisations),
        *(ref for _, members in out.equivalences for ref in members),
        *(target for target, _ in out.notes),
    ]
    missing = [ref for ref in named if ref not in known]
    assert not missing, f"ids named but not defined: {missing}"
    return out


def identity(standoff: Standoff, ref: str) -> object:
    """What an id stands for, independent of numbering: a span's type and offsets, an
    event's trigger, a relation's type and ends."""
    if ref in standoff.spans:
        brat_type, pieces, _ = standoff.spans[ref]
        return ("T", brat_type, pieces)
    if ref in standoff.events:
        return ("E", identity(standoff, standoff.events[ref][1]))
    brat_type, first, second = standoff.relations[ref]
    return ("R", brat_type, identity(standoff, first), identity(standoff, second))


def meaning(standoff: Standoff) -> dict[str, object]:
    """Everything the file says, with ids replaced by what they stand for."""
    ident = lambda ref: identity(standoff, ref)  # noqa: E731
    return {
        "spans": sorted((t, p, s) for t, p, s in standoff.spans.values()),
        "relations": sorted(repr(ident(r)) for r in standoff.relations),
        "events": sorted(
            repr((t, ident(trigger), sorted((role, repr(ident(a))) for role, a in args)))
            for t, trigger, args in standoff.events.values()
        ),
        "attributes": sorted(repr((n, ident(t), v)) for n, t, v in standoff.attributes),
        "normalisations": sorted(
            repr((k, ident(t), r, s)) for k, t, r, s in standoff.normalisations
        ),
        "equivalences": sorted(
            repr((k, sorted(repr(ident(m)) for m in members)))
            for k, members in standoff.equivalences
        ),
        "notes": sorted(repr((ident(t), s)) for t, s in standoff.notes),
    }
