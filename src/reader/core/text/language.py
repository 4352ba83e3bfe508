"""Language detection: langdetect, seeded, restricted to the project's languages (the corpus
index keeps the results)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

_MIN_LETTERS = 3
_SAMPLE_CHARS = 1200  # the middle of a long text: body, not bylines or cookie banners
_lock = threading.Lock()
_factory: Any = None


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
