"""The timeline screen: the corpus's dates in order, grouped by day/month/year, filtered
by entity: and date:, responsive with thousands of dates; enter opens the sentence."""

from __future__ import annotations

import time
from pathlib import Path

from reader.core.annotations.format import Annotation, AnnotationFile, utc_now
from reader.core.corpus.discovery import Corpus
from reader.core.project.layout import Project
from reader.tui.screens.timeline import TimelineScreen
from tests.tui.screen_host import Host, annotate, loaded, shown
from tests.tui_fixtures import make_project, sync

A = "Talks began on January 4, 2022.\n\nThey ended on February 10, 2022, in [red]Geneva[/].\n"
B = "Переговоры прошли 5 января 2022 года.\n"


def corpus(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "p", {"en/a.txt": A, "ru/b.txt": B})
    annotate(root, "en/a.txt", "alice", ("date", "January 4, 2022"), value="2022-01-04")
    annotate(root, "en/a.txt", "alice", ("date", "February 10, 2022"), value="2022-02-10")
    annotate(root, "ru/b.txt", "bob", ("date", "5 января 2022 года"), value="2022-01-05")
    return root


@sync
async def test_in_order_grouped_by_month_then_day_then_year(tmp_path: Path) -> None:
    app = Host(corpus(tmp_path), TimelineScreen)
    async with app.run_test(size=(120, 20)) as pilot:
        screen = app.screen
        rows = await loaded(pilot, screen)
        assert rows.count == 3
        lines = [line for line in shown(screen).splitlines() if line]
        assert lines[:5] == [
            "2022-01",
            lines[1],
            lines[2],
            "2022-02",
            lines[4],
        ]
        assert "2022-01-04" in lines[1] and "en/a.txt" in lines[1]
        assert "2022-01-05" in lines[2] and "ru/b.txt" in lines[2]
        assert "[red]Geneva[/]" in lines[4]  # the sentence, literally
        await pilot.press("o")  # by year
        await pilot.pause()
        headings = [line for line in shown(screen).splitlines() if line and line[0] != " "]
        assert headings[:1] == ["2022"] and "by year" in headings[-1]
        await pilot.press("o")  # by day
        await pilot.pause()
        headings = [line for line in shown(screen).splitlines() if line and line[0] != " "]
        assert headings[:3] == ["2022-01-04", "2022-01-05", "2022-02-10"]


@sync
async def test_date_filter_bad_filter_and_enter(tmp_path: Path) -> None:
    app = Host(corpus(tmp_path), lambda s: TimelineScreen(s, "date:2022-02"))
    async with app.run_test(size=(120, 20)) as pilot:
        screen = app.screen
        rows = await loaded(pilot, screen)
        assert rows.count == 1
        await pilot.press("enter")
        await pilot.pause()
        [chosen] = app.chosen
        start = A.index("February 10, 2022")
        assert (chosen.rel, chosen.start, chosen.end) == ("en/a.txt", start, start + 17)
        await pilot.press("slash", "end", *" tag:quote")
        await pilot.pause()
        assert "the timeline filters by entity:NAME and date:FROM..TO only" in shown(screen)
        assert rows.count == 1


@sync
async def test_thousands_of_dates_stay_responsive(tmp_path: Path) -> None:
    text = "".join(f"Day {n}: on 2022-01-{n % 28 + 1:02d} it rained.\n" for n in range(3000))
    root = make_project(tmp_path / "p", {"en/long.txt": text})
    corpus = Corpus(Project.open(root))
    document = corpus.document("en/long.txt")
    annotations = []
    at = 0
    for n in range(3000):
        surface = f"2022-01-{n % 28 + 1:02d}"
        at = text.index(surface, at)
        annotations.append(
            Annotation(id=f"d{n}", tag="date", start=at, end=at + 10, text=surface,
                       author="tester", created=utc_now(), value=surface)
        )  # fmt: skip
        at += 10
    afile = AnnotationFile(document="en/long.txt", sha256=document.sha256, language="en")
    corpus.store.save(afile.with_annotations(annotations))
    app = Host(root, TimelineScreen)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = app.screen
        rows = await loaded(pilot, screen)
        assert rows.count == 3000
        assert len(rows._pages) == 1  # one page built, not 3,000 rows
        started = time.perf_counter()
        await pilot.press("G")
        await loaded(pilot, screen)
        assert time.perf_counter() - started < 1.0
        assert rows.cursor == 2999 and "2022-01-28" in shown(screen)
        assert "3,000 of 3,000" in shown(screen)
