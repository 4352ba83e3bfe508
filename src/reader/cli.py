"""The `reader` command: launches the TUI, and the headless verbs.

Each verb lives in its own module under ``reader.commands`` and exposes
``register(subparsers)``, which adds its parser and sets ``func`` to a
``run(args) -> int`` callable. Verbs are discovered, so adding one is adding a file.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Collection, Sequence

import reader.commands
from reader import __version__
from reader.core.errors import ReaderError, printable

_EPILOG = """\
With no verb, `reader [PATH]` opens the terminal reader on PATH (a project
folder holding corpus/ and annotations/, or a bare folder of texts; default:
the current folder). Run `reader VERB --help` for a verb's options.
"""


def verb_names() -> list[str]:
    """The verbs: the modules of ``reader.commands`` (found without importing them), with
    ``-`` for ``_`` (``merge_driver.py`` is ``merge-driver``)."""
    return sorted(
        info.name.replace("_", "-")
        for info in pkgutil.iter_modules(reader.commands.__path__)
        if not info.name.startswith("_")
    )


def build_parser(
    verbs: Collection[str] | None = None, names: Sequence[str] | None = None
) -> argparse.ArgumentParser:
    """The argument parser with ``verbs`` (default: every verb in ``reader.commands``;
    ``names``: ``verb_names()`` when the caller has it). Only the verbs asked for are
    imported: ``reader`` alone imports just ``open``."""
    parser = argparse.ArgumentParser(
        prog="reader",
        description="Read and annotate a multilingual news corpus; annotations are YAML in git.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    subparsers = parser.add_subparsers(dest="verb", metavar="VERB")
    for name in verb_names() if names is None else names:
        if verbs is None or name in verbs:
            module = importlib.import_module(f"reader.commands.{name.replace('-', '_')}")
            module.register(subparsers)
    return parser


# `init` configures the driver as part of its work; the driver itself runs inside git.
_SETS_UP_GIT_ITSELF = frozenset({"init", "merge-driver"})


def _ensure_merge_driver(args: argparse.Namespace) -> None:
    """Configure git's merge driver in a clone whose ``.gitattributes`` names it, so that
    no analyst has to remember a step before a merge loses annotations."""
    from pathlib import Path

    from reader.core.project.git import ensure_merge_driver

    named = getattr(args, "path", None) or getattr(args, "textfile", None) or "."
    start = Path(named)
    note = ensure_merge_driver(start if start.is_dir() else start.parent)
    if note:
        print(f"reader: {printable(note)}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `reader` console script."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    names = verb_names()
    if not args_list or (args_list[0] not in names and not args_list[0].startswith("-")):
        args_list = ["open", *args_list]
    parser = build_parser([args_list[0]] if args_list[0] in names else None, names)
    args = parser.parse_args(args_list)
    if args.verb is None:
        args = parser.parse_args(["open"])
    try:
        if args.verb not in _SETS_UP_GIT_ITSELF:
            _ensure_merge_driver(args)
        return int(args.func(args))
    except BrokenPipeError:  # `reader list | head`: the reader of our output has gone
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # no second error when Python flushes at exit
        return 0
    except ReaderError as exc:
        print(f"reader: {printable(str(exc))}", file=sys.stderr)
        return 2
    except OSError as exc:  # a path the user named: missing, a folder, no permission
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"reader: {printable(where + (exc.strerror or str(exc)))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
