"""Entity recognition over a whole corpus, into the index: slow (models, every text), so it
runs over all cores, commits as it goes and resumes where it stopped; ``entity:`` queries
say how much of the corpus it has covered."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from multiprocessing import get_context
from typing import Any

from reader.core.corpus.discovery import Corpus
from reader.core.errors import Problem
from reader.core.project.layout import Project

BATCH = 16
DATE_TYPES = ("DATE", "TIME")
Found = tuple[int, list[str], list[str]]


def _registry(project: Project) -> Any:
    from reader.core.recognition.registry import REGISTRY_FILE, load_registry

    try:
        return load_registry(project.root / REGISTRY_FILE)
    except Problem:
        return None  # `reader validate` and the TUI report it; recognition goes on without


def recognise_batch(project: Project, batch: list[tuple[int, str, str | None]]) -> list[Found]:
    """(text id, entity names, date values) for each text of ``batch`` (a worker's task):
    the registry's canonical name where an entity links to one, else its normal form."""
    from reader.core.recognition.entities import recognise_document
    from reader.core.text.document import load_document

    registry = _registry(project)
    found: list[Found] = []
    for text_id, rel, language in batch:
        try:
            document = load_document(project.text_path(rel), rel)
        except Problem:
            found.append((text_id, [], []))
            continue
        spans = recognise_document(
            document, language, cache_dir=project.cache_dir, registry=registry
        )
        names = sorted(
            {s.canonical or s.value or s.text for s in spans if s.type not in DATE_TYPES}
        )
        dates = sorted({s.value for s in spans if s.type in DATE_TYPES and s.value})
        found.append((text_id, names, dates))
    return found


def index_entities(
    corpus: Corpus,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
) -> tuple[int, int]:
    """Recognise the entities of the texts of the scope not yet covered and index them;
    returns the coverage afterwards (texts covered, texts)."""
    todo = corpus.index.without_entities(corpus.scope)
    batches = [todo[i : i + BATCH] for i in range(0, len(todo), BATCH)]
    workers = workers or os.cpu_count() or 1
    project = corpus.project.unscoped()
    done = 0
    if progress and todo:
        progress(0, len(todo))
    with ExitStack() as stack:
        if workers > 1 and len(batches) > 1:
            pool = stack.enter_context(ProcessPoolExecutor(workers, mp_context=get_context("fork")))
            results = pool.map(recognise_batch, [project] * len(batches), batches)
        else:
            results = map(recognise_batch, [project] * len(batches), batches)
        for batch in results:
            for text_id, names, dates in batch:
                corpus.index.put_entities(text_id, names, dates)
            corpus.index.commit()  # an interrupted run keeps what it did
            done += len(batch)
            if progress:
                progress(done, len(todo))
    return corpus.index.entity_coverage(corpus.scope)
