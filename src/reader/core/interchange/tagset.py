"""Tags added to ``reader.yaml`` by an import, each with a free key; the rest of the file
(comments included) is kept as it is."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import yaml

from reader.core.errors import ConfigError, ReaderError
from reader.core.files.atomic import atomic_write_text
from reader.core.project.config import CONFIG_NAME, DEFAULT_TAGS, Config, TagSpec, parse_config
from reader.core.project.keys import taken_by

# Keys offered to new tags, in order: letters, then function keys.
_CANDIDATE_KEYS = (*"abcdefghijklmnopqrstuvwxyz0", *(f"f{n}" for n in range(4, 13)))
NEW_TAG_COLOUR = "#888888"


def free_keys(config: Config) -> list[str]:
    """Keys no tag and no command of the article or the whole app uses."""
    used = {t.key for t in config.tags}
    return [k for k in _CANDIDATE_KEYS if k not in used and taken_by(k, config.keys) is None]


def new_tags(config: Config, names: Iterable[str]) -> list[TagSpec]:
    """TagSpecs for the ``names`` the config lacks, each on a free key (the name's first
    free letter when there is one). ReaderError when keys run out."""
    free = free_keys(config)
    made: list[TagSpec] = []
    for name in sorted(set(names) - set(config.tag_names)):
        key = next((ch for ch in name if ch in free), free[0] if free else None)
        if key is None:
            raise ReaderError(
                f"no free key left for tag '{name}': map brat types onto existing tags "
                "with --map TYPE=tag"
            )
        free.remove(key)
        made.append(TagSpec(name, key, NEW_TAG_COLOUR, "imported"))
    return made


def _entry(tag: TagSpec, indent: str) -> str:
    fields = {"name": tag.name, "key": tag.key, "colour": tag.colour}
    if tag.description:
        fields["description"] = tag.description
    inline = yaml.safe_dump(fields, default_flow_style=True, sort_keys=False, width=2**16)
    return f"{indent}- {inline.strip()}\n"


def with_tags(text: str, path: Path, tags: list[TagSpec]) -> str:
    """The text of ``reader.yaml`` with ``tags`` appended to its tag list (which, when the
    file has none, starts as the default tags)."""
    node = yaml.compose(text) if text.strip() else None
    tags_node = None
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "tags":
                tags_node = value
    if tags_node is None:
        body = "".join(_entry(t, "") for t in (*DEFAULT_TAGS, *tags))
        separator = "" if not text or text.endswith("\n") else "\n"
        return f"{text}{separator}tags:\n{body}"
    if not isinstance(tags_node, yaml.SequenceNode) or tags_node.flow_style or not tags_node.value:
        raise ConfigError(path, "'tags' must be a block list to add tags to it")
    indent = " " * tags_node.start_mark.column
    last = tags_node.value[-1]
    end = text.find("\n", last.end_mark.index - 1 if last.end_mark.index else 0)
    cut = len(text) if end < 0 else end + 1
    if cut > len(text) or (cut == len(text) and not text.endswith("\n")):
        return text + "\n" + "".join(_entry(t, indent) for t in tags)
    return text[:cut] + "".join(_entry(t, indent) for t in tags) + text[cut:]


def add_tags(root: Path, config: Config, names: Iterable[str]) -> list[TagSpec]:
    """Add the tags of ``names`` that ``config`` lacks to ``root/reader.yaml`` (written
    atomically, checked before writing); returns the tags added."""
    tags = new_tags(config, names)
    if not tags:
        return []
    path = root / CONFIG_NAME
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    updated = with_tags(text, path, tags)
    parse_config(yaml.safe_load(updated), path, updated)
    atomic_write_text(path, updated)
    return tags
