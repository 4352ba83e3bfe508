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
from collections.abc import Sequence

import reader.commands
from reader import __version__
from reader.core.errors import ReaderError, printable

_EPILOG = """\
With no verb, `reader [PATH]` opens the terminal reader on PATH (a project
folder holding corpus/ and annotations/, or a bare folder of texts; default:
the current folder). Run `reader VERB --help` for a verb's options.
"""


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, with every verb found in ``reader.commands``."""
    parser = argparse.ArgumentParser(
        prog="reader",
        description="Read and annotate a multilingual news corpus; annotations are YAML in git.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    subparsers = parser.add_subparsers(dest="verb", metavar="VERB")
    for info in sorted(pkgutil.iter_modules(reader.commands.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"reader.commands.{info.name}")
        module.register(subparsers)
    return parser


def _verb_names(parser: argparse.ArgumentParser) -> set[str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `reader` console script."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not args_list or (
        args_list[0] not in _verb_names(parser) and not args_list[0].startswith("-")
    ):
        args_list = ["open", *args_list]
    args = parser.parse_args(args_list)
    if args.verb is None:
        args = parser.parse_args(["open"])
    try:
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
