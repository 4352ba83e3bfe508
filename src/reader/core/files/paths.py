"""The one guard for paths: whatever reader reads or writes resolves inside the project.

A cloned repository can carry symlinks (``annotations -> /home/me``, ``.reader -> ..``),
so a path is checked with every link resolved, and a refusal names the link that
leads out, e.g. ``annotations/en -> /tmp/x: a symlink leading outside the project``.
"""

from __future__ import annotations

import os
from pathlib import Path

from reader.core.errors import ReaderError


class OutsidePath(ReaderError):
    """A path that resolves outside the project; the message names the link."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


def outside_reason(root: Path, path: Path) -> str | None:
    """Why ``path`` leaves ``root`` (``None`` when it stays inside, links resolved).

    The reason names the first link on the way that leads out (``annotations/en ->
    /tmp/x: a symlink leading outside the project``), or says the path itself is
    outside. ``path`` may be relative to ``root`` or absolute; it need not exist.
    """
    real_root = _real(root)
    full = path if path.is_absolute() else root / path
    if _is_within(_real(full), real_root):
        return None
    try:
        parts = full.relative_to(root).parts
    except ValueError:
        return "outside the project folder"
    walked = root
    for part in parts:
        walked = walked / part
        if walked.is_symlink() and not _is_within(_real(walked), real_root):
            return (
                f"{_shown(walked, root)} -> {_link_target(walked)}: "
                "a symlink leading outside the project"
            )
    return "outside the project folder"


def inside(root: Path, path: Path) -> Path:
    """``path`` (relative to ``root`` or absolute) when it resolves inside ``root``;
    raises OutsidePath naming the link otherwise. Returns the path as given (joined
    to ``root`` when relative), not resolved: messages keep the names people know."""
    reason = outside_reason(root, path)
    full = path if path.is_absolute() else root / path
    if reason is not None:
        raise OutsidePath(full, reason)
    return full


def is_inside(root: Path, path: Path) -> bool:
    """True when ``path`` resolves inside ``root`` (symlinks included)."""
    return outside_reason(root, path) is None


def real_folder_reason(root: Path, folder: Path) -> str | None:
    """Why ``folder`` may not hold files reader writes: some part of it between
    ``root`` and itself is a symlink (even one pointing inside: ``.reader -> corpus``
    would put the cache among the texts), or it is not a folder. None when it is a
    real folder or does not exist yet but its existing parents are real folders."""
    full = folder if folder.is_absolute() else root / folder
    try:
        parts = full.relative_to(root).parts
    except ValueError:
        return "outside the project folder"
    walked = root
    for part in parts:
        walked = walked / part
        if walked.is_symlink():
            return f"{_shown(walked, root)} -> {_link_target(walked)}: a symlink, not a folder"
        if walked.exists() and not walked.is_dir():
            return f"{_shown(walked, root)}: not a folder"
    return None


def make_real_folders(root: Path, folder: Path) -> Path:
    """Create ``folder`` (under ``root``) one level at a time, never through a symlink;
    raises OutsidePath naming the link. Returns ``folder`` joined to ``root``."""
    full = folder if folder.is_absolute() else root / folder
    reason = real_folder_reason(root, full)
    if reason is not None:
        raise OutsidePath(full, reason)
    walked = root
    for part in full.relative_to(root).parts:
        walked = walked / part
        try:
            walked.mkdir()
        except FileExistsError:
            if walked.is_symlink() or not walked.is_dir():  # appeared between check and mkdir
                raise OutsidePath(full, f"{_shown(walked, root)}: not a real folder") from None
    return full


def _real(path: Path) -> Path | None:
    """``path`` with every link resolved; None for a symlink loop (inside nothing)."""
    try:
        return path.resolve(strict=False)
    except (OSError, RuntimeError):
        return None


def _is_within(path: Path | None, root: Path | None) -> bool:
    return path is not None and root is not None and path.is_relative_to(root)


def _link_target(link: Path) -> str:
    try:
        return os.readlink(link)
    except OSError:
        return "?"


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)
