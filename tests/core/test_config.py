"""reader.yaml: defaults, validation messages with lines, author resolution."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.errors import ConfigError
from reader.core.project.config import DEFAULT_TAGS, Config, load_config


def test_defaults_without_a_file(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    assert config.tag_names == ("claim", "condition", "date", "quote")
    assert [t.key for t in config.tags] == ["c", "n", "d", "q"]
    assert config.languages == ()


def test_full_file(tmp_path: Path) -> None:
    (tmp_path / "reader.yaml").write_text(
        "annotator: Алиса\nlanguages: [en, ru]\n"
        "tags:\n"
        "  - {name: claim, key: c, colour: '#ff0000', description: A claim}\n"
        "  - {name: source, key: o, colour: green}\n"
        "keys:\n  next_annotation: n\n",
        encoding="utf-8",
    )
    config = load_config(tmp_path)
    assert config.author() == "Алиса"
    assert config.languages == ("en", "ru")
    assert config.tag_names == ("claim", "source")
    assert config.tag("source") is not None and config.tag("source").colour == "green"  # type: ignore[union-attr]
    assert config.keys == {"next_annotation": "n"}


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("tags: [\n", 2, "invalid YAML"),
        ("colour: red\n", 1, "unknown setting 'colour'"),
        ("languages: english\n", 1, "'languages' must be a list"),
        ("tags:\n  - name: Claim\n    key: c\n", 2, "tag name 'Claim'"),
        ("tags:\n  - name: claim\n    key: j\n", 2, "reserved"),
        ("tags:\n  - name: a\n    key: z\n  - name: b\n    key: z\n", 4, "already used"),
        ("annotator: ''\n", 1, "'annotator'"),
    ],
)
def test_errors_name_file_and_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    (tmp_path / "reader.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    assert message in caught.value.message
    assert caught.value.line == line
    assert str(tmp_path / "reader.yaml") in str(caught.value)


def test_author_falls_back_to_git_or_login(monkeypatch: pytest.MonkeyPatch) -> None:
    import reader.core.project.config as config_module

    config_module.default_author.cache_clear()
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("USER", "loginname")
    monkeypatch.setenv("LOGNAME", "loginname")
    try:
        assert Config(tags=DEFAULT_TAGS).author() == "loginname"
    finally:
        config_module.default_author.cache_clear()


def test_a_valid_file_is_cached_parsed_and_any_edit_is_read_again(tmp_path: Path) -> None:
    import subprocess
    import sys

    (tmp_path / "reader.yaml").write_text(
        "annotator: alice\nlanguages: [en, ru]\ntags:\n- {name: claim, key: c}\n", "utf-8"
    )
    first = load_config(tmp_path)
    assert (tmp_path / ".reader" / "config.json").is_file()
    code = (
        "import sys\nfrom pathlib import Path\nfrom reader.core.project.config import load_config\n"
        f"c = load_config(Path({str(tmp_path)!r}))\n"
        "print(c.annotator, c.languages, [t.name for t in c.tags], 'yaml' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["alice", "('en',", "'ru')", "['claim']", "False"]
    assert load_config(tmp_path) == first
    (tmp_path / "reader.yaml").write_text("annotator: bobby\n", "utf-8")
    assert load_config(tmp_path).annotator == "bobby"
    (tmp_path / "reader.yaml").write_text("annotator: [\n", "utf-8")
    with pytest.raises(ConfigError, match="invalid YAML"):
        load_config(tmp_path)
    with pytest.raises(ConfigError, match="invalid YAML"):
        load_config(tmp_path)  # an invalid file is never cached


@pytest.mark.parametrize(
    ("key", "bound_to"),
    [
        ("ctrl+d", "article.delete_key"),  # TextArea's delete, rebound to delete an annotation
        ("?", "app.help"),  # typed as a character, bound as question_mark
        ("(", "article.sentence_prev"),
        ("ctrl+z", "undo"),  # a TextArea key of the article view, no id of ours
        ("tab", "app.focus_next"),
        ("7", "tag_by_number"),
    ],
)
def test_a_tag_key_bound_elsewhere_is_refused_with_its_line(
    tmp_path: Path, key: str, bound_to: str
) -> None:
    (tmp_path / "reader.yaml").write_text(
        f"annotator: alice\ntags:\n  - name: claim\n    key: {key!r}\n", encoding="utf-8"
    )
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    assert caught.value.line == 3
    assert f"tag 'claim': key {key!r} is reserved" in caught.value.message
    assert bound_to in caught.value.message
    assert str(caught.value).startswith(f"{tmp_path / 'reader.yaml'}:3: ")


def test_a_key_freed_by_a_remap_may_tag_and_a_remapped_key_may_not(tmp_path: Path) -> None:
    (tmp_path / "reader.yaml").write_text(
        "keys:\n  article.undo: z\ntags:\n  - {name: claim, key: u}\n", encoding="utf-8"
    )
    with pytest.raises(ConfigError, match=r"compare\.undo"):  # tags work there too
        load_config(tmp_path)
    (tmp_path / "reader.yaml").write_text(
        "keys:\n  article.undo: z\n  compare.undo: z\ntags:\n  - {name: claim, key: u}\n",
        encoding="utf-8",
    )
    assert load_config(tmp_path).tag("claim") is not None
    (tmp_path / "reader.yaml").write_text(
        "keys:\n  article.undo: z\ntags:\n  - {name: claim, key: z}\n", encoding="utf-8"
    )
    with pytest.raises(ConfigError, match=r"article\.undo"):
        load_config(tmp_path)


def test_two_tags_on_one_key_spelled_two_ways_are_refused(tmp_path: Path) -> None:
    (tmp_path / "reader.yaml").write_text(
        "tags:\n  - {name: a, key: '!'}\n  - {name: b, key: exclamation_mark}\n", "utf-8"
    )
    with pytest.raises(ConfigError, match="already used"):
        load_config(tmp_path)


@pytest.mark.parametrize("name", ["evil\x1b[31m", "a\u0007b", "x\x85y"])
def test_control_characters_in_the_annotator_are_refused(tmp_path: Path, name: str) -> None:
    import json

    (tmp_path / "reader.yaml").write_text(f"annotator: {json.dumps(name)}\n", "utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    assert caught.value.line == 1 and "control character" in caught.value.message
    assert "\x1b" not in str(caught.value)


@pytest.mark.parametrize(
    "planted",
    [
        {"name": "[red]x[/]", "key": "c", "colour": "#ffffff", "description": ""},
        {"name": "claim", "key": "c", "colour": "chartreuse3 on red", "description": ""},
        {"name": "claim", "key": "ctrl+d", "colour": "#ffffff", "description": ""},
    ],
)
def test_a_planted_cache_is_checked_like_the_yaml_and_falls_back_to_it(
    tmp_path: Path, planted: dict[str, str]
) -> None:
    import json

    (tmp_path / "reader.yaml").write_text("tags:\n- {name: claim, key: c}\n", "utf-8")
    first = load_config(tmp_path)
    cache = tmp_path / ".reader" / "config.json"
    data = json.loads(cache.read_text("utf-8"))
    data["data"]["tags"] = [planted]
    cache.write_text(json.dumps(data), "utf-8")
    assert load_config(tmp_path) == first
    cache.write_text("{not json", "utf-8")
    assert load_config(tmp_path) == first
