"""`reader curate`: the places to settle, as text and JSON lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli import main

REL = "corpus/en/2021-12-29-biden-putin-meeting.txt"


def _tag(project: Path, annotator: str, start: int, end: int, tag: str) -> None:
    (project / "reader.yaml").write_text(f"annotator: {annotator}\n", "utf-8")
    assert main(["tag", str(project / REL), str(start), str(end), tag]) == 0


def test_lists_places_to_settle(seed_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _tag(seed_project, "alice", 0, 10, "claim")
    capsys.readouterr()
    assert main(["curate", str(seed_project)]) == 0
    assert capsys.readouterr().out == "no disagreements to settle\n"
    _tag(seed_project, "bob", 0, 12, "claim")
    _tag(seed_project, "bob", 40, 50, "quote")
    capsys.readouterr()
    assert main(["curate", str(seed_project), "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["kind"], r["start"], r["end"]) for r in rows] == [
        ("span", 0, 12),
        ("missing", 40, 50),
    ]
    assert rows[0]["document"] == "en/2021-12-29-biden-putin-meeting.txt"
    assert [s["authors"] for s in rows[0]["sides"]] == [["alice"], ["bob"]]
    assert main(["curate", str(seed_project)]) == 0
    out = capsys.readouterr().out
    assert "en/2021-12-29-biden-putin-meeting.txt 40..50: missing" in out
    assert "by bob (not alice)" in out and out.endswith("2 place(s) to settle\n")


def test_hostile_text_is_printed_escaped(
    seed_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (seed_project / REL).write_text("\x1b[31mred\x1b[0m [b]bold[/b] and more text\n", "utf-8")
    _tag(seed_project, "alice", 0, 24, "quote")
    _tag(seed_project, "bob", 0, 26, "quote")
    capsys.readouterr()
    assert main(["curate", str(seed_project)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\\x1b[31mred" in out and "[b]bold" in out
