"""The side panel grouping an article's recognised entities by type, with counts."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets.option_list import Option

from reader.core.recognition.entities import EntitySpan
from reader.tui.safe import one_line
from reader.tui.widgets.lazy_list import LazyOptionList

ENTITY_TYPES = ("PER", "ORG", "LOC", "DATE", "TIME")


def entity_name(span: EntitySpan) -> str:
    """The name an occurrence is listed under: canonical (entities.yaml), normal form or text."""
    return span.canonical or span.value or span.text


def entity_key(span: EntitySpan) -> str:
    """How occurrences are grouped: type and name (Путина, Путиным, Putin → Vladimir Putin)."""
    return f"{span.type}\t{entity_name(span).casefold()}"


class EntityPanel(LazyOptionList[tuple[Sequence[EntitySpan], dict[str, str]]]):
    """Entities grouped by type; the option id is the group key (see ``entity_key``)."""

    def show(self, spans: Sequence[EntitySpan], colours: dict[str, str]) -> None:
        """Replace the list (when shown)."""
        self.want((spans, colours))

    def fill(self, wanted: tuple[Sequence[EntitySpan], dict[str, str]]) -> None:
        """The options: a header per type, then each name with its count."""
        spans, colours = wanted
        groups: dict[str, list[EntitySpan]] = {}
        for span in spans:
            groups.setdefault(entity_key(span), []).append(span)
        options: list[Option] = []
        kinds = sorted({s.type for s in spans}, key=lambda t: (t not in ENTITY_TYPES, t))
        for kind in kinds:
            keys = [k for k in groups if k.startswith(kind + "\t")]
            count = sum(len(groups[k]) for k in keys)
            options.append(
                Option(
                    Text(f"{kind} ({count})", style=f"bold {colours.get(kind, '')}"), disabled=True
                )
            )
            for key in sorted(keys, key=lambda k: (-len(groups[k]), k)):
                first = groups[key][0]
                label = Text(no_wrap=True, overflow="ellipsis")
                label.append("  " + one_line(entity_name(first))[:40])
                label.append(f" ×{len(groups[key])}", style="dim")
                options.append(Option(label, id=key))
        self.clear_options()
        self.add_options(options)
