"""JSON caches under ``.reader/``: derived data that may be lost or corrupted at any time.

A cache is never the only copy of anything: a missing, unreadable, corrupted or
foreign file reads as "no cache" and the caller recomputes. Writes are atomic (no
fsync: losing a cache to a power cut costs a recomputation) and a failed write is
ignored. Nothing is written when ``.reader`` (or a folder in it) is a symlink
(``.reader -> ..`` committed to a repository would make reader write over files
outside it): ``cache_write_problem`` says why, and every cache writer asks it.
Keyed caches hold ``{"key": ..., "data": ...}`` and are read only when the
key matches (the key names what the data was computed from, version included).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from reader.core.files.atomic import atomic_write_text
from reader.core.files.paths import real_folder_reason

CACHE_FOLDER = ".reader"


def cache_write_problem(path: Path) -> str | None:
    """Why nothing may be written at ``path`` under a project's ``.reader`` folder: the
    folder, or one inside it on the way to ``path``, is a symlink or not a folder (the
    reason names the link). None when it may (real folders, or missing ones), and for
    a path under no ``.reader`` folder (a cache a caller keeps elsewhere, tests)."""
    for folder in path.parents:
        if folder.name == CACHE_FOLDER:
            return real_folder_reason(folder.parent, path.parent)
    return None


def read_json(path: Path) -> Any | None:
    """The JSON value in ``path``, or None when it is missing or not JSON."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_json(path: Path, data: Any, **dump_options: Any) -> bool:
    """Replace ``path`` with ``data`` as JSON (UTF-8 kept readable); False when it failed."""
    if cache_write_problem(path) is not None:
        return False
    text = json.dumps(data, ensure_ascii=False, **dump_options)
    try:
        atomic_write_text(path, text, fsync=False)
    except OSError:
        return False
    return True


def read_keyed(path: Path, key: str) -> Any | None:
    """The data cached under ``key`` in ``path``, or None (missing, corrupted, other key)."""
    found = read_json(path)
    if not isinstance(found, dict) or found.get("key") != key or "data" not in found:
        return None
    return found["data"]


def write_keyed(path: Path, key: str, data: Any) -> bool:
    """Cache ``data`` under ``key`` in ``path``; False when the write failed."""
    return write_json(path, {"key": key, "data": data})
