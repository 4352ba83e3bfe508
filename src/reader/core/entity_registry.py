"""``entities.yaml``: one entity across languages (canonical name, type, aliases).

```yaml
entities:
- name: Vladimir Putin
  type: PER
  aliases: [Putin, Владимир Путин, Путин]
```

Aliases match normal forms (Russian lemmas: "Путиным" is looked up as "Путин"),
case-insensitively, with "ё" read as "е". Only ``yaml.safe_load`` reads the file;
writes are atomic (temporary file in the same folder, fsync, ``os.replace``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from reader.core.atomic import atomic_write_text
from reader.core.errors import FileProblem

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

    @property
    def fingerprint(self) -> str:
        """A short hash of the contents: part of the entity cache key."""
        blob = repr([(e.name, e.type, e.aliases) for e in self.entries]).encode("utf-8")
        return hashlib.sha256(blob).hexdigest()[:16]

    def lookup(self, text: str) -> EntityEntry | None:
        """The entry ``text`` is an alias of, if any."""
        return self._index.get(alias_key(text))


def _parse(data: Any, path: Path) -> tuple[EntityEntry, ...]:
    if data is None:
        return ()
    items = data.get("entities") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise FileProblem(path, "expected a mapping with an 'entities:' list")
    entries = []
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise FileProblem(path, f"entry {n}: needs a 'name' (text)")
        type_ = str(item.get("type", "")).upper()
        if type_ not in TYPES:
            raise FileProblem(path, f"entry {n} ({item['name']}): type must be one of {TYPES}")
        aliases = item.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise FileProblem(path, f"entry {n} ({item['name']}): 'aliases' must be a list of text")
        entries.append(EntityEntry(item["name"], type_, tuple(aliases)))
    return tuple(entries)


def load_registry(path: Path) -> EntityRegistry:
    """The registry in ``path``; an empty one if the file does not exist.

    Raises FileProblem (naming the file) for invalid YAML or entries.
    """
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return EntityRegistry(path=path)
    except OSError as exc:
        raise FileProblem(path, f"unreadable: {exc.strerror or exc}") from exc
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise FileProblem(path, f"invalid YAML: {exc}") from exc
    return EntityRegistry(_parse(data, path), path)


def _dump(entries: list[EntityEntry]) -> str:
    items = [{"name": e.name, "type": e.type, "aliases": list(e.aliases)} for e in entries]
    body = yaml.safe_dump(
        {"entities": items},
        allow_unicode=True,
        sort_keys=False,
        width=10_000,
        default_flow_style=None,
    )
    return _HEADER + body


def add_alias(path: Path, name: str, alias: str, type_: str | None = None) -> EntityRegistry:
    """Add ``alias`` to the entity ``name`` (found by name or alias) in ``path``; return the result.

    A new entry is created when no entity matches ``name`` (``type_`` is then required).
    Adding an alias the entry already has changes nothing.
    """
    registry = load_registry(path)
    entries = list(registry.entries)
    found = registry.lookup(name)
    if found is None:
        if type_ is None or type_.upper() not in TYPES:
            raise FileProblem(path, f"no entity named {name!r}; give its type ({', '.join(TYPES)})")
        entries.append(EntityEntry(name, type_.upper(), (alias,) if alias != name else ()))
    else:
        known = {alias_key(a) for a in (found.name, *found.aliases)}
        if alias_key(alias) in known:
            return registry
        other = registry.lookup(alias)
        if other is not None:
            raise FileProblem(path, f"{alias!r} is already an alias of {other.name!r}")
        entries[entries.index(found)] = EntityEntry(found.name, found.type, (*found.aliases, alias))
    atomic_write_text(path, _dump(entries))
    return EntityRegistry(tuple(entries), path)
