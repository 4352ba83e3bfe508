"""The side panel listing an article's annotations in text order."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets.option_list import Option

from reader.core.annotations.format import Annotation
from reader.core.project.config import TagSpec
from reader.tui.article.review import conflict_of, is_fuzzy
from reader.tui.safe import one_line
from reader.tui.widgets.lazy_list import LazyOptionList

SNIPPET = 60


def _label(a: Annotation, colours: dict[str, str]) -> Text:
    label = Text(no_wrap=True, overflow="ellipsis")
    if a.orphaned:
        label.append("⚠ ", style="bold red")
    elif conflict_of(a) is not None:
        label.append("⚔ ", style="bold red")
    elif is_fuzzy(a):
        label.append("≈ ", style="bold yellow")
    label.append(f"{one_line(a.tag):<9} ", style=f"bold {colours.get(a.tag, '')}".strip())
    if a.speaker:
        label.append(one_line(a.speaker)[:20] + ": ", style="italic")
    label.append(one_line(a.text)[:SNIPPET], style="strike" if a.orphaned else "")
    if a.author:
        label.append(f"  {one_line(a.author)[:16]}", style="dim")
    return label


class AnnotationPanel(LazyOptionList[tuple[Sequence[Annotation], Sequence[TagSpec]]]):
    """What needs review first (merge conflicts, placements to confirm, then orphans:
    their last text, placed by hand with ``p``), then every annotation in text order,
    with tag, speaker, snippet and author; the option id is the annotation id."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._labels: dict[str, tuple[Annotation, Text]] = {}
        self._colours: dict[str, str] = {}

    def show(self, annotations: Sequence[Annotation], tags: Sequence[TagSpec]) -> None:
        """Replace the list (when shown), keeping the highlighted annotation."""
        self.want((annotations, tags))

    def fill(self, wanted: tuple[Sequence[Annotation], Sequence[TagSpec]]) -> None:
        """The options for these annotations, reusing unchanged labels."""
        annotations, tags = wanted
        colours = {t.name: t.colour for t in tags}
        if colours != self._colours:
            self._labels, self._colours = {}, colours  # a tag colour changed: new labels
        labels: dict[str, tuple[Annotation, Text]] = {}

        def label(a: Annotation) -> Text:
            cached = self._labels.get(a.id)
            text = cached[1] if cached and cached[0] == a else _label(a, colours)
            labels[a.id] = (a, text)
            return text

        ordered = sorted(annotations, key=lambda a: a.sort_key)
        conflicted = [a for a in ordered if conflict_of(a) is not None and not a.orphaned]
        fuzzy = [a for a in ordered if is_fuzzy(a) and conflict_of(a) is None]
        orphans = [a for a in ordered if a.orphaned]
        queued = {a.id for a in (*conflicted, *fuzzy)}
        placed = [a for a in ordered if not a.orphaned and a.id not in queued]
        options: list[Option] = []
        for group, header in (
            (conflicted, f"merge conflicts ({len(conflicted)}): M shows ours and theirs"),
            (fuzzy, f"placed by similarity ({len(fuzzy)}): Y accepts, ctrl+o orphans"),
        ):
            if group:
                options.append(Option(Text(header, style="bold red"), disabled=True))
                options.extend(Option(label(a), id=a.id) for a in group)
        if orphans:
            header = f"orphaned ({len(orphans)}): select the new text, pick one, p places it"
            options.append(Option(Text(header, style="bold red"), disabled=True))
            options.extend(Option(label(a), id=a.id) for a in orphans)
        if placed and (orphans or queued):
            options.append(Option(Text("annotations", style="bold"), disabled=True))
        options.extend(Option(label(a), id=a.id) for a in placed)
        self._labels = labels
        current = self.highlighted_id
        self.clear_options()
        self.add_options(options)
        ids = [o.id for o in options]
        if current in ids:
            self.highlighted = ids.index(current)
        elif options:
            self.highlighted = next(i for i, o in enumerate(options) if not o.disabled)

    @property
    def highlighted_id(self) -> str | None:
        """The id of the highlighted annotation, if any."""
        if self.highlighted is None or self.highlighted >= self.option_count:
            return None
        return self.get_option_at_index(self.highlighted).id
