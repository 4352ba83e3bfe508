"""The message the corpus-wide screens (search, timeline, annotations, curation) post
when the analyst picks a passage: the app opens the article with it selected."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class PassageChosen(Message):
    """Open the article ``rel`` with ``start..end`` (code points) selected; an empty
    span puts the cursor at ``start``. ``matches`` are every place a search found in the
    article, in order (for next/previous match there), empty otherwise."""

    rel: str
    start: int
    end: int
    matches: tuple[tuple[int, int], ...] = ()
