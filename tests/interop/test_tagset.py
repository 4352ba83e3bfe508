"""Tags an import adds to reader.yaml: free keys, the file's own text kept."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from reader.core.errors import ConfigError, ReaderError
from reader.core.interchange.tagset import add_tags, free_keys, new_tags
from reader.core.project.config import DEFAULT_TAGS, load_config, parse_config
from reader.core.project.keys import taken_by


def _added(root: Path, names: list[str]) -> str:
    add_tags(root, load_config(root), names)
    text = (root / "reader.yaml").read_text(encoding="utf-8")
    parse_config(yaml.safe_load(text), root / "reader.yaml", text)
    return text


def test_keys_are_free_and_distinct(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    names = [f"type-{chr(97 + n % 26)}{n}" for n in range(len(free_keys(config)))]
    tags = new_tags(config, names)
    keys = [t.key for t in tags]
    assert len(set(keys)) == len(keys) == len(names)
    assert not set(keys) & {t.key for t in DEFAULT_TAGS}
    assert all(taken_by(k) is None for k in keys)
    with pytest.raises(ReaderError, match="no free key left"):
        new_tags(config, [*names, "one-too-many"])


def test_no_file_gets_the_default_tags_and_the_new_ones(tmp_path: Path) -> None:
    text = _added(tmp_path, ["organization"])
    config = load_config(tmp_path)
    assert config.tag_names == (*(t.name for t in DEFAULT_TAGS), "organization")
    assert text.startswith("tags:\n- {name: claim, key: c,")


def test_comments_and_other_settings_are_kept(tmp_path: Path) -> None:
    original = (
        "# team settings\nannotator: ann\ntags:\n  - name: claim   # ours\n    key: c\n"
        "\n# after the tags\nlanguages: [en, ru]\n"
    )
    (tmp_path / "reader.yaml").write_text(original, encoding="utf-8")
    text = _added(tmp_path, ["person", "gpe"])
    assert text.startswith("# team settings\nannotator: ann\ntags:\n  - name: claim   # ours\n")
    assert text.endswith("languages: [en, ru]\n")
    assert load_config(tmp_path).tag_names == ("claim", "gpe", "person")


def test_file_without_a_final_newline(tmp_path: Path) -> None:
    (tmp_path / "reader.yaml").write_text("tags:\n- {name: claim, key: c}", encoding="utf-8")
    _added(tmp_path, ["person"])
    assert load_config(tmp_path).tag_names == ("claim", "person")


def test_a_flow_list_is_refused_untouched(tmp_path: Path) -> None:
    original = "tags: [{name: claim, key: c}]\n"
    (tmp_path / "reader.yaml").write_text(original, encoding="utf-8")
    with pytest.raises(ConfigError, match="block list"):
        add_tags(tmp_path, load_config(tmp_path), ["person"])
    assert (tmp_path / "reader.yaml").read_text(encoding="utf-8") == original
