"""Pilot tests found missing in review: a colleague's tag, markup in tags, the selection in
256 colours, speaker matches, the key bar and status line at 80 columns, every remaining
key and the mouse, the palette's commands."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.color import ColorSystem
from textual.color import Color
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Select

from reader.core.project.config import DEFAULT_TAGS
from reader.tui.app import ReaderApp
from reader.tui.article.styles import distinct_tints
from reader.tui.dialogs.edit import EditDialog
from reader.tui.dialogs.help import HelpDialog
from reader.tui.widgets.key_bar import KeyBar
from reader.tui.widgets.status_line import StatusLine
from tests.tui_fixtures import ARTICLE, app_for, make_project, open_article, saved, settle, sync

REL = "en/talks.txt"
FIVE_TAGS = """tags:
- {name: claim, key: c}
- {name: condition, key: n}
- {name: date, key: d}
- {name: quote, key: q}
- {name: source, key: o}
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "p", {REL: ARTICLE})


def _write_annotation(root: Path, tag: str, needle: str = "Joe Biden") -> None:
    start = ARTICLE.index(needle)
    path = root / "annotations" / "en" / "talks.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    from reader.core.annotations.format import Annotation, AnnotationFile, dump
    from reader.core.text.document import sha256_of

    entry = Annotation("a1b2c3", tag, start, start + len(needle), needle, author="colleague")
    path.write_text(dump(AnnotationFile(REL, sha256_of(ARTICLE), "en", (entry,))), "utf-8")


async def _edit_dialog(app: ReaderApp, pilot: Pilot[None]) -> EditDialog:
    """Open the article and the edit dialog of the annotation on "Biden"."""
    screen = await open_article(app, pilot, REL)
    screen.view.move_to(ARTICLE.index("Biden"))
    await pilot.press("e")
    await settle(app, pilot)
    dialog = app.screen
    assert isinstance(dialog, EditDialog)
    return dialog


@sync
async def test_edit_on_a_tag_missing_from_reader_yaml_opens_and_keeps_it(project: Path) -> None:
    _write_annotation(project, "source")
    app = app_for(project)
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await _edit_dialog(app, pilot)
        assert dialog.query_one("#edit-tag", Select).value == "source"
        dialog.query_one("#edit-note", Input).value = "checked"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    [row] = saved(project, REL)
    assert (row["tag"], row["note"]) == ("source", "checked")


@sync
async def test_deleting_a_tag_made_of_markup_shows_it_literally(project: Path) -> None:
    for tag in ("[reverse]BOOM[/reverse] [@click=app.quit]CLICK[/]", "x[/foo]"):
        _write_annotation(project, tag)
        app = app_for(project)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_article(app, pilot, REL)
            screen.view.move_to(ARTICLE.index("Biden"))
            await pilot.press("x")
            await settle(app, pilot)
            assert app.return_code is None and app.is_running
            shown = [str(n.message) for n in app._notifications]
            assert any(f"deleted {tag} (u to undo)" in m for m in shown)
        assert saved(project, REL) == []


@pytest.mark.parametrize("background", ["#121212", "#0C181F", "#F5F5F5", "#E0E0E0"])
def test_tag_tints_differ_in_256_colours(background: str) -> None:
    tints = distinct_tints(background=Color.parse(background), colours=[
        Color.parse(t.colour) for t in DEFAULT_TAGS
    ])  # fmt: skip
    entries = {t.rich_color.downgrade(ColorSystem.EIGHT_BIT).number for t in tints}
    assert len(entries) == len(DEFAULT_TAGS)
    bg_entry = Color.parse(background).rich_color.downgrade(ColorSystem.EIGHT_BIT).number
    assert bg_entry not in entries


@sync
async def test_selection_is_reverse_video_over_annotations(project: Path) -> None:
    _write_annotation(project, "quote", "Joe Biden met J. Smith")
    app = app_for(project)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(app, pilot, REL)
        view = screen.view
        start = ARTICLE.index("Biden")
        view.select_span(start, start + 5)
        await pilot.pause()
        row = view.lines.line_of(start)
        strip = view.render_line(row)  # no scrolling: row y is the line
        selected = [seg for seg in strip if seg.style and seg.style.reverse]
        assert "".join(seg.text for seg in selected) == "Biden"
        # the quote's tint is there too, under the reverse video
        assert all(seg.style and seg.style.underline for seg in selected)


