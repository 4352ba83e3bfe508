"""Pilot tests of entities in the article screen: cache, warm-up, grouping, aliases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.core.document import sha256_of
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
        assert {s["text"] for s in data["spans"]} >= {"Путина", "Путиным"}
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
