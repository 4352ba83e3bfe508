"""How an article is painted: entity colours, annotation tints and gutter marks, as
styled code-point spans for the article view's two layers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.color import Color as RichColor
from rich.color import ColorSystem
from rich.style import Style
from textual.color import Color

from reader.core.annotations.format import Annotation
from reader.core.project.config import TagSpec
from reader.core.recognition.entities import EntitySpan
from reader.core.text.offsets import LineIndex
from reader.tui.widgets.article_view import Mark, RowSpans

ENTITY_COLOURS = {
    "PER": "#2a9fd6",
    "ORG": "#f66151",
    "LOC": "#2ec27e",
    "DATE": "#e66100",
    "TIME": "#d4a017",
}
ANNOTATION_TINT = 0.3
MAX_TINT = 0.6  # a tint is made stronger (up to this) until it differs in 256 colours
UNKNOWN_TAG_COLOUR = Color(128, 128, 128)  # a tag missing from reader.yaml

Span = tuple[int, int, Style]
_ENTITY_STYLES = {kind: Style(color=colour) for kind, colour in ENTITY_COLOURS.items()}


def distinct_tints(background: Color, colours: list[Color]) -> list[Color]:
    """Background tints of the tag colours, each made stronger (from ANNOTATION_TINT up to
    MAX_TINT) until it differs from the others in a 256-colour terminal, where dark
    tints of blue and teal otherwise fall on one palette entry."""
    chosen: list[Color] = []
    taken: set[int | None] = {_palette_entry(background)}
    for colour in colours:
        factor = ANNOTATION_TINT
        tint = background.blend(colour, factor)
        while _palette_entry(tint) in taken and factor < MAX_TINT:
            factor = round(factor + 0.05, 2)
            tint = background.blend(colour, factor)
        taken.add(_palette_entry(tint))
        chosen.append(tint)
    return chosen


def _palette_entry(colour: Color) -> int | None:
    """The colour's entry in the 256-colour palette."""
    return colour.rich_color.downgrade(ColorSystem.EIGHT_BIT).number


def entity_spans(entities: Iterable[EntitySpan]) -> list[Span]:
    """Entities in their type's colour (foreground only: a selection shows over them)."""
    return [(e.start, e.end, _ENTITY_STYLES[e.type]) for e in entities if e.type in _ENTITY_STYLES]


class AnnotationLooks:
    """One tint, mark style and mark colour per tag for a background, made once per
    theme and tag set (not on every tag key)."""

    def __init__(self, background: Color, tags: Sequence[TagSpec]) -> None:
        self.key = (background, tuple((t.name, t.colour) for t in tags))
        tints = distinct_tints(background, [Color.parse(t.colour) for t in tags])
        self._looks: dict[str, tuple[Style, Style, RichColor]] = {}
        for spec, tint in zip(tags, tints, strict=True):
            colour = Color.parse(spec.colour)
            self._looks[spec.name] = (
                Style(bgcolor=tint.rich_color, underline=True),
                Style(color=colour.rich_color, bold=True),
                colour.rich_color,
            )
        grey = UNKNOWN_TAG_COLOUR
        self._unknown = (
            Style(bgcolor=background.blend(grey, ANNOTATION_TINT).rich_color, underline=True),
            Style(color=grey.rich_color, bold=True),
            grey.rich_color,
        )

    def of(self, tag: str) -> tuple[Style, Style, RichColor]:
        """The span style, mark style and mark colour of ``tag``."""
        return self._looks.get(tag, self._unknown)


class AnnotationLayer:
    """The annotation tints and gutter marks of one shown text, kept by line, so that a
    change of a few annotations (a tag, an undo, a colleague's edit merged in) restyles
    only the lines they cover. Orphans are not painted (their offsets are stale)."""

    def __init__(self, lines: LineIndex, looks: AnnotationLooks) -> None:
        self.lines = lines
        self.looks = looks
        # Annotations are immutable: one painted is known by its identity while shown.
        self._shown: dict[int, Annotation] = {}
        self._places: dict[int, tuple[int, int, int, int]] = {}  # first/last line, column
        self._on_line: dict[int, dict[int, Annotation]] = {}  # line -> those covering it

    def update(
        self, annotations: Iterable[Annotation]
    ) -> tuple[dict[int, RowSpans], dict[int, Mark | None]]:
        """Paint ``annotations`` now: the spans and the mark of every line that changed."""
        current = {id(a): a for a in annotations if not a.orphaned}
        touched: set[int] = set()
        for key in self._shown:
            if key not in current:
                row1, _, row2, _ = self._places.pop(key)
                for line in range(row1, row2 + 1):
                    del self._on_line[line][key]
                    touched.add(line)
        to_line_col = self.lines.to_line_col
        for key, a in current.items():
            if key not in self._shown:
                place = self._places[key] = (*to_line_col(a.start), *to_line_col(a.end))
                for line in range(place[0], place[2] + 1):
                    self._on_line.setdefault(line, {})[key] = a
                    touched.add(line)
        self._shown = current
        rows: dict[int, RowSpans] = {}
        marks: dict[int, Mark | None] = {}
        for line in touched:
            rows[line], marks[line] = self._paint(line)
        return rows, marks

    def _paint(self, line: int) -> tuple[RowSpans, Mark | None]:
        """A line's spans, outer annotations first (inner ones paint over them), and its
        mark: ``▌`` in the tag's colour, ``┃`` where tags of different colours meet."""
        covering = self._on_line.get(line)
        if not covering:
            self._on_line.pop(line, None)
            return [], None
        spans: RowSpans = []
        mark: Mark | None = None
        for key, a in sorted(covering.items(), key=lambda item: _paint_order(item[1])):
            span_style, mark_style, mark_colour = self.looks.of(a.tag)
            row1, col1, row2, col2 = self._places[key]
            if a.end > a.start:
                spans.append(
                    (col1 if line == row1 else 0, col2 if line == row2 else None, span_style)
                )
            symbol = "▌" if mark is None or mark[1].color == mark_colour else "┃"
            mark = (symbol, mark_style)
        return spans, mark


def _paint_order(a: Annotation) -> tuple[int, int, str]:
    return (a.start, -a.end, a.id)
