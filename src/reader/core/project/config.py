"""``reader.yaml``: the tag set, languages, annotator and key overrides, validated."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from reader.core.errors import ConfigError, unsafe_character
from reader.core.files.atomic import read_limited
from reader.core.files.cache import read_keyed, write_keyed
from reader.core.project.keys import canonical_key, taken_by

CONFIG_NAME = "reader.yaml"
CONFIG_CACHE = ".reader/config.json"
CONFIG_CACHE_VERSION = 3
MAX_CONFIG_BYTES = 1024 * 1024
_TAG_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
_HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# Names both Rich styles and Textual colours accept (tests/test_core_config.py checks).
NAMED_COLOURS = frozenset(
    {
        "black",
        "red",
        "green",
        "yellow",
        "blue",
        "magenta",
        "cyan",
        "white",
        "purple",
        "violet",
        "orchid",
    }
)
_KEY = re.compile(r"^[^\s]+$")


TAG_KEYS = frozenset({"name", "key", "colour", "color", "description"})


@dataclass(frozen=True, slots=True)
class TagSpec:
    """One tag: its name, the key that applies it, a colour and a description."""

    name: str
    key: str
    colour: str
    description: str = ""


DEFAULT_TAGS: tuple[TagSpec, ...] = (
    TagSpec("claim", "c", "#e5a50a", "A statement presented as fact by someone"),
    TagSpec("condition", "n", "#c061cb", "A condition placed on an action or event"),
    TagSpec("date", "d", "#33b2a4", "A date or time the text refers to"),
    TagSpec("quote", "q", "#3584e4", "Words attributed to a speaker"),
)


@dataclass(frozen=True)
class Config:
    """The project's settings; every field has a sensible default."""

    tags: tuple[TagSpec, ...] = DEFAULT_TAGS
    languages: tuple[str, ...] = ()  # empty: all languages langdetect knows
    annotator: str | None = None
    keys: Mapping[str, str] = field(default_factory=dict)  # binding id -> key(s)
    path: Path | None = None
    root: Path | None = None  # the project folder: whose git config names the author

    @property
    def tag_names(self) -> tuple[str, ...]:
        """The names of the tags, in order."""
        return tuple(t.name for t in self.tags)

    def tag(self, name: str) -> TagSpec | None:
        """The tag called ``name``, if configured."""
        return next((t for t in self.tags if t.name == name), None)

    def author(self) -> str:
        """Who is annotating: reader.yaml's annotator, else git's user.name, else the login."""
        return self.annotator or default_author(self.root)


