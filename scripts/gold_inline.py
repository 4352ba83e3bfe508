"""Write brat standoff gold files from articles annotated inline.

The source holds articles, each after a line ``=== <lang>-<YYYY-MM-DD>-<slug>``; inside,
``[TYPE text]`` marks a mention (PER, ORG, LOC, DATE, TIME), ``[DATE text|value]`` gives
a DATE/TIME its ISO value, and brackets nest: ``[ORG МЧС [LOC России]]``. Each article
becomes ``<slug>.txt`` (the plain text) and ``<slug>.ann`` (T lines, then the values as
AnnotatorNotes) in the output folder. Square brackets cannot appear in the text itself.

Run: ``python scripts/gold_inline.py SOURCE OUTPUT_FOLDER``.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

TYPES = ("PER", "ORG", "LOC", "DATE", "TIME")
_OPEN = re.compile(r"\[(" + "|".join(TYPES) + r") ")


class InlineError(ValueError):
    """Malformed inline markup: the message names the article and the offset."""


def parse(marked: str, name: str = "<text>") -> tuple[str, list[tuple[str, int, int, str | None]]]:
    """The plain text and its mentions (type, start, end, value) of ``marked``."""
    out: list[str] = []
    length = 0
    stack: list[tuple[str, int, list[str] | None]] = []  # type, start, value chars
    spans: list[tuple[str, int, int, str | None]] = []
    i = 0
    while i < len(marked):
        opening = _OPEN.match(marked, i)
        char = marked[i]
        if opening:
            stack.append((opening.group(1), length, None))
            i = opening.end()
            continue
        if char == "|" and stack and stack[-1][0] in ("DATE", "TIME") and stack[-1][2] is None:
            type_, start, _ = stack.pop()
            stack.append((type_, start, []))
        elif char == "]":
            if not stack:
                raise InlineError(f"{name}: offset {i}: ']' without '['")
            type_, start, value = stack.pop()
            spans.append((type_, start, length, "".join(value) if value is not None else None))
        elif char == "[":
            raise InlineError(f"{name}: offset {i}: '[' without a type")
        elif stack and stack[-1][2] is not None:
            stack[-1][2].append(char)
        else:
            out.append(char)
            length += 1
        i += 1
    if stack:
        raise InlineError(f"{name}: '[{stack[-1][0]}' never closed")
    return "".join(out), sorted(spans, key=lambda s: (s[1], -s[2]))


def brat(text: str, spans: list[tuple[str, int, int, str | None]]) -> str:
    """brat standoff for ``spans`` of ``text``."""
    lines = [f"T{n}\t{t} {a} {b}\t{text[a:b]}" for n, (t, a, b, _) in enumerate(spans, 1)]
    notes = [(n, v) for n, (_, _, _, v) in enumerate(spans, 1) if v is not None]
    lines += [f"#{k}\tAnnotatorNotes T{n}\t{v}" for k, (n, v) in enumerate(notes, 1)]
    return "\n".join(lines) + "\n"


def main() -> int:
    """Convert one source file into a folder of .txt/.ann pairs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("output", type=Path)
    args = parser.parse_args()
    articles = re.split(r"^=== (\S+)\n", args.source.read_text(encoding="utf-8"), flags=re.M)
    args.output.mkdir(parents=True, exist_ok=True)
    try:
        for name, body in zip(articles[1::2], articles[2::2], strict=True):
            text, spans = parse(body.strip() + "\n", name)
            (args.output / f"{name}.txt").write_text(text, encoding="utf-8")
            (args.output / f"{name}.ann").write_text(brat(text, spans), encoding="utf-8")
    except InlineError as error:
        print(f"{args.source}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
