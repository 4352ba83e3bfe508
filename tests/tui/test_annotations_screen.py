"""The annotations screen: every annotation of the corpus, filtered, grouped, with a
claim's linked conditions under it; enter opens the passage."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reader.tui.screens.across import DataThread
from reader.tui.screens.annotations import AnnotationsScreen
from tests.tui.screen_host import Host, annotate, link, loaded, shown
from tests.tui_fixtures import HOSTILE, make_project, sync

EN = (
    "Peskov spoke on Monday.\n\n"
    "“We will not attack,” Peskov said. The talks will go on if the troops leave.\n"
)
RU = "Песков заявил во вторник.\n\n«Мы готовы к переговорам», — сказал Песков.\n"
ENTITIES = (
    "entities:\n- name: Dmitry Peskov\n  aliases: [Peskov, Песков, Дмитрий Песков]\n  type: PER\n"
)


def corpus(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "p", {"en/a.txt": EN, "ru/b.txt": RU, "en/hostile.txt": HOSTILE})
    (root / "entities.yaml").write_text(ENTITIES, encoding="utf-8")
    claim, condition = annotate(
        root, "en/a.txt", "alice",
        ("claim", "The talks will go on"), ("condition", "if the troops leave"),
    )  # fmt: skip
    link(root, "en/a.txt", claim.id, condition.id)
    annotate(root, "en/a.txt", "alice", ("quote", "“We will not attack,”"), speaker="Peskov")
    annotate(root, "ru/b.txt", "bob", ("quote", "«Мы готовы к переговорам»"), speaker="Песков")
    annotate(
        root, "en/hostile.txt", "bob", ("quote", "[bold red]red[/]"), speaker="[@click=app.quit]x"
    )
    return root


@sync
async def test_grouped_by_speaker_through_entities_yaml(tmp_path: Path) -> None:
    app = Host(corpus(tmp_path), AnnotationsScreen)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = app.screen
        rows = await loaded(pilot, screen)
        assert rows.count == 5
        text = shown(screen)
        # Peskov and Песков are one speaker: one heading over both quotes.
        assert text.count("Dmitry Peskov") == 1
        block = text.split("Dmitry Peskov", 1)[1]
        assert "We will not attack" in block and "Мы готовы к переговорам" in block
        # hostile speaker and text are shown literally, not as markup
        assert "[@click=app.quit]x" in text and "[bold red]red[/]" in text
        assert "grouped by speaker" in text


@sync
async def test_claim_shows_its_condition_and_group_cycles(tmp_path: Path) -> None:
    app = Host(corpus(tmp_path), AnnotationsScreen)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = app.screen
        await loaded(pilot, screen)
        await pilot.press("o")  # article
        await loaded(pilot, screen)
        text = shown(screen)
        assert "grouped by article" in text
        lines = text.splitlines()
        claim = next(i for i, line in enumerate(lines) if line.strip().startswith("claim"))
        assert "↳ condition “if the troops leave”" in lines[claim + 1]
        await pilot.press("o")  # tag
        await loaded(pilot, screen)
        assert "grouped by tag" in shown(screen)
        headings = [line for line in shown(screen).splitlines() if line and not line[0].isspace()]
        assert headings[:3] == ["claim", "condition", "quote"]


@sync
async def test_filter_words_and_bad_filter(tmp_path: Path) -> None:
    app = Host(corpus(tmp_path), AnnotationsScreen)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, AnnotationsScreen)
        rows = await loaded(pilot, screen)
        await pilot.press("slash")
        await pilot.press(*"tag:quote lang:ru")
        rows = await loaded(pilot, screen)
        assert rows.count == 1
        assert "Мы готовы" in shown(screen)
        await pilot.press(*" date:2021-02-30")
        await pilot.pause()
        text = shown(screen)
        assert "2021-02 has 28 days" in text
        # the last filter that parsed stays applied
        assert str(screen.filter_query) == "tag:quote lang:ru date:2021-02-3"


@sync
async def test_enter_opens_the_passage(tmp_path: Path) -> None:
    root = corpus(tmp_path)
    app = Host(root, lambda services: AnnotationsScreen(services, "tag:condition"))
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot, app.screen)
        await pilot.press("enter")
        await pilot.pause()
        [chosen] = app.chosen
        start = EN.index("if the troops leave")
        assert (chosen.rel, chosen.start, chosen.end) == ("en/a.txt", start, start + 19)


@sync
async def test_tables_that_cannot_be_updated_are_said_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = corpus(tmp_path)

    def locked(self: DataThread, progress: object) -> bool:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(DataThread, "update_crossref", locked)
    app = Host(root, AnnotationsScreen)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, AnnotationsScreen)
        for _ in range(100):
            await pilot.pause()
            if not screen.reading.startswith("checking"):
                break
        assert "not brought up to date: database is locked" in shown(screen)
        await pilot.press("o")  # still usable
        await pilot.pause()
        assert "grouped by article" in shown(screen)
