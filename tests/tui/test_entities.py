"""Pilot tests of entities in the article screen: cache, warm-up, grouping, aliases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from textual.widgets import Input

from reader.core.text.document import sha256_of
from reader.tui.dialogs.alias import AliasDialog
from reader.tui.screens.corpus import PREFETCH_SECONDS, CorpusScreen
from reader.tui.widgets.entity_panel import EntityPanel
from tests.tui_fixtures import app_for, make_project, open_article, settle, sync

RU = (
    "Москва, 5 января 2022.\n\n"
    "Владимир Путин прибыл в Женеву. Журналисты ждали Путина у входа. "
    "С Путиным говорил Байден.\n"
)
EN = "Putin met reporters in Geneva. Later Putin left.\n"
REGISTRY = """\
entities:
- name: Vladimir Putin
  type: PER
  aliases: [Putin, Путин]
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = make_project(
        tmp_path / "p", {"ru/vstrecha.txt": RU, "en/talks.txt": EN}, "languages: [en, ru]\n"
    )
    (root / "entities.yaml").write_text(REGISTRY, encoding="utf-8")
    return root


def panel_rows(panel: EntityPanel) -> list[str]:
    """The entity panel's lines, as plain text."""
    return [str(panel.get_option_at_index(i).prompt) for i in range(panel.option_count)]


@sync
async def test_entities_cached_grouped_by_canonical_name_and_warmed(project: Path) -> None:
    app = app_for(project)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        assert app.warmed == {"en", "ru"}  # reader.yaml's languages, loaded at start
        screen = await open_article(app, pilot, "ru/vstrecha.txt")
        await pilot.press("f3")
        rows = panel_rows(screen.query_one(EntityPanel))
        assert "  Vladimir Putin ×3" in rows  # Путин, Путина, Путиным: one entry
        assert not any("Путин" in row for row in rows)
        cached = project / ".reader" / "entities" / f"{sha256_of(RU)}.json"
        data = json.loads(cached.read_text(encoding="utf-8"))
        assert {s["text"] for s in data["data"]} >= {"Путина", "Путиным"}
        await pilot.press("escape")
        other = await open_article(app, pilot, "en/talks.txt")
        await pilot.press("f3")
        assert "  Vladimir Putin ×2" in panel_rows(other.query_one(EntityPanel))


@sync
async def test_broken_registry_is_a_warning_not_a_crash(project: Path) -> None:
    broken = project / "entities.yaml"
    broken.write_text("entities: [unclosed\n", encoding="utf-8")
    app = app_for(project)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_article(app, pilot, "ru/vstrecha.txt")
        assert any("entities.yaml ignored" in n.message for n in app._notifications)
        assert any(s.text == "Путиным" for s in screen.entities)
        assert broken.read_text(encoding="utf-8") == "entities: [unclosed\n"


@sync
async def test_add_alias_from_the_entity_under_the_cursor(project: Path) -> None:
    app = app_for(project)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_article(app, pilot, "ru/vstrecha.txt")
        screen.view.move_to(RU.index("входа"))  # not an entity: greyed out
        await pilot.pause()
        assert screen.check_action("add_alias", ()) is None
        screen.view.move_to(RU.index("Байден") + 2)
        await pilot.pause()
        assert screen.check_action("add_alias", ()) is True
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, AliasDialog)
        assert dialog.query_one("#alias-alias", Input).value == "Байден"
        name = dialog.query_one("#alias-name", Input)
        assert name.value == "Байден"  # proposed: the recognised name
        name.value = ""
        await pilot.press(*"Joe Biden", "enter")
        await settle(app, pilot)
        data = yaml.safe_load((project / "entities.yaml").read_text(encoding="utf-8"))
        assert {"name": "Joe Biden", "type": "PER", "aliases": ["Байден"]} in data["entities"]
        await pilot.press("f3")
        rows = panel_rows(screen.query_one(EntityPanel))
        assert "  Joe Biden ×1" in rows and "  Vladimir Putin ×3" in rows
        # an alias of another entity is refused with a notification, file unchanged
        before = (project / "entities.yaml").read_bytes()
        screen.view.move_to(RU.index("Путина"))
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, AliasDialog)
        dialog.query_one("#alias-alias", Input).value = "Байден"
        await pilot.press("enter")
        await settle(app, pilot)
        assert (project / "entities.yaml").read_bytes() == before
        assert any("already an alias of 'Joe Biden'" in n.message for n in app._notifications)


@sync
async def test_entities_prefetched_for_the_row_under_the_cursor(project: Path) -> None:
    app = app_for(project)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        cached = project / ".reader" / "entities" / f"{sha256_of(RU)}.json"
        assert not cached.exists()
        corpus = app.screen
        assert isinstance(corpus, CorpusScreen)
        assert corpus.move_to("ru/vstrecha.txt")  # the cursor rests on its row
        await pilot.pause(PREFETCH_SECONDS + 0.2)
        await settle(app, pilot)
        assert cached.exists()  # enter now opens with cached entities


@sync
async def test_the_hidden_entity_panel_is_filled_when_shown(project: Path) -> None:
    app = app_for(project)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_article(app, pilot, "en/talks.txt")
        panel = screen.query_one(EntityPanel)
        assert screen.entities and panel.option_count == 0  # hidden: not built
        await pilot.press("f3")
        assert "  Vladimir Putin ×2" in panel_rows(panel)
        await pilot.press("escape", "escape")
        await settle(app, pilot)
        screen = await open_article(app, pilot, "ru/vstrecha.txt")  # shown: built at once
        assert "  Vladimir Putin ×3" in panel_rows(panel)
