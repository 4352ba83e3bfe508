"""Compare screen speed: opening it on two 60 KB articles (goal ≤ 150 ms, issue 12).

"Open" is from pushing the screen to the frame that shows both texts with their shared
marks painted and the paragraphs aligned (``call_after_refresh`` after the marks
arrived). The articles are the seeds repeated to 60 KB (English and Russian); their
entities are in the recogniser cache, as for any article opened once in the TUI (the
cold recognition of each is printed apart: it runs once per text, in a worker, with
the texts already shown). Prints a median of several runs beside the goal.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.app import App
from textual.widgets import Static

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from reader.core.project.layout import Project  # noqa: E402
from reader.tui.screens.compare import CompareScreen  # noqa: E402
from reader.tui.services import Services  # noqa: E402

SEED_EN = REPO / "corpus" / "en" / "2021-12-29-biden-putin-meeting.txt"
SEED_RU = REPO / "corpus" / "ru" / "2021-12-29-baiden-putin-vstrecha.txt"
TARGET_BYTES = 60_000
RUNS = 7
GOAL_MS = 150.0
EN, RU = "en/2021-12-29-big.txt", "ru/2021-12-29-big.txt"


def repeated(seed: Path) -> str:
    """The seed's text repeated until it is at least TARGET_BYTES of UTF-8."""
    text = seed.read_text(encoding="utf-8").strip() + "\n\n"
    return text * -(-TARGET_BYTES // len(text.encode("utf-8")))


def make_project(root: Path) -> None:
    for rel, seed in ((EN, SEED_EN), (RU, SEED_RU)):
        path = root / "corpus" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(repeated(seed), encoding="utf-8")
    (root / "reader.yaml").write_text("annotator: bench\n", encoding="utf-8")
    shutil.copyfile(REPO / "entities.yaml", root / "entities.yaml")


class Host(App[None]):
    """An app showing one line; the bench pushes the compare screen on it."""

    def __init__(self, root: Path) -> None:
        super().__init__()
        self.services = Services(Project.open(root))

    def compose(self) -> Any:
        yield Static("host")

    def on_unmount(self) -> None:
        self.services.saver.shutdown()


async def open_once(root: Path) -> Opening:
    """One opening of the compare screen in a fresh app."""
    app = Host(root)
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        started, cpu = time.perf_counter(), time.process_time()
        screen = CompareScreen(app.services, EN, RU)
        app.push_screen(screen)
        while screen.right.document is None:
            await asyncio.sleep(0.001)
        await painted(app)
        shown = ((time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000)
        while not (screen.anchors and screen.right.shared):
            await asyncio.sleep(0.001)
        await painted(app)
        marked = ((time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000)
        return Opening(*shown, *marked)


@dataclass(frozen=True)
class Opening:
    """Milliseconds from pushing the compare screen to the frame showing both texts, and
    to the frame with their shared marks painted and paragraphs aligned: wall time, and
    the CPU time of the whole process (every thread: what the opening computes, without
    the waits for other processes of a busy machine)."""

    shown: float
    shown_cpu: float
    marked: float
    marked_cpu: float


async def painted(app: App[None]) -> None:
    """Once the next frame is drawn."""
    done = asyncio.Event()
    app.call_after_refresh(done.set)
    await done.wait()


def recognise_cold(root: Path) -> dict[str, float]:
    """Seconds to recognise each article without a cache (fills the cache)."""
    services = Services(Project.open(root))
    seconds = {}
    for rel in (EN, RU):
        document = services.corpus.document(rel)
        language = services.corpus.language_of(document)
        started = time.perf_counter()
        services.recognise(document, language)
        seconds[rel] = time.perf_counter() - started
    services.saver.shutdown()
    return seconds


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        make_project(root)
        sizes = {rel: (root / "corpus" / rel).stat().st_size for rel in (EN, RU)}
        cold = recognise_cold(root)
        runs = [asyncio.run(open_once(root)) for _ in range(RUNS)]
    load = os.getloadavg()[0]
    print(f"compare screen (issue 12); load average {load:.1f} on {os.cpu_count()} cores")
    for rel in (EN, RU):
        print(f"  {rel}: {sizes[rel] / 1000:.1f} KB, cold recognition {cold[rel]:.2f} s (once)")
    for label, wall, cpu in (
        ("both texts shown", [r.shown for r in runs], [r.shown_cpu for r in runs]),
        ("marked and aligned", [r.marked for r in runs], [r.marked_cpu for r in runs]),
    ):
        for kind, times in (("wall", wall), ("CPU", cpu)):
            median = statistics.median(times)
            verdict = "ok" if median <= GOAL_MS else "OVER"
            print(
                f"  open on two 60 KB articles, {label}, {kind}: median {median:.0f} ms "
                f"of {RUNS} (min {min(times):.0f}, max {max(times):.0f})  "
                f"goal ≤ {GOAL_MS:.0f} ms  {verdict}"
            )


if __name__ == "__main__":
    main()
