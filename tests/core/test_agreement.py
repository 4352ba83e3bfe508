"""Inter-annotator agreement."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.annotations.agreement import agreement
from reader.core.annotations.format import Annotation, AnnotationFile


def _a(ident: str, author: str, tag: str, start: int, end: int) -> Annotation:
    return Annotation(ident, tag, start, end, "x" * (end - start), author=author)


def test_exact_and_overlap_f1() -> None:
    doc = AnnotationFile(
        "a.txt",
        "s",
        annotations=(
            _a("1", "alice", "quote", 0, 10),
            _a("2", "bob", "quote", 0, 10),  # exact
            _a("3", "alice", "claim", 20, 40),
            _a("4", "bob", "claim", 25, 45),  # overlap only
            _a("5", "alice", "date", 50, 55),  # alice only
            _a("6", "bob", "quote", 60, 70),  # bob only
            _a(
                "7",
                "carol",
                "quote",
                0,
                10,
            ),
        ),
    )
    other = AnnotationFile("b.txt", "s", annotations=(_a("8", "alice", "quote", 0, 5),))
    scores = {(s.first, s.second, s.tag): s for s in agreement([doc, other])}
    total = scores[("alice", "bob", "*")]
    assert (total.first_count, total.second_count, total.exact, total.overlap) == (3, 3, 1, 2)
    assert total.exact_f1 == pytest.approx(1 / 3)
    assert total.overlap_f1 == pytest.approx(2 / 3)
    assert total.documents == {"a.txt"}
    assert scores[("alice", "bob", "claim")].overlap_f1 == 1.0
    assert scores[("alice", "bob", "claim")].exact_f1 == 0.0
    assert scores[("alice", "bob", "date")].exact_f1 == 0.0
    assert scores[("alice", "carol", "quote")].exact_f1 == 1.0
    assert ("bob", "carol", "quote") in scores


def test_overlap_is_one_to_one() -> None:
    doc = AnnotationFile(
        "a.txt",
        "s",
        annotations=(
            _a("1", "a", "claim", 0, 100),
            _a("2", "b", "claim", 0, 10),
            _a("3", "b", "claim", 20, 90),
        ),
    )
    (score,) = [s for s in agreement([doc]) if s.tag == "*"]
    assert score.overlap == 1 and score.overlap_f1 == pytest.approx(2 / 3)


def test_cli(seed_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rel = "corpus/en/2021-12-29-biden-putin-meeting.txt"
    text = (seed_project / rel).read_text(encoding="utf-8")
    start = text.index("January 10")
    for annotator, end in (("alice", start + 10), ("bob", start + 10), ("bob", start + 7)):
        (seed_project / "reader.yaml").write_text(f"annotator: {annotator}\n", "utf-8")
        assert main(["tag", str(seed_project / rel), str(start), str(end), "date"]) == 0
    capsys.readouterr()
    assert main(["agree", str(seed_project), "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows[-1] == {
        "first": "alice", "second": "bob", "tag": "*", "documents": 1, "first_count": 1,
        "second_count": 2, "exact_f1": pytest.approx(2 / 3), "overlap_f1": pytest.approx(2 / 3),
    }  # fmt: skip
    assert main(["agree", str(seed_project)]) == 0
    out = capsys.readouterr().out
    assert "exact F1" in out and "alice  bob" in out
