"""A list of any length that builds only the rows it shows.

The rows come a page at a time from a ``PageSource`` (a database query with an
offset and a limit): counting and fetching run on one data thread of the screen
that owns the source (an SQLite connection belongs to the thread that opened it),
and the pages arrive as messages. Only the pages around the visible rows stay in
memory. Each row is drawn by the screen's ``RowPainter`` as a few lines (a group
heading above it when its group starts there, details under it), so rows may have
different heights: the list keeps the first shown row and the cursor, not a pixel
offset (toolong's approach to log lines, with pages instead of file offsets).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events, on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

Row = TypeVar("Row")
Row_co = TypeVar("Row_co", covariant=True)
PAGE_SIZE = 100
PAGES_KEPT = 8  # pages in memory: a screen or two either side of what is shown
LINES_KEPT = 2_000  # rows kept painted (a few screens); all dropped when there are more


class PageSource(Protocol[Row_co]):
    """Where the rows come from; both calls run on the data thread."""

    def count(self) -> int:
        """How many rows there are."""
        ...

    def page(self, offset: int, limit: int) -> Sequence[Row_co]:
        """The rows ``offset`` to ``offset + limit`` (fewer at the end)."""
        ...


@dataclass(frozen=True, slots=True)
class Painted:
    """A row as lines: ``heading`` lines (its group's name, not highlighted with the row)
    above the ``body`` lines."""

    heading: tuple[Text, ...]
    body: tuple[Text, ...]


@dataclass(frozen=True, slots=True)
class _PaintedRow:
    """A row's strips: its heading (styled), its body unstyled (for the cursor's style)
    and styled with the list's own style."""

    heading: list[Strip]
    body: list[Strip]
    body_styled: list[Strip]


# Draws a row given the row before it (None at the top or when not loaded) and the width.
RowPainter = Callable[[Any, Any, int], Painted]

_LOADING = Strip([Segment("…", Style(dim=True))], 1)


