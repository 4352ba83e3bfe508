"""One row per annotation, as CSV or JSON Lines, safe for spreadsheets, line-based readers
and terminals."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from reader.core.annotations.format import ANNOTATION_KEYS, AnnotationFile
from reader.core.errors import printable

EXPORT_FIELDS = ("document", "language", *ANNOTATION_KEYS)
# OWASP "CSV injection": a cell starting with one of these is a formula to a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_BOM = "\ufeff"
# Characters JSON leaves raw that split or reorder lines in line-based readers and
# terminals: NEL, the Unicode line and paragraph separators, DEL and C1 controls, and the
# bidirectional controls.
_JSONL_ESCAPED = {
    code: f"\\u{code:04x}"
    for code in (
        0x7F,
        *range(0x80, 0xA0),
        0x061C,
        0x200E,
        0x200F,
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
        0x2028,
        0x2029,
    )
}


def export_rows(files: Iterable[AnnotationFile]) -> Iterator[dict[str, Any]]:
    """One row per annotation, in the given file order then the file's own order."""
    for afile in files:
        for annotation in afile.annotations:
            row: dict[str, Any] = {"document": afile.document, "language": afile.language}
            for key in ANNOTATION_KEYS:
                row[key] = getattr(annotation, key)
            row["links"] = list(annotation.links)
            yield row


def to_jsonl(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """JSON Lines, UTF-8 kept readable; characters that break lines are escaped."""
    for row in rows:
        yield json.dumps(row, ensure_ascii=False).translate(_JSONL_ESCAPED) + "\n"


def neutralised(cell: Any) -> Any:
    """``cell`` with a leading ``'`` when a spreadsheet would run it as a formula."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def to_csv(rows: Iterable[dict[str, Any]], *, excel: bool = False) -> Iterator[str]:
    """CSV with a header, links joined by spaces, formula-like cells neutralised; ``excel``
    starts with a byte order mark so that Excel reads the file as UTF-8."""
    buffer = io.StringIO()
    if excel:
        buffer.write(EXCEL_BOM)
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        cells = {**row, "links": " ".join(row["links"])}
        writer.writerow({key: neutralised(value) for key, value in cells.items()})
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def for_terminal(chunk: str) -> str:
    """``chunk`` with every control, bidi or other invisible character shown as an escape,
    so that exported text cannot act on the terminal; line ends (LF, CRLF) stay as they are."""
    *ended, last = chunk.split("\n")
    shown = [printable(x[:-1]) + "\r" if x.endswith("\r") else printable(x) for x in ended]
    return "\n".join([*shown, printable(last)])
