"""The article text: a read-only TextArea with precomputed styles and a gutter of marks.

Offsets are code points into the original text. The TextArea holds
``display_text(text)`` (one-to-one in code points, same line structure: the
only line breaks left are ``\\r\\n``, ``\\n`` and ``\\r``, exactly the ones
``LineIndex`` knows), so a TextArea location ``(row, column)`` is a
``LineIndex`` line and code-point column. Styles are applied per line in
``get_line`` using code-point columns, below the selection, so a selection
always shows over highlights.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.cells import get_character_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.expand_tabs import expand_text_tabs_from_widths, get_tab_widths
from textual.reactive import Reactive, reactive
from textual.strip import Strip
from textual.widgets.text_area import Selection

from reader.core.text.offsets import LineIndex
from reader.core.text.segment import Segments
from reader.tui.keys import bindings_of
from reader.tui.safe import display_text
from reader.tui.textual_compat.text_area import (
    RowPaintedTextArea,
    SectionWrappedDocument,
    TextDocument,
    compute_wrap_offsets,
    selection_style,
)

if TYPE_CHECKING:
    from textual.widgets.text_area import TextAreaTheme

GUTTER_WIDTH = 2
DELETE_KEY = "article.delete_key"  # the binding id of the view's own key
# The movement keys are the view's, so every screen that shows an article moves alike.
VIEW_KEYS = frozenset({
    DELETE_KEY, "article.left", "article.right", "article.down", "article.up",
    "article.word_next", "article.word_prev", "article.sentence_next", "article.sentence_prev",
    "article.paragraph_next", "article.paragraph_prev",
})  # fmt: skip
TAB_WIDTH = 4  # TextArea's indent_width default


# Textual wraps a line in chunks (``\S+\s*|\s+``): each begins where a non-space follows a
# space, or at the line's start.
_CHUNK_START = re.compile(r"(?<=\s)\S")
_LAST_CHUNK_START = re.compile(r".*(?<=\s)(?=\S)", re.DOTALL)  # match ends at the last one


def _one_cell_characters() -> frozenset[str]:
    """The characters of Latin, Greek, Cyrillic and common punctuation that take one cell."""
    ranges = ((0x20, 0x7E), (0xA0, 0x52F), (0x2010, 0x205E), (0x20A0, 0x20C0), (0x2100, 0x214F))
    candidates = (chr(code) for start, end in ranges for code in range(start, end + 1))
    return frozenset(ch for ch in candidates if get_character_cell_size(ch) == 1)


_ONE_CELL = _one_cell_characters()


def _narrow(line: str) -> bool:
    """True when every character of ``line`` takes one cell (no tab, wide or zero-width)."""
    return _ONE_CELL.issuperset(line) or all(get_character_cell_size(ch) == 1 for ch in set(line))


def wrap_offsets(
    line: str, width: int, tab_width: int, tab_sections: list[tuple[str, int]] | None = None
) -> list[int]:
    """Where ``line`` breaks at ``width`` cells: exactly Textual's ``compute_wrap_offsets``.
    When every character is one cell wide (news text), each row's break is found with a
    regular expression over that row alone, instead of measuring every word in Python
    (most of the cost of showing 60 KB)."""
    if not width:
        return []
    if not _narrow(line):  # measured by Textual, with the tab stops its wrap passes
        sections = get_tab_widths(line, tab_width) if tab_sections is None else tab_sections
        return compute_wrap_offsets(
            line, width, tab_size=tab_width, precomputed_tab_sections=sections
        )
    if len(line) <= width:
        return []
    size = len(line)
    breaks: list[int] = []
    row = 0  # where the current visual row starts
    while row + width < size:
        limit = row + width  # the first position that does not fit on this row
        found = _LAST_CHUNK_START.match(line, row + 1, limit + 1)
        chunk = found.end() if found else row  # the chunk holding ``limit`` starts here
        if found and (
            chunk + width >= size or _CHUNK_START.search(line, chunk + 1, chunk + width + 1)
        ):
            breaks.append(chunk)  # it fits on a row of its own: the next row starts with it
            row = chunk
            continue
        following = _CHUNK_START.search(line, chunk + width + 1)
        end = following.start() if following else size
        pieces = range(chunk, end, width)  # wider than a row: folded every ``width`` cells
        breaks.extend(piece for piece in pieces if piece)
        row = pieces[-1]
    return breaks


class _WrappedDocument(SectionWrappedDocument):
    """Wrapped at ``wrap_offsets``: Textual's breaks, found faster on news text."""

    def line_breaks(
        self, line: str, width: int, tab_width: int, sections: list[tuple[str, int]] | None
    ) -> list[int]:
        """Where ``line`` breaks at ``width`` cells."""
        return wrap_offsets(line, width, tab_width, sections)


