"""entities.yaml: minimal edits that keep comments and unknown keys; errors with path:line."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
import yaml

import reader.core.recognition.registry as entity_registry
from reader.core.errors import Problem
from reader.core.recognition.registry import add_alias, load_registry

ANNOTATED = """\
# Project entities, curated by the desk.
# Keep base forms (nominatives) only.

version: 2  # not read by reader, kept
entities:
# --- people ---
- name: Joe Biden
  type: PER
  wikidata: Q6279
  aliases: [Biden, Джо Байден]  # ru forms too
- name: Vladimir Putin  # the president
  type: PER
  aliases:
  - Putin
  - Владимир Путин
  notes:
    source: Kremlin site
- name: Kyiv
  type: LOC
# --- end ---
maintainer: desk@example.org
"""


def _changed_lines(before: str, after: str) -> list[str]:
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]


@pytest.fixture
def annotated(tmp_path: Path) -> Path:
    path = tmp_path / "entities.yaml"
    path.write_text(ANNOTATED, encoding="utf-8")
    return path


def test_add_alias_to_a_flow_list_changes_one_line(annotated: Path) -> None:
    registry = add_alias(annotated, "Biden", "Байден")
    after = annotated.read_text(encoding="utf-8")
    assert _changed_lines(ANNOTATED, after) == [
        "-  aliases: [Biden, Джо Байден]  # ru forms too",
        "+  aliases: [Biden, Джо Байден, Байден]  # ru forms too",
    ]
    assert registry.lookup("байден") is not None
    assert registry.lookup("байден").name == "Joe Biden"  # type: ignore[union-attr]


def test_add_alias_to_a_block_list_adds_one_line(annotated: Path) -> None:
    add_alias(annotated, "Vladimir Putin", "Путин")
    after = annotated.read_text(encoding="utf-8")
    assert _changed_lines(ANNOTATED, after) == ["+  - Путин"]
    data = yaml.safe_load(after)
    assert data["entities"][1]["aliases"] == ["Putin", "Владимир Путин", "Путин"]
    assert data["entities"][1]["notes"] == {"source": "Kremlin site"}


def test_add_alias_to_an_entry_without_aliases(annotated: Path) -> None:
    add_alias(annotated, "Kyiv", "Киев")
    after = annotated.read_text(encoding="utf-8")
    assert _changed_lines(ANNOTATED, after) == ["+  aliases: [Киев]"]
    assert yaml.safe_load(after)["entities"][2] == {
        "name": "Kyiv",
        "type": "LOC",
        "aliases": ["Киев"],
    }


def test_new_entry_goes_after_the_last_one_and_keeps_the_rest(annotated: Path) -> None:
    add_alias(annotated, "Dmitry Peskov", "Песков", "PER")
    after = annotated.read_text(encoding="utf-8")
    assert _changed_lines(ANNOTATED, after) == [
        "+- name: Dmitry Peskov",
        "+  type: PER",
        "+  aliases: [Песков]",
    ]
    data = yaml.safe_load(after)
    assert data["version"] == 2 and data["maintainer"] == "desk@example.org"
    assert data["entities"][0]["wikidata"] == "Q6279"
    assert after.startswith("# Project entities, curated by the desk.\n")
    assert "# --- end ---" in after


def test_aliases_that_need_quoting_are_quoted(annotated: Path) -> None:
    for alias in ("a: b, [c]", "# not a comment", "yes", "'quoted'", "2019"):
        add_alias(annotated, "Joe Biden", alias)
    aliases = yaml.safe_load(annotated.read_text(encoding="utf-8"))["entities"][0]["aliases"]
    assert aliases == ["Biden", "Джо Байден", "a: b, [c]", "# not a comment", "yes", "'quoted'",
                       "2019"]  # fmt: skip
    assert load_registry(annotated).lookup("2019") is not None


def test_windows_newlines_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "entities.yaml"
    original = ANNOTATED.replace("\n", "\r\n").encode("utf-8")
    path.write_bytes(original)
    add_alias(path, "Joe Biden", "Байден")
    after = path.read_bytes()
    assert after.count(b"\r\n") == original.count(b"\r\n")
    assert b"\n" not in after.replace(b"\r\n", b"")


def test_unusual_layout_is_rewritten_with_its_data_and_header(tmp_path: Path) -> None:
    path = tmp_path / "entities.yaml"
    path.write_text(
        "# curated by the desk\n"
        "{version: 2, entities: [{name: Joe Biden, type: PER, wikidata: Q6279}]}\n",
        encoding="utf-8",
    )
    add_alias(path, "Joe Biden", "Байден")
    after = path.read_text(encoding="utf-8")
    assert after.startswith("# curated by the desk\n")
    assert "Байден" in after  # Cyrillic stays readable
    assert yaml.safe_load(after) == {
        "version": 2,
        "entities": [
            {"name": "Joe Biden", "type": "PER", "wikidata": "Q6279", "aliases": ["Байден"]}
        ],
    }


def test_writes_go_through_atomic_write(annotated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Path] = []
    real = entity_registry.atomic_write_text

    def spy(path: Path, text: str, **kw: bool) -> None:
        calls.append(path)
        real(path, text, **kw)

    monkeypatch.setattr(entity_registry, "atomic_write_text", spy)
    add_alias(annotated, "Joe Biden", "Байден")
    add_alias(annotated, "Joe Biden", "байден")  # already there: no write
    assert calls == [annotated]
    assert [p.name for p in annotated.parent.iterdir()] == ["entities.yaml"]


def test_an_empty_entities_key_is_an_empty_registry(tmp_path: Path) -> None:
    path = tmp_path / "entities.yaml"
    path.write_text("# nothing yet\nentities:\n", encoding="utf-8")
    assert load_registry(path).entries == ()
    add_alias(path, "NATO", "НАТО", "ORG")
    after = path.read_text(encoding="utf-8")
    assert after.startswith("# nothing yet\n")
    assert yaml.safe_load(after) == {
        "entities": [{"name": "NATO", "type": "ORG", "aliases": ["НАТО"]}]
    }


# --- errors: one line, path:line -------------------------------------------------------


def _problem(tmp_path: Path, text: str) -> Problem:
    path = tmp_path / "entities.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(Problem) as info:
        load_registry(path)
    message = str(info.value)
    assert "\n" not in message and "\\n" not in message, message
    assert message.startswith(f"{path}:"), message
    return info.value


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("entities: [unclosed\n", 2),
        ("entities:\n- name: X\n  type: PER\n\taliases: []\n", 4),
        ("# header\nentities:\n- name: X\n  type: PER\n  aliases: [a, b\n- name: Y\n", 6),
        ("entities:\n- name: 'X\n", 3),
    ],
)
def test_yaml_errors_name_the_line(tmp_path: Path, text: str, line: int) -> None:
    problem = _problem(tmp_path, text)
    assert problem.line == line
    assert str(problem).startswith(f"{problem.path}:{line}: invalid YAML: ")


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("- just a list\n", 1, "top level must be a mapping"),
        ("version: 2\n", 1, "'entities:' list"),
        ("# people\nentities:\n  name: X\n", 2, "'entities' must be a list"),
        ("entities:\n- name: X\n  type: PER\n- just text\n", 4, "entry 2: must be a mapping"),
        ("entities:\n- type: PER\n  aliases: [x]\n", 2, "entry 1: needs a 'name'"),
        ("entities:\n- name: X\n  type: PER\n- name: 1984\n  type: PER\n", 4, "needs a 'name'"),
        ("entities:\n- name: X\n  type: THING\n", 3, "entry 1 (X): 'type' must be one of"),
        ("entities:\n- name: X\n  aliases: [a]\n", 2, "'type' must be one of PER, ORG, LOC"),
        ("entities:\n- name: X\n  type: LOC\n  aliases: Икс\n", 4, "'aliases' must be a list"),
        ("entities:\n- name: X\n  type: LOC\n  aliases:\n  - a\n  - 2019\n", 4, "list of text"),
    ],
)
def test_schema_errors_name_the_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    problem = _problem(tmp_path, text)
    assert problem.line == line, str(problem)
    assert words in problem.message


def test_a_broken_file_is_not_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "entities.yaml"
    path.write_text("entities: [unclosed\n", encoding="utf-8")
    with pytest.raises(Problem):
        add_alias(path, "X", "Y", "PER")
    assert path.read_text(encoding="utf-8") == "entities: [unclosed\n"


def _add_one(args: tuple[str, int]) -> None:
    add_alias(Path(args[0]), "Joe Biden", f"Alias number {args[1]}")


def test_concurrent_additions_are_all_kept(annotated: Path) -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=20, mp_context=context) as pool:
        list(pool.map(_add_one, [(str(annotated), n) for n in range(20)]))
    entry = load_registry(annotated).lookup("Joe Biden")
    assert entry is not None
    assert {f"Alias number {n}" for n in range(20)} <= set(entry.aliases)
    assert "# ru forms too" in annotated.read_text(encoding="utf-8")  # still edited in place


def test_a_symlinked_registry_is_not_edited(annotated: Path, tmp_path: Path) -> None:
    link = tmp_path / "project-entities.yaml"
    link.symlink_to(annotated)
    before = annotated.read_text(encoding="utf-8")
    with pytest.raises(Problem, match=r"a symlink to .*: not edited through it"):
        add_alias(link, "Joe Biden", "Байден")
    assert annotated.read_text(encoding="utf-8") == before and link.is_symlink()
