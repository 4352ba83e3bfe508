"""`reader init`: set a folder up as a reader project that merges cleanly in git."""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
from pathlib import Path

from reader.core.errors import ReaderError
from reader.core.project.config import CONFIG_NAME, DEFAULT_TAGS
from reader.core.project.layout import CACHE_DIR

ATTRIBUTES_LINE = "annotations/**/*.yaml merge=reader"
IGNORE_LINE = f"{CACHE_DIR}/"


def driver_command() -> str:
    """The merge driver command line, naming this installation's Python, so git finds it
    whether or not `reader` is on its PATH (a venv need not be activated)."""
    return f"{shlex.quote(sys.executable)} -m reader merge-driver %O %A %B %P"


DRIVER_NAME = "reader: merge annotation files by id"


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


def _ensure_line(path: Path, line: str, done: list[str]) -> None:
    """Append ``line`` to ``path`` unless some line already equals it."""
    try:
        existing = path.read_text(encoding="utf-8") if path.exists() else None
    except (OSError, UnicodeDecodeError) as exc:
        raise ReaderError(f"{path}: cannot read ({exc})") from exc
    if existing is None:
        path.write_text(line + "\n", encoding="utf-8")
        done.append(f"created {path.name} ({line})")
        return
    if line in (x.strip() for x in existing.splitlines()):
        done.append(f"kept {path.name} (already has {line})")
        return
    separator = "" if not existing or existing.endswith("\n") else "\n"
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"{separator}{line}\n")
    done.append(f"appended '{line}' to {path.name}")


def run(args: argparse.Namespace) -> int:
    """Create what is missing, report each step."""
    root: Path = args.path
    if root.exists() and not root.is_dir():
        raise ReaderError(f"{root}: expected a folder, not a file")
    done: list[str] = []
    for folder in ("corpus", "annotations"):
        target = root / folder
        if not target.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            done.append(f"created {folder}/")
    config = root / CONFIG_NAME
    if config.exists():
        done.append(f"kept {CONFIG_NAME}")
    else:
        config.write_text(default_config_text(), encoding="utf-8")
        done.append(f"created {CONFIG_NAME}")
    _ensure_line(root / ".gitattributes", ATTRIBUTES_LINE, done)
    _ensure_line(root / ".gitignore", IGNORE_LINE, done)
    for line in done:
        print(line)
    commands = [
        ["git", "config", "merge.reader.name", DRIVER_NAME],
        ["git", "config", "merge.reader.driver", driver_command()],
    ]
    if not args.git_config:
        print("To merge annotation files by id in git, run in the repository:")
        for command in commands:
            print("  " + shlex.join(command))
        return 0
    for command in commands:
        try:
            result = subprocess.run(
                [command[0], "-C", str(root), *command[1:]],
                capture_output=True,
                text=True,
                timeout=30,
                check=False,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise ReaderError(f"cannot run git: {exc}") from exc
        if result.returncode != 0:
            message = result.stderr.strip().splitlines()[-1:] or ["failed"]
            raise ReaderError(f"git config in {root}: {message[0]} (is it a git repository?)")
    print(f"set merge.reader.driver = {driver_command()}")
    return 0
