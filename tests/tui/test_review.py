"""Pilot tests of what the article asks the analyst to review (issue 13): merge conflicts
shown ours beside theirs and resolved with one key, placements by similarity accepted or
orphaned with one key, and who wrote the annotation under the cursor; the files on disk
checked after each."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
import yaml
from rich.console import Console

from reader.tui.app import ReaderApp
from reader.tui.dialogs.conflict import ConflictDialog, comparison
from reader.tui.screens.article import ArticleScreen
from tests.tui_fixtures import ARTICLE, app_for, make_project, open_article, saved, settle, sync

REL = "en/talks.txt"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "p", {REL: ARTICLE})


def _rewrite(root: Path, change: Any) -> None:
    """Change the first annotation in the file on disk (as a merge would)."""
    path = root / "annotations" / "en" / "talks.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data["annotations"][0])
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


async def _tagged(app: ReaderApp, pilot: Any, root: Path, change: Any) -> ArticleScreen:
    """The article with "Joe" tagged as a claim, then changed on disk and reopened."""
    screen = await open_article(app, pilot, REL)
    start = ARTICLE.index("Joe")
    screen.view.select_span(start, start + 3)
    await pilot.press("c")
    await settle(app, pilot)
    _rewrite(root, change)
    await pilot.press("escape")
    screen = await open_article(app, pilot, REL)
    screen.view.move_to(start + 1)
    await pilot.pause()
    return screen


def _status(screen: ArticleScreen) -> str:
    return str(screen.query_one("#status").render())


@pytest.mark.parametrize(("key", "speaker"), [("t", "Jill"), ("o", None)])
@sync
async def test_a_conflict_is_shown_ours_beside_theirs_and_one_key_resolves_it(
    project: Path, key: str, speaker: str | None
) -> None:
    app = app_for(project)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await _tagged(
            app, pilot, project, lambda a: a.update(conflict={"theirs": {"speaker": "Jill"}})
        )
        assert "⚔ 1 conflicts" in _status(screen)
        await pilot.press("M")
        await pilot.pause()
        assert isinstance(app.screen, ConflictDialog)
        console = Console(width=100, record=True, file=io.StringIO())
        console.print(comparison(app.screen.annotation))
        shown = console.export_text()
        assert "speaker" in shown and "Jill" in shown
        await pilot.press(key)
        await settle(app, pilot)
        [row] = saved(project, REL)
        assert "conflict" not in row
        assert row.get("speaker") == speaker
        assert "conflict" not in _status(screen)


@sync
async def test_a_deletion_conflict_taken_from_the_side_that_deleted_deletes(
    project: Path,
) -> None:
    app = app_for(project)
    async with app.run_test(size=(120, 30)) as pilot:
        await _tagged(app, pilot, project, lambda a: a.update(conflict={"deleted_by": "theirs"}))
        await pilot.press("M", "t")
        await settle(app, pilot)
        assert saved(project, REL) == []


@pytest.mark.parametrize(("key", "orphaned"), [("Y", False), ("ctrl+o", True)])
@sync
async def test_a_fuzzy_placement_is_counted_listed_first_and_settled_with_one_key(
    project: Path, key: str, orphaned: bool
) -> None:
    app = app_for(project)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await _tagged(
            app, pilot, project, lambda a: a.update(anchored="fuzzy", old_text="Jo")
        )
        assert "≈ 1 to review" in _status(screen)
        await pilot.press("f2")
        await pilot.pause()
        panel = screen.query_one("#annotation-panel")
        first = str(panel.get_option_at_index(0).prompt)  # type: ignore[attr-defined]
        assert first.startswith("placed by similarity (1)")
        screen.view.focus()
        await pilot.press(key)
        await settle(app, pilot)
        [row] = saved(project, REL)
        assert "anchored" not in row
        assert bool(row.get("orphaned")) is orphaned
        assert "to review" not in _status(screen)


@sync
async def test_the_status_line_names_who_wrote_the_annotation_under_the_cursor(
    project: Path,
) -> None:
    app = app_for(project)
    async with app.run_test(size=(140, 30)) as pilot:
        screen = await _tagged(app, pilot, project, lambda a: a.update(author="rosa"))
        assert "by rosa" in _status(screen)
        screen.view.move_to(ARTICLE.index("Second"))
        await pilot.pause()
        assert "by rosa" not in _status(screen)


async def _until(pilot: Any, condition: Any) -> None:
    """Pause until ``condition()`` (a worker waiting on a dialog keeps ``settle`` waiting)."""
    for _ in range(200):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("timed out")


@sync
async def test_leaving_with_a_failed_save_retries_then_asks_before_discarding(
    project: Path,
) -> None:
    from reader.tui.dialogs.unsaved import UnsavedDialog

    app = app_for(project)
    place = project / "annotations" / "en" / "talks.yaml"
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_article(app, pilot, REL)
        place.mkdir(parents=True)  # a folder where the file goes: every write fails
        start = ARTICLE.index("Joe")
        screen.view.select_span(start, start + 3)
        await pilot.press("c")
        await settle(app, pilot)
        await pilot.press("escape")  # retried, fails again: asked
        await _until(pilot, lambda: isinstance(app.screen, UnsavedDialog))
        dialog = app.screen
        assert isinstance(dialog, UnsavedDialog)
        assert "added claim “Joe”" in dialog.summary
        await pilot.press("escape")  # stay
        await _until(pilot, lambda: screen.is_current)
        place.rmdir()  # fixed: leaving retries and succeeds, nothing asked
        await pilot.press("escape")
        await _until(pilot, lambda: not screen.is_current)
        assert not isinstance(app.screen, UnsavedDialog)
        assert [r["text"] for r in saved(project, REL)] == ["Joe"]


@sync
async def test_quitting_with_a_failed_save_asks_and_discard_quits(project: Path) -> None:
    from reader.tui.dialogs.unsaved import UnsavedDialog

    app = app_for(project)
    place = project / "annotations" / "en" / "talks.yaml"
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_article(app, pilot, REL)
        place.mkdir(parents=True)
        screen.view.select_span(0, 4)
        await pilot.press("c")
        await settle(app, pilot)
        await pilot.press("ctrl+q")
        await _until(pilot, lambda: isinstance(app.screen, UnsavedDialog))
        await pilot.press("d")
        await _until(pilot, lambda: not app.is_running)
    assert place.is_dir()


@sync
async def test_a_file_with_git_conflict_markers_says_where_and_the_command_that_fixes_it(
    project: Path,
) -> None:
    path = project / "annotations" / "en" / "talks.yaml"
    path.parent.mkdir(parents=True)
    marked = "annotations: []\n<<<<<<< HEAD\nx: 1\n=======\nx: 2\n>>>>>>> theirs\n"
    path.write_text(marked, encoding="utf-8")
    app = app_for(project)
    async with app.run_test(size=(200, 30)) as pilot:
        screen = await open_article(app, pilot, REL)
        banner = str(screen.query_one("#article-error").render())
        assert "talks.yaml:2:" in banner and "git conflict markers" in banner
        assert "reader init --git-config" in banner
        assert path.read_text(encoding="utf-8") == marked


@sync
async def test_the_article_date_is_set_by_hand_and_refused_when_impossible(
    project: Path,
) -> None:
    from reader.tui.dialogs.date import DateDialog

    app = app_for(project)
    path = project / "annotations" / "en" / "talks.yaml"
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_article(app, pilot, REL)
        await pilot.press("D")
        await pilot.pause()
        assert isinstance(app.screen, DateDialog)
        await pilot.press("ctrl+u", *"2022-02-30", "enter")  # no such day: refused
        await settle(app, pilot)
        assert not path.exists() or "2022-02-30" not in path.read_text(encoding="utf-8")
        await pilot.press("D")
        await pilot.pause()
        await pilot.press("ctrl+u", *"2021-03-04", "enter")
        await settle(app, pilot)
        assert str(yaml.safe_load(path.read_text(encoding="utf-8"))["date"]) == "2021-03-04"
        assert "2021-03-04" in _status(screen)
