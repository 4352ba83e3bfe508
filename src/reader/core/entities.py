"""Recogniser interface: a text in, entity spans out (PER, ORG, LOC, DATE, TIME).

PLACEHOLDER implementation (simple rules); the entities issue replaces the
recognisers behind this same interface.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

ENTITY_TYPES = ("PER", "ORG", "LOC", "DATE", "TIME")


@dataclass(frozen=True, slots=True, order=True)
class EntitySpan:
    """A recognised span: code-point offsets into the text, type, surface and normalized value."""

    start: int
    end: int
    type: str
    text: str
    value: str | None = None


_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_CAPS = re.compile(r"\b[A-ZА-ЯЁ][a-zа-яё]+(?:\s+[A-ZА-ЯЁ][a-zа-яё]+)*")


def recognise(text: str, language: str | None, reference_date: date | None = None) -> list[EntitySpan]:
    """All entity spans of ``text``, sorted by position."""
    spans: list[EntitySpan] = []
    for m in _ISO.finditer(text):
        spans.append(EntitySpan(m.start(), m.end(), "DATE", m.group(0), m.group(0)))
    for m in _CAPS.finditer(text):
        if m.start() > 0 and text[max(0, m.start() - 2) : m.start()].strip() not in ("", ".", "!", "?"):
            spans.append(EntitySpan(m.start(), m.end(), "PER", m.group(0), None))
    return sorted(spans)