@sync
async def test_speaker_matches_any_part_of_a_name(project: Path) -> None:
    _write_annotation(project, "quote")
    app = app_for(project)
    app.services.speakers.update({"Dmitry Peskov", "Дмитрий Песков", "Ned Price"})
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await _edit_dialog(app, pilot)
        await pilot.press(*"пёс")  # "ё" typed, "е" in the name: still a match
        await settle(app, pilot)
        matches = dialog.query_one("#edit-speaker-matches", OptionList)
        assert matches.display
        assert [
            str(matches.get_option_at_index(i).prompt) for i in range(matches.option_count)
        ] == ["Дмитрий Песков"]
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert dialog.query_one("#edit-speaker", Input).value == "Дмитрий Песков"
        await pilot.press("enter")
        await settle(app, pilot)
    [row] = saved(project, REL)
    assert row["speaker"] == "Дмитрий Песков"


@sync
async def test_key_bar_and_status_line_fit_80_columns(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {REL: ARTICLE}, config=FIVE_TAGS)
    app = app_for(project)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_article(app, pilot, REL)
        await pilot.press("v")
        await settle(app, pilot)
        bar = str(screen.query_one(KeyBar).render())
        assert len(bar) <= 80
        for shown in ("c Claim", "esc Back", "^q Quit", "? Help", "^p"):
            assert shown in bar, bar
        assert "…" not in bar  # keys are dropped whole, never cut
        status = str(screen.query_one(StatusLine).render())
        assert "VISUAL" in status and status.rstrip().endswith("tester"), status


@sync
async def test_annotation_panel_separates_tag_and_speaker(project: Path) -> None:
    _write_annotation(project, "condition")
    app = app_for(project)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_article(app, pilot, REL)
        screen.session.update("a1b2c3", speaker="Dmitry Peskov")  # type: ignore[union-attr]
        screen._annotations_changed()
        await pilot.press("f2")
        await settle(app, pilot)
        panel = screen.query_one("#annotation-panel", OptionList)
        assert str(panel.get_option_at_index(0).prompt).startswith("condition Dmitry Peskov: ")


@sync
async def test_help_says_delete_removes_the_annotation(project: Path) -> None:
    app = app_for(project)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_article(app, pilot, REL)
        await pilot.press("question_mark")
        await settle(app, pilot)
        help_screen = app.screen
        assert isinstance(help_screen, HelpDialog)
        rows = {key: (description, ident) for key, description, _, ident in help_screen.rows}
        assert rows["del"] == ("Delete annotation", "article.delete_key")
        assert "Delete character right" not in {d for d, _ in rows.values()}


@sync
async def test_delete_and_ctrl_d_delete_the_annotation(project: Path) -> None:
    app = app_for(project)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(app, pilot, REL)
        for key in ("delete", "ctrl+d"):
            screen.view.move_to(ARTICLE.index("Joe"))
            await pilot.press("s", "c")
            assert len(saved(project, REL)) == 1
            screen.view.move_to(ARTICLE.index("Biden"))
            await pilot.press(key)
            await settle(app, pilot)
            assert saved(project, REL) == [], key


@sync
async def test_arrows_shift_arrows_and_number_keys(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {REL: ARTICLE}, config=FIVE_TAGS)
    app = app_for(project)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(app, pilot, REL)
        view = screen.view
        start = ARTICLE.index("Joe")
        view.move_to(start)
        await pilot.press("right", "right", "left")
        assert view.cursor_offset == start + 1
        await pilot.press("down")
        assert view.lines.line_of(view.cursor_offset) == view.lines.line_of(start) + 1
        await pilot.press("up")
        assert view.cursor_offset == start + 1
        await pilot.press("shift+left")
        assert view.selected_span == (start, start + 1)
        await pilot.press("escape")  # clears the selection: the cursor stays at ``start``
        await pilot.press("shift+down")
        down = view.selected_span
        assert down is not None and down[0] == start and view.lines.line_of(down[1]) == 4
        await pilot.press("shift+up")
        assert view.selected_span is None  # back where it started: nothing selected
        # number keys tag by position: 2 condition ... 5 the fifth tag (source)
        for number, tag in ((2, "condition"), (3, "date"), (4, "quote"), (5, "source")):
            view.move_to(ARTICLE.index("Second"))
            await pilot.press("s", str(number))
            await settle(app, pilot)
            assert saved(project, REL)[-1]["tag"] == tag
            await pilot.press("x")  # next number on a clean slate
            await settle(app, pilot)


