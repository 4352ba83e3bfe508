"""Three-way merge of annotation files by id: the git merge driver and concurrent saves.

Semantics (docs/robustness.md):

- entries added on either side are kept; deleted on both sides, gone;
- deleted on one side and untouched on the other: deleted;
- deleted on one side and changed on the other: kept (changed version), with
  ``conflict: {deleted_by: ours|theirs}``;
- fields are merged one by one (the span ``start``/``end``/``text``/``orphaned``
  counts as one field): a change on one side wins over the base; the same
  field changed differently on both sides keeps ours and records theirs under
  ``conflict: {theirs: {field: value}}`` — valid YAML, never conflict markers.
- header keys (``document``, ``sha256``, ``language``, unknown keys) merge the
  same way; a header conflict goes into a top-level ``conflict`` mapping;
- one id added on both sides with different contents is two annotations that drew
  the same random id: both are kept, theirs under an id derived from its contents
  (the same in every clone that makes this merge), and theirs' links follow it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from reader.core.annotations.format import (
    ANNOTATION_FIELDS,
    CONFLICT_KEY,
    HEADER_FIELDS,
    ID_ALPHABET,
    ID_LENGTH,
    SPAN_FIELDS,
    Annotation,
    AnnotationFile,
)
from reader.core.errors import Problem

# Merged one by one; the span (SPAN_FIELDS) is one field, "span".
_FIELDS = tuple(f.name for f in ANNOTATION_FIELDS if not f.span and f.name != "id")
_HEADER = tuple(f.name for f in HEADER_FIELDS)
_MISSING: Any = object()


@dataclass(frozen=True, slots=True)
class Conflict:
    """The same thing changed differently on both sides (``ident`` None for the header)."""

    ident: str | None
    field: str
    ours: Any
    theirs: Any

    def describe(self) -> str:
        """One line for people."""
        where = f"annotation {self.ident}" if self.ident else "file header"
        if self.field == "deleted":
            side = "theirs" if self.theirs is None else "ours"
            return f"{where}: changed on one side, deleted on the other ({side}); kept"
        return (
            f"{where}: '{self.field}' changed on both sides "
            f"(ours {_show(self.ours)}, theirs {_show(self.theirs)}); kept ours"
        )


@dataclass(frozen=True, slots=True)
class MergeResult:
    """The merged file and what could not be merged automatically."""

    file: AnnotationFile
    conflicts: tuple[Conflict, ...] = ()

    @property
    def clean(self) -> bool:
        """True when there were no conflicts."""
        return not self.conflicts


def _show(value: Any) -> str:
    if isinstance(value, Mapping) and "text" in value:
        return f"{value.get('start')}..{value.get('end')} {value['text']!r}"
    return repr(value)


def _fields(a: Annotation) -> dict[str, Any]:
    """An annotation as merge fields: the span as one field, then each other key."""
    out: dict[str, Any] = {"span": {name: getattr(a, name) for name in SPAN_FIELDS}}
    for name in _FIELDS:
        value = getattr(a, name)
        out[name] = list(value) if name == "links" else value
    out.update(a.extra)
    return out


def _build(ident: str, fields: Mapping[str, Any]) -> Annotation:
    known = {name: fields[name] for name in _FIELDS}
    known["links"] = tuple(known["links"] or ())
    extra = tuple((k, v) for k, v in fields.items() if k != "span" and k not in _FIELDS)
    return Annotation(id=ident, **fields["span"], **known, extra=extra)


def _conflict_value(key: str, value: Any) -> dict[str, Any]:
    """How a conflicting value is written under ``conflict: theirs:``."""
    if key == "span":
        return {k: v for k, v in value.items() if k in ("start", "end", "text") or v}
    return {key: value}


def _merge_fields(
    ident: str | None,
    base: Mapping[str, Any],
    ours: Mapping[str, Any],
    theirs: Mapping[str, Any],
) -> tuple[dict[str, Any], list[Conflict]]:
    """Field-by-field three-way merge; conflicts keep ours and record theirs."""
    merged: dict[str, Any] = {}
    conflicts: list[Conflict] = []
    theirs_kept: dict[str, Any] = {}
    keys = [k for k in ours if k != CONFLICT_KEY]
    keys += [k for k in theirs if k not in ours and k != CONFLICT_KEY]
    for key in keys:
        b, o, t = base.get(key, _MISSING), ours.get(key, _MISSING), theirs.get(key, _MISSING)
        if o == t or t == b:
            value = o
        elif o == b:
            value = t
        else:
            value = o
            conflicts.append(Conflict(ident, key, _plain(o), _plain(t)))
            # null: they removed the key (an unknown key, or an optional field)
            theirs_kept.update(_conflict_value(key, t) if t is not _MISSING else {key: None})
        if value is not _MISSING:
            merged[key] = value
    old = _merge_old_conflict(base, ours, theirs)
    if theirs_kept:
        # An earlier unresolved conflict stays recorded beside the new one.
        earlier = old if isinstance(old, Mapping) else {}
        earlier_theirs = earlier.get("theirs")
        if isinstance(earlier_theirs, Mapping):
            theirs_kept = {**earlier_theirs, **theirs_kept}
        merged[CONFLICT_KEY] = {**earlier, "theirs": theirs_kept}
    elif old is not _MISSING:
        merged[CONFLICT_KEY] = old
    return merged, conflicts


def _merge_old_conflict(
    base: Mapping[str, Any], ours: Mapping[str, Any], theirs: Mapping[str, Any]
) -> Any:
    """An earlier, unresolved ``conflict`` entry: removing it on either side resolves it."""
    b, o, t = (m.get(CONFLICT_KEY, _MISSING) for m in (base, ours, theirs))
    if o == t or t == b:
        return o
    if o == b:
        return t
    return o


def _plain(value: Any) -> Any:
    return None if value is _MISSING else value


def merge(base: AnnotationFile | None, ours: AnnotationFile, theirs: AnnotationFile) -> MergeResult:
    """Merge ``ours`` and ``theirs`` against their common ``base`` (None: no common base)."""
    base_by_id = base.by_id() if base is not None else {}
    theirs = _separate_twins(base_by_id, ours, theirs)
    ours_by_id, theirs_by_id = ours.by_id(), theirs.by_id()
    order = [*ours_by_id, *(i for i in theirs_by_id if i not in ours_by_id)]
    merged: list[Annotation] = []
    conflicts: list[Conflict] = []
    for ident in order:
        b, o, t = base_by_id.get(ident), ours_by_id.get(ident), theirs_by_id.get(ident)
        if o is None or t is None:
            kept = o or t
            assert kept is not None
            if b is None:
                merged.append(kept)
            elif kept != b:  # changed on one side, deleted on the other: keep it
                conflicts.append(Conflict(ident, "deleted", o, t))
                note = {"deleted_by": "theirs" if t is None else "ours"}
                merged.append(replace(kept, extra=(*_without_conflict(kept), (CONFLICT_KEY, note))))
            continue
        if o == t:
            merged.append(o)
            continue
        fields, found = _merge_fields(ident, _fields(b) if b else {}, _fields(o), _fields(t))
        conflicts.extend(found)
        merged.append(_build(ident, fields))
    header, header_conflicts = _merge_header(base, ours, theirs)
    conflicts.extend(header_conflicts)
    result = replace(ours, **header).with_annotations(merged)
    return MergeResult(result, tuple(conflicts))


def _separate_twins(
    base_by_id: Mapping[str, Annotation], ours: AnnotationFile, theirs: AnnotationFile
) -> AnnotationFile:
    """``theirs`` with each annotation that shares its id with a different one of ours,
    both new since the base, moved to an id derived from its contents."""
    ours_by_id = ours.by_id()
    twins = [
        t.id
        for t in theirs.annotations
        if t.id not in base_by_id and t.id in ours_by_id and ours_by_id[t.id] != t
    ]
    if not twins:
        return theirs
    taken = {*base_by_id, *ours_by_id, *(a.id for a in theirs.annotations)}
    renamed: dict[str, str] = {}
    for a in sorted((a for a in theirs.annotations if a.id in twins), key=lambda a: a.sort_key):
        renamed[a.id] = twin_id(a, taken)
        taken.add(renamed[a.id])
    moved = []
    for a in theirs.annotations:
        if a.id not in base_by_id:  # new on their side: its links meant their twin
            a = replace(
                a, id=renamed.get(a.id, a.id), links=tuple(renamed.get(x, x) for x in a.links)
            )
        moved.append(a)
    return replace(theirs, annotations=tuple(moved))


def twin_id(a: Annotation, taken: set[str]) -> str:
    """A new id for ``a`` that depends only on its contents: every clone that merges the
    same two files picks the same one. As long as new ids (ID_LENGTH), longer when taken."""
    digest = hashlib.sha256(repr(sorted(_fields(a).items(), key=str)).encode()).digest()
    letters = "".join(ID_ALPHABET[byte % len(ID_ALPHABET)] for byte in digest)
    for length in range(ID_LENGTH, len(letters) + 1):
        if letters[:length] not in taken:
            return letters[:length]
    raise ValueError(f"no free id for annotation {a.id}")  # 2**160 ids taken: unreachable


def replay(
    target: Annotation | None, source: Annotation | None, current: Annotation | None
) -> Annotation | None:
    """Move ``current`` from ``source`` to ``target`` only where it still equals ``source``.

    Undo and redo use it (``source`` is what the step left, ``target`` what it should
    become), so fields another writer changed since are kept, never reverted.
    """
    if current == source:
        return target
    if current is None or source is None or target is None:
        return current  # created, deleted or re-created by someone else: theirs stands
    before, now, wanted = _fields(source), _fields(current), _fields(target)
    fields = {}
    for key in [*now, *(k for k in wanted if k not in now)]:
        value = (
            wanted.get(key, _MISSING)
            if now.get(key, _MISSING) == before.get(key, _MISSING)
            else now.get(key, _MISSING)
        )
        if value is not _MISSING:
            fields[key] = value
    return _build(current.id, fields)


def _without_conflict(a: Annotation) -> tuple[tuple[str, Any], ...]:
    return tuple((k, v) for k, v in a.extra if k != CONFLICT_KEY)


def _header(afile: AnnotationFile | None) -> dict[str, Any]:
    if afile is None:
        return {}
    return {
        **{name: getattr(afile, name) for name in _HEADER if getattr(afile, name) is not None},
        **dict(afile.extra),
    }


def _merge_header(
    base: AnnotationFile | None, ours: AnnotationFile, theirs: AnnotationFile
) -> tuple[dict[str, Any], list[Conflict]]:
    fields, conflicts = _merge_fields(None, _header(base), _header(ours), _header(theirs))
    header: dict[str, Any] = {name: fields.pop(name, None) for name in _HEADER}
    header["document"] = header["document"] or ours.document
    header["sha256"] = header["sha256"] or ours.sha256
    header["extra"] = tuple(fields.items())
    return header, conflicts


def conflict_problems(
    afile: AnnotationFile, path: Path, lines: Mapping[str, int] | None = None
) -> list[Problem]:
    """Entries (and the header) still carrying an unresolved ``conflict`` from a merge."""
    lines = lines or {}
    problems: list[Problem] = []
    header = dict(afile.extra)
    if CONFLICT_KEY in header:
        problems.append(
            Problem(path, f"unresolved merge conflict in the header: {header[CONFLICT_KEY]}")
        )
    for a in afile.annotations:
        extra = dict(a.extra)
        if CONFLICT_KEY in extra:
            problems.append(
                Problem(
                    path,
                    f"annotation {a.id}: unresolved merge conflict {extra[CONFLICT_KEY]} "
                    "(edit the entry, then delete its 'conflict' key)",
                    lines.get(a.id),
                )
            )
    return problems
