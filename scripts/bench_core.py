"""Core speed: annotation files of 1,000 entries, `reader list` on 10,000 articles, languages."""

from __future__ import annotations

import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from reader.core.annotations.format import Annotation, AnnotationFile, dump, new_id, parse
from reader.core.annotations.store import Store
from reader.core.project.layout import Project
from reader.core.text.language import detect_language

REPO = Path(__file__).resolve().parent.parent
SEEDS = sorted((REPO / "corpus").rglob("*.txt"))
T = TypeVar("T")


def timed(func: Callable[[], object], repeat: int = 9) -> float:
    """Median wall time of ``func`` in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def annotation_file(seed: int) -> AnnotationFile:
    """1,000 annotations on a long Russian text: spans over line breaks, Cyrillic speakers,
    notes, date values. Each seed gives other texts and ids (caches start cold for them)."""
    text = SEEDS[1].read_text(encoding="utf-8") * 30
    rng = random.Random(seed)
    ids: set[str] = set()
    annotations = []
    for _ in range(1000):
        start = rng.randrange(0, len(text) - 200)
        end = start + rng.randrange(5, 200)
        ident = new_id(ids)
        ids.add(ident)
        tag = rng.choice(["claim", "condition", "date", "quote"])
        annotations.append(
            Annotation(ident, tag, start, end, text[start:end], speaker="Дмитрий Песков",
                       note=rng.choice([None, "see: the 2nd paragraph", "«важно»"]),
                       value="2022-01-10" if tag == "date" else None, author="bench",
                       created=f"2026-11-22T06:{rng.randrange(60):02d}:00Z")
        )  # fmt: skip
    return AnnotationFile("ru/big.txt", "0" * 64, "ru").with_annotations(annotations)


def rounds(setup: Callable[[int], T], run: Callable[[T], object]) -> tuple[float, float]:
    """Median wall and CPU time of ``run`` over 9 rounds, each on its own ``setup(round)``."""
    wall, cpu = [], []
    for seed in range(9):
        prepared = setup(seed)
        started, started_cpu = time.perf_counter(), time.process_time()
        run(prepared)
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return statistics.median(wall), statistics.median(cpu)


def bench_annotation_file(root: Path) -> list[tuple[str, str]]:
    """Cold rounds use files never written or read before in this process (the emitter
    keeps recent entries, the reader recent short values); "one change" is the TUI's
    save after an edit."""
    root.mkdir(parents=True)
    store = Store(Project.open(root))
    path = store.path_for("ru/big.txt")
    seeds = iter(range(1000))

    def new_file(_: int) -> AnnotationFile:
        path.unlink(missing_ok=True)
        return annotation_file(next(seeds))

    def written(_: int) -> AnnotationFile:
        afile = annotation_file(next(seeds))
        store.save(afile)
        return afile

    def one_changed(round_: int) -> tuple[AnnotationFile, AnnotationFile]:
        base = written(round_)
        first = replace(base.annotations[0], note="changed")
        return replace(base, annotations=(first, *base.annotations[1:])), base

    save = rounds(new_file, store.save)
    unchanged = rounds(written, store.save)
    edited = rounds(one_changed, lambda pair: store.save_merging(*pair))

    def written_by_another(round_: int) -> Store:
        written(round_)
        return Store(Project.open(root))  # knows nothing of the file yet

    load = rounds(written_by_another, lambda reader: reader.read_path(path))
    dumped = rounds(lambda _: annotation_file(next(seeds)), dump)
    parsed = rounds(lambda _: dump(annotation_file(next(seeds))), lambda text: parse(text, path))
    size = len(dump(annotation_file(0)).encode())
    return [
        ("save 1,000 annotations, cold (dump + atomic write + fsync)", _vs(save, 10)),
        ("save after one change (read, merge check, dump, write + fsync)", _vs(edited, 10)),
        ("save unchanged (compare, no write)", _vs(unchanged)),
        ("load 1,000 annotations, cold (read + parse + schema)", _vs(load, 15)),
        ("  dump only, cold", _vs(dumped)),
        ("  parse only, cold", _vs(parsed)),
        ("  file size", f"{size / 1024:.0f} KiB"),
    ]


def _vs(times: tuple[float, float], goal_ms: float | None = None) -> str:
    """Wall and CPU time, beside the goal when there is one: the verdict is on both, as
    the wall time on a machine busy with other work is more than the code costs."""
    wall, cpu = times
    shown = f"{wall * 1000:.1f} ms (cpu {cpu * 1000:.1f} ms)"
    if goal_ms is None:
        return shown
    verdicts = ("ok" if t * 1000 <= goal_ms else "over" for t in (wall, cpu))
    return f"{shown}  goal <= {goal_ms:g} ms: wall {next(verdicts)}, cpu {next(verdicts)}"


def make_corpus(root: Path, count: int) -> None:
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    for i in range(count):
        folder = root / "corpus" / f"{i // 500:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        body = texts[i % 2]
        cut = 1500 + (i * 37) % 1500
        (folder / f"article-{i:05d}.txt").write_text(f"Article {i}\n{body[:cut]}", "utf-8")


def bench_list(root: Path, count: int) -> list[tuple[str, str]]:
    make_corpus(root, count)
    reader = [sys.executable, "-m", "reader", "list", str(root)]

    def run() -> float:
        start = time.perf_counter()
        subprocess.run(reader, check=True, stdout=subprocess.DEVNULL)
        return time.perf_counter() - start

    cold = run()
    warm = statistics.median(run() for _ in range(3))
    shutil.rmtree(root / ".reader")
    return [
        (f"reader list, {count:,} articles, cold (no .reader/ cache)", f"{cold:.2f} s"),
        (f"reader list, {count:,} articles, cached", f"{warm:.2f} s"),
        ("cold / cached", f"{cold / warm:.1f}x"),
    ]


def bench_language() -> list[tuple[str, str]]:
    detect_language("warm up the profiles")
    rows = []
    for path in SEEDS:
        text = path.read_text(encoding="utf-8")
        seconds = timed(lambda text=text: detect_language(text), repeat=20)
        rows.append(
            (
                f"language of {path.parent.name}/ seed ({len(text)} chars)",
                f"{seconds * 1000:.1f} ms",
            )
        )
        restricted = timed(lambda text=text: detect_language(text, ["en", "ru"]), repeat=20)
        rows.append(("  restricted to en, ru", f"{restricted * 1000:.1f} ms"))
    return rows


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        rows = bench_annotation_file(Path(tmp) / "a")
        rows += bench_list(Path(tmp) / "b", 10_000)
    rows += bench_language()
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name.ljust(width)}  {value}")


if __name__ == "__main__":
    main()
