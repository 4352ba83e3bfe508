"""The curation screen: walks the places where two authors disagree, article by article,
and keeps one side, both or neither with one key each, saved in the annotation file."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from reader.tui.screens.curation import CurationScreen
from tests.tui.screen_host import Host, annotate
from tests.tui_fixtures import make_project, saved, sync

A = "Alpha said “we agree”. Beta left early. Gamma stayed [b]late[/].\n"
B = "Delta met Epsilon. Nothing else.\n"


def corpus(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "p", {"en/a.txt": A, "en/b.txt": B, "en/c.txt": "Quiet.\n"})
    # en/a.txt: a different tag on one passage, and a passage only alice tagged.
    annotate(root, "en/a.txt", "alice", ("quote", "“we agree”"), ("claim", "Beta left early."))
    annotate(
        root, "en/a.txt", "bob", ("claim", "“we agree”"), ("claim", "Gamma stayed [b]late[/].")
    )
    # en/b.txt: a passage only bob tagged.
    annotate(root, "en/b.txt", "alice", ("claim", "Nothing else."))
    annotate(root, "en/b.txt", "bob", ("claim", "Nothing else."), ("claim", "Delta met Epsilon."))
    return root


async def idle(pilot: Pilot[Any], screen: CurationScreen) -> None:
    for _ in range(500):
        await pilot.pause()
        if not screen.busy:
            await pilot.pause()
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the curation screen stayed busy")


def shown(screen: CurationScreen) -> str:
    return str(screen.place_text()) + "\n" + screen.note


@sync
async def test_keep_one_side_then_neither_then_next_article(tmp_path: Path) -> None:
    root = corpus(tmp_path)
    app = Host(root, CurationScreen)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, CurationScreen)
        await idle(pilot, screen)
        text = shown(screen)
        assert "article 1 of 2: en/a.txt — place 1 of 3: tag" in text
        assert "1  claim" in text and "by bob  (not alice)" in text
        assert "2  quote" in text and "““we agree””  by alice  (not bob)" in text
        assert "  Alpha said “we agree”. Beta left early." in text
        await pilot.press("2")  # keep alice's quote
        await idle(pilot, screen)
        tags = sorted((a["tag"], a["text"], a["author"]) for a in saved(root, "en/a.txt"))
        assert ("claim", "“we agree”", "bob") not in tags
        assert ("quote", "“we agree”", "alice") in tags
        assert "kept 2; removed 1 annotation(s)" in screen.note
        # the settled place is not offered again; two places are left
        assert "place 1 of 2: missing" in shown(screen)
        assert "Beta left early." in shown(screen)
        await pilot.press("x")  # neither: alice's lone claim goes
        await idle(pilot, screen)
        assert "Beta left early." not in [a["text"] for a in saved(root, "en/a.txt")]
        assert "Gamma stayed [b]late[/]." in shown(screen)  # literally
        await pilot.press("b")  # both: bob's claim stays
        await idle(pilot, screen)
        assert "Gamma stayed [b]late[/]." in [a["text"] for a in saved(root, "en/a.txt")]
        # en/a.txt is settled: the walk goes on to the next article by itself
        assert "article 2 of 2: en/b.txt — place 1 of 1: missing" in shown(screen)
        assert "en/a.txt settled" in screen.note
        await pilot.press("left_square_bracket")  # back: nothing left there
        await idle(pilot, screen)
        assert "article 1 of 2: en/a.txt — nothing left to settle here" in shown(screen)
        await pilot.press("right_square_bracket")
        await idle(pilot, screen)
        await pilot.press("enter")
        await pilot.pause()
        [chosen] = app.chosen
        start = B.index("Delta met Epsilon.")
        assert (chosen.rel, chosen.start, chosen.end) == ("en/b.txt", start, start + 18)


@sync
async def test_a_side_that_is_not_there_saves_nothing(tmp_path: Path) -> None:
    root = corpus(tmp_path)
    before = (root / "annotations" / "en" / "b.yaml").read_bytes()
    app = Host(root, lambda services: CurationScreen(services, ["en/b.txt"]))
    async with app.run_test(size=(120, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, CurationScreen)
        await idle(pilot, screen)
        assert "article 1 of 1: en/b.txt" in shown(screen)
        await pilot.press("2")
        await idle(pilot, screen)
        assert "this place has 1 side(s)" in screen.note
    assert (root / "annotations" / "en" / "b.yaml").read_bytes() == before


@sync
async def test_nothing_to_settle(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"en/c.txt": "Quiet.\n"})
    annotate(root, "en/c.txt", "alice", ("claim", "Quiet."))
    app = Host(root, CurationScreen)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, CurationScreen)
        await idle(pilot, screen)
        assert screen.note == "no disagreements to settle"
