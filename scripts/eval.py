"""Evaluate the entity and date recognisers on the brat gold files under tests/gold/.

Each folder of tests/gold/ is one labelled set (``seeds`` is the one the rules were
developed on; other folders are held out), each text ``<lang>-<YYYY-MM-DD>-….txt``
with its ``.ann``. Scores: precision, recall and F1 per type (exact span and type),
and date-value accuracy, for reader's recognisers, natasha alone (Russian) and
``dateparser.search.search_dates`` (DATE only), in one table.

Run: ``PYTHONPATH=src python scripts/eval.py [--registry entities.yaml]``.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from reader.core.recognition.entities import recognise  # noqa: E402
from reader.core.recognition.registry import EntityRegistry, load_registry  # noqa: E402
from reader.core.text.document import load_document  # noqa: E402

TYPES = ("PER", "ORG", "LOC", "DATE")
Span = tuple[int, int, str]


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


def ours(registry: EntityRegistry | None) -> System:
    """reader's recognisers (optionally with an entities.yaml)."""

    def run(g: Gold) -> dict[Span, str | None]:
        found = recognise(g.text, g.language, g.reference, registry=registry)
        return {(s.start, s.end, s.type): s.value for s in found}

    return run


def natasha_alone(g: Gold) -> dict[Span, str | None] | None:
    """natasha's NER (PER/ORG/LOC) and DatesExtractor (DATE; no year → no value); Russian only."""
    if g.language != "ru":
        return None
    from natasha import DatesExtractor, Doc, MorphVocab, NewsEmbedding, NewsNERTagger, Segmenter

    doc = Doc(g.text)
    doc.segment(Segmenter())
    doc.tag_ner(NewsNERTagger(NewsEmbedding()))
    out: dict[Span, str | None] = {(s.start, s.stop, s.type): None for s in doc.spans}
    for match in DatesExtractor(MorphVocab())(g.text):
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
    """True positives, false positives, false negatives per type; date values."""

    tp: dict[str, int]
    fp: dict[str, int]
    fn: dict[str, int]
    values_right: int = 0
    values_matched: int = 0
    gold_dates: int = 0


def score(golds: list[Gold], system: System, types: tuple[str, ...]) -> Counts | None:
    """Counts of ``system`` over ``golds`` (None if it handles none of them)."""
    c = Counts(defaultdict(int), defaultdict(int), defaultdict(int))
    ran = False
    for g in golds:
        predicted = system(g)
        if predicted is None:
            continue
        ran = True
        gold = {k: v for k, v in g.spans.items() if k[2] in types}
        pred = {k: v for k, v in predicted.items() if k[2] in types}
        for span in pred:
            (c.tp if span in gold else c.fp)[span[2]] += 1
        for span, value in gold.items():
            if span not in pred:
                c.fn[span[2]] += 1
            if span[2] == "DATE":
                c.gold_dates += 1
                if span in pred:
                    c.values_matched += 1
                    c.values_right += pred[span] == value
    return c if ran else None


def _prf(c: Counts, type_: str) -> str:
    tp, fp, fn = c.tp[type_], c.fp[type_], c.fn[type_]
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"{p:5.2f} {r:5.2f} {f:5.2f}"


def table(label: str, golds: list[Gold], registry: EntityRegistry | None) -> None:
    """Print the comparison table for one labelled set of gold documents."""
    systems: list[tuple[str, System, tuple[str, ...]]] = [
        ("reader", ours(None), TYPES),
        ("natasha alone", natasha_alone, TYPES),
        ("dateparser", dateparser_search, ("DATE",)),
    ]
    if registry is not None:
        systems.insert(1, ("reader+entities.yaml", ours(registry), TYPES))
    n_gold = sum(len(g.spans) for g in golds)
    print(f"\n## {label}: {len(golds)} documents, {n_gold} gold spans")
    print(f"{'system':<22}{'lang':<6}" + "".join(f"{t + ' P/R/F1':<19}" for t in TYPES), end="")
    print("date values (of matched / of all gold)")
    for lang in [*sorted({g.language for g in golds}), "all"]:
        docs = [g for g in golds if lang in ("all", g.language)]
        for name, system, types in systems:
            c = score(docs, system, types)
            if c is None:
                continue
            cells = "".join(f"{_prf(c, t) if t in types else '   -':<19}" for t in TYPES)
            values = (
                f"{c.values_right}/{c.values_matched} = {c.values_right / c.values_matched:.2f}"
                if c.values_matched
                else "-"
            )
            all_gold = f"{c.values_right}/{c.gold_dates}" if c.gold_dates else "-"
            print(f"{name:<22}{lang:<6}{cells}{values} ; {all_gold}")


def main() -> int:
    """Evaluate every set under tests/gold/."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=ROOT / "tests" / "gold")
    parser.add_argument("--registry", type=Path, default=ROOT / "entities.yaml")
    args = parser.parse_args()
    registry = load_registry(args.registry) if args.registry.is_file() else None
    print("Exact span and type; P/R/F1 per type. 'natasha alone' is Russian only.")
    for folder in sorted(p for p in args.gold.iterdir() if p.is_dir()):
        golds = [read_brat(t) for t in sorted(folder.glob("*.txt"))]
        if not golds:
            continue
        note = " (developed on: not held out)" if folder.name == "seeds" else " (held out)"
        table(folder.name + note, golds, registry)
    return 0


if __name__ == "__main__":
    sys.exit(main())
