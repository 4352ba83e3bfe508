"""What identifies one version of a file on disk without reading it: size, mtime, inode."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Stamp:
    """A file's size, modification time (ns) and inode: a rewrite (atomic rename
    included) changes at least one of them."""

    size: int
    mtime_ns: int
    inode: int

    @classmethod
    def of(cls, stat: os.stat_result) -> Stamp:
        """The stamp of an ``os.stat`` result."""
        return cls(stat.st_size, stat.st_mtime_ns, stat.st_ino)


def file_stamp(path: Path | str) -> Stamp | None:
    """The stamp of the file at ``path`` (symlinks followed), or None when it cannot be read."""
    try:
        return Stamp.of(os.stat(path))
    except (OSError, ValueError):
        return None