RowSpans = list[tuple[int, int | None, Style]]  # (start column, end column or None, style)
Mark = tuple[str, Style]  # a gutter symbol and its style
LAYERS = ("entities", "annotations")  # bottom to top
PAINTED_ROWS_KEPT = 2_000  # painted rows remembered (a few screens of scrolling)


def line_pieces(
    start: int, end: int, to_line_col: Callable[[int], tuple[int, int]]
) -> Iterator[tuple[int, int, int | None]]:
    """The code points ``start..end`` as (line, first column, end column or None for the
    line's end), one per line they cover."""
    row1, col1 = to_line_col(start)
    row2, col2 = to_line_col(end)
    if row1 == row2:
        yield row1, col1, col2
        return
    yield row1, col1, None
    for row in range(row1 + 1, row2):
        yield row, 0, None
    yield row2, 0, col2


class _RowIndex:
    """One row's styled spans, found by column range in O(log n + k): a 10 MB single-line
    article has all its spans on one row, and each visual row needs only its section's."""

    __slots__ = ("_open", "_spans", "_starts", "_widest")

    def __init__(self, spans: RowSpans) -> None:
        bounded = sorted(
            ((start, end, order, style) for order, (start, end, style) in enumerate(spans)
             if end is not None),
            key=lambda item: item[0],
        )  # fmt: skip
        self._starts = [item[0] for item in bounded]
        self._spans = bounded
        self._widest = max((end - start for start, end, _, _ in bounded), default=0)
        self._open = [
            (start, order, style) for order, (start, end, style) in enumerate(spans) if end is None
        ]

    def between(self, lo: int, hi: int) -> list[tuple[int, int | None, Style]]:
        """Spans overlapping columns ``lo..hi``, in the order they were given."""
        first = bisect_left(self._starts, lo - self._widest)
        last = bisect_left(self._starts, hi)
        found: list[tuple[int, int, int | None, Style]] = [
            (order, start, end, style)
            for start, end, order, style in self._spans[first:last]
            if end > lo
        ]
        found += [(order, start, None, style) for start, order, style in self._open if start < hi]
        found.sort(key=lambda item: item[0])
        return [(start, end, style) for _, start, end, style in found]


@dataclass(frozen=True)
class PreparedText:
    """An article's display text, document and wrapping, made off the UI thread
    (``ArticleView.prepare``): wrapping 60 KB is most of the cost of showing it."""

    display: str
    document: TextDocument
    wrapped: _WrappedDocument

    @property
    def width(self) -> int:
        """The width it is wrapped at now: the view rewraps it in place when resized."""
        return self.wrapped.width


