"""What the screens share, handed to each at construction: the project, its corpus, the
writer thread, the entity registry, the cursor positions, the articles and entities
kept in memory, and the little view state several screens read (titles, panels, the
article view's wrap width, speakers seen)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.corpus.discovery import Corpus
from reader.core.project.layout import Project
from reader.core.project.positions import Positions
from reader.tui.recent import Recent
from reader.tui.saver import Saver

if TYPE_CHECKING:
    from reader.core.recognition.entities import EntitySpan
    from reader.core.recognition.registry import EntityRegistry
    from reader.core.text.document import Document
    from reader.tui.article.loader import PreparedArticle

PREPARED_ARTICLES = 4  # recently opened or prefetched articles kept ready in memory
RECOGNISED_IN_MEMORY = 8  # articles whose entities stay in memory (prefetched, shown)


class Services:
    """The shared services of one project's TUI. Thread-safe where a worker uses them
    (corpus under ``corpus_lock``, the registry, the in-memory stores, the writer)."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.corpus = Corpus(project)
        self.corpus_lock = threading.RLock()
        self.positions = Positions(project.cache_dir)
        self.saver = Saver()  # the one thread that writes annotation files, in order
        # Articles ready to show (article/loader.py: prepare_article), by path.
        self.prepared: Recent[str, PreparedArticle] = Recent(PREPARED_ARTICLES)
        # Entities recognised lately, by (rel, sha256, language): (registry used, spans).
        self.recognised: Recent[
            tuple[str, str, str | None], tuple[EntityRegistry, list[EntitySpan]]
        ] = Recent(RECOGNISED_IN_MEMORY)
        self.titles: dict[str, str] = {}  # by path, as the corpus list loads them
        self.speakers: set[str] = set()  # used anywhere in the project, for completion
        self.panels: set[str] = set()  # the side panels shown: "annotations", "entities"
        self.wrap_width = 0  # the article view's wrap width, once laid out
        self._registry: EntityRegistry | None = None
        self._registry_stamp: tuple[int, int, int] | None = None
        self._registry_lock = threading.Lock()

    @property
    def registry_path(self) -> Path:
        """The project's ``entities.yaml``."""
        from reader.core.recognition.registry import REGISTRY_FILE

        return Path(self.project.root) / REGISTRY_FILE

    def entity_registry(self) -> EntityRegistry:
        """``entities.yaml`` (empty when absent), reloaded when it changes on disk.

        Thread-safe; raises Problem when the file cannot be read or is invalid.
        """
        from reader.core.recognition.registry import load_registry

        path = self.registry_path
        try:
            stat = path.stat()
            stamp: tuple[int, int, int] | None = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
        except OSError:
            stamp = None
        with self._registry_lock:
            if self._registry is None or stamp != self._registry_stamp:
                self._registry = load_registry(path)
                self._registry_stamp = stamp
            return self._registry

    def recognise(self, document: Document, language: str | None) -> tuple[list[EntitySpan], str]:
        """Entities of ``document`` (cached under .reader/entities/) and a problem to report
        ("" when none). Thread-safe; slow on a cache miss: call from a worker."""
        from reader.core.errors import Problem
        from reader.core.recognition.entities import recognise_document

        registry, problem = None, ""
        try:
            registry = self.entity_registry()
        except Problem as exc:
            problem = f"entities.yaml ignored: {exc}"
        try:
            spans = recognise_document(
                document, language, cache_dir=self.project.cache_dir, registry=registry
            )
        except Exception as exc:  # a recogniser failure must not kill the article
            return [], f"entity recognition failed: {exc}"
        if registry is not None:
            self.recognised.put((document.rel, document.sha256, language), (registry, spans))
        return spans, problem

    def recognised_now(self, document: Document, language: str | None) -> list[EntitySpan] | None:
        """The entities of ``document`` without running a recogniser: those ``recognise``
        last found (``entities.yaml`` unchanged: one stat), else from the cache under
        .reader/; None when they must be recognised (in a worker)."""
        from reader.core.errors import Problem
        from reader.core.recognition.entities import cached_entities

        try:
            registry = self.entity_registry()
        except Problem:
            return None  # the worker reports it
        found = self.recognised.get((document.rel, document.sha256, language))
        if found is not None and found[0] is registry:
            return found[1]
        return cached_entities(
            document, language, cache_dir=self.project.cache_dir, registry=registry
        )

    def forget_articles(self) -> None:
        """Drop the articles and entities kept in memory (read from disk again)."""
        self.prepared.clear()
        self.recognised.clear()
