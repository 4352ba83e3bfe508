"""What needs the analyst's eye in an article: annotations a merge left in conflict (ours
kept, theirs recorded under ``conflict:``) and annotations re-anchoring placed by the
fuzzy step (``anchored: fuzzy``), and how a conflict is resolved."""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any, Literal

from reader.core.annotations.format import CONFLICT_KEY, Annotation

Side = Literal["ours", "theirs"]
FUZZY = "fuzzy"
_FIELDS = frozenset(f.name for f in fields(Annotation)) - {"id", "extra"}


def conflict_of(annotation: Annotation) -> dict[str, Any] | None:
    """The ``conflict:`` mapping a merge wrote on ``annotation``, if any."""
    for key, value in annotation.extra:
        if key == CONFLICT_KEY:
            return value if isinstance(value, dict) else {"note": value}
    return None


def is_fuzzy(annotation: Annotation) -> bool:
    """True when re-anchoring placed ``annotation`` by similarity: to be confirmed."""
    return annotation.anchored == FUZZY and not annotation.orphaned


def theirs_fields(conflict: dict[str, Any]) -> dict[str, Any]:
    """The fields the other side wrote differently (only annotation fields)."""
    theirs = conflict.get("theirs")
    if not isinstance(theirs, dict):
        return {}
    return {k: tuple(v) if isinstance(v, list) else v for k, v in theirs.items() if k in _FIELDS}


def resolution(annotation: Annotation, side: Side) -> Annotation | None:
    """``annotation`` as resolved by keeping ``side``: its ``conflict:`` key gone, theirs'
    values taken for ``theirs``; None when the kept side had deleted it."""
    conflict = conflict_of(annotation) or {}
    deleted_by = conflict.get("deleted_by")
    if deleted_by is not None:
        return None if deleted_by == side else _without_conflict(annotation)
    kept = _without_conflict(annotation)
    return replace(kept, **theirs_fields(conflict)) if side == "theirs" else kept


def _without_conflict(annotation: Annotation) -> Annotation:
    return replace(annotation, extra=tuple(kv for kv in annotation.extra if kv[0] != CONFLICT_KEY))


_MARKERS = "git conflict markers"  # how the annotation file reader names them
MARKERS_FIX = (
    "keep one side of each <<<<<<< … >>>>>>> block in an editor, then run "
    "`reader init --git-config` so git merges annotation files without markers"
)


def with_fix(reason: str) -> str:
    """``reason`` an annotation file cannot be read, with what fixes it when it is a
    merge that left git conflict markers."""
    return f"{reason}; {MARKERS_FIX}" if _MARKERS in reason else reason
