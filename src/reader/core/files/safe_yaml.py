"""The one way the project's YAML files are read: safe loader, size, alias and depth limits.

Annotation files, ``reader.yaml`` and ``entities.yaml`` are written by people and
merged by git, so they are read with ``SafeLoader`` only (the C one when available),
after the node graph is checked: anchors/aliases are refused (no billion laughs)
and nesting deeper than ``MAX_DEPTH`` is refused (no ``RecursionError`` on a tiny
file of brackets). Every error is the caller's ``Problem`` subclass naming the
file and line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from reader.core.errors import Problem

Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = 64  # the formats nest 4 levels; anything near this is not a reader file
MAX_YAML_BYTES = 16 * 1024 * 1024


def _first_alias_line(text: str) -> int | None:
    for event in yaml.parse(text, Loader=Loader):
        if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:
            return int(event.start_mark.line) + 1
    return None


def check_node_graph(
    node: yaml.Node, text: str, path: Path, error: type[Problem] = Problem
) -> None:
    """Refuse aliases (a node reached twice) and nesting deeper than ``MAX_DEPTH``."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(node, 1)]
    while stack:
        current, depth = stack.pop()
        if id(current) in seen:
            raise error(path, "YAML anchors/aliases are not allowed here", _first_alias_line(text))
        seen.add(id(current))
        if depth > MAX_DEPTH:
            raise error(
                path,
                f"nested more than {MAX_DEPTH} levels deep: not a reader file",
                current.start_mark.line + 1,
            )
        if isinstance(current, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in current.value)
        elif isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                stack.extend(((key, depth + 1), (value, depth + 1)))


def _unconstructible_line(root: yaml.Node) -> int | None:
    """The line of the first scalar that the safe constructor cannot turn into a value."""
    constructor = yaml.constructor.SafeConstructor()
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            try:
                constructor.construct_object(node)
            except (ValueError, OverflowError, yaml.YAMLError):
                return int(node.start_mark.line) + 1
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                stack.extend((value, key))
    return None


def load_yaml(
    text: str,
    path: Path,
    error: type[Problem] = Problem,
    *,
    max_bytes: int = MAX_YAML_BYTES,
) -> tuple[Any, yaml.Node | None]:
    """The data and root node of ``text`` (``(None, None)`` for an empty document).

    Raises ``error(path, message, line)`` for invalid YAML, aliases, deep nesting or a
    text over ``max_bytes``.
    """
    # A code point is 1-4 bytes: encode (a copy of the file) only when it could be over.
    if len(text) > max_bytes or (
        4 * len(text) > max_bytes and len(text.encode("utf-8", "surrogatepass")) > max_bytes
    ):
        raise error(path, f"file larger than {max_bytes} bytes")
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        check_node_graph(node, text, path, error)
        try:
            return loader.construct_document(node), node
        except (ValueError, OverflowError) as exc:  # `2022-02-30`, a 5,000-digit number
            line = _unconstructible_line(node)
            raise error(path, f"invalid value: {' '.join(str(exc).split())}", line) from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = " ".join(str(exc.problem or exc.context or exc).split())
        raise error(path, f"invalid YAML: {problem}", line) from exc
    except yaml.YAMLError as exc:
        raise error(path, f"invalid YAML: {' '.join(str(exc).split())}") from exc
    finally:
        loader.dispose()
