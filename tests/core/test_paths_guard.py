"""The path guard (core/files/paths.py) and atomic writes with real symlinks."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from reader.core.files.atomic import (
    atomic_write_text,
    remove_stale_temps,
    temp_name_pattern,
)
from reader.core.files.paths import (
    OutsidePath,
    inside,
    is_inside,
    make_real_folders,
    outside_reason,
    real_folder_reason,
)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    (project / "annotations" / "en").mkdir(parents=True)
    (project / "corpus").mkdir()
    return project


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


def test_plain_paths_inside_are_accepted(root: Path) -> None:
    assert is_inside(root, Path("annotations/en/a.yaml"))
    assert inside(root, Path("annotations/new/b.yaml")) == root / "annotations/new/b.yaml"
    assert outside_reason(root, root / "corpus") is None


def test_a_symlinked_folder_leading_out_is_named(root: Path, outside: Path) -> None:
    (root / "annotations" / "de").symlink_to(outside, target_is_directory=True)
    reason = outside_reason(root, Path("annotations/de/x/a.yaml"))
    assert reason == f"annotations/de -> {outside}: a symlink leading outside the project"
    with pytest.raises(OutsidePath, match="annotations/de -> "):
        inside(root, Path("annotations/de/a.yaml"))


def test_a_link_to_the_parent_is_refused(root: Path) -> None:
    (root / ".reader").symlink_to("..")
    assert not is_inside(root, Path(".reader/config.json"))
    assert ".reader -> ..: a symlink" in (outside_reason(root, Path(".reader/x")) or "")


def test_links_that_stay_inside_are_accepted(root: Path) -> None:
    (root / "corpus" / "alias").symlink_to(root / "annotations")
    assert is_inside(root, Path("corpus/alias/en"))
    assert real_folder_reason(root, root / "corpus" / "alias" / "en") is not None


def test_a_symlink_loop_is_outside(root: Path) -> None:
    (root / "loop").symlink_to(root / "loop")
    assert not is_inside(root, Path("loop/a"))


def test_dotdot_is_outside(root: Path) -> None:
    assert outside_reason(root, Path("annotations/../../x")) == "outside the project folder"


def test_make_real_folders_refuses_links(root: Path, outside: Path) -> None:
    (root / ".reader").symlink_to(outside, target_is_directory=True)
    with pytest.raises(OutsidePath, match=r"\.reader -> .*a symlink, not a folder"):
        make_real_folders(root, Path(".reader/locks"))
    assert not (outside / "locks").exists()
    assert make_real_folders(root, Path("cache/a/b")).is_dir()


def test_atomic_write_never_creates_folders_through_a_link(root: Path, outside: Path) -> None:
    (root / "annotations" / "de").symlink_to(outside, target_is_directory=True)
    with pytest.raises(OutsidePath, match="will not create folders in a link"):
        atomic_write_text(root / "annotations" / "de" / "sub" / "a.yaml", "x")
    assert list(outside.iterdir()) == []


def test_atomic_write_with_root_refuses_a_link_out(root: Path, outside: Path) -> None:
    (root / "annotations" / "de").symlink_to(outside, target_is_directory=True)
    with pytest.raises(OutsidePath, match="annotations/de -> "):
        atomic_write_text(root / "annotations" / "de" / "a.yaml", "x", root=root)
    assert list(outside.iterdir()) == []
    atomic_write_text(root / "annotations" / "en" / "new" / "a.yaml", "ok", root=root)
    assert (root / "annotations" / "en" / "new" / "a.yaml").read_text() == "ok"


def test_atomic_write_replaces_a_symlinked_file_instead_of_writing_through(
    root: Path, outside: Path
) -> None:
    target = outside / "victim.txt"
    target.write_text("mine")
    link = root / "annotations" / "en" / "a.yaml"
    link.symlink_to(target)
    atomic_write_text(link, "new")
    assert target.read_text() == "mine"
    assert not link.is_symlink() and link.read_text() == "new"


def test_temp_names_belong_to_one_target_only() -> None:
    pattern = temp_name_pattern("a.yaml")
    assert pattern.fullmatch(".~a.yaml.0123456789abcdef.tmp")
    assert not pattern.fullmatch(".~a.yaml.b.yaml.0123456789abcdef.tmp")
    assert not temp_name_pattern("a.yaml.b.yaml").fullmatch(".~a.yaml.0123456789abcdef.tmp")


def test_stale_temps_are_removed_but_not_others_nor_outside(root: Path, outside: Path) -> None:
    folder = root / "annotations" / "en"
    stale = folder / ".~a.yaml.0123456789abcdef.tmp"
    other = folder / ".~a.yaml.b.yaml.0123456789abcdef.tmp"
    stale.write_text("left by a killed writer")
    other.write_text("another file's temp")
    assert remove_stale_temps(folder / "a.yaml") == [stale]
    assert other.exists()
    (root / "annotations" / "de").symlink_to(outside, target_is_directory=True)
    victim = outside / ".~a.yaml.0123456789abcdef.tmp"
    victim.write_text("outside")
    assert remove_stale_temps(root / "annotations" / "de" / "a.yaml") == []
    assert victim.exists()


def test_a_locked_temp_is_not_removed(root: Path) -> None:
    fcntl = pytest.importorskip("fcntl")
    temp = root / "annotations" / "en" / ".~a.yaml.0123456789abcdef.tmp"
    temp.write_text("a writer at work")
    fd = os.open(temp, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        assert remove_stale_temps(root / "annotations" / "en" / "a.yaml") == []
    finally:
        os.close(fd)
    assert temp.exists()


def test_concurrent_saves_of_prefix_named_files_all_succeed(root: Path) -> None:
    folder = root / "annotations" / "en"
    names = ["a.yaml", "a.yaml.b.yaml", "a.yaml.b.yaml.c.yaml"]
    errors: list[BaseException] = []

    def save(name: str, n: int) -> None:
        try:
            for i in range(n):
                atomic_write_text(folder / name, f"{name} {i}\n" * 2000, fsync=False)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=save, args=(n, 40)) for n in names for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    for name in names:
        assert (folder / name).read_text().startswith(f"{name} ")
    assert [p.name for p in folder.iterdir() if p.name.endswith(".tmp")] == []
