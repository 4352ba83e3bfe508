"""TUI speed: start to first frame (vs a minimal DataTable app), article open, cursor cost.

Run directly or through ``make bench``; prints one table with the goals next to the
figures. Every figure is a median of several runs, measured in this run (ratios are
against the baseline measured here too). "First frame" / "painted" mean the screen
was composed, laid out and rendered (``call_after_refresh`` fired).

A tag key is measured twice: its *work*, the CPU time of the UI thread from the key to
the repaint showing the tag (``time.thread_time``: what the app computes, without the
wait for Textual's 60 Hz refresh timer nor for the GIL the writer thread holds while it
saves), and its wall time, which includes both.
"""

from __future__ import annotations

import asyncio
import compileall
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
RUNS = 25  # start-up runs: process start times vary by ±30 % on this machine
OPENS = 5
SESSIONS = 3  # new apps for the first article of a session
TAGGED = (10, 1000)  # annotations already in the file
TAG_PRESSES = 9
FRAME_60HZ_MS = 1000 / 60
OTHER = "en/warm.txt"  # opened in between, so the article screen holds another article
SAME_SCREEN_ROWS = 12  # view rows for the cursor comparison: the 1 KB article fills them

FIRST_FRAME = """
import asyncio, os, time
async def auto(pilot):
    app = pilot.app
    while not any(t.size.area for t in app.screen.query("DataTable, PagedList")):
        await asyncio.sleep(0.001)
    painted = asyncio.Event()
    app.call_after_refresh(painted.set)
    await painted.wait()
    os.write(1, f"FIRST_FRAME {time.time()!r}\\n".encode())  # Textual holds sys.stdout
    app.exit()
"""

MINIMAL = (
    FIRST_FRAME
    + """
from textual.app import App
from textual.widgets import DataTable
class Minimal(App):
    def compose(self):
        yield DataTable()
    def on_mount(self):
        self.query_one(DataTable).add_columns("a", "b")
Minimal().run(headless=True, size=(80, 24), auto_pilot=auto)
"""
)

READER = (
    FIRST_FRAME
    + """
import sys
from textual.app import App
run = App.run
App.run = lambda self, **kw: run(self, headless=True, size=(80, 24), auto_pilot=auto)
from reader.cli import main  # the path of the `reader` command: arguments, config, app
main([sys.argv[1]])
"""
)


def _start_ms(code: str, *args: str) -> tuple[float, float]:
    """Process start to the first painted frame, and to the process's end (ms). The child
    writes the wall-clock time of its first frame; the end adds quitting at once (workers
    joined, the interpreter torn down), which the goal does not count."""
    started = time.time()
    done = subprocess.run(
        [sys.executable, "-c", code, *args], check=True, capture_output=True, text=True
    )
    ended = time.time()
    marks = [line.split()[1] for line in done.stdout.splitlines() if line.startswith("FIRST_FRAME")]
    return (float(marks[-1]) - started) * 1000, (ended - started) * 1000


def start_ratio(project: Path) -> dict[str, float]:
    """Medians (ms) of the minimal app and of reader: start to first frame, and to exit."""
    _start_ms(MINIMAL)
    for _ in range(3):  # fill .reader/ (each run exits at its first frame, mid-metadata)
        _start_ms(READER, str(project))
    runs: dict[str, list[tuple[float, float]]] = {"minimal": [], "reader": []}
    for _ in range(RUNS):
        runs["minimal"].append(_start_ms(MINIMAL))
        runs["reader"].append(_start_ms(READER, str(project)))
    figures = {}
    for name, pairs in runs.items():
        figures[name] = statistics.median(frame for frame, _ in pairs)
        figures[f"{name}_exit"] = statistics.median(end for _, end in pairs)
    return figures


