"""`reader suggest FILE...`: print recognised entities and dates (brat standoff or JSONL)."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from reader.core.errors import ReaderError
from reader.core.interchange.standoff import BratSpan, brat_lines
from reader.core.recognition.entities import SUPPORTED_LANGUAGES, EntitySpan, recognise
from reader.core.recognition.registry import REGISTRY_FILE, EntityRegistry, load_registry
from reader.core.text.document import Document, load_document

_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_LATIN = re.compile(r"[A-Za-z]")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``suggest`` verb."""
    p = subparsers.add_parser(
        "suggest",
        help="print recognised people, organisations, places and dates",
        description=(
            "Print the entities (PER, ORG, LOC) and dates (DATE, TIME, with ISO values) "
            "recognised in each FILE. Offsets count Unicode code points. Names link "
            f"through ./{REGISTRY_FILE} when it exists."
        ),
    )
    p.add_argument("files", nargs="+", metavar="FILE", type=Path, help="text files to read")
    p.add_argument(
        "--format",
        choices=("brat", "jsonl"),
        default="brat",
        help="brat standoff (T lines, dates' values as AnnotatorNotes) or one JSON object a line",
    )
    p.add_argument(
        "--reference-date",
        metavar="DATE",
        help="resolve relative dates against DATE (YYYY-MM-DD; default: the article's own date)",
    )
    p.add_argument(
        "--language",
        metavar="LANG",
        choices=SUPPORTED_LANGUAGES,
        help="language of every FILE (default: detected per file)",
    )
    p.add_argument(
        "--entities",
        metavar="YAML",
        type=Path,
        help=f"entity registry (default: ./{REGISTRY_FILE} if present)",
    )
    p.set_defaults(func=run)


def _detect(text: str) -> str:
    from reader.core.text.language import detect_language

    found = detect_language(text, allowed=list(SUPPORTED_LANGUAGES))
    if found in SUPPORTED_LANGUAGES:
        return str(found)
    # Too little text to tell: Cyrillic letters decide.
    cyrillic = len(_CYRILLIC.findall(text))
    return "ru" if cyrillic > len(_LATIN.findall(text)) else "en"


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ReaderError(f"--reference-date: {value!r} is not a YYYY-MM-DD date") from None


def format_brat(spans: Sequence[EntitySpan]) -> list[str]:
    """brat standoff lines: ``T1<TAB>PER 17 27<TAB>Joe Biden``, then dates' values as notes."""
    return brat_lines(
        BratSpan(s.type, s.start, s.end, s.text, s.value if s.type in ("DATE", "TIME") else None)
        for s in spans
    )


def _jsonl(doc: Document, language: str, spans: Sequence[EntitySpan]) -> list[str]:
    out = []
    for span in spans:
        item = {
            "file": str(doc.path),
            "language": language,
            "start": span.start,
            "end": span.end,
            "type": span.type,
            "text": span.text,
            "value": span.value,
            "canonical": span.canonical,
            "inside": span.inside,
        }
        out.append(json.dumps(item, ensure_ascii=False))
    return out


def _registry(path: Path | None) -> EntityRegistry | None:
    if path is not None:
        if not path.is_file():
            raise ReaderError(f"--entities: {path} does not exist")
        return load_registry(path)
    default = Path(REGISTRY_FILE)
    return load_registry(default) if default.is_file() else None


def run(args: argparse.Namespace) -> int:
    """Recognise and print; returns 0."""
    reference = _parse_date(args.reference_date)
    registry = _registry(args.entities)
    many = len(args.files) > 1
    for path in args.files:
        doc = load_document(path)
        language = args.language or _detect(doc.text)
        spans = recognise(doc.text, language, reference or doc.date, registry=registry)
        if args.format == "jsonl":
            lines = _jsonl(doc, language, spans)
        else:
            lines = format_brat(spans)
            if many:
                lines.insert(0, f"# {path}")
        sys.stdout.write("".join(line + "\n" for line in lines))
    return 0
