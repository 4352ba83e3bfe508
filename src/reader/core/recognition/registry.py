"""``entities.yaml``: one entity across languages (canonical name, type, aliases).

```yaml
entities:
- name: Vladimir Putin
  type: PER
  aliases: [Putin, Владимир Путин, Путин]
```

Aliases match normal forms (Russian lemmas: "Путиным" is looked up as "Путин"),
case-insensitively, with "ё" read as "е". Only ``yaml.safe_load`` reads the file;
errors are one line, ``path:line: message``. ``add_alias`` edits the text in place
(one line for an alias, three for a new entry), so comments, unknown keys and the
layout stay; writes are atomic (temporary file in the same folder, fsync,
``os.replace``). Each addition reads, edits and writes under an exclusive lock on
the file's folder, so additions made at the same time by several processes are all
kept: each one is applied to the file as the previous one left it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from reader.core.errors import Problem
from reader.core.files.atomic import atomic_write_text, read_limited
from reader.core.files.safe_yaml import MAX_YAML_BYTES, load_yaml

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no advisory locks
    fcntl = None  # type: ignore[assignment]

REGISTRY_FILE = "entities.yaml"
TYPES = ("PER", "ORG", "LOC")
_HEADER = "# reader entities: one entry per real-world entity, aliases in any language\n"


def alias_key(text: str) -> str:
    """The form aliases are compared in: case-folded, "ё" as "е", single spaces."""
    return " ".join(text.replace("ё", "е").replace("Ё", "Е").replace("’", "'").split()).casefold()


@dataclass(frozen=True, slots=True)
class EntityEntry:
    """One entity: its canonical name, type and aliases (the name is an alias too)."""

    name: str
    type: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class EntityRegistry:
    """The entries of an ``entities.yaml`` with an alias index."""

    entries: tuple[EntityEntry, ...] = ()
    path: Path | None = None
    _index: dict[str, EntityEntry] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for entry in self.entries:
            for alias in (entry.name, *entry.aliases):
                self._index.setdefault(alias_key(alias), entry)

    @cached_property
    def fingerprint(self) -> str:
        """A short hash of the contents: part of the entity cache key."""
        blob = repr([(e.name, e.type, e.aliases) for e in self.entries]).encode("utf-8")
        return hashlib.sha256(blob).hexdigest()[:16]

    def lookup(self, text: str) -> EntityEntry | None:
        """The entry ``text`` is an alias of, if any."""
        return self._index.get(alias_key(text))


# --- layout: where entries and their keys are in the text ----------------------------

_ENTITIES_LINE = re.compile(r"^entities[ \t]*:[ \t]*(?:#.*)?$")
_ITEM_LINE = re.compile(r"^(?P<indent>[ ]*)-(?:[ ]+|$)")
_KEY_AT = re.compile(r"(?P<key>[A-Za-z_][\w-]*)[ \t]*:(?:[ \t]|$)")
_BLANK_OR_COMMENT = re.compile(r"^[ \t]*(?:#.*)?$")


@dataclass
class _Item:
    """One ``- name: …`` entry of the block-style ``entities:`` list (0-based lines)."""

    start: int
    last: int  # its last line that is not blank or a comment
    key_col: int | None = None
    keys: dict[str, int] = field(default_factory=dict)


@dataclass
class _Layout:
    """The lines of ``entities.yaml``: the ``entities:`` key and its block-list items."""

    lines: list[str]
    entities_line: int | None = None
    items: list[_Item] = field(default_factory=list)

    def line_of(self, n: int | None = None, key: str | None = None) -> int | None:
        """1-based line of entry ``n`` (its ``key`` when found), else of ``entities:``."""
        if n is not None and n < len(self.items):
            item = self.items[n]
            return item.keys.get(key, item.start) + 1 if key else item.start + 1
        return self.entities_line + 1 if self.entities_line is not None else None


def _layout(raw: str) -> _Layout:
    lines = raw.splitlines()
    layout = _Layout(lines)
    top = next((i for i, line in enumerate(lines) if _ENTITIES_LINE.match(line)), None)
    if top is None:
        return layout
    layout.entities_line = top
    item_indent: int | None = None
    for i in range(top + 1, len(lines)):
        line = lines[i]
        if _BLANK_OR_COMMENT.match(line):
            continue
        if line.startswith(("---", "...")) or (not line[:1].isspace() and line[:1] != "-"):
            break  # the next top-level key or document
        item = _ITEM_LINE.match(line)
        indent = len(line) - len(line.lstrip(" "))
        if item_indent is None:
            if item is None:
                break
            item_indent = len(item.group("indent"))
        if item is not None and len(item.group("indent")) == item_indent:
            layout.items.append(_Item(i, i))
            rest = line[item.end() :]
            if _KEY_AT.match(rest):
                layout.items[-1].key_col = item.end()
        elif indent <= item_indent and line[:1] != "-":
            break
        current = layout.items[-1]
        current.last = i
        if current.key_col is None and i > current.start:
            current.key_col = indent
        key = _KEY_AT.match(line, current.key_col) if current.key_col is not None else None
        if key is not None and line[: current.key_col].strip(" -") == "":
            current.keys.setdefault(key.group("key"), i)
    return layout


# --- validation -------------------------------------------------------------------


def _parse(data: Any, path: Path, layout: _Layout | None = None) -> tuple[EntityEntry, ...]:
    where = layout or _Layout([])
    if data is None:
        return ()
    if not isinstance(data, dict):
        raise Problem(path, "the top level must be a mapping with an 'entities:' list", 1)
    if "entities" not in data:
        raise Problem(path, "expected an 'entities:' list", 1)
    items = data["entities"]
    if items is None:
        return ()
    if not isinstance(items, list):
        raise Problem(path, "'entities' must be a list of entries", where.line_of())
    entries = []
    for n, item in enumerate(items):
        label = f"entry {n + 1}"
        if not isinstance(item, dict):
            raise Problem(
                path, f"{label}: must be a mapping with name, type, aliases", where.line_of(n)
            )
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            raise Problem(path, f"{label}: needs a 'name' (text)", where.line_of(n, "name"))
        label = f"{label} ({name})"
        type_ = item.get("type")
        if not isinstance(type_, str) or type_.upper() not in TYPES:
            raise Problem(
                path,
                f"{label}: 'type' must be one of {', '.join(TYPES)}, not {type_!r}",
                where.line_of(n, "type"),
            )
        aliases = item.get("aliases")
        if aliases is None:
            aliases = []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise Problem(
                path, f"{label}: 'aliases' must be a list of text", where.line_of(n, "aliases")
            )
        entries.append(EntityEntry(name, type_.upper(), tuple(aliases)))
    return tuple(entries)


def _read(path: Path) -> tuple[str, Any] | None:
    """The text and loaded YAML of ``path``; None when it does not exist."""
    try:
        raw = read_limited(path, MAX_YAML_BYTES).decode("utf-8")  # newlines as they are (CRLF kept)
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise Problem(path, f"unreadable: {reason}") from exc
    data, _ = load_yaml(raw, path, Problem)
    return raw, data


def load_registry(path: Path) -> EntityRegistry:
    """The registry in ``path``; an empty one if the file does not exist.

    Raises Problem (``path:line: message``) for invalid YAML or entries.
    """
    read = _read(path)
    if read is None:
        return EntityRegistry(path=path)
    raw, data = read
    return EntityRegistry(_parse(data, path, _layout(raw)), path)


# --- writing ------------------------------------------------------------------------


def _flow_scalar(text: str) -> str:
    """``text`` as a YAML scalar that is valid in a flow list (quoted when needed)."""
    dumped = yaml.safe_dump([text], allow_unicode=True, default_flow_style=True, width=10**9)
    return dumped.strip()[1:-1]


def _with_alias(layout: _Layout, n: int, alias: str) -> list[str] | None:
    """The lines with ``alias`` added to entry ``n``, or None when the layout is unusual."""
    lines = list(layout.lines)
    item = layout.items[n]
    scalar = _flow_scalar(alias)
    if item.key_col is None:
        return None
    at = item.keys.get("aliases")
    if at is None:  # no aliases yet: a new key after the entry's last line
        lines.insert(item.last + 1, f"{' ' * item.key_col}aliases: [{scalar}]")
        return lines
    line = lines[at]
    colon = line.index(":", item.key_col) + 1
    value = line[colon:]
    flow = re.match(r"[ \t]*\[", value)
    if flow:  # aliases: [a, b]  # comment — before the first "]" that ends the line
        for close in re.finditer(r"\]", value):
            if re.fullmatch(r"[ \t]*(?:#.*)?", value[close.end() :]):
                pos = colon + close.start()
                before = (
                    line[: colon + flow.end()]
                    if not value[flow.end() : close.start()].strip()
                    else line[:pos].rstrip() + ", "
                )
                lines[at] = before + scalar + line[pos:]
                return lines
        return None
    if not _BLANK_OR_COMMENT.match(value):
        return None
    # Block list below the key ("- Putin" lines), or nothing (null).
    last_dash, dash_indent = None, None
    for i in range(at + 1, item.last + 1):
        text = lines[i]
        if _BLANK_OR_COMMENT.match(text):
            continue
        indent = len(text) - len(text.lstrip(" "))
        if text.lstrip(" ").startswith("-") and indent >= item.key_col:
            if dash_indent is None:
                dash_indent = indent
            if indent == dash_indent:
                last_dash = i
                continue
        if indent > (dash_indent if dash_indent is not None else item.key_col):
            continue  # a continuation line
        break
    if last_dash is None:
        lines[at] = line[:colon] + f" [{scalar}]" + (f" {value.strip()}" if value.strip() else "")
        return lines
    lines.insert(last_dash + 1, f"{' ' * (dash_indent or 0)}- {scalar}")
    return lines


def _with_entry(layout: _Layout, entry: dict[str, Any]) -> list[str] | None:
    """The lines with a new entry after the last one, in the same indentation."""
    first = layout.items[0] if layout.items else None
    if first is None or first.key_col is None:
        return None
    lines = list(layout.lines)
    dash = lines[first.start][: first.key_col]
    pad = " " * first.key_col
    new = [f"{dash}name: {_flow_scalar(entry['name'])}", f"{pad}type: {entry['type']}"]
    if entry.get("aliases"):
        new.append(f"{pad}aliases: [{', '.join(_flow_scalar(a) for a in entry['aliases'])}]")
    at = layout.items[-1].last + 1
    lines[at:at] = new
    return lines


def _leading_comments(raw: str) -> str:
    """The comment block (and blank lines) that opens the file."""
    head = []
    for line in raw.splitlines(keepends=True):
        if not _BLANK_OR_COMMENT.match(line.rstrip("\r\n")):
            break
        head.append(line)
    return "".join(head)


def _dump(data: dict[str, Any], header: str) -> str:
    body = yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=None
    )
    return header + body


def add_alias(path: Path, name: str, alias: str, type_: str | None = None) -> EntityRegistry:
    """Add ``alias`` to the entity ``name`` (found by name or alias) in ``path``; return the result.

    A new entry is created when no entity matches ``name`` (``type_`` is then required).
    Adding an alias the entry already has changes nothing. The file is edited in
    place: only the alias (or the new entry) is added; comments, other keys and the
    layout stay. When its layout is too unusual to edit line by line, it is
    rewritten: its data and its opening comment block are kept, inner comments lost.
    """
    with _folder_lock(path.parent):
        return _add_alias(path, name, alias, type_)


@contextlib.contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``folder`` (a lock on the file itself would be lost
    when the atomic write replaces it; a lock file would litter the project)."""
    fd = -1
    if fcntl is not None:
        with contextlib.suppress(OSError):
            fd = os.open(folder, os.O_RDONLY)
            fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        yield
    finally:
        if fd >= 0:
            os.close(fd)  # closing releases the flock


