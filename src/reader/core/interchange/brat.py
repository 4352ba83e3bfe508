"""brat standoff (``.ann`` beside a ``.txt``), both ways, by brat's own reading rules.

brat reads the text as UTF-8 with no newline translation (offsets count its code points)
and splits an ``.ann`` file with a codec's ``readlines()``, which breaks lines at every
character in ``LINE_BREAKS``. A text-bound (T) line's text must equal its fragments'
texts joined by one space, so a span is written as the fragments between line breaks.

What reader has no field for is kept under the annotation's ``brat`` key (an unknown key
to the annotation format, so kept on every rewrite): the brat type, the type of each
relation and the role of each event argument (by the linked annotation's id), notes on
relations and events, attributes, normalisations, equivalences, and the other fragments
of a discontinuous span. Export reads it back, so brat → reader → brat gives the same
lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from reader.core.annotations.format import Annotation, AnnotationFile
from reader.core.files.atomic import atomic_write_bytes, atomic_write_text

LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_BREAK = re.compile("\r\n|[" + re.escape(LINE_BREAKS) + "]")
BRAT_KEY = "brat"
LINK_TYPE = "link"
DISCONTINUOUS_SEPARATOR = " "
_TAG_UNSAFE = re.compile(r"[^a-z0-9_-]+")
_TYPE_NAME = re.compile(r"^[^\s:;]+$")
_TOKEN = re.compile(r"^\S+$")  # an attribute value or a normalisation's DB:ID


def tag_for_type(brat_type: str) -> str:
    """The reader tag name for a brat type: lower case, other characters as ``-``, a
    letter first, at most 32 characters (``Transfer-money`` → ``transfer-money``)."""
    name = _TAG_UNSAFE.sub("-", brat_type.lower()).strip("-") or "type"
    if not name[0].isalpha():
        name = "t-" + name
    return name[:32].rstrip("-")


def fragments(start: int, text: str) -> list[tuple[int, int]]:
    """The non-empty pieces of the span ``text`` (starting at ``start``) between line breaks."""
    pieces: list[tuple[int, int]] = []
    position = 0
    for match in [*_BREAK.finditer(text), None]:
        stop = match.start() if match else len(text)
        if stop > position:
            pieces.append((start + position, start + stop))
        if match:
            position = match.end()
    return pieces


def one_line(text: str) -> str:
    """``text`` with each line break (``\\r\\n`` counts as one) as a space."""
    return _BREAK.sub(" ", text)


def brat_record(annotation: Annotation) -> dict[str, Any]:
    """What the annotation keeps under its ``brat`` key (empty when none)."""
    for key, value in annotation.extra:
        if key == BRAT_KEY and isinstance(value, Mapping):
            return dict(value)
    return {}


def _mapping(record: Mapping[str, Any], key: str) -> dict[str, Any]:
    value = record.get(key)
    return dict(value) if isinstance(value, Mapping) else {}


def _name(value: Any, default: str | None = None) -> str | None:
    """``value`` when it can stand as a brat name (no space, colon or semicolon; kept values
    may have been edited by hand), else ``default``."""
    return value if isinstance(value, str) and _TYPE_NAME.match(value) else default


# --- export -------------------------------------------------------------------------


@dataclass
class BratSchema:
    """The types an export used, for its ``annotation.conf``."""

    entities: set[str] = field(default_factory=set)
    events: dict[str, dict[str, set[str]]] = field(default_factory=dict)  # type → role → types
    relations: dict[str, tuple[set[str], set[str]]] = field(default_factory=dict)
    attributes: dict[str, tuple[set[str], set[str]]] = field(default_factory=dict)  # kinds, values
    equivalences: set[str] = field(default_factory=set)

    def relation(self, name: str, first: str, second: str) -> None:
        """Record a relation ``name`` from type ``first`` to type ``second``."""
        sources, targets = self.relations.setdefault(name, (set(), set()))
        sources.add(first)
        targets.add(second)

    def attribute(self, name: str, kind: str, value: Any) -> None:
        """Record attribute ``name`` on an ``<ENTITY>`` or ``<EVENT>`` with ``value``."""
        kinds, values = self.attributes.setdefault(name, (set(), set()))
        kinds.add(kind)
        if value is not True:
            values.add(str(value))


@dataclass(frozen=True)
class BratDocument:
    """The ``.ann`` text of one document, and what could not be written in brat."""

    ann: str
    messages: tuple[str, ...]


def _export_type(annotation: Annotation, record: Mapping[str, Any]) -> str:
    """The brat type an annotation was imported with, while its tag is still that type's;
    else its tag."""
    kept = _name(record.get("type"))
    return kept if kept is not None and tag_for_type(kept) == annotation.tag else annotation.tag


def annotation_note(annotation: Annotation) -> str | None:
    """The note, then the speaker and value, as one AnnotatorNotes text."""
    parts = [
        annotation.note,
        annotation.speaker and f"speaker: {annotation.speaker}",
        annotation.value and f"value: {annotation.value}",
    ]
    return "; ".join(p for p in parts if p) or None


def export_document(afile: AnnotationFile, text: str, schema: BratSchema) -> BratDocument:
    """The ``.ann`` of ``afile`` against its document's ``text``; ``schema`` collects the
    types used. Orphans, spans with nothing but line breaks and links that leave the
    document cannot be written in brat: each is named in ``messages``."""
    messages: list[str] = []
    where = afile.document
    by_id = afile.by_id()
    records = {a.id: brat_record(a) for a in afile.annotations}
    absorbed = {
        ident
        for record in records.values()
        for ident in record.get("fragments", ())
        if isinstance(ident, str) and ident in by_id
    }
    numbers: dict[str, int] = {}
    types: dict[str, str] = {}
    t_lines: list[str] = []
    for annotation in afile.annotations:
        if annotation.id in absorbed:
            continue
        if annotation.orphaned:
            messages.append(f"{where}: annotation {annotation.id} is orphaned: not exported")
            continue
        listed = records[annotation.id].get("fragments", ())
        parts = [annotation, *(by_id[i] for i in listed if isinstance(i, str) and i in by_id)]
        pieces = [
            piece
            for part in parts
            if not part.orphaned
            for piece in fragments(part.start, text[part.start : part.end])
        ]
        if not pieces:
            messages.append(
                f"{where}: annotation {annotation.id} holds only line breaks: not exported"
            )
            continue
        pieces.sort()
        number = len(t_lines) + 1
        for part in parts:
            numbers[part.id] = number
        kind = _export_type(annotation, records[annotation.id])
        types[annotation.id] = kind
        offsets = ";".join(f"{a} {b}" for a, b in pieces)
        surface = DISCONTINUOUS_SEPARATOR.join(text[a:b] for a, b in pieces)
        t_lines.append(f"T{number}\t{kind} {offsets}\t{surface}")
    events = {
        ident: f"E{n}"
        for n, ident in enumerate(
            (i for i in numbers if i not in absorbed and "event" in records[i]), 1
        )
    }
    lines = _relation_lines(afile, records, numbers, events, types, schema, messages)
    for ident, kind in types.items():
        if ident not in events:
            schema.entities.add(kind)
    return BratDocument("".join(f"{line}\n" for line in t_lines + lines), tuple(messages))


def _relation_lines(
    afile: AnnotationFile,
    records: Mapping[str, Mapping[str, Any]],
    numbers: Mapping[str, int],
    events: Mapping[str, str],
    types: Mapping[str, str],
    schema: BratSchema,
    messages: list[str],
) -> list[str]:
    """R, E, A, N, equivalence and note lines for the annotations written as T lines."""
    relations: list[str] = []
    event_lines: list[str] = []
    attributes: list[str] = []
    normalisations: list[str] = []
    equivalences: list[str] = []
    notes: list[str] = []

    def ref(ident: str) -> str:
        return events.get(ident) or f"T{numbers[ident]}"

    def note(target: str, value: Any) -> None:
        if isinstance(value, str) and value:
            notes.append(f"#{len(notes) + 1}\tAnnotatorNotes {target}\t{one_line(value)}")

    for annotation in afile.annotations:
        ident = annotation.id
        if ident not in types:
            continue
        record = records[ident]
        event = _mapping(record, "event")
        roles = _mapping(event, "roles")
        kinds = _mapping(record, "relations")
        relation_notes = _mapping(record, "relation_notes")
        grouped = {
            member
            for members in _mapping(record, "equivalences").values()
            if isinstance(members, list)
            for member in members
        }
        own = ref(ident)
        span = f"T{numbers[ident]}"
        arguments: list[str] = []
        own_fragments = set(record.get("fragments", ()))
        for link in annotation.links:
            if link in own_fragments:
                continue
            if "#" in link:
                messages.append(
                    f"{afile.document}: annotation {ident} links to another document "
                    f"({link}): not exported"
                )
                continue
            if link not in types:
                messages.append(
                    f"{afile.document}: annotation {ident} links to {link}, "
                    "which is not exported: link not exported"
                )
                continue
            role = _name(roles.get(link))
            if ident in events and role is not None:
                arguments.append(f"{role}:{ref(link)}")
                kind = "<EVENT>" if link in events else types[link]
                base = re.sub(r"\d+$", "", role) or role
                schema.events.setdefault(types[ident], {}).setdefault(base, set()).add(kind)
                continue
            if link in grouped:
                continue
            kind = _name(kinds.get(link), LINK_TYPE) or LINK_TYPE
            number = len(relations) + 1
            relations.append(f"R{number}\t{kind} Arg1:{span} Arg2:T{numbers[link]}\t")
            schema.relation(kind, types[ident], types[link])
            note(f"R{number}", relation_notes.get(link))
        if ident in events:
            schema.events.setdefault(types[ident], {})
            event_lines.append(f"{own}\t{' '.join([f'{types[ident]}:{span}', *arguments])}")
            note(own, event.get("note"))
        note(span, annotation_note(annotation))
        for target, kind, owned in (
            (span, "<ENTITY>", _mapping(record, "attributes")),
            (own, "<EVENT>", _mapping(event, "attributes")),
        ):
            for name, value in owned.items():
                shown = str(value) if _TOKEN.match(str(value)) else None
                if _name(name) is None or (value is not True and shown is None):
                    messages.append(f"{afile.document}: {span}: attribute {name!r} not exported")
                    continue
                tail = "" if value is True else f" {shown}"
                attributes.append(f"A{len(attributes) + 1}\t{name} {target}{tail}")
                schema.attribute(name, kind, value)
        for item in record.get("normalisations", ()):
            if (
                isinstance(item, Mapping)
                and _name(item.get("type"))
                and _TOKEN.match(str(item.get("ref")))
            ):
                normalisations.append(
                    f"N{len(normalisations) + 1}\t{item.get('type')} {span} "
                    f"{item.get('ref')}\t{one_line(str(item.get('text', '')))}"
                )
        for kind, members in _mapping(record, "equivalences").items():
            listed = [f"T{numbers[m]}" for m in members if isinstance(m, str) and m in types]
            if listed and _name(kind):
                equivalences.append(f"*\t{kind} {span} {' '.join(listed)}")
                schema.relation(str(kind), types[ident], types[ident])
                schema.equivalences.add(str(kind))
    return relations + event_lines + attributes + normalisations + equivalences + notes


def annotation_conf(schema: BratSchema, tags: Iterable[str] = ()) -> str:
    """An ``annotation.conf`` declaring every type, relation, event and attribute the export
    used, the ``link`` relation, the project's other ``tags``, and that any spans may
    overlap (brat refuses overlapping spans otherwise)."""
    written = {tag_for_type(t) for t in (*schema.entities, *schema.events)}
    entities = sorted(schema.entities | {t for t in tags if t not in written})
    relations = dict(schema.relations)
    relations.setdefault(LINK_TYPE, ({"<ENTITY>"}, {"<ENTITY>"}))
    lines = ["# written by `reader export --format brat`", "[entities]", *entities, ""]
    lines += ["[relations]", "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>"]
    for name, (sources, targets) in sorted(relations.items()):
        extra = ", <REL-TYPE>:symmetric-transitive" if name in schema.equivalences else ""
        lines.append(
            f"{name}\tArg1:{'|'.join(sorted(sources))}, Arg2:{'|'.join(sorted(targets))}{extra}"
        )
    lines += ["", "[events]"]
    for name, roles in sorted(schema.events.items()):
        arguments = ", ".join(
            f"{role}*:{'|'.join(sorted(kinds))}" for role, kinds in sorted(roles.items())
        )
        lines.append(f"{name}\t{arguments}".rstrip())
    lines += ["", "[attributes]"]
    for name, (kinds, values) in sorted(schema.attributes.items()):
        shown = f", Value:{'|'.join(sorted(values))}" if values else ""
        lines.append(f"{name}\tArg:{'|'.join(sorted(kinds))}{shown}")
    return "\n".join(lines) + "\n"


def export_collection(
    files: Iterable[tuple[AnnotationFile, str | None]], folder: Path, tags: Iterable[str] = ()
) -> tuple[int, list[str]]:
    """A brat collection in ``folder``: for each pair of an annotation file and its text
    (None: unreadable), the text as UTF-8 without a BOM and its ``.ann``; then the
    ``annotation.conf``. Returns the documents written and what was not exported."""
    schema = BratSchema()
    messages: list[str] = []
    written = 0
    for afile, text in files:
        if text is None:
            messages.append(f"{afile.document}: text unreadable: not exported")
            continue
        document = export_document(afile, text, schema)
        target = folder.joinpath(*PurePosixPath(afile.document).parts)
        atomic_write_bytes(target.with_suffix(".txt"), text.encode("utf-8"))
        atomic_write_text(target.with_suffix(".ann"), document.ann)
        messages.extend(document.messages)
        written += 1
    atomic_write_text(folder / "annotation.conf", annotation_conf(schema, tags))
    return written, messages
