"""files/cache.py (JSON caches under .reader/) and files/stamp.py."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.core.files.cache import read_json, read_keyed, write_json, write_keyed
from reader.core.files.stamp import file_stamp


def test_a_keyed_cache_reads_back_only_under_its_key(tmp_path: Path) -> None:
    path = tmp_path / ".reader" / "x.json"
    assert read_keyed(path, "v1") is None  # missing
    assert write_keyed(path, "v1", {"Путин": [1, 2]})
    assert read_keyed(path, "v1") == {"Путин": [1, 2]}
    assert "Путин" in path.read_text(encoding="utf-8")  # readable, not escaped
    assert read_keyed(path, "v2") is None


@pytest.mark.parametrize("planted", ["{broken", "[1, 2]", '{"key": "v1"}', "\udcff", ""])
def test_a_corrupted_cache_reads_as_no_cache(tmp_path: Path, planted: str) -> None:
    path = tmp_path / "x.json"
    path.write_text(planted, encoding="utf-8", errors="surrogateescape")
    assert read_keyed(path, "v1") is None


def test_a_failed_write_is_reported_not_raised(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    assert not write_json(blocker / "x.json", {"a": 1})  # its folder cannot exist
    assert read_json(blocker / "x.json") is None


def test_a_stamp_changes_when_a_file_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    assert file_stamp(path) is None
    path.write_text("one", encoding="utf-8")
    first = file_stamp(path)
    assert first is not None and first == file_stamp(path)
    replacement = tmp_path / "b.yaml"
    replacement.write_text("two", encoding="utf-8")
    os.replace(replacement, path)  # same size, as an atomic write does it
    assert file_stamp(path) != first