@sync
async def test_mouse_drag_selects_and_double_click_selects_a_word(project: Path) -> None:
    app = app_for(project)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(app, pilot, REL)
        view = screen.view
        row = view.lines.line_of(ARTICLE.index("Joe"))
        gutter = view.gutter_width
        await pilot.mouse_down(view, offset=(gutter + 0, row))
        await pilot.hover(view, offset=(gutter + 9, row))
        await pilot.mouse_up(view, offset=(gutter + 9, row))
        await settle(app, pilot)
        start = ARTICLE.index("Joe")
        assert view.selected_span == (start, start + 9)  # "Joe Biden"
        await pilot.click(view, offset=(gutter + 18, row), times=2)  # in "Smith"
        await settle(app, pilot)
        span = view.selected_span
        assert span is not None
        assert ARTICLE[span[0] : span[1]] == "Smith"


@sync
async def test_entity_panel_enter_cycles_through_occurrences(tmp_path: Path) -> None:
    text = "Joe Biden spoke.\n\nLater Joe Biden left, and Biden waved.\n"
    project = make_project(tmp_path / "p", {"en/b.txt": text}, config="languages: [en]\n")
    app = app_for(project)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_article(app, pilot, "en/b.txt")
        await pilot.press("f3")
        await settle(app, pilot)
        panel = screen.query_one("#entity-panel", OptionList)
        index = next(
            i
            for i in range(panel.option_count)
            if "Joe Biden" in str(panel.get_option_at_index(i).prompt)
        )
        panel.highlighted = index
        starts = []
        for _ in range(4):
            panel.focus()
            await pilot.press("enter")
            await settle(app, pilot)
            span = screen.view.selected_span
            assert span is not None
            starts.append(span[0])
        assert starts[0] == 0 and starts[1] == text.index("Joe Biden left")
        assert starts[3] == starts[0]  # wrapped round after the last occurrence
        assert len(set(starts)) == 3  # "Biden" alone links to Joe Biden


@sync
async def test_key_bar_greys_out_keys_that_cannot_act(project: Path) -> None:
    app = app_for(project)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_article(app, pilot, REL)
        bar = screen.query_one(KeyBar)
        screen.view.move_to(ARTICLE.index("Second"))
        await settle(app, pilot)
        rows = {description: enabled for _, description, enabled in bar._rows}
        assert rows["Claim"] is True and rows["Edit"] is False  # nothing to edit here
        await pilot.press("s", "c")
        await settle(app, pilot)
        rows = {description: enabled for _, description, enabled in bar._rows}
        assert rows["Edit"] is True
        screen.view.move_to(ARTICLE.index("\n\nSecond") + 1)  # the blank line
        await settle(app, pilot)
        rows = {description: enabled for _, description, enabled in bar._rows}
        assert rows["Claim"] is False  # no sentence, no selection: nothing to tag


@sync
async def test_palette_toggles_panels_switches_theme_and_exports(project: Path) -> None:
    _write_annotation(project, "claim")
    broken = project / "annotations" / "en" / "broken.yaml"
    broken.write_text("document: [unclosed\n", encoding="utf-8")
    (project / "corpus" / "en" / "broken.txt").write_text("Some text.\n", encoding="utf-8")
    app = app_for(project)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_article(app, pilot, REL)

        async def run_command(query: str) -> None:
            await pilot.press("ctrl+p")
            await settle(app, pilot)
            await pilot.press(*query)
            await pilot.pause(0.5)
            await pilot.press("enter")
            await settle(app, pilot)

        await run_command("annotations panel")
        assert screen.query_one("#annotation-panel").display
        await run_command("annotations panel")
        assert not screen.query_one("#annotation-panel").display
        await run_command("export csv")
        await pilot.pause(0.5)
        await settle(app, pilot)
        export = project / "reader-export.csv"
        assert export.is_file() and "a1b2c3" in export.read_text(encoding="utf-8")
        shown = [str(n.message) for n in app._notifications]
        assert any(
            "skipped 1 unreadable file(s)" in m and "broken.yaml:2: invalid YAML" in m
            for m in shown
        ), shown
        before = app.theme
        await run_command("theme")
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert app.theme != before
