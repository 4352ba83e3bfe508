"""Word lists behind the English rules: places, organisations, names, roles.

Place names (GeoNames countries, US states, cities of at least 150,000 people and
every capital, continents; ISO 3166 country names) come from ``reader/data/places.tsv``,
given names and the hand lists from the other files of ``reader/data``: all shipped in
the package. Loaded once, on first use, never at import.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from typing import Any

import yaml


@dataclass(frozen=True)
class Gazetteer:
    """Lookup tables, keyed by the exact (case-sensitive) surface text."""

    places: dict[str, str] = field(default_factory=dict)
    organisations: dict[str, str] = field(default_factory=dict)
    demonyms: dict[str, str | None] = field(default_factory=dict)
    roles: frozenset[str] = frozenset()
    role_phrases: frozenset[tuple[str, ...]] = frozenset()
    org_heads: frozenset[str] = frozenset()
    given_names: frozenset[str] = frozenset()
    ru_types: dict[str, str] = field(default_factory=dict)
    ru_geo_heads: frozenset[str] = frozenset()

    @cached_property
    def max_phrase_tokens(self) -> int:
        """The most tokens any place or organisation alias has."""
        return max(len(k.split()) for k in (*self.places, *self.organisations))


def _read_data(name: str) -> str:
    return resources.files("reader").joinpath("data", name).read_text(encoding="utf-8")


def _add(table: dict[str, str], alias: str | None, canonical: str) -> None:
    if alias and alias.strip() and alias not in table:
        table[alias.strip()] = canonical


def _places(extra: dict[str, list[str]]) -> dict[str, str]:
    """The hand-kept places first, then the shipped names (the first spelling wins); an
    ISO 3166 row's other spellings map to what its name already maps to."""
    places: dict[str, str] = {}
    for canonical, aliases in extra.items():
        _add(places, canonical, canonical)
        for alias in aliases:
            _add(places, alias, canonical)
    for line in _read_data("places.tsv").splitlines():
        kind, _, rest = line.partition("\t")
        if kind == "place":
            _add(places, rest, rest)
        elif kind == "iso":
            name, *others = rest.split("\t")
            canonical = places.get(name, name)
            for spelling in (name, *others):
                _add(places, spelling, canonical)
    return places


def _build() -> Gazetteer:
    data: dict[str, Any] = yaml.safe_load(_read_data("gazetteer.yaml"))
    organisations: dict[str, str] = {}
    for canonical, aliases in data["organisations"].items():
        _add(organisations, canonical, canonical)
        for alias in aliases:
            _add(organisations, alias, canonical)
    names = frozenset(
        line.strip()
        for line in _read_data("given_names.txt").splitlines()
        if line.strip() and not line.startswith("#")
    )
    places = _places(data["places"])
    for name in organisations:
        places.pop(name, None)
    return Gazetteer(
        places=places,
        organisations=organisations,
        demonyms=dict(data["demonyms"]),
        roles=frozenset(data["roles"]),
        role_phrases=frozenset(tuple(r.split()) for r in data["role_phrases"]),
        org_heads=frozenset(data["org_heads"]),
        given_names=names,
        ru_types=dict(data["ru_types"]),
        ru_geo_heads=frozenset(data["ru_geo_heads"]),
    )


_LOCK = threading.Lock()
_GAZETTEER: Gazetteer | None = None


def gazetteer() -> Gazetteer:
    """The shared gazetteer, built on first call (thread-safe)."""
    global _GAZETTEER
    with _LOCK:
        if _GAZETTEER is None:
            _GAZETTEER = _build()
        return _GAZETTEER