def _article(seed: Path, size: int) -> str:
    text = seed.read_text(encoding="utf-8")
    body = (text + "\n\n") * (size // len(text.encode("utf-8")) + 1)
    return body.encode("utf-8")[:size].decode("utf-8", "ignore")


def _annotate(project: Path, rel: str, count: int) -> None:
    """Write ``count`` claims on the words of ``rel`` (one annotation file)."""
    import re

    from reader.core.annotations.format import Annotation, AnnotationFile
    from reader.core.corpus.discovery import Corpus
    from reader.core.project.layout import Project

    corpus = Corpus(Project.open(project))
    document = corpus.document(rel)
    words = list(re.finditer(r"\w+", document.text))
    step = len(words) // count
    chosen = [words[i * step] for i in range(count)]
    annotations = [
        Annotation(id=f"a{i:05d}", tag="claim", start=m.start(), end=m.end(), text=m.group(),
                   author="bench", created="2024-01-01T00:00:00Z", note=f"note {i}")
        for i, m in enumerate(chosen)
    ]  # fmt: skip
    afile = AnnotationFile(document=rel, sha256=document.sha256, language="en")
    corpus.store.save(afile.with_annotations(annotations))


async def _painted(node: Any) -> None:
    """Wait until ``node``'s next refresh has been rendered."""
    done = asyncio.Event()
    node.call_after_refresh(done.set)
    await done.wait()


def _word_step(screen: Any, direction: int) -> None:
    screen.view.action_unit("words", direction)


def _extend_step(view: Any, direction: int) -> None:
    (view.action_cursor_right if direction > 0 else view.action_cursor_left)(select=True)


async def _timed_open(app: Any, rel: str) -> tuple[float, float]:
    """Open ``rel``: (text painted, highlights painted) in ms from the request."""
    started = time.perf_counter()
    app.open_article(rel)
    screen = app.article_screen
    while screen.document is None or screen.rel != rel or app.screen is not screen:
        await asyncio.sleep(0.0005)
    await _painted(screen)
    shown = time.perf_counter()
    if screen.entities:  # shown with the text: painted in that frame
        return (shown - started) * 1000, (shown - started) * 1000
    while not screen.entities:
        await asyncio.sleep(0.0005)
    await _painted(screen)
    done = time.perf_counter()
    return (shown - started) * 1000, (done - started) * 1000


async def _first_of_session(project: Path, rel: str, *, prefetched: bool) -> tuple[float, float]:
    """The first article opened in a new app (its entities cached on disk by an earlier
    run): from the list after its row was prefetched, or with nothing in memory."""
    from reader.core.project.layout import Project
    from reader.tui.app import ReaderApp
    from reader.tui.screens.corpus import CorpusScreen

    app = ReaderApp(Project.open(project))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(1.0)  # the list, the models warming up, the screen composed
        await app.workers.wait_for_complete()
        while app.article_screen is None or not app.article_screen.is_mounted:
            await pilot.pause(0.05)
        await pilot.pause(0.1)
        corpus = app.screen
        assert isinstance(corpus, CorpusScreen)
        if prefetched:  # the cursor rests on the row
            corpus.move_to(rel)
            await pilot.pause(0.4)
            await app.workers.wait_for_complete()
        else:
            app.services.forget_articles()
        await pilot.pause(0.1)
        return await _timed_open(app, rel)


async def _open_and_move(project: Path) -> dict[str, Any]:
    from textual import events

    from reader.core.project.layout import Project
    from reader.core.recognition.entities import cache_path
    from reader.tui.app import ReaderApp
    from reader.tui.screens.article import ArticleScreen
    from reader.tui.screens.corpus import CorpusScreen

    app = ReaderApp(Project.open(project))
    results: dict[str, Any] = {}
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(1.0)  # the corpus list, then the models warming up
        await app.workers.wait_for_complete()

        async def forget(uncache: str | None = None) -> None:
            """Another article shown last (else the article screen may still hold the one
            timed next), nothing in memory, and ``uncache``'s entity cache deleted."""
            await open_timed(OTHER)
            await back()
            app.services.forget_articles()
            if uncache is not None:
                with app.services.corpus_lock:
                    document = app.services.corpus.document(uncache)
                cache_path(app.project.cache_dir, document).unlink(missing_ok=True)

        async def open_timed(
            rel: str, *, cold: bool = False, first: bool = False
        ) -> tuple[float, float]:
            """(text painted, highlights painted) in ms, from the open request. ``first``:
            nothing in memory (read, segment, wrap; entities from the disk cache);
            ``cold``: no entity cache either (NER runs)."""
            if first or cold:
                await forget(rel if cold else None)
            return await _timed_open(app, rel)

        async def back() -> None:
            await pilot.press("escape")
            await app.workers.wait_for_complete()
            await pilot.pause()

        list_screen = app.screen
        assert isinstance(list_screen, CorpusScreen)
        for rel in ("en/60k.txt", "ru/60k.txt"):  # their entities cached on disk, as usual
            list_screen.prefetch(rel)
            await app.workers.wait_for_complete()
        for lang in ("en", "ru"):
            rel = f"{lang}/60k.txt"
            for label, cold, first in (
                ("cold", True, True),
                ("first", False, True),
                ("warm", False, False),
            ):
                runs = []
                for _ in range(OPENS):
                    runs.append(await open_timed(rel, cold=cold, first=first))
                    await back()
                results[f"open_{lang}_{label}"] = (
                    statistics.median(r[0] for r in runs),
                    statistics.median(r[1] for r in runs),
                )
            # from the list: the cursor rests on the row (prefetch), then enter
            corpus = app.screen
            assert isinstance(corpus, CorpusScreen)
            runs = []
            for _ in range(OPENS):
                await forget(rel)
                corpus.rows.move_to(0)
                await pilot.pause(0.05)
                corpus.move_to(rel)
                await pilot.pause(0.4)
                await app.workers.wait_for_complete()
                runs.append(await open_timed(rel))
                await back()
            results[f"prefetch_{lang}"] = (
                statistics.median(r[0] for r in runs),
                statistics.median(r[1] for r in runs),
            )
        for count in TAGGED:
            await open_timed(f"en/tagged{count}.txt")
            screen = app.screen
            assert isinstance(screen, ArticleScreen)
            starts = screen.view.segments.sentences
            times, works, saved_times = [], [], []
            for i in range(TAG_PRESSES):
                screen.view.move_to(starts[i * 3 + 1][0])
                await _painted(screen)
                before = len(screen.annotations)
                started, cpu = time.perf_counter(), time.thread_time()
                app.post_message(events.Key("c", "c"))  # the key ...
                while len(screen.annotations) == before:
                    await asyncio.sleep(0)
                await _painted(screen)  # ... to the repaint showing the tag
                times.append((time.perf_counter() - started) * 1000)
                works.append((time.thread_time() - cpu) * 1000)
                while screen.status.state != "saved":  # saved on disk
                    await asyncio.sleep(0.0005)
                saved_times.append((time.perf_counter() - started) * 1000)
            results[f"tag_{count}"] = (statistics.median(times), statistics.median(saved_times))
            results[f"tag_work_{count}"] = statistics.median(works)
            await back()
        # Cursor cost against the article's size: both views show the same rows of text
        # (the terminal is as short as the 1 KB article, and the 1 MB one is scrolled to a
        # copy of the same text); each step moves there and back, so none is a no-op at
        # an end. Then a 1 MB article without a newline (scraped text often has none).
        await pilot.resize_terminal(100, SAME_SCREEN_ROWS + 2)
        await pilot.pause()
        copy = len(SEED_EN.read_text(encoding="utf-8")) + 2  # one seed + "\n\n" (_article)
        for name in ("1k", "1m", "1m-one-line"):
            await open_timed(f"en/{name}.txt")
            screen = app.screen
            assert isinstance(screen, ArticleScreen)
            view = screen.view
            text = view.lines.text
            top = 0 if name == "1k" or "one-line" in name else (len(text) // 2 // copy) * copy
            view.move_to(top + 300)
            if "one-line" in name:
                view.move_to(len(text) // 2, center=True)
            else:
                y = view.wrapped_document.location_to_offset(view.location_of(top)).y
                view.scroll_to(y=y, animate=False)
            await pilot.pause()
            region = view.region.reset_offset
            results[f"rows_{name}"] = sum(
                1 for strip in view.render_lines(region) if strip.text.strip()
            )
            for label, step in (
                ("move", partial(_word_step, screen)),
                ("extend", partial(_extend_step, view)),
            ):
                times = []
                for i in range(200):
                    started = time.perf_counter()
                    step(1 if i % 2 == 0 else -1)  # the handler's work ...
                    view.render_lines(region)  # ... and a repaint of every visible line
                    times.append((time.perf_counter() - started) * 1000)
                results[f"{label}_{name}"] = statistics.median(times)
            await pilot.press("escape", "escape")
    return results


def main() -> None:
    """Measure and print the table."""
    # What an install brings (`make run` does the same): reader's modules as bytecode, not
    # compiled on each start where PYTHONDONTWRITEBYTECODE is set (as on this machine).
    compileall.compile_dir(REPO / "src", quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        for seed, lang in ((SEED_EN, "en"), (SEED_RU, "ru")):
            (project / "corpus" / lang).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(seed, project / "corpus" / lang / seed.name)
        (project / "reader.yaml").write_text("annotator: bench\n", encoding="utf-8")
        start = start_ratio(project)
        texts = {
            "en/warm.txt": _article(SEED_EN, 3_000),
            "en/60k.txt": _article(SEED_EN, 60_000),
            "ru/60k.txt": _article(SEED_RU, 60_000),
            "en/1k.txt": _article(SEED_EN, 1_000),
            "en/1m.txt": _article(SEED_EN, 1_000_000),
            "en/1m-one-line.txt": " ".join(_article(SEED_EN, 1_000_000).split()),
        }
        for count in TAGGED:
            texts[f"en/tagged{count}.txt"] = _article(SEED_EN, 200_000)
        for rel, text in texts.items():
            (project / "corpus" / rel).write_text(text, encoding="utf-8")
        for count in TAGGED:
            _annotate(project, f"en/tagged{count}.txt", count)
        moves = asyncio.run(_open_and_move(project))
        for lang in ("en", "ru"):  # a new app each time: the first article of a session
            for prefetched in (True, False):
                runs = [
                    asyncio.run(
                        _first_of_session(project, f"{lang}/60k.txt", prefetched=prefetched)
                    )
                    for _ in range(SESSIONS)
                ]
                moves[f"session_{lang}_{prefetched}"] = (
                    statistics.median(r[0] for r in runs),
                    statistics.median(r[1] for r in runs),
                )
    minimal, reader = start["minimal"], start["reader"]
    minimal_exit, reader_exit = start["minimal_exit"], start["reader_exit"]
    rows = [
        (
            "start to first frame",
            f"{reader:.0f} ms vs minimal app {minimal:.0f} ms = {reader / minimal:.2f}x",
            "<= 1.3x",
        ),
        (
            "start, first frame, quit at once (process end)",
            f"{reader_exit:.0f} ms vs {minimal_exit:.0f} ms = {reader_exit / minimal_exit:.2f}x",
            "(not the goal: counts the exit)",
        ),
    ]

    def painted(key: str) -> str:
        text, highlights = moves[key]
        return f"text {text:.0f} ms, with highlights {highlights:.0f} ms"

    for lang in ("en", "ru"):
        rows += [
            (f"open 60 KB {lang}, first of a session, from the list",
             painted(f"session_{lang}_True"), "<= 100 ms"),
            (f"open 60 KB {lang}, first of a session, not in memory",
             painted(f"session_{lang}_False"), "<= 100 ms"),
            (f"open 60 KB {lang}, from the list (row prefetched)", painted(f"prefetch_{lang}"),
             "<= 100 ms"),
            (f"open 60 KB {lang}, reopened (shown last)", painted(f"open_{lang}_warm"),
             "<= 100 ms"),
            (f"open 60 KB {lang}, not in memory (palette)", painted(f"open_{lang}_first"),
             "<= 100 ms"),
            (f"open 60 KB {lang}, never opened (NER runs)", painted(f"open_{lang}_cold"),
             "(first-ever; models warm)"),
        ]  # fmt: skip
    for count in TAGGED:
        painted, on_disk = moves[f"tag_{count}"]
        work = moves[f"tag_work_{count}"]
        rows.append(
            (
                f"tag key to repaint, {count} annotations: work",
                f"{work:.1f} ms on the UI thread (CPU)",
                f"<= {FRAME_60HZ_MS:.1f} ms",
            )
        )
        rows.append(
            (
                f"tag key to repaint, {count} annotations: wall",
                f"{painted:.1f} ms (saved on disk after {on_disk:.1f} ms)",
                "(waits for the 60 Hz refresh and the writer thread)",
            )
        )
    for label in ("move", "extend"):
        small, large = moves[f"{label}_1k"], moves[f"{label}_1m"]
        one_line = moves[f"{label}_1m-one-line"]
        rows.append(
            (
                f"cursor {label} 1 MB vs 1 KB (same {moves['rows_1k']} rows shown)",
                f"{large:.2f} vs {small:.2f} ms = {large / small:.2f}x",
                f"<= 2x, < {FRAME_60HZ_MS:.1f} ms",
            )
        )
        rows.append(
            (
                f"cursor {label}, 1 MB on one line",
                f"{one_line:.2f} ms ({one_line / small:.2f}x the 1 KB article)",
                f"< {FRAME_60HZ_MS:.1f} ms",
            )
        )
    print(f"TUI bench (medians: start of {RUNS} runs, opens of {OPENS}, first opens of {SESSIONS})")
    width = max(len(r[0]) for r in rows)
    for name, value, goal in rows:
        print(f"  {name:<{width}}  {value:<40}  goal {goal}")


if __name__ == "__main__":
    main()
