"""How an article is painted: entity colours, annotation tints and gutter marks, as
styled code-point spans for the article view's two layers."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from rich.color import Color as RichColor
from rich.color import ColorSystem
from rich.style import Style
from textual.color import Color

from reader.core.annotations.format import Annotation
from reader.core.project.config import TagSpec
from reader.core.recognition.entities import EntitySpan

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
Marks = dict[int, tuple[str, Style]]  # line -> gutter symbol and its style
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


def annotation_spans(
    annotations: Iterable[Annotation], looks: AnnotationLooks, line_of: Callable[[int], int]
) -> tuple[list[Span], Marks]:
    """Tinted spans (outer first, so inner ones paint over them) and a gutter mark per
    line: ``▌`` in the tag's colour, ``┃`` where tags of different colours meet.
    Orphans are not painted (their offsets are stale)."""
    spans: list[Span] = []
    marks: Marks = {}
    for a in sorted(annotations, key=lambda a: (a.start, -a.end)):
        if a.orphaned:
            continue
        span_style, mark_style, mark_colour = looks.of(a.tag)
        spans.append((a.start, a.end, span_style))
        for row in range(line_of(a.start), line_of(a.end) + 1):
            old = marks.get(row)
            symbol = "▌" if old is None or old[1].color == mark_colour else "┃"
            marks[row] = (symbol, mark_style)
    return spans, marks
