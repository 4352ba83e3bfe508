"""Speed of `reader import --format brat` and `reader export --format brat`, in one process.

A synthetic brat collection (DOCUMENTS texts, each with SPANS T lines, a relation for every
fourth span and a note for every tenth) is imported into a new project and exported back;
each step prints its rate beside its goal.

    .venv/bin/python scripts/bench_interop.py [DOCUMENTS] [SPANS]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from reader.core.corpus.collection import exportable
from reader.core.interchange.brat import export_collection
from reader.core.interchange.brat_import import import_brat
from reader.core.project.layout import Project

GOAL_PER_SECOND = 5_000
WORDS = ("Anna", "met", "Boris", "in", "Paris", "on", "Tuesday,", "said", "the", "ministry.")


def write_collection(folder: Path, documents: int, spans: int) -> int:
    """``documents`` text/ann pairs; returns the number of T lines written."""
    total = 0
    for number in range(documents):
        words = [WORDS[(number + i) % len(WORDS)] for i in range(spans * 3)]
        text = " ".join(words) + "\n"
        lines = []
        position = 0
        starts = []
        for word in words:
            starts.append(position)
            position += len(word) + 1
        for i in range(spans):
            start = starts[i * 3]
            word = words[i * 3]
            lines.append(f"T{i + 1}\tEntity{i % 5} {start} {start + len(word)}\t{word}")
        for i in range(1, spans, 4):
            lines.append(f"R{i}\tRelated Arg1:T{i} Arg2:T{i + 1}\t")
        for i in range(1, spans + 1, 10):
            lines.append(f"#{i}\tAnnotatorNotes T{i}\tnote {i}")
        (folder / f"doc{number:04d}.txt").write_text(text, encoding="utf-8")
        (folder / f"doc{number:04d}.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
        total += spans
    return total


def main() -> int:
    documents = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    spans = int(sys.argv[2]) if len(sys.argv) > 2 else 400
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "brat"
        source.mkdir()
        count = write_collection(source, documents, spans)
        root = Path(tmp) / "project"
        (root / "corpus").mkdir(parents=True)
        project = Project.open(root)
        began, cpu = time.perf_counter(), time.process_time()
        report = import_brat(project, source, {}, {}, "bench")
        seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
        assert report.annotations == count and not report.problems, report.problems[:3]
        # The rate counts the process's own CPU time: on a shared machine wall time
        # mostly measures the other processes (both are printed).
        rate = count / cpu
        verdict = "ok" if rate >= GOAL_PER_SECOND else "BELOW GOAL"
        print(
            f"import: {count} annotations in {documents} documents, {cpu:.2f} s CPU "
            f"({seconds:.2f} s wall), {rate:,.0f}/s (goal ≥ {GOAL_PER_SECOND:,}/s: {verdict})"
        )
        project = Project.open(root)
        began, cpu = time.perf_counter(), time.process_time()
        pairs = [(i.file, i.document.text if i.document else None) for i in exportable(project)]
        written, messages = export_collection(pairs, Path(tmp) / "out", project.config.tag_names)
        seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
        assert written == documents and not messages, messages[:3]
        print(
            f"export: {count} annotations, {cpu:.2f} s CPU ({seconds:.2f} s wall), "
            f"{count / cpu:,.0f}/s "
            "(no goal; most of it is reading the annotation files)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
