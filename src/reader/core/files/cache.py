"""JSON caches under ``.reader/``: derived data that may be lost or corrupted at any time.

A cache is never the only copy of anything: a missing, unreadable, corrupted or
foreign file reads as "no cache" and the caller recomputes. Writes are atomic (no
fsync: losing a cache to a power cut costs a recomputation) and a failed write is
ignored. Keyed caches hold ``{"key": ..., "data": ...}`` and are read only when the
key matches (the key names what the data was computed from, version included).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from reader.core.files.atomic import atomic_write_text


def read_json(path: Path) -> Any | None:
    """The JSON value in ``path``, or None when it is missing or not JSON."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_json(path: Path, data: Any, **dump_options: Any) -> bool:
    """Replace ``path`` with ``data`` as JSON (UTF-8 kept readable); False when it failed."""
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
