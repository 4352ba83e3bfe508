"""reader.core must never import Textual or Rich."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import reader.core


def _python(code: str) -> str:
    """What ``code`` prints, run in a fresh interpreter (nothing imported yet)."""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_core_imports_no_ui() -> None:
    modules = [m.name for m in pkgutil.walk_packages(reader.core.__path__, "reader.core.")]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    assert len(modules) >= 10
    assert _python(code) == ""


def test_cli_imports_no_ui_for_headless_verbs() -> None:
    code = (
        "import sys\nfrom reader.cli import build_parser\nbuild_parser()\n"
        "print(any(m.split('.')[0] in ('textual', 'rich') for m in sys.modules))"
    )
    assert _python(code) == "False"


def test_each_verb_module_registers_the_verb_of_its_name() -> None:
    """`reader VERB` imports only the module named after VERB: they must agree."""
    import argparse

    from reader.cli import build_parser, verb_names

    for verb in verb_names():
        parser = build_parser([verb])
        [action] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        assert list(action.choices) == [verb]


def test_reader_alone_imports_no_other_verb() -> None:
    code = (
        "import sys\nfrom reader.cli import build_parser\nbuild_parser(['open'])\n"
        "print(sorted(m for m in sys.modules if m.startswith('reader.commands.')))"
    )
    assert _python(code) == "['reader.commands._common', 'reader.commands.open']"
