"""Export to W3C Web Annotation and brat, and the shared brat writer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.interchange.standoff import BratSpan, brat_lines, fragments

EN = "corpus/en/2021-12-29-biden-putin-meeting.txt"


def _tag(root: Path, phrase: str, tag: str, *extra: str) -> str:
    text = (root / EN).read_text(encoding="utf-8")
    start = text.index(phrase)
    code = main(["tag", str(root / EN), str(start), str(start + len(phrase)), tag, *extra])
    assert code == 0
    return str(start)


def test_fragments_split_at_line_breaks() -> None:
    assert fragments(10, "ab\r\ncd\n\nef") == [(10, 12), (14, 16), (18, 20)]
    assert fragments(5, "") == [(5, 5)]
    assert brat_lines([BratSpan("quote", 10, 20, "ab\r\ncd\n\nef", "speaker: X\nY")]) == [
        "T1\tquote 10 12;14 16;18 20\tab cd ef",
        "#1\tAnnotatorNotes T1\tspeaker: X Y",
    ]


def test_brat_relations_for_links() -> None:
    lines = brat_lines(
        [
            BratSpan("claim", 0, 3, "abc", key="a"),
            BratSpan("condition", 5, 6, "x", None, "b", ("a", "gone")),
        ]
    )
    assert lines == ["T1\tclaim 0 3\tabc", "T2\tcondition 5 6\tx", "R1\tlink Arg1:T2 Arg2:T1"]


def test_w3c_export(seed_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _tag(seed_project, "January 10", "date", "--value", "2022-01-10", "--note", "talks")
    capsys.readouterr()
    assert main(["export", str(seed_project), "--format", "w3c"]) == 0
    collection = json.loads(capsys.readouterr().out)
    assert collection["type"] == "AnnotationCollection" and collection["total"] == 1
    item = collection["first"]["items"][0]
    position, quote = item["target"]["selector"]
    text = (seed_project / EN).read_text(encoding="utf-8")
    assert text[position["start"] : position["end"]] == quote["exact"] == "January 10"
    assert text[: position["start"]].endswith(quote["prefix"])
    assert text[position["end"] :].startswith(quote["suffix"])
    assert {(b["purpose"], b["value"]) for b in item["body"]} == {
        ("tagging", "date"),
        ("describing", "2022-01-10"),
        ("commenting", "talks"),
    }
    assert item["creator"] == "tester"


def test_brat_export_round_trips_offsets(
    seed_project: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _tag(seed_project, "That is, when they speak", "quote", "--speaker", "Dmitry Peskov")
    out = tmp_path / "brat"
    assert main(["export", str(seed_project), "--format", "brat", "-o", str(out)]) == 0
    ann = (out / "en" / "2021-12-29-biden-putin-meeting.ann").read_text(encoding="utf-8")
    copied = (out / "en" / "2021-12-29-biden-putin-meeting.txt").read_bytes()
    assert copied == (seed_project / EN).read_bytes()
    t_line, note = ann.splitlines()
    _, middle, surface = t_line.split("\t")
    tag, start, end = middle.split()
    assert tag == "quote" and copied.decode()[int(start) : int(end)] == surface
    assert note.endswith("\tspeaker: Dmitry Peskov")
    capsys.readouterr()
    assert main(["export", str(seed_project), "--format", "brat"]) == 2
    assert "give it with -o FOLDER" in capsys.readouterr().err
