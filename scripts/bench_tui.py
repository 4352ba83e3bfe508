"""TUI speed: start to first frame (vs a minimal DataTable app), article open, cursor cost.

Run directly or through ``make bench``; prints a small table of the three figures.
"""

from __future__ import annotations

import asyncio
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SEED_EN = REPO / "corpus" / "en" / "2021-12-29-biden-putin-meeting.txt"
SEED_RU = REPO / "corpus" / "ru" / "2021-12-29-baiden-putin-vstrecha.txt"
RUNS = 7
FRAME_60HZ_MS = 1000 / 60

MINIMAL = """
from textual.app import App
from textual.widgets import DataTable
class Minimal(App):
    def compose(self):
        yield DataTable()
    def on_mount(self):
        self.query_one(DataTable).add_columns("a", "b")
async def auto(pilot):
    pilot.app.exit()
Minimal().run(headless=True, size=(80, 24), auto_pilot=auto)
"""

READER = """
import sys
from reader.core.project import Project
from reader.tui.app import ReaderApp
async def auto(pilot):
    pilot.app.exit()
ReaderApp(Project.open(sys.argv[1])).run(headless=True, size=(80, 24), auto_pilot=auto)
"""


def _start_ms(code: str, *args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True)
    return (time.perf_counter() - started) * 1000


def start_ratio(project: Path) -> tuple[float, float]:
    """Median process start to first frame (ms) of the minimal app and of reader."""
    _start_ms(MINIMAL)
    _start_ms(READER, str(project))  # warm the caches and .reader/index.json
    minimal, reader = [], []
    for _ in range(RUNS):
        minimal.append(_start_ms(MINIMAL))
        reader.append(_start_ms(READER, str(project)))
    return statistics.median(minimal), statistics.median(reader)


def _article(seed: Path, size: int) -> str:
    text = seed.read_text(encoding="utf-8")
    body = (text + "\n\n") * (size // len(text.encode("utf-8")) + 1)
    return body.encode("utf-8")[:size].decode("utf-8", "ignore")


async def _open_and_move(project: Path) -> dict[str, Any]:
    from reader.core.project import Project
    from reader.tui.app import ReaderApp
    from reader.tui.screens.article import ArticleScreen

    app = ReaderApp(Project.open(project))
    results: dict[str, Any] = {}
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()

        async def open_timed(rel: str) -> tuple[float, float]:
            started = time.perf_counter()
            app.open_article(rel)
            screen = app.screen
            assert isinstance(screen, ArticleScreen)
            while screen.document is None:
                await asyncio.sleep(0.001)
            await pilot.pause()
            shown = time.perf_counter()
            while not screen.entities:
                await asyncio.sleep(0.001)
            await pilot.pause()
            done = time.perf_counter()
            return (shown - started) * 1000, (done - started) * 1000

        await open_timed("en/warm.txt")  # load the recognisers once
        await pilot.press("escape")
        results["open_en"] = await open_timed("en/60k.txt")
        await pilot.press("escape")
        results["open_ru"] = await open_timed("ru/60k.txt")
        await pilot.press("escape")
        for name in ("1k", "1m"):
            await open_timed(f"en/{name}.txt")
            screen = app.screen
            assert isinstance(screen, ArticleScreen)
            screen.view.move_to(len(screen.view.lines.text) // 2)
            await pilot.pause()
            view = screen.view
            region = view.region.reset_offset
            for label, step in (
                ("move", partial(screen.action_unit, "words", 1)),
                ("extend", partial(view.action_cursor_right, select=True)),
            ):
                times = []
                for _ in range(200):
                    started = time.perf_counter()
                    step()  # the handler's work ...
                    view.render_lines(region)  # ... and a repaint of every visible line
                    times.append((time.perf_counter() - started) * 1000)
                results[f"{label}_{name}"] = statistics.median(times)
            await pilot.press("escape", "escape")
    return results


def main() -> None:
    """Measure and print the table."""
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        for seed, lang in ((SEED_EN, "en"), (SEED_RU, "ru")):
            (project / "corpus" / lang).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(seed, project / "corpus" / lang / seed.name)
        (project / "reader.yaml").write_text("annotator: bench\n", encoding="utf-8")
        minimal, reader = start_ratio(project)
        texts = {
            "en/warm.txt": _article(SEED_EN, 3_000),
            "en/60k.txt": _article(SEED_EN, 60_000),
            "ru/60k.txt": _article(SEED_RU, 60_000),
            "en/1k.txt": _article(SEED_EN, 1_000),
            "en/1m.txt": _article(SEED_EN, 1_000_000),
        }
        for rel, text in texts.items():
            (project / "corpus" / rel).write_text(text, encoding="utf-8")
        moves = asyncio.run(_open_and_move(project))
    ratio = reader / minimal
    rows = [
        ("start to first frame", f"{reader:.0f} ms vs {minimal:.0f} ms = {ratio:.2f}x", "<= 1.3x"),
        (
            "open 60 KB en (text / +highlights)",
            f"{moves['open_en'][0]:.0f} / {moves['open_en'][1]:.0f} ms",
            "<= 100 ms",
        ),
        (
            "open 60 KB ru (text / +highlights)",
            f"{moves['open_ru'][0]:.0f} / {moves['open_ru'][1]:.0f} ms",
            "<= 100 ms",
        ),
    ]
    for label in ("move", "extend"):
        small, large = moves[f"{label}_1k"], moves[f"{label}_1m"]
        rows.append(
            (
                f"cursor {label} 1 MB vs 1 KB",
                f"{large:.1f} vs {small:.1f} ms = {large / small:.2f}x",
                f"<= 2x, < {FRAME_60HZ_MS:.1f} ms",
            )
        )
    print("TUI bench")
    width = max(len(r[0]) for r in rows)
    for name, value, goal in rows:
        print(f"  {name:<{width}}  {value:<32}  goal {goal}")


if __name__ == "__main__":
    main()
