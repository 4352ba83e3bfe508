"""What a tag key tags in an article view, and the tag keys of ``reader.yaml`` as
bindings: one rule for every screen that tags an article."""

from __future__ import annotations

from collections.abc import Sequence

from textual.binding import Binding

from reader.core.project.config import TagSpec
from reader.tui.article.entities import Recognised
from reader.tui.widgets.article_view import ArticleView

Target = tuple[int, int, str | None]  # start, end, the date value accepted with it


def trimmed(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """``span`` without surrounding white space (unchanged if it is all white space)."""
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else span


def tag_target(view: ArticleView, recognised: Recognised, tag: str) -> Target | None:
    """What tagging ``tag`` covers: the selection (trimmed), else for ``date`` the
    recognised date under the cursor, else the sentence under the cursor; a recognised
    date tagged as ``date`` brings its normalised value."""
    span = view.selected_span
    if span is not None:
        start, end = trimmed(view.lines.text, span)
        found = recognised.date_at(start) if tag == "date" else None
        value = found.value if found and (found.start, found.end) == (start, end) else None
        return start, end, value
    if tag == "date" and (found := recognised.date_at(view.cursor_offset)) is not None:
        return found.start, found.end, found.value
    sentence = view.segments.sentence_at(view.cursor_offset)
    return None if sentence is None else (*sentence, None)


def tag_bindings(tags: Sequence[TagSpec]) -> dict[str, list[Binding]]:
    """One binding per tag key (``tag.<name>``) and ``1``–``9`` by number (``tag.<n>``),
    by key, for ``reader.yaml``'s key overrides."""
    bindings: dict[str, list[Binding]] = {}
    for number, tag in enumerate(tags, 1):
        action = f"tag('{tag.name}')"
        bindings.setdefault(tag.key, []).append(
            Binding(tag.key, action, tag.name.capitalize(), id=f"tag.{tag.name}")
        )
        if number <= 9:
            bindings.setdefault(str(number), []).append(
                Binding(str(number), action, f"Tag {tag.name}", show=False, id=f"tag.{number}")
            )
    return bindings
