"""Found in review of the foundation: collisions, nesting and alias bombs in every YAML file,
stale languages, pipes, FIFOs, unreadable folders, and `reader tag`'s checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.annotations.store import read_annotation_file
from reader.core.corpus.discovery import Corpus, Skipped
from reader.core.errors import Problem
from reader.core.files.safe_yaml import MAX_DEPTH
from reader.core.project.config import load_config
from reader.core.project.layout import Project
from reader.core.recognition.registry import load_registry

EN = "corpus/en/2021-12-29-biden-putin-meeting.txt"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".reader" not in p.parts
    }


def test_tag_refuses_a_text_that_collides_and_validate_reports_it(
    seed_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = seed_project / "corpus" / "x"
    folder.mkdir()
    (folder / "a.txt").write_text("first text\n", encoding="utf-8")
    (folder / "a.md").write_text("second text\n", encoding="utf-8")
    code, out, err = run(capsys, "tag", str(folder / "a.txt"), "0", "5", "claim")
    assert code == 2 and out == ""
    assert "x/a.txt and x/a.md both map to annotations/x/a.yaml" in err
    assert not (seed_project / "annotations" / "x" / "a.yaml").exists()
    code, out, _ = run(capsys, "validate", str(seed_project))
    assert code == 1
    assert "texts x/a.md and x/a.txt both map to this annotation file" in out


def test_tag_refuses_files_the_corpus_does_not_list(
    seed_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stray = seed_project / "corpus" / "notes.rst"
    stray.write_text("not a text of the corpus\n", encoding="utf-8")
    code, _, err = run(capsys, "tag", str(stray), "0", "3", "claim")
    assert code == 2 and "not a text of the corpus" in err
    assert not (seed_project / "annotations").exists()


def test_tag_checks_links_and_names_the_file(
    seed_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = str(seed_project / EN)
    code, _, err = run(capsys, "tag", text, "0", "4", "claim", "--link", "nosuch")
    assert code == 2
    assert "en/2021-12-29-biden-putin-meeting.txt: --link nosuch: no annotation" in err
    code, _, err = run(capsys, "tag", text, "0", "99999", "claim")
    assert code == 2 and "en/2021-12-29-biden-putin-meeting.txt: offsets 0..99999" in err
    assert not (seed_project / "annotations").exists()
    code, first, _ = run(capsys, "tag", text, "0", "4", "claim")
    code, _, err = run(capsys, "tag", text, "5", "9", "claim", "--link", first.strip())
    assert code == 0 and err == ""


def test_tag_reports_re_anchoring_on_stderr(
    seed_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = seed_project / EN
    code, _, _ = run(capsys, "tag", str(text), "17", "22", "claim")
    assert code == 0
    text.write_text("Breaking. " + text.read_text(encoding="utf-8"), encoding="utf-8")
    code, _, err = run(capsys, "tag", str(text), "0", "8", "claim")
    assert code == 0
    assert "re-anchored: kept 0, moved 1, fuzzy 0, orphaned 0" in err


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("where", ["annotations", "reader.yaml", "entities.yaml"])
def test_deeply_nested_yaml_is_refused_with_its_line(seed_project: Path, where: str) -> None:
    bomb = _nested(500)
    if where == "annotations":
        path = seed_project / "annotations" / "en" / "x.yaml"
        path.parent.mkdir(parents=True)
        path.write_text(f"document: en/x.txt\nsha256: s\ndeep: {bomb}\n", encoding="utf-8")
        load = read_annotation_file
    elif where == "reader.yaml":
        path = seed_project / "reader.yaml"
        path.write_text(f"annotator: tester\nkeys: {bomb}\n", encoding="utf-8")
        load = lambda p: load_config(p.parent)  # noqa: E731
    else:
        path = seed_project / "entities.yaml"
        path.write_text(f"entities:\n- name: {bomb}\n", encoding="utf-8")
        load = load_registry
    before = path.read_bytes()
    with pytest.raises(Problem) as caught:
        load(path)
    assert f"nested more than {MAX_DEPTH} levels deep" in str(caught.value)
    assert caught.value.line is not None and caught.value.line >= 2
    assert path.read_bytes() == before


def test_alias_bomb_in_reader_yaml_is_refused_quickly(seed_project: Path) -> None:
    lines = ["tags:", "- name: claim", "  key: c", "  d0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"  d{i}: &a{i} [{', '.join(f'*a{i - 1}' for _ in range(10))}]" for i in range(1, 9)]
    lines += ["- name: *a8", "  key: z"]
    (seed_project / "reader.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "reader", "list", str(seed_project)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 2
    assert "reader.yaml:5: YAML anchors/aliases are not allowed here" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_tag_keys_and_languages_are_refused(tmp_path: Path) -> None:
    (tmp_path / "reader.yaml").write_text(
        "tags:\n- name: claim\n  key: c\n  colr: '#ff0000'\n", encoding="utf-8"
    )
    with pytest.raises(Problem, match=r"reader\.yaml:4: tag 'claim': unknown key 'colr'"):
        load_config(tmp_path)
    (tmp_path / "reader.yaml").write_text("languages: [en, xx]\n", encoding="utf-8")
    with pytest.raises(Problem, match=r"reader.yaml:1: language 'xx' is not one langdetect"):
        load_config(tmp_path)


def test_narrowing_the_languages_refreshes_the_listing(tmp_path: Path) -> None:
    root = tmp_path / "p"
    (root / "corpus").mkdir(parents=True)
    (root / "corpus" / "a.txt").write_text(
        "De regering heeft vandaag een nieuw plan voor de economie gepresenteerd.\n",
        encoding="utf-8",
    )
    corpus = Corpus(Project.open(root))
    first = next(corpus.iter_metadata())
    corpus.save_cache()
    assert not isinstance(first, Skipped) and first.language == "nl"
    (root / "reader.yaml").write_text("languages: [en, ru]\n", encoding="utf-8")
    again = next(Corpus(Project.open(root)).iter_metadata())
    assert not isinstance(again, Skipped) and again.language == "en"


def test_list_into_a_closed_pipe_is_quiet(seed_project: Path) -> None:
    for i in range(400):
        (seed_project / "corpus" / f"t{i:03d}.txt").write_text(f"Text number {i}.\n", "utf-8")
    result = subprocess.run(
        f"'{sys.executable}' -m reader list '{seed_project}' | head -1",
        shell=True,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.stdout.count("\n") == 1
    assert "Broken pipe" not in result.stderr and "Traceback" not in result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_named_txt_is_skipped_not_read(
    seed_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.mkfifo(seed_project / "corpus" / "pipe.txt")
    code, out, err = run(capsys, "list", str(seed_project))
    assert code == 0
    assert "skipped pipe.txt: not a regular file" in err
    assert out.count("\n") == 2


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_an_unreadable_folder_is_listed_with_its_reason(
    seed_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:  # pragma: no cover - CI runs as root
    locked = seed_project / "corpus" / "locked"
    locked.mkdir()
    (locked / "a.txt").write_text("hidden\n", encoding="utf-8")
    locked.chmod(0)
    try:
        code, _, err = run(capsys, "list", str(seed_project))
    finally:
        locked.chmod(0o755)
    assert code == 0 and "skipped locked/: folder unreadable" in err


def test_unreadable_folder_reason_through_walk_errors(
    seed_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Root reads every folder, so the os.walk error is simulated (what a user sees)."""
    import reader.core.corpus.discovery as corpus_module

    real_walk = os.walk

    def walk(top: str, **kwargs: object):  # type: ignore[no-untyped-def]
        onerror = kwargs.get("onerror")
        assert callable(onerror)
        onerror(PermissionError(13, "Permission denied", str(Path(top) / "locked")))
        yield from real_walk(top, followlinks=False)

    monkeypatch.setattr(corpus_module.os, "walk", walk)
    scan = Corpus(Project.open(seed_project)).scan()
    assert Skipped("locked/", "folder unreadable: Permission denied") in scan.skipped


