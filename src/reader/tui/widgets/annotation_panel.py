"""The side panel listing an article's annotations in text order."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.core.annotations import Annotation
from reader.core.config import TagSpec
from reader.tui.safe import one_line

SNIPPET = 60


class AnnotationPanel(OptionList):
    """Tag, speaker and snippet per annotation; the option id is the annotation id."""

    def show(self, annotations: Sequence[Annotation], tags: Sequence[TagSpec]) -> None:
        """Replace the list."""
        colours = {t.name: t.colour for t in tags}
        options = []
        for a in sorted(annotations, key=lambda a: a.sort_key):
            label = Text(no_wrap=True, overflow="ellipsis")
            label.append(f"{a.tag:<9}", style=f"bold {colours.get(a.tag, '')}".strip())
            if a.speaker:
                label.append(one_line(a.speaker)[:20] + ": ", style="italic")
            label.append(one_line(a.text)[:SNIPPET])
            if a.orphaned:
                label.append(" (orphaned)", style="red")
            options.append(Option(label, id=a.id))
        highlighted = self.highlighted
        self.clear_options()
        self.add_options(options)
        if options:
            self.highlighted = min(highlighted or 0, len(options) - 1)
