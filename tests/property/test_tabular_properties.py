"""CSV and JSON Lines for any cell: one record a line, values read back, nothing a
spreadsheet runs, nothing raw on a terminal."""

from __future__ import annotations

import csv
import io
import json

from hypothesis import given
from hypothesis import strategies as st

from reader.core.annotations.format import Annotation, AnnotationFile
from reader.core.interchange.tabular import export_rows, for_terminal, to_csv, to_jsonl

CELLS = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=20)
LINE_BREAKING = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"


@st.composite
def files(draw: st.DrawFn) -> list[AnnotationFile]:
    annotations = tuple(
        Annotation(
            id=f"a{n}",
            tag="claim",
            start=0,
            end=1,
            text=draw(CELLS),
            speaker=draw(st.none() | CELLS),
            note=draw(st.none() | CELLS),
        )
        for n in range(draw(st.integers(1, 4)))
    )
    return [AnnotationFile(draw(CELLS) or "a.txt", "x", annotations=annotations)]


@given(files())
def test_jsonl_one_record_a_line_read_back(afiles: list[AnnotationFile]) -> None:
    out = "".join(to_jsonl(export_rows(afiles)))
    lines = out.split("\n")
    assert lines[-1] == ""
    assert not any(ch in line for line in lines[:-1] for ch in LINE_BREAKING)
    assert not any(0x80 <= ord(ch) <= 0x9F or ch in "\u202e\u2066\u200f" for ch in out)
    assert [json.loads(line) for line in lines[:-1]] == list(export_rows(afiles))


@given(files(), st.booleans())
def test_csv_reads_back_neutralised(afiles: list[AnnotationFile], excel: bool) -> None:
    out = "".join(to_csv(export_rows(afiles), excel=excel))
    assert out.startswith("\ufeff") == excel
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"), newline="")))
    for row, original in zip(rows, export_rows(afiles), strict=True):
        for key in ("document", "text", "speaker", "note"):
            value = original[key] or ""
            dangerous = value.startswith(("=", "+", "-", "@", "\t", "\r"))
            assert row[key] == ("'" + value if dangerous else value)


@given(CELLS)
def test_terminal_text_has_no_controls(text: str) -> None:
    shown = for_terminal(text)
    assert all(ch.isprintable() or ch in "\n" for ch in shown.replace("\r\n", "\n"))
