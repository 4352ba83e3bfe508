"""Untrusted text made safe to display: control characters become visible stand-ins.

Corpus text, file names, speakers and notes are never parsed as markup (they go
into ``Text``/``Content`` objects) and never reach the terminal with raw control
characters: C0/C1 controls, DEL, Unicode line/paragraph separators and bidi
overrides map to one visible character each, so code-point offsets stay
one-to-one with the original text. ``\\n``, ``\\r`` and ``\\t`` are kept (they
are line structure).
"""

from __future__ import annotations

import re

from rich.text import Text

_KEEP = {0x09, 0x0A, 0x0D}
_SUBSTITUTE = "\ufffd"


def _table() -> dict[int, str]:
    table: dict[int, str] = {c: chr(0x2400 + c) for c in range(0x20) if c not in _KEEP}
    table[0x7F] = "\u2421"  # ␡
    for c in range(0x80, 0xA0):
        table[c] = _SUBSTITUTE
    for c in (0x2028, 0x2029):  # str.splitlines breaks here; the line index does not
        table[c] = "\u2424"  # ␤
    for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F):
        table[c] = _SUBSTITUTE  # bidi controls
    return table


_TABLE = _table()
_UNSAFE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_TABLE)) + "]")


def display_text(text: str) -> str:
    """``text`` with every unsafe character replaced one-for-one by a visible stand-in."""
    if _UNSAFE.search(text) is None:  # the usual case: one scan in C, no translate pass
        return text
    return text.translate(_TABLE)


def one_line(text: str) -> str:
    """``display_text`` for labels: line breaks and tabs become spaces as well."""
    return display_text(text).replace("\r", " ").replace("\n", " ").replace("\t", " ")


def literal(text: str, style: str = "") -> Text:
    """A one-line ``Text`` showing ``text`` literally (no markup, no controls)."""
    return Text(one_line(text), style=style, no_wrap=True, overflow="ellipsis")
