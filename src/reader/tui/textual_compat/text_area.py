"""Textual's TextArea internals, for the article view: a wrapped document whose sections
are found by bisection, and a TextArea painted row by row. Importing the package first
(``reader.tui.textual_compat``) checks the Textual version these were written for."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual._cells import cell_len, cell_width_to_column_index
from textual._wrap import compute_wrap_offsets
from textual.document._document import Document as TextDocument
from textual.document._document_navigator import DocumentNavigator
from textual.document._wrapped_document import WrappedDocument
from textual.geometry import Offset
from textual.widgets import TextArea

if TYPE_CHECKING:
    from rich.style import Style
    from textual.widgets.text_area import TextAreaTheme

__all__ = ["TextDocument", "compute_wrap_offsets"]


class SectionWrappedDocument(WrappedDocument):
    """Textual's wrapped document without its O(size) steps: ``height`` summed every line
    per call, and each cursor move or click divided the whole line into rich Texts. Here
    sections are string slices found by bisecting the wrap offsets, and the line breaks
    come from ``line_breaks`` (subclasses give a faster one)."""

    def line_breaks(
        self, line: str, width: int, tab_width: int, sections: list[tuple[str, int]] | None
    ) -> list[int]:
        """Where ``line`` breaks at ``width`` cells: Textual's own rule."""
        if not width:
            return []
        return compute_wrap_offsets(
            line, width, tab_size=tab_width, precomputed_tab_sections=sections
        )

    def wrap(self, width: int, tab_width: int | None = None) -> None:
        """Wrap every line at ``width`` (0: no wrapping); what Textual's ``wrap`` makes."""
        from textual.expand_tabs import get_tab_widths

        self._width = width
        if tab_width:
            self._tab_width = tab_width
        tab_width = self._tab_width
        offsets: list[list[int]] = []
        line_info: list[tuple[int, int]] = []
        line_offsets: list[list[int]] = []
        tab_widths: list[list[int]] = []
        row = 0
        for line_index, line in enumerate(self.document.lines):
            sections = get_tab_widths(line, tab_width) if "\t" in line else None
            breaks = self.line_breaks(line, width, tab_width, sections)
            if sections is not None:
                tab_widths.append([cells for _, cells in sections])
            else:
                tab_widths.append([0] if line else [])
            offsets.append(breaks)
            count = len(breaks) + 1
            line_info.extend((line_index, section) for section in range(count))
            line_offsets.append(list(range(row, row + count)))
            row += count
        self._wrap_offsets = offsets
        self._offset_to_line_info = line_info
        self._line_index_to_offsets = line_offsets
        self._tab_width_cache = tab_widths

    @property
    def width(self) -> int:
        """The width it is wrapped at now."""
        return int(self._width)

    @property
    def height(self) -> int:
        """The number of visual lines."""
        return len(self._offset_to_line_info)

    def rows_of_line(self, line_index: int) -> range:
        """The visual rows line ``line_index`` is shown on."""
        rows = self._line_index_to_offsets[line_index]
        return range(rows[0], rows[-1] + 1)

    def line_at_row(self, row: int) -> tuple[int, int] | None:
        """(line index, section) shown on visual row ``row``, or None past the end."""
        infos = self._offset_to_line_info
        return infos[row] if 0 <= row < len(infos) else None

    def _section_bounds(self, line_index: int, section: int) -> tuple[int, int]:
        offsets = self._wrap_offsets[line_index]
        if section < 0:
            section += len(offsets) + 1
        start = offsets[section - 1] if section > 0 else 0
        end = offsets[section] if section < len(offsets) else len(self.document[line_index])
        return start, end

    def get_sections(self, line_index: int) -> list[str]:
        """The wrapped sections of a line, as strings."""
        from itertools import pairwise

        line = self.document[line_index]
        bounds = [0, *self._wrap_offsets[line_index], len(line)]
        return [line[a:b] for a, b in pairwise(bounds)]

    def location_to_offset(self, location: tuple[int, int]) -> Offset:
        """A document location -> its (x, y) in the wrapped display."""
        from bisect import bisect_right

        from textual.expand_tabs import expand_tabs_inline

        line_index, column = location
        line_index = max(0, min(line_index, len(self._line_index_to_offsets) - 1))
        section = bisect_right(self._wrap_offsets[line_index], column)
        start, _ = self._section_bounds(line_index, section)
        piece = self.document[line_index][start:column]
        x = cell_len(expand_tabs_inline(piece, self._tab_width))
        return Offset(x, self._line_index_to_offsets[line_index][section])

    def get_target_document_column(self, line_index: int, x_offset: int, y_offset: int) -> int:
        """The document column under ``x_offset`` on section ``y_offset`` of a line."""
        count = len(self._wrap_offsets[line_index]) + 1
        section = y_offset + count if y_offset < 0 else y_offset
        start, end = self._section_bounds(line_index, section)
        text = self.document[line_index][start:end]
        column = start + cell_width_to_column_index(text, x_offset, self._tab_width)
        if section != count - 1:  # only the last section lets the cursor rest past its end
            column = min(column, start + len(text) - 1)
        return column


class RowPaintedTextArea(TextArea):
    """A TextArea whose visual rows are painted by ``paint_row`` (Textual's painter builds
    the whole line and divides it into every wrapped section for each row: O(line
    length) per row; ``paint_row`` keeps what it painted) and whose wrapping is a
    ``wrapped_class``."""

    wrapped_class: type[SectionWrappedDocument] = SectionWrappedDocument

    def render_line(self, y: int) -> Any:
        """Row ``y``, from ``paint_row`` alone: TextArea's own line cache is keyed without
        the styles of the row, so it would show a row restyled in place as it was."""
        return self.paint_row(y)

    def paint_row(self, y: int) -> Any:
        """The Strip of visual row ``y`` of the widget."""
        raise NotImplementedError

    def use_fast_wrapping(self) -> None:
        """Switch the wrapped document Textual made to ``wrapped_class`` (same state)."""
        if type(self.wrapped_document) is WrappedDocument:
            self.wrapped_document.__class__ = self.wrapped_class

    def load_wrapped(self, document: TextDocument, wrapped: SectionWrappedDocument) -> None:
        """What ``load_text`` does, with the document and its wrapping made already (off
        the UI thread)."""
        self.history.clear()
        self._highlight_query = None
        self.document = document
        self.wrapped_document = wrapped
        self.navigator = DocumentNavigator(wrapped)
        self._build_highlight_map()
        self.move_cursor((0, 0))
        self._line_cache.clear()
        self._refresh_size()
        self.post_message(self.Changed(self).set_sender(self))

    @property
    def painting_theme(self) -> TextAreaTheme | None:
        """The theme rows are painted with."""
        return self._theme

    @property
    def cursor_drawn(self) -> bool:
        """True while the blinking cursor is in its visible phase."""
        return bool(self._draw_cursor)

    @property
    def rows(self) -> SectionWrappedDocument:
        """The wrapped document (always a ``SectionWrappedDocument`` once loaded)."""
        wrapped = self.wrapped_document
        assert isinstance(wrapped, SectionWrappedDocument)
        return wrapped


def selection_style(theme: TextAreaTheme | None) -> Style | None:
    """The style a TextArea theme gives the selection."""
    return None if theme is None else theme.selection_style
