"""Issue 14 items 1, 2, 11, 13, 14: what the annotation store and the caches refuse to
write (and to read), tried on real symlinks, FIFOs and long names in temporary folders."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.annotations.format import MAX_ANNOTATION_FILE_BYTES, AnnotationFile
from reader.core.annotations.rules import annotation_name_problem
from reader.core.annotations.session import EditSession
from reader.core.annotations.store import Store
from reader.core.corpus.discovery import Corpus
from reader.core.errors import AnnotationFileError, ReaderError
from reader.core.files.atomic import read_limited
from reader.core.files.cache import cache_write_problem, write_json, write_keyed
from reader.core.project.layout import Project

EN = "en/2021-12-29-biden-putin-meeting.txt"
EN_YAML = "en/2021-12-29-biden-putin-meeting.yaml"


def _tag(root: Path, rel: str = EN) -> int:
    return main(["tag", str(root / "corpus" / rel), "7", "11", "claim"])


def _files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


@pytest.mark.parametrize("linked", ["annotations", "annotations/en"])
def test_tag_refuses_a_symlinked_annotations_folder_naming_the_link(
    seed_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], linked: str
) -> None:
    target = tmp_path / "elsewhere"
    (target / "en").mkdir(parents=True)
    link = seed_project / linked
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(target / "en" if linked.endswith("en") else target)
    assert _tag(seed_project) != 0
    err = capsys.readouterr().err
    assert f"{linked} -> {os.readlink(link)}" in err and "symlink" in err
    assert _files_under(target) == []


def test_a_symlinked_annotations_folder_pointing_inside_is_refused_too(
    seed_project: Path,
) -> None:
    (seed_project / "elsewhere").mkdir()
    (seed_project / "annotations").symlink_to("elsewhere")
    store = Corpus(Project.open(seed_project)).store
    assert "annotations -> elsewhere" in (store.write_problem(EN) or "")
    with pytest.raises(AnnotationFileError, match="annotations -> elsewhere"):
        store.save(AnnotationFile(document=EN, sha256="x"))
    assert _files_under(seed_project / "elsewhere") == []


def test_a_reader_folder_linked_to_the_parent_gets_no_cache_writes(
    seed_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    parent = seed_project.parent
    before = {p: p.read_bytes() for p in _files_under(parent) if seed_project not in p.parents}
    cache = seed_project / ".reader"
    if cache.exists():
        import shutil

        shutil.rmtree(cache)
    cache.symlink_to("..")
    assert cache_write_problem(cache / "config.json") == ".reader -> ..: a symlink, not a folder"
    assert not write_json(cache / "config.json", {"a": 1})
    assert not write_keyed(cache / "entities" / "x.json", "k", 1)
    project = Project.open(seed_project)
    assert project.config.tag_names  # reading the project still works
    store = Store(project)
    session = EditSession(store, Corpus(project).document(Corpus(project).find(EN)))
    session.add("claim", 7, 11)  # the annotation is saved, no lock or text copy beside it
    assert (seed_project / "annotations" / EN_YAML).is_file()
    after = {p: p.read_bytes() for p in _files_under(parent) if seed_project not in p.parents}
    # The corpus index (SQLite, core/corpus/index.py) is left out: its guard is its own.
    assert {p: b for p, b in after.items() if ".sqlite" not in p.name} == before
    assert not (parent / "locks").exists() and not (parent / "texts").exists()
    assert not (parent / "config.json").exists()


def test_a_folder_inside_reader_that_is_a_link_is_refused(tmp_path: Path) -> None:
    (tmp_path / ".reader").mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / ".reader" / "entities").symlink_to(tmp_path / "out")
    path = tmp_path / ".reader" / "entities" / "a.json"
    assert "entities ->" in (cache_write_problem(path) or "")
    assert not write_json(path, 1)
    assert list((tmp_path / "out").iterdir()) == []
    assert cache_write_problem(tmp_path / ".reader" / "index.sqlite") is None


def _with_timeout(action: object, seconds: float = 10.0) -> object:
    """Run ``action`` in a thread; fail (never hang the suite) when it blocks."""
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["value"] = action()  # type: ignore[operator]
        except BaseException as exc:
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "blocked on a FIFO"
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box.get("value")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
def test_a_fifo_named_like_an_annotation_file_is_refused_not_waited_on(
    seed_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = seed_project / "annotations" / EN_YAML
    fifo.parent.mkdir(parents=True)
    os.mkfifo(fifo)
    assert _with_timeout(lambda: _tag(seed_project)) != 0
    assert "not a regular file (a FIFO)" in capsys.readouterr().err
    assert _with_timeout(lambda: main(["validate", str(seed_project)])) != 0
    assert "not a regular file (a FIFO)" in capsys.readouterr().out + capsys.readouterr().err
    store = Corpus(Project.open(seed_project)).store
    with pytest.raises(AnnotationFileError, match="a FIFO"):
        _with_timeout(lambda: store.load(EN))
    with pytest.raises(OSError, match="not a regular file"):
        _with_timeout(lambda: read_limited(fifo, 10))
    assert fifo.exists() and not fifo.is_file()  # never replaced


def test_an_annotation_folder_in_place_of_the_file_is_refused(seed_project: Path) -> None:
    (seed_project / "annotations" / EN_YAML).mkdir(parents=True)
    store = Corpus(Project.open(seed_project)).store
    assert store.write_problem(EN) == "not a regular file (a folder)"


def test_a_text_whose_annotation_name_is_too_long_is_refused_at_tag_time(
    seed_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rel = "ru/" + "д" * 118 + ".txt"  # 236 bytes of name: fits, its .yaml temp does not
    (seed_project / "corpus" / rel).write_text("Путин сказал нет.\n", encoding="utf-8")
    assert annotation_name_problem(rel) is not None
    assert annotation_name_problem("ru/" + "д" * 100 + ".txt") is None
    code = _tag(seed_project, rel)
    err = capsys.readouterr().err
    assert code != 0 and "longer than file systems take" in err and "Traceback" not in err
    assert not (seed_project / "annotations" / "ru").exists() or not any(
        (seed_project / "annotations" / "ru").iterdir()
    )


def test_a_change_making_the_file_larger_than_the_read_limit_is_refused(
    seed_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reader.core.annotations.store as store_module

    corpus = Corpus(Project.open(seed_project))
    session = EditSession(corpus.store, corpus.document(corpus.find(EN)))
    first = session.add("claim", 0, 40)
    path = seed_project / "annotations" / EN_YAML
    size = path.stat().st_size
    before = path.read_bytes()
    monkeypatch.setattr(store_module, "MAX_ANNOTATION_FILE_BYTES", size + 50)
    with pytest.raises(ReaderError, match=f"over the {size + 50}-byte limit"):
        session.add("claim", 0, 200)
    assert path.read_bytes() == before
    assert session.get(first.id)
    assert size < MAX_ANNOTATION_FILE_BYTES


def test_validate_reports_a_folder_named_like_an_annotation_file(
    seed_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (seed_project / "corpus" / "b.txt").write_text("Putin said no.\n", encoding="utf-8")
    (seed_project / "annotations" / "b.yaml").mkdir(parents=True)
    assert main(["validate", str(seed_project)]) == 1
    out = capsys.readouterr().out
    assert "b.yaml: text b.txt: annotations cannot be saved: not a regular file (a folder)" in out


def test_validate_reports_a_text_whose_annotation_name_is_too_long(
    seed_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rel = "ru/" + "д" * 118 + ".txt"
    (seed_project / "corpus" / rel).write_text("Путин сказал нет.\n", encoding="utf-8")
    assert main(["validate", str(seed_project)]) == 1
    assert "longer than file systems take" in capsys.readouterr().out


def test_a_fifo_for_reader_yaml_or_entities_yaml_is_refused_not_waited_on(
    seed_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader.core.errors import ReaderError
    from reader.core.recognition.registry import load_registry

    (seed_project / "reader.yaml").unlink()
    os.mkfifo(seed_project / "reader.yaml")
    assert _with_timeout(lambda: main(["list", str(seed_project)])) != 0
    assert "a FIFO" in capsys.readouterr().err
    os.mkfifo(seed_project / "entities.yaml")

    def load() -> str:
        try:
            load_registry(seed_project / "entities.yaml")
        except (ReaderError, OSError) as exc:
            return str(exc)
        return "loaded"

    assert "a FIFO" in str(_with_timeout(load))