class PagedList(Widget, Generic[Row], can_focus=True):
    """A cursor over ``count`` rows fetched by page; ``enter`` posts ``Chosen``."""

    DEFAULT_CSS = """
    PagedList { height: 1fr; }
    PagedList > .paged-list--cursor { background: $accent 40%; text-style: bold; }
    PagedList:focus > .paged-list--cursor { background: $accent; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"paged-list--cursor"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "move(1)", "Down", show=False, id="list.down"),
        Binding("up,k", "move(-1)", "Up", show=False, id="list.up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="list.page_down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="list.page_up"),
        Binding("home,g", "first", "First row", show=False, id="list.first"),
        Binding("end,G", "last", "Last row", show=False, id="list.last"),
        Binding("enter", "choose", "Open", id="list.open"),
    ]

    @dataclass
    class Chosen(Message):
        """The analyst pressed enter on ``row``."""

        row: Any

    @dataclass
    class Highlighted(Message):
        """The cursor is on row ``index`` of ``count`` (``row`` None until loaded)."""

        row: Any
        index: int
        count: int

    @dataclass
    class Counted(Message):
        """The data thread counted the rows of source ``generation``."""

        generation: int
        count: int

    @dataclass
    class PageLoaded(Message):
        """The data thread fetched page ``number`` of source ``generation``."""

        generation: int
        number: int
        rows: Sequence[Any]

    @dataclass
    class Failed(Message):
        """Counting or fetching failed (a bad filter the parser let through, a damaged
        database): ``reason`` to show."""

        reason: str

    def __init__(
        self, painter: RowPainter, *, page_size: int = PAGE_SIZE, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.painter = painter
        self.page_size = page_size
        self.count = 0
        self.cursor = 0
        self.top = 0
        self.loaded = False  # the current source's count arrived (``count`` is exact)
        self._source: PageSource[Row] | None = None
        self._executor: Executor | None = None
        self._generation = 0
        self._pages: OrderedDict[int, Sequence[Row]] = OrderedDict()
        self._asked: set[int] = set()
        self._frame: list[Strip] | None = None
        self._lines: dict[tuple[int, bool], _PaintedRow] = {}
        self._base_style = Style()  # the style the kept rows were painted with

    # --- the source -------------------------------------------------------------------

    def show(
        self, source: PageSource[Row], executor: Executor, *, keep_cursor: bool = False
    ) -> None:
        """List ``source``'s rows (counted and fetched on ``executor``'s thread)."""
        self._generation += 1
        self._source, self._executor = source, executor
        self._pages.clear()
        self._asked.clear()
        self._lines.clear()
        self.loaded = False
        self.count = 0  # until counted: the rows of the pages that arrived
        if not keep_cursor:
            self.cursor = self.top = 0
        # The page first: the rows are shown as soon as it arrives, the count follows.
        self._want(self.cursor // self.page_size)
        self._executor.submit(self._count, source, self._generation)

    def _count(self, source: PageSource[Row], generation: int) -> None:
        if generation != self._generation:
            return  # a newer filter replaced this source before its turn came
        try:
            count = source.count()
        except Exception as exc:  # shown to the analyst; the list stays usable
            self.post_message(self.Failed(str(exc)))
            count = 0
        self.post_message(self.Counted(generation, count))

    def _fetch(self, source: PageSource[Row], generation: int, number: int) -> None:
        if generation != self._generation:
            return  # a newer filter replaced this source before its turn came
        try:
            rows = source.page(number * self.page_size, self.page_size)
        except Exception as exc:
            self.post_message(self.Failed(str(exc)))
            rows = ()
        self.post_message(self.PageLoaded(generation, number, rows))

    def _want(self, number: int) -> None:
        if number in self._pages or number in self._asked or self._executor is None:
            return
        if self._source is None or number < 0:
            return
        self._asked.add(number)
        self._executor.submit(self._fetch, self._source, self._generation, number)

    @on(Counted)
    def _counted(self, message: Counted) -> None:
        message.stop()
        if message.generation != self._generation:
            return
        self.count = message.count
        self.loaded = True
        self.cursor = min(self.cursor, max(self.count - 1, 0))
        self.top = min(self.top, self.cursor)
        self._changed()

    @on(PageLoaded)
    def _page_loaded(self, message: PageLoaded) -> None:
        message.stop()
        if message.generation != self._generation:
            return
        self._asked.discard(message.number)
        self._pages[message.number] = message.rows
        if not self.loaded:
            self.count = max(self.count, message.number * self.page_size + len(message.rows))
        while len(self._pages) > PAGES_KEPT:
            self._pages.popitem(last=False)
        self._changed()

    def row(self, index: int) -> Row | None:
        """Row ``index`` if its page is in memory (asked for when it is not)."""
        if not 0 <= index < self.count:
            return None
        number, at = divmod(index, self.page_size)
        page = self._pages.get(number)
        if page is None:
            self._want(number)
            return None
        self._pages.move_to_end(number)
        return page[at] if at < len(page) else None

    @property
    def current(self) -> Row | None:
        """The row under the cursor, if loaded."""
        return self.row(self.cursor)

    # --- drawing ----------------------------------------------------------------------

    def _changed(self) -> None:
        self._frame = None
        self.refresh()
        self.post_message(self.Highlighted(self.current, self.cursor, self.count))

    def on_resize(self, event: events.Resize) -> None:
        self.repaint()

    def repaint(self) -> None:
        """Paint every row again (the painter draws them differently now)."""
        self._lines.clear()
        self._changed()

    def _painted(self, index: int) -> _PaintedRow | None:
        """Row ``index`` as strips of the list's width (None while its page is loaded).
        Painted once per source and style: moving the cursor, the count arriving or
        scrolling back reuse them."""
        key = (index, index == self.top)  # the top row always shows its group's heading
        found = self._lines.get(key)
        if found is not None:
            return found
        row = self.row(index)
        if row is None:
            return None
        previous = self.row(index - 1) if index > 0 and index != self.top else None
        painted = self.painter(row, previous, self.size.width)
        if len(self._lines) >= LINES_KEPT:
            self._lines.clear()
        body = [self._strip(text) for text in painted.body]
        base = self._base_style
        found = self._lines[key] = _PaintedRow(
            [self._strip(text).apply_style(base) for text in painted.heading],
            body,
            [strip.apply_style(base) for strip in body],
        )
        return found

    def _strip(self, text: Text) -> Strip:
        """``text`` (the painter's own: changed here) as one line of the list's width."""
        width = self.size.width
        text.no_wrap = True
        text.end = ""
        text.truncate(width, overflow="ellipsis")
        strip = Strip(list(text.render(self.app.console)), text.cell_len)
        return strip.extend_cell_length(width)

    def _build_frame(self) -> list[Strip]:
        height = self.size.height
        base = self.rich_style
        if base != self._base_style:  # another theme: every row is painted again
            self._base_style = base
            self._lines.clear()
        cursor_style = base + self.get_component_rich_style("paged-list--cursor")
        lines: list[Strip] = []
        index = self.top
        while len(lines) < height and index < self.count:
            painted = self._painted(index)
            if painted is None:
                lines.append(_LOADING.apply_style(base))
            else:
                lines.extend(painted.heading)
                if index == self.cursor:
                    lines.extend(strip.apply_style(cursor_style) for strip in painted.body)
                else:
                    lines.extend(painted.body_styled)
            index += 1
        if not lines and self.loaded:
            lines.append(self._strip(Text("(nothing matches)", style="dim")).apply_style(base))
        blank = Strip([Segment(" " * self.size.width, base)], self.size.width)
        return lines[:height] + [blank] * (height - len(lines))

    def render_line(self, y: int) -> Strip:
        if self._frame is None or len(self._frame) != self.size.height:
            self._frame = self._build_frame()
        return self._frame[y] if y < len(self._frame) else Strip.blank(self.size.width)

    # --- moving -----------------------------------------------------------------------

    def _height_of(self, index: int) -> int:
        painted = self._painted(index)
        return 1 if painted is None else len(painted.heading) + len(painted.body)

    def _fits(self, top: int, last: int, height: int) -> bool:
        """True when rows ``top`` to ``last`` fit in ``height`` lines (each row takes one
        line at least, so only a screenful of rows is ever painted to know)."""
        if last - top >= height:
            return False
        used = 0
        for index in range(top, last + 1):
            used += self._height_of(index)
            if used > height:
                return False
        return True

    def move_to(self, index: int) -> None:
        """Put the cursor on row ``index`` (clamped) and scroll it into view: at the top
        when it went above, at the bottom when it went below."""
        self.cursor = max(0, min(index, self.count - 1))
        height = max(self.size.height, 1)
        if self.cursor < self.top:
            self.top = self.cursor
        elif not self._fits(self.top, self.cursor, height):
            top, used = self.cursor, self._height_of(self.cursor)
            while top > 0 and used + self._height_of(top - 1) <= height:
                top -= 1
                used += self._height_of(top)
            self.top = top
        self._changed()

    def action_move(self, delta: int) -> None:
        self.move_to(self.cursor + delta)

    def action_page(self, delta: int) -> None:
        step = max(self.size.height - 1, 1)
        self.top = max(0, min(self.top + delta * step, max(self.count - 1, 0)))
        self.move_to(self.cursor + delta * step)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(self.count - 1)

    def action_choose(self) -> None:
        row = self.current
        if row is not None:
            self.post_message(self.Chosen(row))

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self.top = min(self.top + 3, max(self.count - 1, 0))
        self.cursor = max(self.cursor, self.top)
        self._changed()

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self.top = max(self.top - 3, 0)
        self._changed()

    def on_click(self, event: events.Click) -> None:
        index, y = self.top, 0
        while index < self.count:
            y += self._height_of(index)
            if event.y < y:
                self.move_to(index)
                if event.chain == 2:
                    self.action_choose()
                return
            index += 1
