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
from pathlib import Path

from reader.core.annotations.format import Annotation, AnnotationFile, dump, new_id, parse
from reader.core.annotations.store import Store
from reader.core.project.layout import Project
from reader.core.text.language import detect_language

REPO = Path(__file__).resolve().parent.parent
SEEDS = sorted((REPO / "corpus").rglob("*.txt"))


def timed(func: Callable[[], object], repeat: int = 5) -> float:
    """Median wall time of ``func`` in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_annotation_file(root: Path) -> list[tuple[str, str]]:
    text = SEEDS[1].read_text(encoding="utf-8") * 30
    rng = random.Random(0)
    ids: set[str] = set()
    annotations = []
    for _ in range(1000):
        start = rng.randrange(0, len(text) - 200)
        end = start + rng.randrange(5, 200)
        ident = new_id(ids)
        ids.add(ident)
        annotations.append(
            Annotation(ident, rng.choice(["claim", "condition", "date", "quote"]), start, end,
                       text[start:end], speaker="Дмитрий Песков", author="bench",
                       created="2026-11-22T06:30:00Z")
        )  # fmt: skip
    afile = AnnotationFile("ru/big.txt", "0" * 64, "ru").with_annotations(annotations)
    root.mkdir(parents=True)
    project = Project.open(root)
    store = Store(project)
    path = store.path_for("ru/big.txt")
    save = timed(lambda: (path.unlink(missing_ok=True), store.save(afile)))
    unchanged = timed(lambda: store.save(afile))
    load = timed(lambda: store.read_path(path))
    text_yaml = dump(afile)
    return [
        ("save 1,000 annotations (dump + atomic write + fsync)", f"{save * 1000:.1f} ms"),
        ("save unchanged (compare, no write)", f"{unchanged * 1000:.1f} ms"),
        ("load 1,000 annotations (parse + schema)", f"{load * 1000:.1f} ms"),
        ("dump only", f"{timed(lambda: dump(afile)) * 1000:.1f} ms"),
        ("parse only", f"{timed(lambda: parse(text_yaml, path)) * 1000:.1f} ms"),
        ("file size", f"{len(text_yaml.encode()) / 1024:.0f} KiB"),
    ]


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
