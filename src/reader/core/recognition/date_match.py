"""What the date and time recognisers find: one type both build on."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A date (or time) found in a text: code-point span, kind, ISO value."""

    start: int
    end: int
    text: str
    value: str | None
    kind: str = "DATE"