class ArticleView(RowPaintedTextArea):
    """Read-only article with entity/annotation styles; selection and cursor in code points."""

    wrapped_class = _WrappedDocument
    # TextArea repaints every row when the selection or the cursor moves; here only the
    # rows the old and the new selection cover are repainted (``watch_selection``).
    selection: Reactive[Selection] = reactive(
        Selection(), init=False, always_update=True, repaint=False
    )

    # Reverse video: the selection shows over any tint or entity colour, in any colour
    # mode (a background colour alone fell on the quote tint's entry in 256 colours).
    DEFAULT_CSS = """
    ArticleView > .text-area--selection {
        text-style: reverse;
    }
    """

    # Movement, and TextArea's "Delete character right": the text is read-only, that
    # key deletes the annotation under the cursor (``action_delete_right``).
    BINDINGS: ClassVar[list[BindingType]] = [
        b for b in bindings_of("article.") if isinstance(b, Binding) and b.id in VIEW_KEYS
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            "",
            read_only=True,
            soft_wrap=True,
            show_line_numbers=False,
            highlight_cursor_line=False,
            tab_behavior="focus",
            id=id,
        )
        self.match_cursor_bracket = False
        self.use_fast_wrapping()
        self.lines = LineIndex("")
        self.segments = Segments("")
        self.visual = False
        self._layers: dict[str, dict[int, _RowIndex]] = {layer: {} for layer in LAYERS}
        self._marks: dict[int, Mark] = {}
        self._display = ""
        # Painted rows by visual row, with what they were painted from: a tag or a cursor
        # move repaints the rows whose line styles, selection or cursor changed, not all.
        self._painted: dict[int, tuple[tuple[object, ...], Strip]] = {}
        self._line_versions: dict[int, int] = {}  # bumped when a line's styles change

    # --- content -----------------------------------------------------------

    @staticmethod
    def prepare(text: str, width: int, tab_width: int = TAB_WIDTH) -> PreparedText:
        """The display text of ``text`` wrapped at ``width`` (any thread: no widget)."""
        display = display_text(text)
        document = TextDocument(display)
        wrapped = _WrappedDocument(document, width, tab_width=tab_width)
        return PreparedText(display, document, wrapped)

    def show(
        self,
        text: str,
        lines: LineIndex,
        segments: Segments,
        prepared: PreparedText | None = None,
    ) -> None:
        """Display ``text`` (raw; made safe here) with its line index and segments; a
        ``prepared`` wrapping of it at this view's width is used as is."""
        self.lines = lines
        self.segments = segments
        self._layers = {layer: {} for layer in LAYERS}
        self._marks = {}
        self._forget_painted()
        if prepared is None or prepared.width != self.wrap_width or not self.wrap_width:
            self._display = display_text(text) if prepared is None else prepared.display
            self.load_text(self._display)
            self.use_fast_wrapping()
            return
        self._display = prepared.display
        self.load_wrapped(prepared.document, prepared.wrapped)

    @property
    def text(self) -> str:
        """The displayed text (cached: Textual joins every line on each access)."""
        return self._display

    @text.setter
    def text(self, value: str) -> None:
        self._display = value
        self.load_text(value)
        self.use_fast_wrapping()

    def apply_styles(
        self,
        spans: Iterable[tuple[int, int, Style]],
        marks: dict[int, Mark] | None = None,
        *,
        layer: str = "annotations",
    ) -> None:
        """Replace one layer of styled spans (code points, applied in order; the entity
        layer below the annotation layer) and, if given, the gutter marks. Each layer is
        recomputed only when it changes: a tag does not redo the entities."""
        rows: dict[int, RowSpans] = {}
        to_line_col = self.lines.to_line_col
        for start, end, style in spans:
            if end > start:
                for row, first, stop in line_pieces(start, end, to_line_col):
                    rows.setdefault(row, []).append((first, stop, style))
        self._layers[layer] = {row: _RowIndex(spans) for row, spans in rows.items()}
        if marks is not None:
            self._marks = marks
        self._forget_painted()
        self.refresh()

    def restyle_lines(
        self, layer: str, rows: Mapping[int, RowSpans], marks: Mapping[int, Mark | None]
    ) -> None:
        """Replace the spans of some lines of ``layer`` (an empty list clears a line) and
        the gutter marks of some lines (None clears one): only those lines are repainted."""
        target = self._layers[layer]
        for row, spans in rows.items():
            if spans:
                target[row] = _RowIndex(spans)
            else:
                target.pop(row, None)
        for row, mark in marks.items():
            if mark is None:
                self._marks.pop(row, None)
            else:
                self._marks[row] = mark
        versions = self._line_versions
        wrapped = self.wrapped_document
        for line in {*rows, *marks}:
            versions[line] = versions.get(line, 0) + 1
            if isinstance(wrapped, SectionWrappedDocument) and line < self.document.line_count:
                shown = wrapped.rows_of_line(line)
                self.refresh_lines(shown.start, len(shown))
            else:
                self.refresh()

    def _forget_painted(self) -> None:
        self._painted.clear()
        self._line_versions.clear()

    def get_line(self, line_index: int) -> Text:
        """The line with its precomputed styles (code-point columns)."""
        return self._styled(line_index, 0, None)

    def _styled(self, line_index: int, lo: int, hi: int | None) -> Text:
        """Columns ``lo..hi`` of a line (to its end when ``hi`` is None) with their styles."""
        whole = self.document.get_line(line_index)
        hi = len(whole) if hi is None else hi
        text = Text(whole[lo:hi], end="", no_wrap=True)
        for layer in LAYERS:
            row = self._layers[layer].get(line_index)
            for start, end, style in row.between(lo, hi) if row else ():
                text.stylize(style, max(start, lo) - lo, (hi if end is None else min(end, hi)) - lo)
        return text

    @property
    def gutter_width(self) -> int:
        """Two cells for the annotation marks."""
        return GUTTER_WIDTH

    def paint_row(self, y: int) -> Strip:
        """One visual row: the gutter mark, then only this row's section of its line (the
        article is read-only, soft-wrapped, without line numbers, syntax or bracket
        highlights), so painting a row costs its section, not its whole line. A row is
        painted again only when what it shows changed (its line's styles or mark, the
        selection or the cursor on it, the width, the theme)."""
        theme = self.painting_theme
        base_style = theme.base_style if theme and theme.base_style is not None else self.rich_style
        wrapped = self.rows
        row_y = y + self.scroll_offset.y
        info = wrapped.line_at_row(row_y)
        width = self.scrollable_content_region.size.width - GUTTER_WIDTH
        if info is None:
            gutter = Strip([Segment(" " * GUTTER_WIDTH, Style())], GUTTER_WIDTH)
            return Strip.join([gutter, Strip.blank(width, base_style)]).apply_style(base_style)
        line_index, section = info
        length = len(self.document.get_line(line_index))
        wraps = wrapped.get_offsets(line_index)
        lo = wraps[section - 1] if section > 0 else 0
        last = section >= len(wraps)
        hi = length if last else wraps[section]
        selected = self._selected_columns(line_index, lo, hi, length)
        cursor_row, cursor_col = self.selection.end
        cursor_style = theme.cursor_style if theme else None
        on_cursor = (
            cursor_row == line_index
            and self.cursor_drawn
            and cursor_style is not None
            and (lo <= cursor_col < hi or (last and cursor_col == hi))
        )
        mark = self._marks.get(line_index)
        key = (
            line_index, lo, hi, width, self._line_versions.get(line_index, 0), mark, selected,
            cursor_col if on_cursor else None, base_style, cursor_style,
            selection_style(theme), theme.base_style if theme else None,
        )  # fmt: skip
        painted = self._painted.get(row_y)
        if painted is not None and painted[0] == key:
            return painted[1]
        symbol, mark_style = mark if mark else (" ", Style())
        gutter = Strip([Segment(symbol.ljust(GUTTER_WIDTH), mark_style)], GUTTER_WIDTH)
        text = self._styled(line_index, lo, hi)
        if last:
            text.set_length(hi - lo + 1)  # the cell the cursor takes at the end of a line
        self._style_selection(text, selected, lo, theme)
        if on_cursor and cursor_style is not None:
            text.stylize(cursor_style, cursor_col - lo, cursor_col - lo + 1)
        if "\t" in text.plain:
            if wraps:
                before = self.document.get_line(line_index).count("\t", 0, lo)
                widths = wrapped.get_tab_widths(line_index)
                text = expand_text_tabs_from_widths(
                    text, widths[before : before + text.plain.count("\t")]
                )
            else:
                text.expand_tabs(self.indent_width)
        strip = Strip(text.render(self.app.console), cell_length=text.cell_len)
        strip = strip.extend_cell_length(width, theme.base_style if theme else None)
        strip = Strip.join([gutter, strip]).apply_style(base_style)
        if len(self._painted) >= PAINTED_ROWS_KEPT:
            self._painted.clear()
        self._painted[row_y] = (key, strip)
        return strip

    def _selected_columns(
        self, line_index: int, lo: int, hi: int, length: int
    ) -> tuple[int, int] | bool | None:
        """The selected columns of ``lo..hi`` on line ``line_index``; True for an empty
        line inside the selection (marked as TextArea marks it); None when none is."""
        start, end = self.selection
        if start == end:
            return None
        (top_row, top_col), (bottom_row, bottom_col) = sorted((start, end))
        if not top_row <= line_index <= bottom_row:
            return None
        if length == 0 and line_index != end[0]:
            return True
        first = top_col if line_index == top_row else 0
        stop = bottom_col if line_index == bottom_row else length
        first, stop = max(first, lo), min(stop, hi)
        return (first, stop) if first < stop else None

    @staticmethod
    def _style_selection(
        text: Text, selected: tuple[int, int] | bool | None, lo: int, theme: TextAreaTheme | None
    ) -> None:
        """The selection's style on the ``selected`` columns of a row starting at ``lo``."""
        style = selection_style(theme)
        if selected is None or style is None:
            return
        if selected is True:
            text.plain = "▌"  # an empty line inside the selection, as TextArea marks it
            text.stylize(Style(color=style.bgcolor) if style.bgcolor else style)
        elif isinstance(selected, tuple):
            first, stop = selected
            text.stylize(style, first - lo, stop - lo)

    def watch_selection(self, previous: Selection, selection: Selection) -> None:
        wrapped = self.wrapped_document
        if not isinstance(wrapped, SectionWrappedDocument) or wrapped.width != self.wrap_width:
            self.refresh()
            return
        last_line = self.document.line_count - 1
        for start, end in {previous, selection}:
            top, bottom = sorted((start, end))
            first = wrapped.location_to_offset((min(top[0], last_line), top[1])).y
            last = wrapped.location_to_offset((min(bottom[0], last_line), bottom[1])).y
            self.refresh_lines(first, last - first + 1)

    # --- offsets -----------------------------------------------------------

    def offset_of(self, location: tuple[int, int]) -> int:
        """A TextArea location -> code point offset."""
        row, col = location
        return self.lines.to_offset(row, col)

    def location_of(self, offset: int) -> tuple[int, int]:
        """A code point offset -> TextArea location."""
        return self.lines.to_line_col(max(0, min(offset, len(self.lines.text))))

    @property
    def cursor_offset(self) -> int:
        """The cursor as a code point offset."""
        return self.offset_of(self.selection.end)

    @property
    def selected_span(self) -> tuple[int, int] | None:
        """The selection as sorted code point offsets, or None when empty."""
        start, end = self.selection
        if start == end:
            return None
        a, b = self.offset_of(start), self.offset_of(end)
        return (min(a, b), max(a, b))

    def move_to(self, offset: int, *, select: bool = False, center: bool = False) -> None:
        """Move the cursor to ``offset``; extend the selection when selecting or in visual mode."""
        target = self.location_of(offset)
        if select or self.visual:
            self.selection = Selection(self.selection.start, target)
        else:
            self.selection = Selection.cursor(target)
        if center:
            self.scroll_cursor_visible(center=True)

    def select_span(self, start: int, end: int) -> None:
        """Select ``start..end`` (cursor at the end)."""
        self.selection = Selection(self.location_of(start), self.location_of(end))

    def clear_selection(self) -> None:
        """Collapse the selection to the cursor and leave visual mode."""
        self.visual = False
        self.selection = Selection.cursor(self.selection.end)

    # --- TextArea actions: visual mode extends, editing keys do nothing -------

    def action_cursor_left(self, select: bool = False) -> None:
        """Left; extends in visual mode."""
        super().action_cursor_left(select or self.visual)

    def action_cursor_right(self, select: bool = False) -> None:
        """Right; extends in visual mode."""
        super().action_cursor_right(select or self.visual)

    def action_cursor_up(self, select: bool = False) -> None:
        """Up; extends in visual mode."""
        super().action_cursor_up(select or self.visual)

    def action_cursor_down(self, select: bool = False) -> None:
        """Down; extends in visual mode."""
        super().action_cursor_down(select or self.visual)

    def action_char(self, delta: int) -> None:
        """One character left or right."""
        (self.action_cursor_right if delta > 0 else self.action_cursor_left)()

    def action_line(self, delta: int) -> None:
        """One (visual) line down or up."""
        (self.action_cursor_down if delta > 0 else self.action_cursor_up)()

    def action_unit(self, unit: str, delta: int) -> None:
        """To the next/previous word, sentence or paragraph start."""
        offset = self.cursor_offset
        if delta > 0:
            self.move_to(self.segments.next_start(unit, offset))
        else:
            self.move_to(self.segments.previous_start(unit, offset))

    def action_delete_right(self) -> None:
        """``delete`` deletes the annotation under the cursor (the text is read-only)."""
        self.call_next(self.run_action, "screen.delete_annotation")

    async def on_click(self, event: events.Click) -> None:
        if event.chain == 2:
            word = self.segments.word_at(self.cursor_offset)
            if word is not None:
                self.select_span(*word)
