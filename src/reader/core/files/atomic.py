"""File I/O: atomic writes (a temp file in the same folder, fsync, rename) and bounded reads.

The temp file of ``a.yaml`` is ``.~a.yaml.<16 hex digits>.tmp``: the fixed-length
random part without dots means a temp name belongs to exactly one target (the temps
of ``a.yaml.b.yaml`` never look like those of ``a.yaml``). A writer holds an
``flock`` on its temp file, so the clean-up of temps a killed writer left only
deletes unlocked ones, never those of a writer at work; a writer whose temp was taken
in the instant between creating and locking it starts again.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
from pathlib import Path

from reader.core.files.paths import OutsidePath, inside

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no locks, so temps are left alone
    fcntl = None  # type: ignore[assignment]

TEMP_SUFFIX = ".tmp"
_RANDOM_HEX = 16
_ATTEMPTS = 3  # a clean-up may take a temp in the instant before its writer locks it


def temp_name_pattern(name: str) -> re.Pattern[str]:
    """The names of ``name``'s temp files, and only of its own."""
    return re.compile(rf"\.~{re.escape(name)}\.[0-9a-f]{{{_RANDOM_HEX}}}{re.escape(TEMP_SUFFIX)}")


def atomic_write_bytes(
    path: Path, data: bytes, *, fsync: bool = True, root: Path | None = None
) -> None:
    """Replace ``path`` with ``data`` so that readers see the old or the new file, never a mix.

    Missing folders are created one level at a time, never inside a symlinked folder
    (OutsidePath names the link). With ``root`` (the project folder), ``path`` must
    resolve inside it, links included. An existing file's permissions are kept; a
    symlink at ``path`` is replaced by the file, never written through. Temps a
    killed writer left for ``path`` are removed.
    """
    if root is not None:
        inside(root, path)
    _make_parents(path.parent)
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()  # what open() would have made
    remove_stale_temps(path)
    for attempt in range(_ATTEMPTS):
        try:
            _write_and_rename(path, data, mode, fsync)
            break
        except FileNotFoundError:
            if attempt == _ATTEMPTS - 1 or not path.parent.is_dir():
                raise
    if fsync:
        _fsync_dir(path.parent)


def _write_and_rename(path: Path, data: bytes, mode: int, fsync: bool) -> None:
    tmp = path.parent / f".~{path.name}.{secrets.token_hex(_RANDOM_HEX // 2)}{TEMP_SUFFIX}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)  # released when fd closes, after the rename
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        if fsync:
            os.fsync(fd)
        os.fchmod(fd, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    finally:
        os.close(fd)


def atomic_write_text(
    path: Path, text: str, *, fsync: bool = True, root: Path | None = None
) -> None:
    """``atomic_write_bytes`` for UTF-8 text (newlines written as given)."""
    atomic_write_bytes(path, text.encode("utf-8"), fsync=fsync, root=root)


def remove_stale_temps(path: Path) -> list[Path]:
    """Delete the temps of ``path`` that a killed writer left: its own names only, and only
    those no writer holds locked; never in a symlinked folder. Returns them."""
    folder = path.parent
    if fcntl is None or folder.is_symlink():
        return []
    pattern = temp_name_pattern(path.name)
    removed: list[Path] = []
    try:
        names = [n for n in os.listdir(folder) if pattern.fullmatch(n)]
    except OSError:
        return []
    for name in names:
        candidate = folder / name
        with contextlib.suppress(OSError):
            if _abandoned(candidate):
                candidate.unlink()
                removed.append(candidate)
    return removed


def _abandoned(temp: Path) -> bool:
    """True when ``temp`` is a regular file no writer holds locked."""
    if temp.is_symlink() or not temp.is_file():
        return False
    fd = os.open(temp, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
    return True


def _make_parents(folder: Path) -> None:
    """Create the missing folders of ``folder`` one by one, refusing to create any inside
    a symlinked folder (the link may lead anywhere; writing through it is for the
    caller's ``root`` check to allow)."""
    missing: list[Path] = []
    existing = folder
    while not existing.exists() and not existing.is_symlink():
        missing.append(existing)
        if existing.parent == existing:
            break
        existing = existing.parent
    if not missing:
        return
    if existing.is_symlink():
        raise OutsidePath(
            missing[0], f"{existing} -> {os.readlink(existing)}: will not create folders in a link"
        )
    for new in reversed(missing):
        with contextlib.suppress(FileExistsError):
            new.mkdir()
    if missing[0].is_symlink() or not missing[0].is_dir():
        raise OutsidePath(missing[0], "not a real folder")


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
    """The bytes of the regular file ``path``, at most ``max_bytes + 1`` of them (so a
    huge file is never pulled into memory only to be refused).

    Opened without blocking and checked on the open descriptor: a FIFO, socket or
    device named like the file is refused (OSError with EINVAL and the reason) instead
    of hanging the reader, and nothing can swap it between a check and the read.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise OSError(errno.EINVAL, f"not a regular file ({kind_of(mode)})", str(path))
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(max_bytes + 1)
    finally:
        os.close(fd)


def kind_of(mode: int) -> str:
    """What a file of ``mode`` is, in words, when it is not a regular file."""
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return name
    return "not a file"
