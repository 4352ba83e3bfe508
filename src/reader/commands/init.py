"""`reader init`: set a folder up as a reader project that merges cleanly in git."""

from __future__ import annotations

import argparse
import os
import shlex
from pathlib import Path

from reader.core.errors import ReaderError
from reader.core.files.atomic import atomic_write_text
from reader.core.files.paths import outside_reason
from reader.core.project.config import CONFIG_NAME, DEFAULT_TAGS
from reader.core.project.git import (
    ATTRIBUTES_LINE,
    DRIVER_KEY,
    DRIVER_NAME,
    NAME_KEY,
    configure_driver,
    driver_command,
)
from reader.core.project.layout import CACHE_DIR, project_owning

IGNORE_LINE = CACHE_DIR  # no trailing slash: it also matches a symlink named .reader
IGNORE_EQUIVALENTS = (CACHE_DIR, f"/{CACHE_DIR}")  # lines that already ignore a link too


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `init` verb."""
    parser = subparsers.add_parser(
        "init",
        help="create corpus/, annotations/, reader.yaml and the git merge set-up",
        description=(
            "Create corpus/ and annotations/ if missing, a commented reader.yaml, "
            f"'{ATTRIBUTES_LINE}' in .gitattributes and '{IGNORE_LINE}' in .gitignore. "
            "Existing files are never overwritten: missing lines are appended. Prints the "
            "git config line for the merge driver, or applies it with --git-config."
        ),
    )
    parser.add_argument(
        "path", nargs="?", default=".", type=Path, metavar="PATH", help="default: here"
    )
    parser.add_argument(
        "--git-config",
        action="store_true",
        help="also set merge.reader.driver in the repository's git config",
    )
    parser.set_defaults(func=run)


def default_config_text() -> str:
    """A commented reader.yaml holding the default tags."""
    lines = [
        "# reader settings (see README). Every key is optional.",
        "# annotator: your name     # default: git config user.name, else the login name",
        "# languages: [en, ru]      # restrict language detection to the corpus's languages",
        "tags:",
    ]
    for tag in DEFAULT_TAGS:
        lines += [
            f"  - name: {tag.name}",
            f"    key: {tag.key}",
            f'    colour: "{tag.colour}"',
            f"    description: {tag.description}",
        ]
    lines += [
        "# keys:                    # remap actions, e.g.",
        '#   article.annotation_next: "]"',
        "",
    ]
    return "\n".join(lines)


def _refuse_link(root: Path, name: str) -> Path:
    """``root / name`` when it is not a symlink: init never writes through one (a cloned
    repository can carry ``.gitignore -> /somewhere/else``)."""
    path = root / name
    if path.is_symlink():
        raise ReaderError(
            f"{path} -> {os.readlink(path)}: a symlink; reader init will not follow it"
        )
    reason = outside_reason(root, path)
    if reason is not None:
        raise ReaderError(f"{path}: {reason}")
    return path


def _ensure_line(root: Path, name: str, line: str, done: list[str], same: tuple[str, ...]) -> None:
    """Append ``line`` to ``root/name`` unless some line already equals one of ``same``."""
    path = _refuse_link(root, name)
    try:
        existing = path.read_text(encoding="utf-8") if path.exists() else None
    except (OSError, UnicodeDecodeError) as exc:
        raise ReaderError(f"{path}: cannot read ({exc})") from exc
    if existing is None:
        atomic_write_text(path, line + "\n", root=root)
        done.append(f"created {name} ({line})")
        return
    if any(x.strip() in same for x in existing.splitlines()):
        done.append(f"kept {name} (already has {line})")
        return
    separator = "" if not existing or existing.endswith("\n") else "\n"
    atomic_write_text(path, f"{existing}{separator}{line}\n", root=root)
    done.append(f"appended '{line}' to {name}")


def run(args: argparse.Namespace) -> int:
    """Create what is missing, report each step."""
    root: Path = args.path
    if root.exists() and not root.is_dir():
        raise ReaderError(f"{root}: expected a folder, not a file")
    owner = project_owning(root.resolve())
    if owner is not None:
        raise ReaderError(
            f"{root}: a folder inside the corpus of the project {owner}; a project there "
            "would annotate its texts apart from the project's own files"
        )
    root.mkdir(parents=True, exist_ok=True)
    root = root.resolve()
    done: list[str] = []
    for folder in ("corpus", "annotations"):
        target = root / folder
        reason = outside_reason(root, target)
        if reason is not None:
            raise ReaderError(f"{target}: {reason}")
        if not target.is_dir():
            target.mkdir()
            done.append(f"created {folder}/")
    config = _refuse_link(root, CONFIG_NAME)
    if config.exists():
        done.append(f"kept {CONFIG_NAME}")
    else:
        atomic_write_text(config, default_config_text(), root=root)
        done.append(f"created {CONFIG_NAME}")
    _ensure_line(root, ".gitattributes", ATTRIBUTES_LINE, done, (ATTRIBUTES_LINE,))
    _ensure_line(root, ".gitignore", IGNORE_LINE, done, IGNORE_EQUIVALENTS)
    for line in done:
        print(line)
    if not args.git_config:
        print("To merge annotation files by id in git, run in the repository:")
        print("  " + shlex.join(["git", "config", NAME_KEY, DRIVER_NAME]))
        print("  " + shlex.join(["git", "config", DRIVER_KEY, driver_command()]))
        print("(any reader verb run in a clone whose .gitattributes names the driver does it)")
        return 0
    why = configure_driver(root)
    if why is not None:
        raise ReaderError(f"git config in {root}: {why} (is it a git repository?)")
    print(f"set {DRIVER_KEY} = {driver_command()}")
    return 0