@lru_cache(maxsize=16)
def default_author(root: Path | None = None) -> str:
    """``git config user.name`` as seen in ``root`` (its repository's config first), else
    the login name."""
    import getpass
    import subprocess

    where = ["-C", str(root)] if root is not None and root.is_dir() else []
    try:
        result = subprocess.run(
            ["git", *where, "config", "user.name"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
        name = result.stdout.strip()
        if result.returncode == 0 and name:
            return name
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def load_config(root: Path) -> Config:
    """Read ``root/reader.yaml`` if present; raises ConfigError with the file and line.

    A valid file is also kept, parsed, in ``.reader/config.json`` (keyed by the sha256 of
    its bytes): starting the app then needs no YAML parser. The cached values pass the
    same checks as the YAML (``parse_config``): a cache that fails them, planted or
    stale, is ignored and the YAML parsed again. An invalid file is never cached, so its
    error always shows.
    """
    path = root / CONFIG_NAME
    if not path.exists() and not path.is_symlink():
        return Config(root=root)
    try:  # a FIFO or folder named reader.yaml is refused by read_limited, never waited on
        raw = read_limited(path, MAX_CONFIG_BYTES)
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, f"unreadable: {exc}") from exc
    cache = root / CONFIG_CACHE
    key = f"v{CONFIG_CACHE_VERSION}:{hashlib.sha256(raw).hexdigest()}"
    cached = read_keyed(cache, key)
    if cached is not None:
        try:
            return replace(parse_config(cached, path, text), root=root)
        except ConfigError:
            pass  # not what this reader.yaml says: parse the YAML itself
    from reader.core.files.safe_yaml import load_yaml

    data, _ = load_yaml(text, path, ConfigError, max_bytes=MAX_CONFIG_BYTES)
    config = replace(parse_config(data, path, text), root=root)
    write_keyed(cache, key, as_settings(config))
    return config


def as_settings(config: Config) -> dict[str, Any]:
    """``config`` as the mapping a reader.yaml holds (``parse_config`` reads it back)."""
    return {
        "tags": [asdict(t) for t in config.tags],
        "languages": list(config.languages),
        "annotator": config.annotator,
        "keys": dict(config.keys),
    }


def _short(value: Any, limit: int = 40) -> str:
    """``repr(value)`` cut to ``limit`` characters, for messages about any YAML value."""
    shown = repr(value) if not isinstance(value, (list, dict)) else type(value).__name__
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _line_of(text: str, key: str, value: str | None = None) -> int | None:
    """The 1-based line of ``key:`` (followed by ``value`` when given), if found."""
    tail = rf"\s*['\"]?{re.escape(value)}['\"]?\s*$" if value is not None else ""
    match = re.search(rf"^[\s{{-]*{re.escape(key)}\s*:{tail}", text, re.M)
    return text.count("\n", 0, match.start()) + 1 if match else None


def parse_config(data: Any, path: Path, text: str = "") -> Config:
    """Validate the loaded YAML of a reader.yaml."""
    if data is None:
        return Config(path=path)
    if not isinstance(data, Mapping):
        raise ConfigError(path, "the top level must be a mapping", 1)
    known = {"tags", "languages", "annotator", "keys"}
    unknown = sorted(set(map(str, data)) - known)
    if unknown:
        raise ConfigError(
            path,
            f"unknown setting '{unknown[0]}' (known: {', '.join(sorted(known))})",
            _line_of(text, unknown[0]),
        )
    languages = data.get("languages") or []
    if not isinstance(languages, list) or not all(
        isinstance(x, str) and re.fullmatch(r"[a-z]{2,3}(-[a-z]{2})?", x) for x in languages
    ):
        raise ConfigError(
            path, "'languages' must be a list of codes like en, ru", _line_of(text, "languages")
        )
    from reader.core.text.language import supported_languages

    known_languages = supported_languages()
    unsupported = [code for code in languages if code not in known_languages]
    if unsupported:
        raise ConfigError(
            path,
            f"language '{unsupported[0]}' is not one langdetect knows "
            f"({', '.join(known_languages)})",
            _line_of(text, "languages"),
        )
    annotator = data.get("annotator")
    if annotator is not None and (not isinstance(annotator, str) or not annotator.strip()):
        raise ConfigError(
            path, "'annotator' must be a non-empty string", _line_of(text, "annotator")
        )
    if annotator is not None and (reason := unsafe_character(annotator)):
        raise ConfigError(path, f"'annotator': {reason}", _line_of(text, "annotator"))
    keys = data.get("keys") or {}
    if not isinstance(keys, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in keys.items()
    ):
        raise ConfigError(path, "'keys' must map action names to key names", _line_of(text, "keys"))
    tags = _parse_tags(data.get("tags"), path, text, keys) if "tags" in data else DEFAULT_TAGS
    return Config(
        tags=tags,
        languages=tuple(languages),
        annotator=annotator.strip() if annotator else None,
        keys=dict(keys),
        path=path,
    )


def _parse_tags(
    raw: Any, path: Path, text: str, overrides: Mapping[str, str]
) -> tuple[TagSpec, ...]:
    if not isinstance(raw, list) or not raw:
        raise ConfigError(path, "'tags' must be a non-empty list", _line_of(text, "tags"))
    tags: list[TagSpec] = []
    for item in raw:
        if not isinstance(item, Mapping):
            raise ConfigError(
                path, "each tag must be a mapping with name and key", _line_of(text, "tags")
            )
        name, key = item.get("name"), item.get("key")
        line = _line_of(text, "name", name) if isinstance(name, str) else None
        unknown = sorted(set(map(str, item)) - TAG_KEYS)
        if unknown:
            raise ConfigError(
                path,
                f"tag {_short(name)}: unknown key {_short(unknown[0])} "
                f"(known: {', '.join(sorted(TAG_KEYS))})",
                _line_of(text, unknown[0]) or line,
            )
        if not isinstance(name, str) or not _TAG_NAME.match(name):
            raise ConfigError(
                path, f"tag name {_short(name)} must be lower-case letters, digits, - or _", line
            )
        if not isinstance(key, str) or not _KEY.match(key):
            raise ConfigError(path, f"tag '{name}': 'key' must be a key name such as c", line)
        taken = taken_by(key, overrides)
        if taken is not None:
            raise ConfigError(
                path,
                f"tag '{name}': key {_short(key)} is reserved, bound to "
                f"{taken.description} ({taken.id or taken.action})",
                line,
            )
        colour = item.get("colour", item.get("color", "#888888"))
        if not isinstance(colour, str) or not (
            _HEX_COLOUR.match(colour) or colour in NAMED_COLOURS
        ):
            names = ", ".join(sorted(NAMED_COLOURS))
            raise ConfigError(
                path,
                f"tag '{name}': colour {_short(colour)} must be #rrggbb or one of {names}",
                line,
            )
        description = item.get("description", "")
        if not isinstance(description, str):
            raise ConfigError(path, f"tag '{name}': description must be text", line)
        if any(t.name == name for t in tags):
            raise ConfigError(path, f"tag '{name}' is defined twice", line)
        if any(canonical_key(t.key) == canonical_key(key) for t in tags):
            raise ConfigError(path, f"tag '{name}': key '{key}' is already used", line)
        tags.append(TagSpec(name, key, colour, description))
    return tuple(tags)
