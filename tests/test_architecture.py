"""The import rules: the core never imports Textual, Rich or anything above it; no
import cycles; the core's packages layered; verbs import the TUI only to open it."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import reader
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


# --- the import graph ----------------------------------------------------------------

SRC = Path(reader.__file__).resolve().parent.parent

# The core's packages, bottom to top: a package never imports one above it.
CORE_LAYERS = ("files", "text", "recognition", "project", "annotations", "interchange", "corpus")
# Edges that break the layering today, each named exactly (importer, imported module).
KNOWN_LAYER_EXCEPTIONS: frozenset[tuple[str, str]] = frozenset()
# Import edges that close a cycle today, each named exactly.
KNOWN_CYCLE_EDGES: frozenset[tuple[str, str]] = frozenset()


@dataclass(frozen=True)
class Import:
    """One import of a reader module by another."""

    importer: str
    imported: str
    line: int
    in_function: bool  # inside a function body: runs when called, not at import


def _modules() -> dict[str, Path]:
    """Every module of src/reader by its dotted name (packages by their __init__)."""
    modules: dict[str, Path] = {}
    for path in (SRC / "reader").rglob("*.py"):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The reader module ``name`` denotes (a name inside a module denotes the module)."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def _imports(modules: dict[str, Path]) -> list[Import]:
    """Every import between reader modules, absolute or relative, at any depth."""
    found: list[Import] = []
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]

        def visit(
            node: ast.AST, in_function: bool, module: str = module, package: str = package
        ) -> None:
            for child in ast.iter_child_nodes(node):
                inner = in_function or isinstance(
                    child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
                )
                names: list[str] = []
                line = getattr(child, "lineno", 0)
                if isinstance(child, ast.Import):
                    names = [alias.name for alias in child.names]
                elif isinstance(child, ast.ImportFrom):
                    base = child.module or ""
                    if child.level:
                        anchor = package.split(".")
                        anchor = anchor[: len(anchor) - (child.level - 1)]
                        base = ".".join([*anchor, base] if base else anchor)
                    names = [f"{base}.{alias.name}" for alias in child.names]
                for name in names:
                    target = _resolve(name, modules)
                    if target is not None and target != module:
                        found.append(Import(module, target, line, inner))
                visit(child, inner)

        visit(tree, False)
    return found


def _type_only(tree_imports: list[Import], modules: dict[str, Path]) -> set[tuple[str, int]]:
    """(module, line) of imports under ``if TYPE_CHECKING:`` (never run)."""
    lines: set[tuple[str, int]] = set()
    for module in {i.importer for i in tree_imports}:
        tree = ast.parse(modules[module].read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                for inner in node.body:
                    for sub in ast.walk(inner):
                        if isinstance(sub, (ast.Import, ast.ImportFrom)):
                            lines.add((module, sub.lineno))
    return lines


def _run_time_imports() -> list[Import]:
    """Imports that run (those under ``if TYPE_CHECKING:`` only name types)."""
    modules = _modules()
    found = _imports(modules)
    skipped = _type_only(found, modules)
    return [i for i in found if (i.importer, i.line) not in skipped]


def _cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import cycle (its modules, the first repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(edges.get(node, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (found := visit(target)) is not None:
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (found := visit(node)) is not None:
            return found
    return None


def test_no_import_cycles() -> None:
    edges: dict[str, set[str]] = {}
    for i in _run_time_imports():
        if (i.importer, i.imported) not in KNOWN_CYCLE_EDGES:
            edges.setdefault(i.importer, set()).add(i.imported)
    cycle = _cycle(edges)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or ())


def test_known_exceptions_are_still_needed() -> None:
    """An exception listed above that the code no longer needs is removed from the list."""
    edges = {(i.importer, i.imported) for i in _run_time_imports()}
    assert edges >= KNOWN_CYCLE_EDGES
    assert {(i.importer, i.imported) for i in _imports(_modules())} >= KNOWN_LAYER_EXCEPTIONS


def test_cycle_finder_reports_the_cycle() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycle(edges) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_imports_are_resolved_relative_and_inside_functions(tmp_path: Path) -> None:
    package = tmp_path / "reader" / "x"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "b.py").write_text("def f(): pass\n")
    (package / "c.py").write_text("")
    (package / "a.py").write_text(
        "from . import b\nimport reader.x.c as c\ndef g():\n    from .b import f\n"
    )
    modules = {
        "reader.x": package / "__init__.py",
        "reader.x.a": package / "a.py",
        "reader.x.b": package / "b.py",
        "reader.x.c": package / "c.py",
    }
    found = {(i.importer, i.imported, i.line, i.in_function) for i in _imports(modules)}
    assert found == {
        ("reader.x.a", "reader.x.b", 1, False),
        ("reader.x.a", "reader.x.c", 2, False),
        ("reader.x.a", "reader.x.b", 4, True),
    }
    real = {(i.importer, i.imported, i.in_function) for i in _imports(_modules())}
    assert ("reader.commands.open", "reader.tui.app", True) in real


def test_core_imports_nothing_above_it() -> None:
    above = ("reader.commands", "reader.tui", "reader.cli")
    bad = [
        f"{i.importer}:{i.line} imports {i.imported}"
        for i in _imports(_modules())
        if i.importer.startswith("reader.core") and i.imported.startswith(above)
    ]
    assert bad == []


def _layer(module: str) -> int | None:
    parts = module.split(".")
    if len(parts) < 3 or parts[:2] != ["reader", "core"] or parts[2] not in CORE_LAYERS:
        return None
    return CORE_LAYERS.index(parts[2])


def test_core_packages_import_only_downwards() -> None:
    bad = []
    for i in _imports(_modules()):
        low, high = _layer(i.importer), _layer(i.imported)
        if low is None or high is None or high <= low:
            continue
        if (i.importer, i.imported) not in KNOWN_LAYER_EXCEPTIONS:
            bad.append(f"{i.importer}:{i.line} imports {i.imported} (a higher package)")
    assert bad == []


def test_commands_never_import_the_tui_but_open_lazily() -> None:
    bad = []
    for i in _imports(_modules()):
        if not (i.importer.startswith("reader.commands") and i.imported.startswith("reader.tui")):
            continue
        if i.importer != "reader.commands.open" or not i.in_function:
            bad.append(f"{i.importer}:{i.line} imports {i.imported}")
    assert bad == []
