"""ArticleView's own rendering and wrapping: the same cells and positions as Textual's
TextArea, at a cost that does not grow with the line (single-line articles)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.text import Text
from textual._wrap import compute_wrap_offsets
from textual.document._document import Document
from textual.document._wrapped_document import WrappedDocument
from textual.strip import Strip
from textual.widgets import TextArea

from reader.tui.widgets.article_view import ArticleView, _WrappedDocument, wrap_offsets
from tests.conftest import SEED_RU
from tests.tui_fixtures import app_for, make_project, open_article, settle, sync

WORDS = ["a", "bb", "ccc", "Путин", "😀x", "\tt", "longerword", "x" * 30, "«да»", "e\u0301"]


@settings(max_examples=150)
@given(
    lines=st.lists(st.lists(st.sampled_from(WORDS), max_size=60), min_size=1, max_size=5),
    width=st.integers(min_value=5, max_value=60),
)
def test_wrapped_positions_match_textual(lines: list[list[str]], width: int) -> None:
    document = Document("\n".join(" ".join(words) for words in lines))
    theirs, ours = WrappedDocument(document, width), _WrappedDocument(document, width)
    for index, words in enumerate(lines):
        line = " ".join(words)
        assert ours.get_sections(index) == theirs.get_sections(index)
        for column in range(len(line) + 1):
            location = (index, column)
            assert ours.location_to_offset(location) == theirs.location_to_offset(location)
        sections = len(theirs.get_offsets(index)) + 1
        for y in [*range(sections), -1]:
            for x in range(width + 3):
                expected = theirs.get_target_document_column(index, x, y)
                assert ours.get_target_document_column(index, x, y) == expected


PIECES = ["a", "bb", "Путин", " ", "  ", "\u00a0", "\u2003", "x" * 17, "«да».", "😀", "\t"]
PIECES.append("e\u0301")  # a combining accent: zero cells


@settings(max_examples=400)
@given(
    line=st.lists(st.sampled_from(PIECES), max_size=40).map("".join),
    width=st.integers(min_value=1, max_value=30),
)
def test_wrap_offsets_are_textuals(line: str, width: int) -> None:
    """The regex wrap of one-cell text breaks exactly where Textual's word-by-word one does
    (other text goes to Textual's own, with the tab stops its wrap passes: a tab is wider
    than a row narrower than the tab width)."""
    theirs = WrappedDocument(Document(line), width, tab_width=4)._wrap_offsets[0]
    assert wrap_offsets(line, width, 4) == theirs
    if "\t" not in line and width >= 4:
        assert wrap_offsets(line, width, 4) == compute_wrap_offsets(line, width, tab_size=4)


def test_wrapping_an_article_is_textuals() -> None:
    text = SEED_RU.read_text(encoding="utf-8")
    document = Document(text + "\n\tx\n\n" + "слово " * 500)
    for width in (1, 7, 40, 77):
        theirs, ours = WrappedDocument(document, width), _WrappedDocument(document, width)
        assert ours._wrap_offsets == theirs._wrap_offsets
        assert ours._offset_to_line_info == theirs._offset_to_line_info
        assert ours._line_index_to_offsets == theirs._line_index_to_offsets
        assert ours._tab_width_cache == theirs._tab_width_cache


def _cells(strip: Strip) -> list[tuple[str, object]]:
    return [(ch, segment.style) for segment in strip for ch in segment.text]


TEXT = (
    "date 2022-01-05\n\nJoe Biden met Vladimir Putin in Geneva on January 4. " * 3
    + "\n\nshort\n\t\tindented\ttabs\n"
    + "word " * 120
    + "\n"
)


@sync
async def test_rows_render_like_textarea(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {"en/a.txt": TEXT}, config="languages: [en]\n")
    app = app_for(project)
    async with app.run_test(size=(60, 40)) as pilot:
        screen = await open_article(app, pilot, "en/a.txt")
        await pilot.press("s", "c")  # an annotation under the selection
        await settle(app, pilot)
        view = screen.view
        assert screen.entities  # entity styles are there too
        for start, end in ((5, 130), (0, 0), (40, len(TEXT) - 10), (140, 141)):
            view.select_span(start, end)
            await pilot.pause()
            for y in range(view.wrapped_document.height):
                ours = _cells(view.paint_row(y))[2:]  # after the gutter mark
                assert ours == _cells(TextArea._render_line(view, y)), (start, end, y)


@sync
async def test_a_single_line_article_is_never_divided_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """TextArea divided the whole line into sections per painted row and per cursor move:
    seconds per key on 100 KB without a newline. ArticleView slices one section."""
    text = ("Joe Biden met Vladimir Putin in Geneva on January 4 and they talked. " * 3000)[
        :200_000
    ]
    project = make_project(tmp_path / "p", {"en/one-line.txt": text}, config="languages: [en]\n")
    app = app_for(project)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(app, pilot, "en/one-line.txt")
        view = screen.view
        view.move_to(len(text) // 2, center=True)
        await pilot.pause()
        divided: list[int] = []
        real_divide = Text.divide

        def divide(self: Text, offsets: object) -> object:
            divided.append(len(self))
            return real_divide(self, offsets)  # type: ignore[arg-type]

        monkeypatch.setattr(Text, "divide", divide)
        for key in ("w", "w", "shift+right", "l", "j", "k", "right_parenthesis"):
            await pilot.press(key)
            view.render_lines(view.region.reset_offset)
        await pilot.pause()
        assert not [n for n in divided if n > 10_000], divided
        assert isinstance(view, ArticleView) and view.selected_span is None


@sync
async def test_prepared_articles_are_reused_until_their_file_changes(tmp_path: Path) -> None:
    from reader.tui.article.loader import prepare_article

    text = "Joe Biden spoke in Geneva.\n\nPutin answered. " * 200
    project = make_project(tmp_path / "p", {"en/a.txt": text}, config="languages: [en]\n")
    app = app_for(project)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(app, pilot, "en/a.txt")
        width = screen.view.wrap_width
        shown = [info for info in screen.view.wrapped_document._offset_to_line_info]
        first = prepare_article(app.services, "en/a.txt", width)
        assert prepare_article(app.services, "en/a.txt", width) is first  # unchanged file: reused
        assert first.text is not None and first.text.width == width
        # the prepared wrapping is what TextArea itself makes
        assert first.text.wrapped._offset_to_line_info == shown
        await pilot.press("escape")
        await settle(app, pilot)
        path = project / "corpus" / "en" / "a.txt"
        path.write_text("A new text. " + text, encoding="utf-8")
        again = prepare_article(app.services, "en/a.txt", width)
        assert again is not first and again.document.text.startswith("A new text.")
        screen = await open_article(app, pilot, "en/a.txt")
        assert screen.view.text.startswith("A new text.")


@sync
async def test_a_line_restyled_in_place_shows_on_every_row_it_wraps_on(tmp_path: Path) -> None:
    """A tag repaints only the rows of the lines it changes; each of them must show it
    (a row kept from an earlier paint would miss the new gutter mark)."""
    import re

    line = "Joe Biden met Vladimir Putin in Geneva on January 4. " * 3
    project = make_project(tmp_path / "p", {"en/a.txt": f"Title\n\n{line}\n"})
    app = app_for(project)
    async with app.run_test(size=(60, 20)) as pilot:
        screen = await open_article(app, pilot, "en/a.txt")
        view = screen.view
        rows = len(view.rows.rows_of_line(2))
        assert rows >= 3
        view.move_to(len("Title\n\n"))
        await pilot.press("q")  # the sentence: the line's rows get a mark
        await settle(app, pilot)
        view.move_to(len("Title\n\nJoe "))
        await pilot.press("v", "w", "c")  # a claim inside: two colours meet, on every row
        await settle(app, pilot)
        shown = app.export_screenshot()
        assert len(re.findall(r">┃", shown)) == rows
