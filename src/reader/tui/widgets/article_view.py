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

from collections.abc import Iterable
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.document._wrapped_document import WrappedDocument
from textual.strip import Strip
from textual.widgets import TextArea
from textual.widgets.text_area import Selection

from reader.core.offsets import LineIndex
from reader.core.segment import Segments
from reader.tui.safe import display_text

GUTTER_WIDTH = 2


class _WrappedDocument(WrappedDocument):
    """Textual's wrapped document with an O(1) ``height`` (it sums every line per call)."""

    @property
    def height(self) -> int:
        """The number of visual lines."""
        return len(self._offset_to_line_info)


RowStyles = dict[int, list[tuple[int, int | None, Style]]]
LAYERS = ("entities", "annotations")  # bottom to top


class ArticleView(TextArea):
    """Read-only article with entity/annotation styles; selection and cursor in code points."""

    # Reverse video: the selection shows over any tint or entity colour, in any colour
    # mode (a background colour alone fell on the quote tint's entry in 256 colours).
    DEFAULT_CSS = """
    ArticleView > .text-area--selection {
        text-style: reverse;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        # TextArea's "Delete character right": the text is read-only, these delete the
        # annotation under the cursor (``action_delete_right``).
        Binding("delete,ctrl+d", "delete_right", "Delete annotation", show=False,
                id="article.delete_key"),
    ]  # fmt: skip

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
        self.lines = LineIndex("")
        self.segments = Segments("")
        self.visual = False
        self._layers: dict[str, RowStyles] = {layer: {} for layer in LAYERS}
        self._marks: dict[int, tuple[str, Style]] = {}
        self._display = ""

    # --- content -----------------------------------------------------------

    def show(self, text: str, lines: LineIndex, segments: Segments) -> None:
        """Display ``text`` (raw; made safe here) with its line index and segments."""
        self.lines = lines
        self.segments = segments
        self._layers = {layer: {} for layer in LAYERS}
        self._marks = {}
        self._display = display_text(text)
        self.load_text(self._display)
        self._speed_up()

    def _speed_up(self) -> None:
        if type(self.wrapped_document) is WrappedDocument:
            self.wrapped_document.__class__ = _WrappedDocument

    @property
    def text(self) -> str:
        """The displayed text (cached: Textual joins every line on each access)."""
        return self._display

    @text.setter
    def text(self, value: str) -> None:
        self._display = value
        self.load_text(value)

    def apply_styles(
        self,
        spans: Iterable[tuple[int, int, Style]],
        marks: dict[int, tuple[str, Style]] | None = None,
        *,
        layer: str = "annotations",
    ) -> None:
        """Replace one layer of styled spans (code points, applied in order; the entity
        layer below the annotation layer) and, if given, the gutter marks. Each layer is
        recomputed only when it changes: a tag does not redo the entities."""
        rows: RowStyles = {}
        to_line_col = self.lines.to_line_col
        for start, end, style in spans:
            if end <= start:
                continue
            row1, col1 = to_line_col(start)
            row2, col2 = to_line_col(end)
            if row1 == row2:
                rows.setdefault(row1, []).append((col1, col2, style))
                continue
            rows.setdefault(row1, []).append((col1, None, style))
            for row in range(row1 + 1, row2):
                rows.setdefault(row, []).append((0, None, style))
            rows.setdefault(row2, []).append((0, col2, style))
        self._layers[layer] = rows
        if marks is not None:
            self._marks = marks
        self._line_cache.clear()
        self.refresh()

    def get_line(self, line_index: int) -> Text:
        """The line with its precomputed styles (code-point columns)."""
        line = super().get_line(line_index)
        for layer in LAYERS:
            for start, end, style in self._layers[layer].get(line_index, ()):
                line.stylize(style, start, end)
        return line

    @property
    def gutter_width(self) -> int:
        """Two cells for the annotation marks."""
        return GUTTER_WIDTH

    def _render_line(self, y: int) -> Strip:
        self._speed_up()
        strip = super()._render_line(y)
        info = None
        offsets = self.wrapped_document._offset_to_line_info
        row_y = y + self.scroll_offset.y
        if 0 <= row_y < len(offsets):
            info = offsets[row_y]
        mark = self._marks.get(info[0]) if info else None
        text, style = mark if mark else (" ", Style())
        gutter = Strip([Segment(text.ljust(GUTTER_WIDTH), style)], GUTTER_WIDTH)
        return Strip.join([gutter, strip])

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

    def action_delete_right(self) -> None:
        """``delete`` deletes the annotation under the cursor (the text is read-only)."""
        self.call_next(self.run_action, "screen.delete_annotation")

    async def _on_click(self, event: events.Click) -> None:
        if event.chain == 2:
            word = self.segments.word_at(self.cursor_offset)
            if word is not None:
                self.select_span(*word)
