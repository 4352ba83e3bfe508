"""Concurrent saves of annotation files whose names extend each other (``a.yaml`` and
``a.yaml.b.yaml``): no writer removes another's temp file, every save lands."""

from __future__ import annotations

import threading
from pathlib import Path

from reader.core.annotations.format import Annotation, AnnotationFile
from reader.core.annotations.store import Store
from reader.core.files.atomic import temp_name_pattern
from reader.core.project.layout import Project

NAMES = ("a.txt", "a.yaml.b.txt", "a.yaml.b.yaml.c.txt")
SAVES = 40


def test_forty_concurrent_saves_of_prefix_named_files_all_succeed(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in NAMES:
        (corpus / name).write_text("Some words to tag.\n", encoding="utf-8")
    project = Project.open(tmp_path)
    errors: list[BaseException] = []

    def save(rel: str, worker: int) -> None:
        store = Store(project)
        try:
            for n in range(SAVES // 4):
                note = f"worker {worker} save {n} " * 200  # big enough to overlap in time
                a = Annotation("x1", "claim", 0, 4, "Some", note=note)
                store.save(AnnotationFile(rel, "0" * 64, "en", (a,)))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=save, args=(rel, w)) for rel in NAMES for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    folder = tmp_path / "annotations"
    for rel in NAMES:
        assert Store(project).load(rel) is not None
        pattern = temp_name_pattern(Path(rel).with_suffix(".yaml").name)
        assert [p for p in folder.iterdir() if pattern.fullmatch(p.name)] == []
