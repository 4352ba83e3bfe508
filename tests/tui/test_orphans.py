"""Pilot tests: a text edited underneath its annotations (re-anchoring, orphans placed by hand)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.tui.screens.article import SYNC_SECONDS
from reader.tui.widgets.annotation_panel import AnnotationPanel
from tests.tui_fixtures import (
    ARTICLE,
    EDITED,
    app_for,
    make_edited_project,
    make_project,
    open_article,
    saved,
    settle,
    sync,
)

REL = "en/talks.txt"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_edited_project(tmp_path / "p")


def panel_rows(panel: AnnotationPanel) -> list[str]:
    """The annotation panel's lines, as plain text."""
    return [str(panel.get_option_at_index(i).prompt) for i in range(panel.option_count)]


@sync
async def test_orphans_listed_never_highlighted_and_placed_by_hand(project: Path) -> None:
    app = app_for(project)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_article(app, pilot, REL)
        assert any(
            "re-anchored (kept 0, moved 1, fuzzy 0, orphaned 2)" in n.message
            for n in app._notifications
        )
        rows = {r["text"]: r for r in saved(project, REL)}
        assert rows["“We are ready,” he said."]["start"] == EDITED.index("“We are")
        assert rows["Nothing else was agreed."]["orphaned"] is True
        status = str(screen.query_one("#status").render())
        assert "2 orphaned" in status
        # orphans are not under the cursor at their old offsets, nor jumped to
        session = screen.session
        assert session is not None
        old = ARTICLE.index("Nothing else")
        assert all(not a.orphaned for a in session.at(old))
        screen.view.move_to(0)
        await pilot.press("right_square_bracket")
        assert screen.view.cursor_offset == EDITED.index("“We are")
        await pilot.press("right_square_bracket")  # no other placed annotation: stays
        assert screen.view.cursor_offset == EDITED.index("“We are")
        # p is greyed out without a selection
        assert screen.check_action("place_orphan", ()) is None
        # the panel lists orphans first, with their last text
        await pilot.press("f2")
        panel = screen.query_one(AnnotationPanel)
        lines = panel_rows(panel)
        assert lines[0].startswith("orphaned (2)")
        assert "Nothing else was agreed." in lines[1] and lines[1].startswith("⚠ claim")
        assert "Second paragraph here." in lines[2]
        # select the new text, pick the orphan in the panel, press p
        new = "Both sides promised to meet again soon."
        screen.view.select_span(EDITED.index(new), EDITED.index(new) + len(new))
        panel.focus()
        panel.highlighted = 1
        await pilot.press("enter")  # picks it; the selection stays
        assert screen.picked_orphan == rows["Nothing else was agreed."]["id"]
        assert screen.view.selected_span is not None
        assert screen.check_action("place_orphan", ()) is True
        await pilot.press("p")
        await settle(app, pilot)
        orphan_id = rows["Nothing else was agreed."]["id"]
        placed = next(r for r in saved(project, REL) if r["id"] == orphan_id)
        assert placed["start"] == EDITED.index(new) and placed["text"] == new
        assert "orphaned" not in placed
        # the other orphan is the only one left: p places it without picking
        other = "Closing remarks follow."
        screen.view.select_span(EDITED.index(other), EDITED.index(other) + len(other) + 1)
        await pilot.press("p")
        by_id = {r["id"]: r for r in saved(project, REL)}
        second = by_id[rows["Second paragraph here."]["id"]]
        assert second["text"] == other  # trailing white space trimmed
        assert not any(r.get("orphaned") for r in by_id.values())
        assert "orphaned" not in str(screen.query_one("#status").render())
        # undo puts the orphan back
        await pilot.press("u")
        orphaned = {r["id"] for r in saved(project, REL) if r.get("orphaned")}
        assert orphaned == {second["id"]}


@sync
async def test_text_changed_underneath_is_reloaded_and_reanchored(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {REL: ARTICLE})
    text_path = root / "corpus" / REL
    app = app_for(root)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(app, pilot, REL)
        screen.view.move_to(ARTICLE.index("“We are"))
        await pilot.press("q")
        screen.view.move_to(ARTICLE.index("Joe Biden") + 4)
        # the same bytes written again (a checkout that changes nothing): no reload
        text_path.write_text(ARTICLE, encoding="utf-8")
        await pilot.pause(SYNC_SECONDS + 0.2)
        await settle(app, pilot)
        assert not any("reloaded" in n.message for n in app._notifications)
        first_session = screen.session
        # git checkout of another version of the text
        text_path.write_text(EDITED, encoding="utf-8")
        await pilot.pause(SYNC_SECONDS + 0.2)
        await settle(app, pilot)
        assert any("the text changed on disk: reloaded" in n.message for n in app._notifications)
        assert screen.view.text == EDITED and screen.document is not None
        assert screen.session is not first_session
        assert screen.view.cursor_offset == EDITED.index("Joe Biden") + 4  # followed its line
        quote = saved(root, REL)[0]
        assert quote["start"] == EDITED.index("“We are") and "orphaned" not in quote
        # tagging works on the new text's offsets
        screen.view.move_to(EDITED.index("Closing"))
        await pilot.press("c")
        claim = next(r for r in saved(root, REL) if r["tag"] == "claim")
        assert claim["text"] == "Closing remarks follow."
        assert any(
            s.start >= len("date 2022-01-05\nTalks in Geneva, updated") for s in screen.entities
        )


@sync
async def test_re_anchoring_runs_in_a_worker_even_for_a_small_article(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A small article opens on the UI thread, but not when its text changed under its
    annotations: re-anchoring may run git, so the worker re-anchors and its message
    shows the result."""
    import threading

    from reader.core.annotations.session import EditSession
    from reader.tui.screens.article import ArticleScreen

    make_project(project, {"en/other.txt": "Another small article.\n"})
    threads: list[bool] = []
    real = EditSession.reanchor

    def reanchor(self: EditSession) -> object:
        threads.append(threading.current_thread() is threading.main_thread())
        return real(self)

    monkeypatch.setattr(EditSession, "reanchor", reanchor)
    app = app_for(project)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_article(app, pilot, "en/other.txt")  # the wrap width is known
        await pilot.press("escape")
        await settle(app, pilot)
        loads: list[str] = []
        real_load = ArticleScreen.load
        monkeypatch.setattr(ArticleScreen, "load", lambda s: loads.append(s.rel) or real_load(s))
        app.open_article(REL)
        assert screen.document is None  # not shown at stale offsets meanwhile
        await settle(app, pilot)
        assert loads == [REL] and threads and not any(threads)
        assert screen.view.text == EDITED
        quote = [a for a in screen.annotations if a.tag == "quote"]
        assert [a.start for a in quote] == [EDITED.index("“We are")]
