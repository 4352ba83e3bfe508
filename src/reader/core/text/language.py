"""Language detection: langdetect, seeded, restricted to the project's languages, cached."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.core.files.cache import read_json, write_json

_MIN_LETTERS = 3
_SAMPLE_CHARS = 1200  # the middle of a long text: body, not bylines or cookie banners
_PASSAGE_MIN_LETTERS = 40
_lock = threading.Lock()
_factory: Any = None
_PARAGRAPH = re.compile(r"(?:\r\n|\n|\r)[ \t]*(?:\r\n|\n|\r)")


def _get_factory() -> Any:
    """langdetect's profile factory, loaded once (about 100 ms), seeded for determinism."""
    global _factory
    with _lock:
        if _factory is None:
            from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

            factory = DetectorFactory()
            factory.load_profile(PROFILES_DIRECTORY)
            factory.seed = 0
            _factory = factory
        return _factory


def _sample(text: str) -> str:
    """The whole text when short, else its middle ``_SAMPLE_CHARS`` characters."""
    if len(text) <= _SAMPLE_CHARS:
        return text
    middle = len(text) // 2
    return text[middle - _SAMPLE_CHARS // 2 : middle + _SAMPLE_CHARS // 2]


def supported_languages() -> list[str]:
    """The language codes langdetect knows (its profile files: no profile is loaded)."""
    import importlib.util

    spec = importlib.util.find_spec("langdetect")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover
        return sorted(_get_factory().get_lang_list())
    profiles = Path(next(iter(spec.submodule_search_locations))) / "profiles"
    return sorted(p.name for p in profiles.iterdir() if not p.name.startswith("."))


def _letters(text: str) -> int:
    return sum(1 for ch in text if ch.isalpha())


def detect_language(text: str, allowed: Sequence[str] | None = None) -> str | None:
    """The most probable language of ``text`` among ``allowed`` (all when None or empty).

    Returns None for text with too few letters (empty, digits, punctuation).
    Deterministic: the same text gives the same answer in every run.
    """
    sample = _sample(text)
    if _letters(sample) < _MIN_LETTERS:
        return None
    factory = _get_factory()
    from langdetect.lang_detect_exception import LangDetectException

    known = set(factory.get_lang_list())
    candidates = [lang for lang in (allowed or ()) if lang in known]
    with _lock:
        detector = factory.create()
        if candidates:
            detector.set_prior_map({lang: 1.0 for lang in candidates})
        detector.append(sample)
        try:
            result = str(detector.detect())
        except LangDetectException:
            return None
    if result == "unknown":
        return None
    return result


@dataclass(frozen=True, slots=True)
class Passage:
    """A paragraph-sized run of text and its language."""

    start: int
    end: int
    language: str | None


def detect_passages(
    text: str, allowed: Sequence[str] | None = None, default: str | None = None
) -> list[Passage]:
    """Per-paragraph languages for mixed articles; short paragraphs take ``default``."""
    passages: list[Passage] = []
    start = 0
    bounds = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]
    for gap_start, gap_end in [*bounds, (len(text), len(text))]:
        chunk = text[start:gap_start]
        if chunk.strip():
            language = default
            if _letters(chunk) >= _PASSAGE_MIN_LETTERS:
                language = detect_language(chunk, allowed) or default
            passages.append(Passage(start, gap_start, language))
        start = gap_end
    return passages


class LanguageCache:
    """Detected languages keyed by text sha256 and the allowed set, persisted as JSON."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._data: dict[str, str | None] = {}
        self._dirty = False
        loaded = read_json(path) if path is not None else None
        if isinstance(loaded, dict):
            self._data = {str(k): v for k, v in loaded.items() if isinstance(v, str | None)}

    @staticmethod
    def _key(sha256: str, allowed: Iterable[str] | None) -> str:
        return f"{sha256}:{','.join(sorted(allowed or ()))}"

    def language(self, sha256: str, text: str, allowed: Sequence[str] | None = None) -> str | None:
        """The cached language of the text with this sha256, detecting it on a miss."""
        key = self._key(sha256, allowed)
        if key in self._data:
            return self._data[key]
        result = detect_language(text, allowed)
        self._data[key] = result
        self._dirty = True
        return result

    def save(self) -> None:
        """Write the cache if anything was added (atomically; a cache failure is not fatal)."""
        if self.path is None or not self._dirty:
            return
        if write_json(self.path, self._data, sort_keys=True):
            self._dirty = False
