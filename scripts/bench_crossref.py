"""Across articles on a generated corpus: `reader related` and `reader timeline` timed
against their goals (10,000 texts with 20,000 annotations: related ≤ 0.5 s, timeline
≤ 1 s), each printed beside its goal.

The corpus (in a temporary folder) holds stories told by two English and two Russian
articles each, with datelines, entities linked across the languages by entities.yaml,
event dates, and two annotations per text (a quote with its speaker, a date with its
value). scripts/make_corpus.py (the index bench's) writes a few annotation files and
no entity spans, hence this generator. Recognising 10,000 texts takes minutes
(bench_entities.py times the recognisers), so the tables are built with the
generator's own spans plugged in as the span source; the timed commands then run as
a user runs them, in a new process, on the tables as they are (``--cached``: nothing
to recognise).

    .venv/bin/python scripts/bench_crossref.py [--texts N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import calendar
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from reader.core.annotations.format import Annotation, AnnotationFile, dump
from reader.core.corpus.compare import align, shared_marks
from reader.core.corpus.crossref import CrossRef
from reader.core.corpus.discovery import Corpus
from reader.core.corpus.query import parse_query
from reader.core.project.layout import Project
from reader.core.recognition.entities import EntitySpan
from reader.core.recognition.registry import load_registry
from reader.core.text.document import Document, sha256_of

RELATED_GOAL = 0.5
TIMELINE_GOAL = 1.0
RUNS = 5
EN_MONTHS = tuple(calendar.month_name[1:])
RU_MONTHS = (
    "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
    "октября", "ноября", "декабря",
)  # fmt: skip
RU_SHORT = ("янв", "фев", "мар", "апр", "мая", "июн", "июл", "авг", "сен", "окт", "ноя", "дек")
EN_FILLER = (
    "Officials familiar with the matter said the talks would cover security, trade and "
    "energy. Analysts expect no breakthrough but a schedule for further meetings. "
)
RU_FILLER = (
    "Собеседники агентства сообщили, что переговоры затронут безопасность, торговлю и "
    "энергетику. Аналитики не ждут прорыва, но ожидают графика новых встреч. "
)


@dataclass
class Piece:
    """A text being written, with the spans of what it names."""

    parts: list[str] = field(default_factory=list)
    spans: list[EntitySpan] = field(default_factory=list)
    length: int = 0

    def add(self, text: str, kind: str | None = None, value: str | None = None,
            canonical: str | None = None) -> tuple[int, int]:  # fmt: skip
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        if kind is not None:
            self.spans.append(EntitySpan(start, self.length, kind, text, value, canonical))
        return start, self.length

    @property
    def text(self) -> str:
        return "".join(self.parts)


Names = tuple[str, str]  # (English, Russian)


def tell(piece: Piece, lang: str, who: list[Names], where: Names, event: date,
         published: date, fillers: int) -> tuple[tuple[int, int], tuple[int, int]]:  # fmt: skip
    """Add one wire story to ``piece``; the spans of its speaker and of its event date."""
    if lang == "en":
        piece.add(f"{where[0].upper()}, {EN_MONTHS[published.month - 1][:3]} "
                  f"{published.day} (Reuters) - ")  # fmt: skip
        speaker = piece.add(who[0][0], "PER", who[0][0], who[0][0])
        piece.add(" said ")
        piece.add(who[1][0], "PER", who[1][0], who[1][0])
        piece.add(" would meet ")
        piece.add(who[2][0], "PER", who[2][0], who[2][0])
        piece.add(" in ")
        piece.add(where[0], "LOC", where[0], where[0])
        piece.add(" on ")
        when = piece.add(f"{EN_MONTHS[event.month - 1]} {event.day}", "DATE", event.isoformat())
        piece.add(". " + EN_FILLER * fillers)
        return speaker, when
    piece.add(f"{where[1]}, {published.day} {RU_SHORT[published.month - 1]} — РИА Новости. ")
    speaker = piece.add(who[0][1], "PER", who[0][0], who[0][0])
    piece.add(" заявил, что ")
    piece.add(who[1][1], "PER", who[1][0], who[1][0])
    piece.add(" встретится с ")
    piece.add(who[2][1], "PER", who[2][0], who[2][0])
    piece.add(" в ")
    piece.add(where[1], "LOC", where[0], where[0])
    piece.add(" ")
    when = piece.add(f"{event.day} {RU_MONTHS[event.month - 1]}", "DATE", event.isoformat())
    piece.add(". " + RU_FILLER * fillers)
    return speaker, when


def people_and_places() -> tuple[list[Names], list[Names]]:
    """The entities of the generated corpus, in both languages."""
    people = [(f"Person{i} Name{i}", f"Персона{i} Имя{i}") for i in range(300)]
    places = [(f"City{i}", f"Город{i}") for i in range(100)]
    return people, places


def long_pair(size: int = 60_000, seed: int = 5) -> tuple[Piece, Piece]:
    """An English and a Russian article of about ``size`` characters telling the same
    events paragraph by paragraph (the compare screen's worst case)."""
    rng = random.Random(seed)
    people, places = people_and_places()
    left, right = Piece(), Piece()
    while left.length < size:
        who, where = rng.sample(people, 3), rng.choice(places)
        event = date(2022, 1, 1) + timedelta(days=rng.randrange(365))
        for piece, lang in ((left, "en"), (right, "ru")):
            tell(piece, lang, who, where, event, event, rng.randrange(3, 8))
            piece.add("\n\n")
    return left, right


def make_corpus(root: Path, texts: int, seed: int = 12) -> dict[str, list[EntitySpan]]:
    """Write the corpus, entities.yaml and annotations under ``root``; the spans of each
    text by sha256."""
    rng = random.Random(seed)
    people, places = people_and_places()
    (root / "reader.yaml").write_text("annotator: bench\nlanguages: [en, ru]\n", encoding="utf-8")
    registry = ["entities:"]
    for en, ru in people:
        registry += [f"- name: {en}", "  type: PER", f"  aliases: [{ru}]"]
    for en, ru in places:
        registry += [f"- name: {en}", "  type: LOC", f"  aliases: [{ru}]"]
    (root / "entities.yaml").write_text("\n".join(registry) + "\n", encoding="utf-8")
    spans_by_sha: dict[str, list[EntitySpan]] = {}
    first_day = date(2019, 1, 1)
    for n in range(texts):
        story = random.Random(seed * 1_000_003 + n // 4)
        who = story.sample(people, 3)
        where = story.choice(places)
        event = first_day + timedelta(days=story.randrange(5 * 365))
        published = event - timedelta(days=rng.randrange(0, 4))
        lang = "en" if n % 4 < 2 else "ru"
        piece = Piece()
        speaker, when = tell(piece, lang, who, where, event, published, rng.randrange(3, 8))
        text = piece.text
        rel = f"{lang}/{published:%Y/%m}/{published:%d}-story-{n}.txt"
        path = root / "corpus" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        sha = sha256_of(text)
        spans_by_sha[sha] = piece.spans
        annotations = (
            Annotation(id=f"q{n:05d}", tag="quote", start=speaker[1] + 1, end=when[0],
                       text=text[speaker[1] + 1 : when[0]], speaker=piece.spans[0].text,
                       author="bench"),
            Annotation(id=f"d{n:05d}", tag="date", start=when[0], end=when[1],
                       text=text[when[0] : when[1]], value=event.isoformat(), author="bench"),
        )  # fmt: skip
        target = (root / "annotations" / rel).with_suffix(".yaml")
        target.parent.mkdir(parents=True, exist_ok=True)
        afile = AnnotationFile(document=rel, sha256=sha, language=lang, annotations=annotations)
        target.write_text(dump(afile), encoding="utf-8")
    return spans_by_sha


def timed(command: list[str], cwd: Path) -> float:
    """The best of RUNS wall-clock times of ``command`` (a new process each time)."""
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="build the corpus here and keep it")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="bench_crossref."))
    root.mkdir(parents=True, exist_ok=True)
    try:
        start = time.perf_counter()
        spans = make_corpus(root, args.texts)
        print(f"corpus: {args.texts} texts, {2 * args.texts} annotations "
              f"({time.perf_counter() - start:.1f} s to generate)")  # fmt: skip
        project = Project.open(root)
        corpus = Corpus(project)

        def generated(document: Document, *_: object) -> list[EntitySpan] | None:
            return spans.get(document.sha256)

        crossref = CrossRef(corpus, load_registry(root / "entities.yaml"), spans_of=generated)
        start = time.perf_counter()
        crossref.update()
        corpus.save_cache()
        print(f"build .reader/crossref.sqlite, cold: {time.perf_counter() - start:.2f} s")
        start = time.perf_counter()
        crossref.update()
        print(f"update with nothing changed (stat walk): {time.perf_counter() - start:.3f} s")
        rel = "en/" + next(
            p.relative_to(project.corpus_dir / "en").as_posix()
            for p in sorted((project.corpus_dir / "en").rglob("*.txt"))
        )
        queries = []
        for _ in range(RUNS):
            start = time.perf_counter()
            found = crossref.related(rel)
            queries.append(time.perf_counter() - start)
        best = f"{found[0].rel}, score {found[0].score}" if found else "none"
        print(f"related query alone: {statistics.median(queries) * 1000:.1f} ms (best: {best})")
        start = time.perf_counter()
        count = len(crossref.timeline())
        print(f"timeline query alone: {time.perf_counter() - start:.3f} s ({count} dates)")
        query = parse_query("speaker:Person7")
        start = time.perf_counter()
        crossref.annotations(query, group="speaker", limit=50)
        total = crossref.annotation_count(query)
        print(f"annotations screen, first page of 50 + count ({total}): "
              f"{(time.perf_counter() - start) * 1000:.1f} ms")  # fmt: skip
        start = time.perf_counter()
        crossref.annotations(group="speaker", limit=50)
        total = crossref.annotation_count()
        print(f"annotations screen, first page of 50 + count of all ({total}): "
              f"{(time.perf_counter() - start) * 1000:.1f} ms")  # fmt: skip
        crossref.close()
        left, right = long_pair()
        start = time.perf_counter()
        anchors = align(left.text, left.spans, right.text, right.spans)
        shared_marks(left.spans, right.spans)
        print(f"compare two {len(left.text) // 1000} KB articles (align + shared marks): "
              f"{(time.perf_counter() - start) * 1000:.1f} ms, {len(anchors)} anchors")  # fmt: skip
        reader = [sys.executable, "-m", "reader"]
        figure = timed([*reader, "related", f"corpus/{rel}", "--cached"], root)
        verdict = "ok" if figure <= RELATED_GOAL else "OVER"
        print(f"reader related (new process): {figure:.3f} s   goal ≤ {RELATED_GOAL} s  {verdict}")
        figure = timed([*reader, "timeline", "--cached"], root)
        verdict = "ok" if figure <= TIMELINE_GOAL else "OVER"
        print(f"reader timeline, all {count} dates (new process): {figure:.3f} s   "
              f"goal ≤ {TIMELINE_GOAL} s  {verdict}")  # fmt: skip
        figure = timed([*reader, "annotations", "speaker:Person7", "--cached"], root)
        print(f"reader annotations speaker:Person7 (new process): {figure:.3f} s")
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
