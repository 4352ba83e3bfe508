"""The corpus list's table: rows replaced in one pass, cells never measured."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets.data_table import ColumnKey, Row, RowKey

from reader.tui.textual_compat import RowsReplacingTable

Cells = tuple[list[Text], int]  # a row's cells and height


class ArticleTable(RowsReplacingTable[Text]):
    """A DataTable whose rows are replaced in one pass: removing and adding rows one by
    one rebuilds the row index per row and measures every cell, so a filter keystroke on
    thousands of rows would stall. Every column here has a known width."""

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._made: dict[str, tuple[Sequence[Text], RowKey, dict[ColumnKey, Text], Row]] = {}

    def show_rows(self, rows: Sequence[tuple[str, Cells]]) -> None:
        """Show exactly ``rows`` (key, (cells, height)), in order; the cursor stays on
        its row when it is still shown, else goes to the top."""
        current = self.cursor_key()
        columns = [column.key for column in self.ordered_columns]
        data: dict[RowKey, dict[ColumnKey, Text]] = {}
        meta: dict[RowKey, Row] = {}
        made = self._made
        for key, (cells, height) in rows:
            row = made.get(key)
            if row is None or row[0] is not cells or row[3].height != height:
                row_key = RowKey(key) if row is None else row[1]
                cell_map = dict(zip(columns, cells, strict=True))
                row = made[key] = (cells, row_key, cell_map, Row(row_key, height))
            data[row[1]] = row[2]
            meta[row[1]] = row[3]
        self.replace_rows(data, meta)
        before = self.cursor_coordinate
        index = None if current is None else self.row_index(RowKey(current))
        if index is not None:
            self.move_cursor(row=index, scroll=True)
        else:
            self.scroll_to(y=0, animate=False)
            self.move_cursor(row=0, scroll=False)
        self.hover_coordinate = self.hover_coordinate
        if self.row_count and self.cursor_coordinate == before and self.cursor_key() != current:
            self.highlight_cursor_row()  # another row under an unmoved cursor
        self.refresh(layout=True)

    def cursor_key(self) -> str | None:
        """The key of the row under the cursor."""
        if not self.row_count:
            return None
        key = self.row_key_at(self.cursor_row)
        return None if key is None else str(key.value)

    def set_label(self, key: str, label: Text) -> None:
        """Change a column's header (an auto-width column widens to fit it)."""
        column = self.columns[ColumnKey(key)]
        column.label = label
        if column.auto_width:
            column.content_width = max(column.content_width, label.cell_len)
        self.columns_changed()
