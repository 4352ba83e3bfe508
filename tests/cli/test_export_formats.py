"""`reader export`: CSV and JSON Lines safe with hostile cells, terminals never sent raw
control characters, and the W3C and brat exports through the command line."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.annotations.format import Annotation, AnnotationFile
from reader.core.annotations.store import Store
from reader.core.interchange.tabular import EXPORT_FIELDS
from reader.core.project.layout import Project
from reader.core.text.document import load_document

EN = "corpus/en/2021-12-29-biden-putin-meeting.txt"
HOSTILE_TEXT = (
    '=HYPERLINK("http://x")|+1 more|-2 less|@SUM(A1)|\tTab|\rCR|'
    "esc \x1b[31mred\x1b]0;title\x07|sep\u2028line\x85nel|c1 \x9b2J|bidi \u202eevil\u2066|"
)


def _tag(root: Path, phrase: str, tag: str, *extra: str) -> str:
    text = (root / EN).read_text(encoding="utf-8")
    start = text.index(phrase)
    code = main(["tag", str(root / EN), str(start), str(start + len(phrase)), tag, *extra])
    assert code == 0
    return str(start)


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """A project whose text holds formula starts, escapes, line separators, C1 and bidi
    controls, with one annotation over each piece."""
    root = tmp_path / "hostile"
    (root / "corpus").mkdir(parents=True)
    (root / "corpus" / "=evil.txt").write_text(HOSTILE_TEXT, encoding="utf-8", newline="")
    document = load_document(root / "corpus" / "=evil.txt", "=evil.txt")
    pieces = [p for p in HOSTILE_TEXT.split("|") if p]
    annotations = []
    for number, piece in enumerate(pieces):
        start = HOSTILE_TEXT.index(piece)
        annotations.append(
            Annotation(
                id=f"a{number}", tag="claim", start=start, end=start + len(piece), text=piece,
                speaker="=cmd|' /C calc'!A0" if number == 0 else None,
            )
        )  # fmt: skip
    afile = AnnotationFile("=evil.txt", document.sha256, annotations=tuple(annotations))
    Store(Project.open(root)).save(afile.sorted())
    return root


def test_csv_neutralises_formulas(hostile: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["export", str(hostile), "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert not out.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert list(rows[0]) == list(EXPORT_FIELDS)
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    texts = {row["text"] for row in rows}
    assert {'\'=HYPERLINK("http://x")', "'+1 more", "'-2 less", "'@SUM(A1)", "'\tTab"} <= texts
    assert "'\rCR" in texts
    assert {row["document"] for row in rows} == {"'=evil.txt"}
    assert rows[0]["speaker"] == "'=cmd|' /C calc'!A0"


def test_csv_excel_starts_with_a_bom(hostile: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    assert main(["export", str(hostile), "--format", "csv", "--excel", "-o", str(out)]) == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfdocument,language,id,")
    assert main(["export", str(hostile), "--format", "csv", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"document,")


def test_jsonl_escapes_line_breaking_and_bidi_characters(
    hostile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["export", str(hostile)]) == 0
    out = capsys.readouterr().out
    for raw in ("\u2028", "\x85", "\x9b", "\u202e", "\u2066", "\x1b", "\r"):
        assert raw not in out, repr(raw)
    lines = out.split("\n")
    assert lines[-1] == "" and all(lines[:-1])
    rows = [json.loads(line) for line in out.splitlines()]
    assert "".join(f"{r['text']}|" for r in sorted(rows, key=lambda r: r["start"])) == HOSTILE_TEXT
    assert "\\u2028" in out and "\\u202e" in out


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "w3c"])
def test_a_terminal_gets_no_raw_control_characters(hostile: Path, fmt: str) -> None:
    leader, follower = pty.openpty()
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    process = subprocess.Popen(
        [sys.executable, "-m", "reader", "export", str(hostile), "--format", fmt],
        stdout=follower, stderr=subprocess.PIPE, env=env,
    )  # fmt: skip
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    assert process.wait(timeout=60) == 0, process.stderr.read() if process.stderr else ""
    os.close(leader)
    shown = b"".join(chunks).decode("utf-8")
    for raw in ("\x1b", "\x07", "\x9b", "\u2028", "\x85", "\u202e", "\u2066"):
        assert raw not in shown, repr(raw)
    assert "\\x1b" in shown or "\\u001b" in shown
    assert "\\r\r" not in shown  # CSV's CRLF line ends are not shown as escapes


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
    assert item["creator"] == {"type": "Person", "name": "tester"}


def test_brat_export_writes_text_ann_and_conf(
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
    assert note == "#1\tAnnotatorNotes T1\tspeaker: Dmitry Peskov"
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    assert "[entities]\nclaim\ncondition\ndate\nquote\n" in conf
    capsys.readouterr()
    assert main(["export", str(seed_project), "--format", "brat"]) == 2
    assert "give it with -o FOLDER" in capsys.readouterr().err
