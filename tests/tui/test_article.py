"""Pilot tests of the article screen: every key of DESIGN.md's table, with the YAML on disk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from textual.widgets import Input

from reader.tui.dialogs.edit import EditDialog
from reader.tui.dialogs.help import HelpDialog
from reader.tui.screens.article import ArticleScreen
from reader.tui.screens.corpus import CorpusScreen
from tests.tui_fixtures import ARTICLE, app_for, make_project, open_article, saved, settle, sync

REL = "en/talks.txt"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "p", {REL: ARTICLE})


def at(text: str, needle: str) -> int:
    return ARTICLE.index(needle) if text is ARTICLE else text.index(needle)


@sync
async def test_movement_keys(project: Path) -> None:
    app = app_for(project)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(app, pilot, REL)
        view = screen.view
        assert view.cursor_offset == 0
        await pilot.press("l", "l")
        assert view.cursor_offset == 2
        await pilot.press("h")
        assert view.cursor_offset == 1
        await pilot.press("j")
        assert view.lines.line_of(view.cursor_offset) == 1
        await pilot.press("k")
        assert view.lines.line_of(view.cursor_offset) == 0
        view.move_to(0)
        await pilot.press("w")
        assert view.cursor_offset == at(ARTICLE, "2022-01-05")
        await pilot.press("b")
        assert view.cursor_offset == 0
        view.move_to(at(ARTICLE, "Joe"))
        await pilot.press("right_parenthesis")
        assert view.cursor_offset == at(ARTICLE, "The talks")
        await pilot.press("left_parenthesis")
        assert view.cursor_offset == at(ARTICLE, "Joe")
        await pilot.press("right_curly_bracket")
        assert view.cursor_offset == at(ARTICLE, "Second")
        await pilot.press("left_curly_bracket")
        assert view.cursor_offset == at(ARTICLE, "Joe")


@sync
async def test_selection_keys_and_tagging(project: Path) -> None:
    app = app_for(project)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(app, pilot, REL)
        view = screen.view
        start = at(ARTICLE, "Joe")
        view.move_to(start)
        await pilot.press("shift+right", "shift+right", "shift+right")
        assert view.selected_span == (start, start + 3)
        await pilot.press("c")  # tag the selection as a claim
        rows = saved(project, REL)
        assert [(r["tag"], r["text"]) for r in rows] == [("claim", "Joe")]
        assert view.selected_span is None
        # v: visual mode, movement extends
        view.move_to(at(ARTICLE, "The talks"))
        await pilot.press("v", "w", "w")
        assert view.selected_span == (at(ARTICLE, "The talks"), at(ARTICLE, "went"))
        await pilot.press("v")
        await pilot.press("n")
        assert ("condition", "The talks") in [(r["tag"], r["text"]) for r in saved(project, REL)]
        # s: select the sentence; q tags it
        view.move_to(at(ARTICLE, "ready"))
        await pilot.press("s")
        assert view.selected_span is not None
        await pilot.press("q")
        quote = [r for r in saved(project, REL) if r["tag"] == "quote"]
        assert quote[0]["text"] == "“We are ready,” he said."
        # a tag key with no selection tags the current sentence; 1-9 tag by number
        view.move_to(at(ARTICLE, "two sentences"))
        await pilot.press("1")
        rows = saved(project, REL)
        assert ("claim", "It has two sentences.") in [(r["tag"], r["text"]) for r in rows]
        for row in rows:
            assert ARTICLE[row["start"] : row["end"]] == row["text"]


@sync
async def test_date_key_accepts_a_recognised_date(project: Path) -> None:
    app = app_for(project)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(app, pilot, REL)
        offset = at(ARTICLE, "January 4") + 3
        screen.view.move_to(offset)
        await pilot.press("d")
        rows = saved(project, REL)
        assert rows[0]["tag"] == "date"
        assert rows[0]["text"] == "January 4"
        assert str(rows[0]["value"]) == "2022-01-04"


@sync
async def test_edit_dialog_speaker_note_value_links(project: Path) -> None:
    app = app_for(project)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(app, pilot, REL)
        view = screen.view
        view.move_to(at(ARTICLE, "Joe"))
        await pilot.press("c")
        view.move_to(at(ARTICLE, "ready"))
        await pilot.press("q")
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, EditDialog)
        await pilot.press(*"Peskov")
        await pilot.press("tab", *"said on TV")
        dialog.query_one("#edit-links").select(screen.annotations[0].id)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(app, pilot)
        quote = next(r for r in saved(project, REL) if r["tag"] == "quote")
        claim = next(r for r in saved(project, REL) if r["tag"] == "claim")
        assert quote["speaker"] == "Peskov"
        assert quote["note"] == "said on TV"
        assert quote["links"] == [claim["id"]]
        # a date value must be an ISO date
        view.move_to(at(ARTICLE, "January 4"))
        await pilot.press("d")
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, EditDialog)
        value = dialog.query_one("#edit-value")
        value.value = "10 January"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EditDialog)  # refused, still open
        value.value = "2022-01-10"  # type: ignore[attr-defined]
        value.focus()
        await pilot.press("enter")
        await settle(app, pilot)
        date_row = next(r for r in saved(project, REL) if r["tag"] == "date")
        assert str(date_row["value"]) == "2022-01-10"


@sync
async def test_delete_undo_redo_and_jumps(project: Path) -> None:
    app = app_for(project)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(app, pilot, REL)
        view = screen.view
        for needle in ("Joe", "Second"):
            view.move_to(at(ARTICLE, needle))
            await pilot.press("c")
        assert len(saved(project, REL)) == 2
        view.move_to(0)
        await pilot.press("right_square_bracket")
        assert view.cursor_offset == at(ARTICLE, "Joe")
        await pilot.press("right_square_bracket")
        assert view.cursor_offset == at(ARTICLE, "Second")
        await pilot.press("left_square_bracket")
        assert view.cursor_offset == at(ARTICLE, "Joe")
        await pilot.press("x")
        assert [r["text"] for r in saved(project, REL)] == ["Second paragraph here."]
        await pilot.press("u")
        assert len(saved(project, REL)) == 2
        await pilot.press("ctrl+r")
        assert len(saved(project, REL)) == 1
        view.move_to(at(ARTICLE, "Second"))
        await pilot.press("delete")
        await pilot.pause()
        assert saved(project, REL) == []
        await pilot.press("u", "u")
        assert len(saved(project, REL)) == 2


@sync
async def test_escape_clears_then_goes_back_and_position_is_kept(project: Path) -> None:
    app = app_for(project)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(app, pilot, REL)
        screen.view.move_to(at(ARTICLE, "Second"))
        await pilot.press("s")
        await pilot.press("escape")
        assert screen.view.selected_span is None
        assert isinstance(app.screen, ArticleScreen)
        left_at = screen.view.cursor_offset
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CorpusScreen)
        again = await open_article(app, pilot, REL)
        assert again.view.cursor_offset == left_at > 0


@sync
async def test_panels_help_and_status(project: Path) -> None:
    app = app_for(project)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_article(app, pilot, REL)
        screen.view.move_to(at(ARTICLE, "Second"))
        await pilot.press("c")
        await pilot.press("f2")
        assert screen.query_one("#annotation-panel").display
        screen.view.move_to(0)
        screen.query_one("#annotation-panel").focus()
        await pilot.press("enter")
        assert screen.view.cursor_offset == at(ARTICLE, "Second")
        await pilot.press("f3")
        assert screen.query_one("#entity-panel").display
        status = str(screen.query_one("#status").render())
        assert "claim 1" in status and "saved" in status and "tester" in status
        screen.view.focus()  # movement keys are the view's: listed while it has the focus
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpDialog)
        keys = {row[1] for row in app.screen.rows}
        assert {"Claim", "Next sentence", "Undo", "Quit"} <= keys
        await pilot.press("escape")


@sync
async def test_tag_keys_greyed_out_with_broken_yaml(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {REL: ARTICLE, "en/other.txt": "Fine text here."})
    broken = root / "annotations" / "en" / "talks.yaml"
    broken.parent.mkdir(parents=True)
    broken.write_text("annotations: [unclosed\n", encoding="utf-8")
    before = broken.read_bytes()
    app = app_for(root)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(app, pilot, REL)
        banner = str(screen.query_one("#article-error").render())
        assert "talks.yaml" in banner and "tagging is off" in banner
        assert screen.check_action("tag", ("claim",)) is None
        await pilot.press("s", "c", "x", "u")
        assert broken.read_bytes() == before
        await pilot.press("escape", "escape")
        other = await open_article(app, pilot, "en/other.txt")
        await pilot.press("c")
        assert saved(root, "en/other.txt")[0]["text"] == "Fine text here."
        assert other.session is not None


@sync
async def test_crlf_offsets_are_code_points_of_the_file(tmp_path: Path) -> None:
    text = "Первая строка.\r\nВторая «строка» здесь.\r\n\r\nТретья.\r\n"
    root = make_project(tmp_path / "p", {"ru/crlf.txt": text})
    app = app_for(root)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_article(app, pilot, "ru/crlf.txt")
        screen.view.move_to(text.index("Третья"))
        await pilot.press("q")
        screen.view.move_to(text.index("строка»"))
        await pilot.press("c")
        for row in saved(root, "ru/crlf.txt"):
            assert text[row["start"] : row["end"]] == row["text"]
        assert {r["text"] for r in saved(root, "ru/crlf.txt")} == {
            "Третья.",
            "Вторая «строка» здесь.",
        }


@sync
async def test_autosave_after_each_step_is_valid_yaml(project: Path) -> None:
    app = app_for(project)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_article(app, pilot, REL)
        path = project / "annotations" / "en" / "talks.yaml"
        screen.view.move_to(at(ARTICLE, "Joe"))
        await pilot.press("q")
        first = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert first["document"] == REL and len(first["annotations"]) == 1
        await pilot.press("u")
        assert yaml.safe_load(path.read_text(encoding="utf-8"))["annotations"] == []


BROKEN_YAML = "annotations: [unclosed\n"


@sync
async def test_annotation_file_going_bad_while_open_is_read_only_then_recovers(
    project: Path,
) -> None:
    path = project / "annotations" / "en" / "talks.yaml"
    app = app_for(project)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(app, pilot, REL)
        screen.view.move_to(at(ARTICLE, "Joe"))
        await pilot.press("c")
        await settle(app, pilot)
        good = path.read_text(encoding="utf-8")
        # invalid YAML written into the open article's file (a conflicted `git pull`)
        path.write_text("<<<<<<< HEAD\n" + good + "=======\n>>>>>>> theirs\n", encoding="utf-8")
        broken = path.read_bytes()
        screen._sync()
        await pilot.pause()
        assert app.return_code is None and app.is_running
        banner = str(screen.query_one("#article-error").render())
        assert "talks.yaml:" in banner and "tagging is off" in banner
        assert screen.check_action("tag", ("claim",)) is None
        assert [a.text for a in screen.annotations] == [
            "Joe Biden met J. Smith in the U.S. capital on January 4."
        ]
        screen.view.move_to(at(ARTICLE, "Second"))
        await pilot.press("c", "x", "u", "ctrl+r")
        screen._sync()
        await pilot.pause()
        assert path.read_bytes() == broken
        # fixed on disk: the next sync reads it and tagging is back
        path.write_text(good, encoding="utf-8")
        screen._sync()
        await pilot.pause()
        assert not screen.query_one("#article-error").display
        await pilot.press("c")
        assert len(saved(project, REL)) == 2


@sync
async def test_annotation_file_bad_at_save_time_is_read_only(project: Path) -> None:
    path = project / "annotations" / "en" / "talks.yaml"
    app = app_for(project)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(app, pilot, REL)
        screen.view.move_to(at(ARTICLE, "Joe"))
        await pilot.press("c")
        path.write_text("annotations: [\x1b]0;PWN\x07 [@click=app.quit]x\n", encoding="utf-8")
        broken = path.read_bytes()
        screen.view.move_to(at(ARTICLE, "Second"))
        await pilot.press("q")  # the save finds the file broken before the 1 s sync does
        await settle(app, pilot)
        assert path.read_bytes() == broken
        assert app.is_running
        banner = screen.query_one("#article-error")
        assert banner.display
        shown = str(banner.render())
        assert "talks.yaml:" in shown and "\x1b" not in shown
        # what is shown stays (the quote is not on disk: the status line says so)
        assert [a.tag for a in screen.annotations] == ["claim", "quote"]
        assert "read-only" in str(screen.query_one("#status").render())
        assert screen.check_action("undo", ()) is None


def test_unhandled_exception_exits_non_zero(monkeypatch: pytest.MonkeyPatch, project: Path) -> None:
    import argparse

    from reader.commands import open as open_command
    from reader.tui.app import ReaderApp

    def crash(self: ReaderApp) -> None:
        self._return_code = 1  # what Textual's _handle_exception sets

    monkeypatch.setattr(ReaderApp, "run", crash)
    assert open_command.run(argparse.Namespace(path=str(project))) == 1


def _has_controls(text: str) -> bool:
    return any(ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 for ch in text)


@sync
async def test_edit_dialog_shows_controls_as_stand_ins_and_keeps_them_unless_changed(
    project: Path,
) -> None:
    path = project / "annotations" / "en" / "talks.yaml"
    app = app_for(project)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(app, pilot, REL)
        screen.view.move_to(at(ARTICLE, "ready"))
        await pilot.press("q")
        # a colleague's committed YAML: escape sequences in the speaker and note
        text = path.read_text(encoding="utf-8")
        text = text.replace(
            "  author: tester\n",
            '  author: tester\n  speaker: "Pes\\x9bkov\\e[31m"\n  note: "\\e]0;PWN\\a x"\n',
        )
        path.write_text(text, encoding="utf-8")
        screen._sync()
        await pilot.pause()
        assert screen.annotations[0].note == "\x1b]0;PWN\x07 x"
        before = path.read_bytes()
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, EditDialog)
        for name in ("speaker", "note", "value"):
            shown = dialog.query_one(f"#edit-{name}", Input).value
            assert not _has_controls(shown), (name, shown)
        assert dialog.query_one("#edit-note", Input).value == "␛]0;PWN␇ x"
        await pilot.press("enter")  # saved without changes
        await settle(app, pilot)
        assert not isinstance(app.screen, EditDialog)
        assert path.read_bytes() == before
        # a changed note is written; the untouched speaker keeps its original characters
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, EditDialog)
        dialog.query_one("#edit-note", Input).value = "checked"
        await pilot.press("enter")
        await settle(app, pilot)
        assert screen.annotations[0].note == "checked"
        assert screen.annotations[0].speaker == "Pes\x9bkov\x1b[31m"
        # a control character typed in is refused in the dialog (no crash, stays open)
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, EditDialog)
        dialog.query_one("#edit-note", Input).value = "bad \x1b[2J"
        before = path.read_bytes()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog
        assert "control character" in str(dialog.query_one("#edit-error").render())
        assert path.read_bytes() == before
        await pilot.press("escape")


@sync
async def test_edit_dialog_saves_a_month_and_a_range(project: Path) -> None:
    app = app_for(project)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(app, pilot, REL)
        screen.view.move_to(at(ARTICLE, "January 4"))
        await pilot.press("d")
        for value in ("2022-01", "2022-01-10/2022-01-12", "2022-W01"):
            await pilot.press("e")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, EditDialog)
            dialog.query_one("#edit-value", Input).value = value
            dialog.query_one("#edit-value", Input).focus()
            await pilot.press("enter")
            await settle(app, pilot)
            assert not isinstance(app.screen, EditDialog), value
            assert str(saved(project, REL)[0]["value"]) == value


@sync
async def test_saves_run_off_the_ui_thread_in_order_and_quit_waits_for_them(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from reader.core.annotations.store import Store

    original = Store.save_merging
    threads: set[str] = set()
    release = threading.Event()  # the disk is "slow" until the keys are all handled
    written: list[int] = []

    def slow(self: Store, afile: Any, base: Any) -> Any:
        threads.add(threading.current_thread().name)
        release.wait(timeout=30)
        written.append(len(afile.annotations))
        return original(self, afile, base)

    monkeypatch.setattr(Store, "save_merging", slow)
    app = app_for(project)
    needles = ("Joe", "The talks", "ready", "Nothing", "Second", "two sentences")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(app, pilot, REL)
        for needle in needles:
            screen.view.move_to(at(ARTICLE, needle))
            await pilot.press("c")
        await pilot.press("x", "u", "ctrl+r", "u")  # delete, undo, redo, undo: in order
        assert written == []  # every key was handled while no save had finished
        session = screen.session
        assert session is not None and session.writer.pending > 0
        assert "saving…" in str(screen.query_one("#status").render())
        assert len(screen.annotations) == len(needles)  # shown at once
        shown = {(a.tag, a.start, a.end) for a in screen.annotations}
        release.set()
        await pilot.press("ctrl+q")  # at once: quitting waits for the queued saves
    assert threading.main_thread().name not in threads
    path = project / "annotations" / "en" / "talks.yaml"  # read as is: no drain here
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))["annotations"]
    assert {(r["tag"], r["start"], r["end"]) for r in rows} == shown


@sync
async def test_queued_saves_keep_another_writers_changes(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    from reader.core.annotations.session import EditSession
    from reader.core.annotations.store import Store
    from reader.core.corpus.discovery import Corpus
    from reader.core.project.layout import Project

    original = Store.save_merging

    def slow(self: Store, afile: Any, base: Any) -> Any:
        time.sleep(0.1)
        return original(self, afile, base)

    app = app_for(project)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(app, pilot, REL)
        monkeypatch.setattr(Store, "save_merging", slow)
        screen.view.move_to(at(ARTICLE, "Joe"))
        await pilot.press("c")
        # another process (a colleague's `reader tag`) writes while ours is queued
        corpus = Corpus(Project.open(project))
        other = EditSession(corpus.store, corpus.document(REL), "en")
        start = at(ARTICLE, "Second")
        other.add("quote", start, start + len("Second paragraph here."))
        screen.view.move_to(at(ARTICLE, "ready"))
        await pilot.press("n")
        await settle(app, pilot)
        assert {r["tag"] for r in saved(project, REL)} == {"claim", "quote", "condition"}
        assert {a.tag for a in screen.annotations} == {"claim", "quote", "condition"}
        assert "saved" in str(screen.query_one("#status").render())
