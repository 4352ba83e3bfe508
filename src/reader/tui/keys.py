"""The TUI's bindings, made from the core's table of default keys
(``reader.core.project.keys``): one list of keys for the screens, the help, the docs
and the config's check of tag keys."""

from __future__ import annotations

from collections.abc import Collection

from textual.binding import Binding, BindingType

from reader.core.project.keys import DEFAULT_BINDINGS


def bindings_of(prefix: str, *, exclude: Collection[str] = ()) -> list[BindingType]:
    """Textual bindings for the table's rows whose id starts with ``prefix`` (a class's
    own keys: ``article.`` for the article screen), in table order, but ``exclude``."""
    return [
        Binding(row.keys, row.action, row.description, show=row.show, priority=row.priority,
                id=row.id)
        for row in DEFAULT_BINDINGS
        if row.id.startswith(prefix) and row.id not in exclude
    ]  # fmt: skip
