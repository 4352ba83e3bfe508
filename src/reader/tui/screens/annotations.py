"""Every annotation of the corpus in one list (issue 12, item 4): filtered with the words
of the query language (``tag:quote speaker:Песков lang:ru date:2022-01 путин``), grouped
by speaker, article or tag (``o`` cycles), each claim with the annotations linked to it
(its conditions) under it; ``enter`` opens the article at the passage.

The rows come a page at a time from the cross-article tables
(``core/corpus/crossref.py``), on the screen's data thread."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType

from reader.core.corpus.crossref import GROUPS, AnnotationRow
from reader.core.corpus.query import Query
from reader.tui.safe import one_line
from reader.tui.screens.across import CorpusWideScreen, DataThread
from reader.tui.screens.passage import PassageChosen
from reader.tui.services import Services
from reader.tui.widgets.paged_list import Painted

TEXT_WIDTH = 70  # characters of an annotation's text shown on its row


@dataclass(frozen=True, slots=True)
class AnnotationSource:
    """The annotations ``query`` keeps, ordered by ``group``."""

    data: DataThread
    query: Query
    group: str

    def count(self) -> int:
        return self.data.crossref().annotation_count(self.query)

    def page(self, offset: int, limit: int) -> Sequence[AnnotationRow]:
        return self.data.crossref().annotations(
            self.query, group=self.group, offset=offset, limit=limit
        )


def _short(text: str, limit: int = TEXT_WIDTH) -> str:
    flat = one_line(" ".join(text.split()))
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def annotation_line(row: AnnotationRow, indent: str = "  ") -> Text:
    """One annotation as a line: tag, text, value, speaker, author, article (literal)."""
    line = Text(indent)
    line.append(one_line(row.tag), style="bold")
    line.append(" ")
    line.append(f"“{_short(row.text)}”")
    for label, value in (("=", row.value), ("— ", row.speaker), ("by ", row.author)):
        if value:
            line.append(f"  {label}{one_line(value)}", style="italic" if label == "— " else "")
    line.append(f"  {one_line(row.rel)}#{one_line(row.id)}", style="dim")
    return line


class AnnotationsScreen(CorpusWideScreen):
    """Annotations across the corpus; ``o`` cycles the grouping."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "cycle_group", "Group by", id="annotations.group"),
    ]
    PLACEHOLDER = "filter: words tag: speaker: author: lang: date: path: entity: has:orphan"

    def __init__(self, services: Services, query: str = "", group: str = "speaker") -> None:
        super().__init__(services, query)
        self.group = group

    def source(self, query: Query) -> AnnotationSource:
        return AnnotationSource(self.data_thread, query, self.group)

    def paint(self, row: AnnotationRow, previous: AnnotationRow | None, width: int) -> Painted:
        heading: tuple[Text, ...] = ()
        if previous is None or previous.group != row.group:
            label = row.group or f"(no {self.group})"
            heading = (Text(one_line(label), style="bold underline"),)
        linked = tuple(annotation_line(other, "      ↳ ") for other in row.linked)
        return Painted(heading, (annotation_line(row), *linked))

    def passage(self, row: AnnotationRow) -> PassageChosen:
        return PassageChosen(row.rel, row.start, row.end)

    def describe(self) -> str:
        return f"grouped by {self.group} (o)"

    def action_cycle_group(self) -> None:
        """Group by the next of speaker, article, tag."""
        self.group = GROUPS[(GROUPS.index(self.group) + 1) % len(GROUPS)]
        self.apply_filter(str(self.filter_query))
