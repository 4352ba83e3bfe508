"""brat standoff into a project: ``.txt``/``.ann`` pairs → corpus texts and annotation files.

Each ``.ann`` is read as brat reads it (see ``brat.py``): T lines become annotations
(a discontinuous span: one per fragment, linked, with a message), R relations, event
arguments and equivalences become links, AnnotatorNotes on a span its note, and the rest
(types, relation types, roles, attributes, normalisations, notes on relations and events)
is kept under the annotation's ``brat`` key. A line that cannot be imported is reported
as ``file:line: message`` and the rest of the file is still imported.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.core.annotations.format import Annotation, AnnotationFile, new_id, utc_now
from reader.core.annotations.store import Store
from reader.core.errors import DocumentError, Problem, ReaderError, unsafe_character
from reader.core.files.atomic import atomic_write_bytes
from reader.core.interchange.brat import BRAT_KEY, tag_for_type
from reader.core.interchange.tagset import add_tags
from reader.core.project.layout import Project
from reader.core.text.document import decode_bytes, sha256_of
from reader.core.text.language import detect_language

_OFFSETS = re.compile(r"^\d+ \d+(?:;\d+ \d+)*$")
_ARGUMENT = re.compile(r"^([^\s:]+):([TE]\d+)$")
_ID = re.compile(r"^(?:[TREAMN]\d+|#\d*|\*)$")
_CONF_SECTION = re.compile(r"^\[(\w+)\]\s*$")


@dataclass
class _Span:
    """An annotation being built from a T line."""

    ident: str
    tag: str
    start: int
    end: int
    text: str
    record: dict[str, Any]
    links: list[str] = field(default_factory=list)
    note: str | None = None


@dataclass(frozen=True)
class ConvertedDocument:
    """The annotations made from one ``.ann`` file, its problems, and the brat types used."""

    annotations: tuple[Annotation, ...]
    problems: tuple[Problem, ...]
    types: frozenset[str]


class _Reader:
    """One ``.ann`` file against its text (as brat reads it: a BOM counts as a character)."""

    def __init__(
        self,
        path: Path,
        text: str,
        mapping: Mapping[str, str],
        taken: set[str],
        stamp: tuple[str | None, str | None],
    ) -> None:
        self.path = path
        self.text = text
        self.shift = 1 if text.startswith("\ufeff") else 0
        self.mapping = mapping
        self.taken = taken
        self.author, self.created = stamp
        self.spans: dict[str, _Span] = {}  # reader id → span, in file order
        self.by_brat: dict[str, str] = {}  # T id → reader id of its first fragment
        self.events: dict[str, str] = {}  # E id → reader id of its trigger
        self.relations: dict[str, tuple[str, str]] = {}  # R id → (reader id, reader id)
        self.problems: list[Problem] = []
        self.types: set[str] = set()
        self.tags: dict[str, str] = {}  # brat type → tag
        # Event arguments may name events defined further down: resolved after every E line.
        self.arguments: list[tuple[int, str, str, list[str]]] = []

    def fail(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, message, line))

    def read(self, ann: str) -> ConvertedDocument:
        lines = [(number, line) for number, line in enumerate(ann.splitlines(), 1) if line.strip()]
        parsed: list[tuple[int, str, str, str]] = []
        seen: dict[str, int] = {}
        for number, line in lines:
            ident, tab, rest = line.partition("\t")
            if not tab or not _ID.match(ident):
                self.fail(number, f"not a brat annotation line: {line[:60]!r}")
                continue
            if ident in seen and ident != "*":
                self.fail(number, f"{ident}: id used before, at line {seen[ident]}: not imported")
                continue
            seen[ident] = number
            data, _, tail = rest.partition("\t")
            parsed.append((number, ident, data, tail))
        order = "TERAMN*#"  # spans first, then what refers to them; notes may name an R
        for kind in order:
            for number, ident, data, tail in parsed:
                if ident[0] == kind:
                    self._line(kind, number, ident, data, tail)
            if kind == "E":
                self._event_arguments()
        problems = tuple(sorted(self.problems, key=lambda p: p.line or 0))
        return ConvertedDocument(self._annotations(), problems, frozenset(self.types))

    def _line(self, kind: str, number: int, ident: str, data: str, tail: str) -> None:
        if kind == "T":
            self._span(number, ident, data, tail)
        elif kind == "E":
            self._event(number, ident, data)
        elif kind == "R":
            self._relation(number, ident, data)
        elif kind in "AM":
            self._attribute(number, ident, data)
        elif kind == "N":
            self._normalisation(number, ident, data, tail)
        elif kind == "*":
            self._equivalence(number, data)
        else:
            self._note(number, ident, data, tail)

    def _target(self, ref: str) -> str | None:
        """The reader id for a T or E id (an event: its trigger)."""
        return self.by_brat.get(ref) or self.events.get(ref)

    def _span(self, number: int, ident: str, data: str, tail: str) -> None:
        brat_type, _, offsets = data.partition(" ")
        if not brat_type or not _OFFSETS.match(offsets.rstrip()):
            self.fail(number, f"{ident}: expected 'TYPE START END' before the text")
            return
        pieces = [tuple(map(int, p.split())) for p in offsets.rstrip().split(";")]
        for start, end in pieces:
            if end < start or end > len(self.text) or start < self.shift:
                self.fail(number, f"{ident}: offsets {start} {end} outside the text")
                return
        expected = " ".join(self.text[a:b] for a, b in pieces)
        rest = tail[len(expected) :]
        if not tail.startswith(expected) or (rest and not rest[0].isspace()):
            self.fail(number, f"{ident}: text {tail!r} is not the span's {expected!r}")
            return
        if all(a == b for a, b in pieces):
            self.fail(number, f"{ident}: empty span: not imported")
            return
        tag = self.tags.get(brat_type)
        if tag is None:
            tag = self.tags[brat_type] = self.mapping.get(brat_type) or tag_for_type(brat_type)
            self.types.add(brat_type)
        made: list[_Span] = []
        for start, end in sorted(pieces):
            reader_id = self._new_id()
            span = _Span(
                reader_id,
                tag,
                start - self.shift,
                end - self.shift,
                self.text[start:end],
                {"type": brat_type} if not made else {},
            )
            self.spans[reader_id] = span
            made.append(span)
        first = made[0]
        self.by_brat[ident] = first.ident
        if len(made) > 1:
            first.record["fragments"] = [s.ident for s in made[1:]]
            first.links.extend(s.ident for s in made[1:])
            self.fail(number, f"{ident}: discontinuous span kept as {len(made)} linked fragments")

    def _new_id(self) -> str:
        """A fresh id (``new_id`` copies the ids it is given: checked here against the set)."""
        while (candidate := new_id()) in self.taken:
            continue
        self.taken.add(candidate)
        return candidate

    def _link(self, source: str, target: str) -> None:
        links = self.spans[source].links
        if target not in links:
            links.append(target)

    def _event(self, number: int, ident: str, data: str) -> None:
        head, *arguments = data.split()
        event_type, _, trigger_ref = head.partition(":")
        trigger = self.by_brat.get(trigger_ref)
        if trigger is None:
            self.fail(number, f"{ident}: trigger {trigger_ref or '?'} is not a span of this file")
            return
        if "event" in self.spans[trigger].record:
            self.fail(number, f"{ident}: a second event on {trigger_ref}: not imported")
            return
        if self.spans[trigger].record.get("type") != event_type:
            self.fail(number, f"{ident}: event type {event_type} is not its trigger's type")
            return
        self.events[ident] = trigger
        self.spans[trigger].record["event"] = {"roles": {}}
        self.arguments.append((number, ident, trigger, arguments))

    def _event_arguments(self) -> None:
        for number, ident, trigger, arguments in self.arguments:
            roles = self.spans[trigger].record["event"]["roles"]
            for argument in arguments:
                match = _ARGUMENT.match(argument)
                target = self._target(match.group(2)) if match else None
                if match is None or target is None:
                    self.fail(number, f"{ident}: argument {argument!r} is not a span or event")
                elif target in roles:
                    self.fail(number, f"{ident}: {argument} is already an argument: not imported")
                else:
                    roles[target] = match.group(1)
                    self._link(trigger, target)

    def _relation(self, number: int, ident: str, data: str) -> None:
        parts = data.split()
        matches = [_ARGUMENT.match(p) for p in parts[1:]]
        if len(parts) != 3 or not all(matches):
            self.fail(number, f"{ident}: expected 'TYPE Arg1:T1 Arg2:T2'")
            return
        ends = [self._target(m.group(2)) for m in matches if m]
        source, target = ends
        if source is None or target is None:
            self.fail(number, f"{ident}: an argument is not a span of this file")
            return
        kinds = self.spans[source].record.setdefault("relations", {})
        if target in kinds:
            self.fail(number, f"{ident}: a second relation between the same spans: not imported")
            return
        kinds[target] = parts[0]
        self._link(source, target)
        self.relations[ident] = (source, target)

    def _attribute(self, number: int, ident: str, data: str) -> None:
        parts = data.split()
        if len(parts) not in (2, 3):
            self.fail(number, f"{ident}: expected 'NAME TARGET [VALUE]'")
            return
        name, ref = parts[0], parts[1]
        value: Any = parts[2] if len(parts) == 3 else True
        if ref in self.events:
            owner = self.spans[self.events[ref]].record["event"]
        elif ref in self.by_brat:
            owner = self.spans[self.by_brat[ref]].record
        else:
            self.fail(number, f"{ident}: target {ref} is not a span or event of this file")
            return
        owner.setdefault("attributes", {})[name] = value

    def _normalisation(self, number: int, ident: str, data: str, tail: str) -> None:
        parts = data.split()
        if len(parts) != 3 or parts[1] not in self.by_brat:
            self.fail(number, f"{ident}: expected 'TYPE T1 DB:ID' on a span of this file")
            return
        record = self.spans[self.by_brat[parts[1]]].record
        item = {"type": parts[0], "ref": parts[2], "text": tail}
        record.setdefault("normalisations", []).append(item)

    def _equivalence(self, number: int, data: str) -> None:
        kind, *refs = data.split()
        members = [self.by_brat.get(r) for r in refs]
        if len(members) < 2 or any(m is None for m in members):
            self.fail(number, "*: expected 'TYPE T1 T2 ...' over spans of this file")
            return
        first, *others = [m for m in members if m is not None]
        self.spans[first].record.setdefault("equivalences", {})[kind] = others
        for other in others:
            self._link(first, other)

    def _note(self, number: int, ident: str, data: str, tail: str) -> None:
        kind, _, ref = data.partition(" ")
        if kind != "AnnotatorNotes":
            self.fail(number, f"{ident}: note type {kind!r} is not AnnotatorNotes: not imported")
            return
        reason = unsafe_character(tail)
        if reason:
            self.fail(number, f"{ident}: {reason}: not imported")
            return
        if ref in self.by_brat:
            span = self.spans[self.by_brat[ref]]
            span.note = f"{span.note}; {tail}" if span.note else tail
        elif ref in self.events:
            self.spans[self.events[ref]].record["event"]["note"] = tail
        elif ref in self.relations:
            source, target = self.relations[ref]
            self.spans[source].record.setdefault("relation_notes", {})[target] = tail
        else:
            self.fail(number, f"{ident}: target {ref} is not an annotation of this file")

    def _annotations(self) -> tuple[Annotation, ...]:
        return tuple(
            Annotation(
                id=span.ident,
                tag=span.tag,
                start=span.start,
                end=span.end,
                text=span.text,
                note=span.note,
                links=tuple(span.links),
                author=self.author,
                created=self.created,
                extra=((BRAT_KEY, span.record),) if span.record else (),
            )
            for span in self.spans.values()
        )


def convert_document(
    path: Path,
    ann: str,
    text: str,
    mapping: Mapping[str, str] | None = None,
    taken: set[str] | None = None,
    stamp: tuple[str | None, str | None] = (None, None),
) -> ConvertedDocument:
    """The annotations of brat file ``path`` (contents ``ann``) on ``text`` as brat reads it;
    offsets are shifted past a BOM, which reader does not count. ``mapping`` names the tag
    of a brat type (default: ``tag_for_type``), ``taken`` the ids in use, ``stamp`` the
    author and creation time."""
    reader = _Reader(path, text, mapping or {}, set() if taken is None else taken, stamp)
    return reader.read(ann)


@dataclass
class ImportReport:
    """What ``import_brat`` did."""

    documents: int = 0
    annotations: int = 0
    copied: int = 0  # texts copied into the corpus
    matched: int = 0  # texts already in the corpus, with the same content
    tags: list[str] = field(default_factory=list)  # tags added to reader.yaml
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class _Planned:
    rel: str
    text_path: Path
    data: bytes | None  # the bytes to copy, None when the text is already there
    afile: AnnotationFile | None  # None: nothing to annotate (an empty .ann)


def conf_types(conf: str) -> list[str]:
    """The entity and event types an ``annotation.conf`` declares (macros, roles and types
    marked ``!``, not for annotation, left out)."""
    section = ""
    found: list[str] = []
    for raw in conf.splitlines():
        line = raw.split("#", 1)[0].strip()
        heading = _CONF_SECTION.match(line)
        if heading:
            section = heading.group(1)
        elif line and section in ("entities", "events") and line[0] not in "!<":
            found.append(line.split()[0])
    return found


def parse_mapping(items: list[str]) -> dict[str, str]:
    """``TYPE=tag`` items as a dictionary; ReaderError for one that is not."""
    mapping: dict[str, str] = {}
    for item in items:
        brat_type, equals, tag = item.partition("=")
        if not equals or not brat_type or tag_for_type(tag) != tag:
            raise ReaderError(f"--map {item}: expected TYPE=tag, tag in lower case (a-z 0-9 _ -)")
        mapping[brat_type] = tag
    return mapping


def import_brat(
    project: Project,
    source: Path,
    mapping: Mapping[str, str],
    known_texts: Mapping[str, str],
    author: str | None,
) -> ImportReport:
    """Import the brat collection under ``source`` into ``project``. ``known_texts`` maps
    the sha256 of each corpus text to its corpus path: a brat text with the same content is
    annotated where it is instead of being copied. Nothing is written over: a corpus text
    of the same path and other content is reported and its document skipped."""
    report = ImportReport()
    store = Store(project)
    stamp = (author, utc_now())
    types: set[str] = set()
    conf = source / "annotation.conf"
    if conf.is_file():
        types.update(conf_types(conf.read_text(encoding="utf-8", errors="replace")))
    planned: list[_Planned] = []
    for ann_path in sorted(source.rglob("*.ann")):
        found = _plan(project, store, source, ann_path, mapping, stamp, known_texts, report)
        if found is not None:
            planned.append(found[0])
            types |= found[1]
    tags = {mapping.get(t) or tag_for_type(t) for t in types}
    report.tags = [t.name for t in add_tags(project.root, project.config, tags)]
    for plan in planned:
        if plan.data is not None:
            atomic_write_bytes(plan.text_path, plan.data)
            report.copied += 1
        else:
            report.matched += 1
        if plan.afile is not None:
            store.save(plan.afile)
        report.documents += 1
    return report


def _plan(
    project: Project,
    store: Store,
    source: Path,
    ann_path: Path,
    mapping: Mapping[str, str],
    stamp: tuple[str | None, str | None],
    known_texts: Mapping[str, str],
    report: ImportReport,
) -> tuple[_Planned, set[str]] | None:
    """Read one pair; the annotation file to write (merged into the text's existing one,
    whose spans are not imported twice) and the brat types it used."""
    text_path = ann_path.with_suffix(".txt")
    try:
        data = text_path.read_bytes()
        brat_text = data.decode("utf-8")
        ann = ann_path.read_bytes().decode("utf-8-sig")
        text = decode_bytes(data, text_path)[0]
    except OSError as exc:
        report.problems.append(Problem(text_path, f"unreadable: {exc.strerror or exc}"))
        return None
    except UnicodeDecodeError as exc:
        report.problems.append(Problem(ann_path, f"not UTF-8 (brat reads UTF-8): {exc}"))
        return None
    except DocumentError as exc:
        report.problems.append(Problem(text_path, exc.message))
        return None
    sha = sha256_of(text)
    rel = known_texts.get(sha) or text_path.relative_to(source).as_posix()
    target = project.text_path(rel)
    if not project.contains(target):
        report.problems.append(Problem(ann_path, f"{rel}: a symlink leads out of the project"))
        return None
    copy: bytes | None = data
    if sha in known_texts or target.exists() or target.is_symlink():
        if not _same_text(target, sha):
            report.problems.append(
                Problem(ann_path, f"{rel} is in the corpus with other content: not imported")
            )
            return None
        copy = None
    existing = store.load(rel)
    taken = {a.id for a in existing.annotations} if existing else set()
    converted = convert_document(ann_path, ann, brat_text, mapping, taken, stamp)
    report.problems.extend(converted.problems)
    present = {(a.tag, a.start, a.end) for a in existing.annotations} if existing else set()
    added = [a for a in converted.annotations if (a.tag, a.start, a.end) not in present]
    base = existing or AnnotationFile(
        document=rel, sha256=sha, language=detect_language(text, project.config.languages)
    )
    afile = base.with_annotations([*base.annotations, *added]) if added or existing else None
    report.annotations += len(added)
    return _Planned(rel, target, copy, afile), set(converted.types)


def _same_text(path: Path, sha: str) -> bool:
    try:
        return sha256_of(decode_bytes(path.read_bytes(), path)[0]) == sha
    except (OSError, DocumentError):
        return False
