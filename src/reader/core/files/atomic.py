"""File I/O: atomic writes (a temp file in the same folder, fsync, rename) and bounded reads."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def atomic_write_bytes(path: Path, data: bytes, *, fsync: bool = True) -> None:
    """Replace ``path`` with ``data`` so that readers see the old or the new file, never a mix.

    The folder is created if needed; an existing file's permissions are kept.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()  # what open() would have made (mkstemp makes 0600)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if fsync:
                os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    if fsync:
        _fsync_dir(path.parent)


def atomic_write_text(path: Path, text: str, *, fsync: bool = True) -> None:
    """``atomic_write_bytes`` for UTF-8 text (newlines written as given)."""
    atomic_write_bytes(path, text.encode("utf-8"), fsync=fsync)


def _umask() -> int:
    """The process umask (read by setting it: there is no getter before Python 3.13)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def read_limited(path: Path, max_bytes: int) -> bytes:
    """The bytes of ``path``, reading at most ``max_bytes + 1`` (so a huge file is never
    pulled into memory only to be refused). OSError as from ``open``."""
    with path.open("rb") as handle:
        return handle.read(max_bytes + 1)