def _add_alias(path: Path, name: str, alias: str, type_: str | None) -> EntityRegistry:
    if path.is_symlink():  # a cloned repository can carry one leading anywhere
        raise Problem(path, f"a symlink to {os.readlink(path)}: not edited through it")
    read = _read(path)
    raw, data = read if read is not None else ("", None)
    layout = _layout(raw)
    registry = EntityRegistry(_parse(data, path, layout), path)
    if data is None:
        data = {}
    if data.get("entities") is None:
        data["entities"] = []
    items: list[dict[str, Any]] = data["entities"]
    found = registry.lookup(name)
    if found is None:
        if type_ is None or type_.upper() not in TYPES:
            raise Problem(path, f"no entity named {name!r}; give its type ({', '.join(TYPES)})")
        other = registry.lookup(alias) if alias != name else None
        if other is not None:
            raise Problem(path, f"{alias!r} is already an alias of {other.name!r}")
        entry: dict[str, Any] = {"name": name, "type": type_.upper()}
        if alias != name:
            entry["aliases"] = [alias]
        items.append(entry)
        lines = _with_entry(layout, entry) if len(layout.items) == len(items) - 1 else None
    else:
        known = {alias_key(a) for a in (found.name, *found.aliases)}
        if alias_key(alias) in known:
            return registry
        other = registry.lookup(alias)
        if other is not None:
            raise Problem(path, f"{alias!r} is already an alias of {other.name!r}")
        n = registry.entries.index(found)
        items[n]["aliases"] = [*(items[n].get("aliases") or []), alias]
        lines = _with_alias(layout, n, alias) if len(layout.items) == len(items) else None
    text = _edited(raw, lines, data)
    atomic_write_text(path, text)
    return EntityRegistry(_parse(data, path), path)


def _edited(raw: str, lines: list[str] | None, data: dict[str, Any]) -> str:
    """The edited lines when they load to ``data``, else ``data`` dumped under the header."""
    newline = "\r\n" if "\r\n" in raw else "\n"
    if lines is not None:
        text = newline.join(lines) + newline
        try:
            if yaml.safe_load(text) == data:
                return text
        except yaml.YAMLError:
            pass
    header = _leading_comments(raw) or _HEADER
    if not header.endswith("\n"):
        header += newline
    return _dump(data, header)
