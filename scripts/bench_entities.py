"""Benchmark the entity recognisers: ms per 5 KB article (warm) per language, first-article
time with model loading, peak RSS. Standalone: ``PYTHONPATH=src python scripts/bench_entities.py``.

Besides wall-clock time it prints the process's CPU time per article and the machine's
load average: on a shared machine the wall clock also counts the time the process waits
for a core, which the CPU time does not.
"""

from __future__ import annotations

import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from reader.core.recognition.entities import recognise  # noqa: E402
from reader.core.text.document import load_document  # noqa: E402

SEEDS = {
    "en": ROOT / "corpus" / "en" / "2021-12-29-biden-putin-meeting.txt",
    "ru": ROOT / "corpus" / "ru" / "2021-12-29-baiden-putin-vstrecha.txt",
}
TARGET_BYTES = 5 * 1024
RUNS = 20


def five_kb(text: str) -> str:
    """``text`` repeated and cut to about 5 KB of UTF-8."""
    out = text
    while len(out.encode("utf-8")) < TARGET_BYTES:
        out += "\n\n" + text
    while len(out.encode("utf-8")) > TARGET_BYTES:
        out = out[: int(len(out) * 0.98)]
    return out


def main() -> int:
    """Print one table row per language."""
    print(f"load average (1 min): {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(
        f"{'entities':<10}{'first (load+run) ms':>22}{'warm ms / 5 KB (median)':>26}"
        f"{'CPU ms (median)':>17}{'goal':>8}"
    )
    for language, path in SEEDS.items():
        doc = load_document(path)
        text = five_kb(doc.text)
        t0 = time.perf_counter()
        recognise(text, language, doc.date)
        first = (time.perf_counter() - t0) * 1000
        times, cpu_times = [], []
        for _ in range(RUNS):
            t0, c0 = time.perf_counter(), time.process_time()
            recognise(text, language, doc.date)
            times.append((time.perf_counter() - t0) * 1000)
            cpu_times.append((time.process_time() - c0) * 1000)
        warm, cpu = statistics.median(times), statistics.median(cpu_times)
        verdict = "ok" if warm <= 50 else "SLOW"
        print(f"{language:<10}{first:>22.0f}{warm:>26.1f}{cpu:>17.1f}{verdict:>8}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak_mb:.0f} MB (both languages loaded)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
