"""Corpus index: cold build, warm `reader list --json`, and search against `rg -l`, on a
generated corpus (scripts/make_corpus.py) under /tmp, each figure beside its goal.

    python scripts/bench_index.py [--texts 100000]

Setup: `apt-get install -y ripgrep` for the search comparison; without it `grep -rl` is
the baseline (said in the output). Figures depend on the machine's load: the load
average is printed with them.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import make_corpus

READER = str(Path(sys.executable).with_name("reader"))
WORD = "Путин"


def timed(func: Callable[[], object], repeat: int = 1) -> float:
    """Best wall time of ``func`` over ``repeat`` runs, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def cpu_of_children() -> float:
    """CPU seconds (user + system) used so far by finished child processes."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(args: list[str], cwd: Path) -> None:
    subprocess.run(args, cwd=cwd, check=True, stdout=subprocess.DEVNULL)


def corpus_of(texts: int, base: Path) -> tuple[Path, float | None]:
    """The generated corpus of ``texts`` texts (made now, timed, unless already there)."""
    root = base / f"corpus-{texts}"
    done = root / ".generated"
    if done.is_file():
        return root, None
    shutil.rmtree(root, ignore_errors=True)
    started = time.perf_counter()
    make_corpus(root, texts)
    elapsed = time.perf_counter() - started
    done.write_text("complete\n", encoding="utf-8")
    return root, elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=100_000)
    parser.add_argument("--base", type=Path, default=Path("/tmp/reader-bench"))
    args = parser.parse_args()
    root, generated = corpus_of(args.texts, args.base)
    scale = args.texts / 100_000
    rows: list[tuple[str, str, str]] = []
    if generated is not None:
        rows.append((f"generate {args.texts} texts", f"≤ {60 * scale:.0f} s", f"{generated:.1f} s"))

    shutil.rmtree(root / ".reader", ignore_errors=True)
    before = cpu_of_children()
    cold = timed(lambda: run([READER, "index", "."], root))
    cpu = cpu_of_children() - before
    rows.append(
        (
            f"cold index, {args.texts} texts, {os.cpu_count()} cores",
            f"≤ {60 * scale:.0f} s",
            f"{cold:.1f} s ({cpu:.0f} CPU s, all processes)",
        )
    )

    warm_index = timed(lambda: run([READER, "index", "."], root), repeat=3)
    rows.append(("`reader index` warm (stat walk, nothing read)", "-", f"{warm_index:.2f} s"))
    before = cpu_of_children()
    listing = timed(lambda: run([READER, "list", "--json", "."], root), repeat=3)
    cpu = (cpu_of_children() - before) / 3
    rows.append(
        (
            f"`reader list --json` warm, {args.texts} texts",
            "≤ 1.5 s",
            f"{listing:.2f} s ({cpu:.2f} CPU s)",
        )
    )

    rg = shutil.which("rg")
    baseline = [rg, "-l", WORD, "corpus"] if rg else ["grep", "-rl", WORD, "corpus"]
    name = "rg -l" if rg else "grep -rl (rg not installed)"
    scan = timed(lambda: subprocess.run(baseline, cwd=root, stdout=subprocess.DEVNULL), repeat=3)
    cli = timed(lambda: run([READER, "search", WORD, ".", "--limit", "20"], root), repeat=3)

    from reader.core.corpus.discovery import Corpus
    from reader.core.corpus.query import parse_query
    from reader.core.project.layout import Project

    index = Corpus(Project.open(root)).index
    query = parse_query(WORD)
    engine = timed(lambda: index.search(query, 20), repeat=5)
    matches = index.count(query)
    rows.append((f"{name} {WORD} (finds {WORD} only)", "-", f"{scan:.3f} s"))
    rows.append(
        (
            f"index search {WORD} (+Путина, Путиным…: {matches} texts), best 20",
            f"≤ {scan / 20:.3f} s (1/20 of {name.split()[0]})",
            f"{engine:.3f} s",
        )
    )
    rows.append((f"`reader search {WORD}` whole command (start-up included)", "-", f"{cli:.3f} s"))
    # What a virtual list in the TUI asks on a keystroke: the count and one page.
    for label, filtered, sort in (
        ("sort by title", None, "title"),
        ("sort by quote count", None, "tag:quote"),
        (f"filter {WORD}", query, "path"),
        ("filter lang:ru has:annotations", parse_query("lang:ru has:annotations"), "date"),
    ):
        page = timed(
            lambda q=filtered, o=sort: (index.count(q), index.rows(q, o, limit=50)), repeat=3
        )
        rows.append(
            (f"list page for the TUI: {label} (count + 50 rows)", "≤ 0.050 s", f"{page:.3f} s")
        )
    size = sum(p.stat().st_size for p in (root / ".reader").glob("index.sqlite*"))
    rows.append(("index size on disk", "-", f"{size / 2**20:.0f} MB"))

    width = max(len(r[0]) for r in rows)
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())} (shared machine)")
    print(f"{'figure'.ljust(width)}  {'goal':<28}  measured")
    for figure, goal, measured in rows:
        print(f"{figure.ljust(width)}  {goal:<28}  {measured}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
