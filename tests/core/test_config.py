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