def test_a_folder_named_annotations_inside_the_corpus_holds_texts(
    seed_project: Path,
) -> None:
    inner = seed_project / "corpus" / "annotations"
    inner.mkdir()
    (inner / "a.txt").write_text("A text in a folder called annotations.\n", encoding="utf-8")
    rels = [e.rel for e in Corpus(Project.open(seed_project)).scan().entries]
    assert "annotations/a.txt" in rels
    bare = seed_project.parent / "bare"  # a bare folder: its own annotations/ is not texts
    (bare / "annotations").mkdir(parents=True)
    (bare / "text.txt").write_text("A text.\n", encoding="utf-8")
    (bare / "annotations" / "a.txt").write_text("Not a text of the corpus.\n", "utf-8")
    rels = [e.rel for e in Corpus(Project.open(bare)).scan().entries]
    assert rels == ["text.txt"]


def test_a_folder_inside_a_projects_corpus_is_not_a_project(
    seed_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for folder in ("corpus", "corpus/en"):
        code, _, err = run(capsys, "reanchor", str(seed_project / folder))
        assert code == 2
        assert f"a folder inside the corpus of the project {seed_project.resolve()}" in err
    assert not (seed_project / "corpus" / ".reader").exists()
    assert not (seed_project / "corpus" / "en" / "annotations").exists()


def test_an_oversized_annotation_file_is_refused_and_kept(
    seed_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = seed_project / "annotations" / "en" / "2021-12-29-biden-putin-meeting.yaml"
    path.parent.mkdir(parents=True)
    with path.open("w", encoding="utf-8") as handle:
        handle.write("document: en/2021-12-29-biden-putin-meeting.txt\nsha256: s\n")
        handle.write("# padding\n" * (17 * 1024 * 1024 // 10))
    before = _snapshot(seed_project)
    code, out, _ = run(capsys, "validate", str(seed_project))
    assert code == 1 and f"{path}: file larger than 16777216 bytes" in out
    code, _, err = run(capsys, "tag", str(seed_project / EN), "0", "4", "claim")
    assert code == 2 and "file larger than" in err
    assert _snapshot(seed_project) == before


def test_unknown_keys_keep_their_yaml_types(tmp_path: Path) -> None:
    from reader.core.annotations.format import dump, parse

    text = (
        "# reader annotations, format 1\ndocument: a.txt\nsha256: s\nlanguage: en\n"
        "reviewed: '2022-01-10'\nchecked: 2022-01-11\nannotations:\n- id: a1\n  tag: claim\n"
        "  start: 0\n  end: 1\n  text: a\n  ticket: '2022-01-12'\n  seen: 2022-01-13\n"
    )
    import yaml

    again = yaml.safe_load(dump(parse(text, tmp_path / "a.yaml")))
    assert again["reviewed"] == "2022-01-10"  # still a string
    assert str(again["checked"]) == "2022-01-11" and not isinstance(again["checked"], str)
    entry = again["annotations"][0]
    assert entry["ticket"] == "2022-01-12"
    assert not isinstance(entry["seen"], str)
    assert dump(parse(dump(parse(text, tmp_path / "a.yaml")), tmp_path / "a.yaml")) == dump(
        parse(text, tmp_path / "a.yaml")
    )
