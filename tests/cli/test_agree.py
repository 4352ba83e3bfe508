"""`reader agree --json` on projects that reproduce published examples."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reader.cli import main
from tests.property.agreement_reference import alpha_terms

EXACT = 1e-9


def _project(root: Path, length: int, spans: dict[str, list[tuple[str, int, int]]]) -> Path:
    text = root / "corpus" / "example.txt"
    text.parent.mkdir(parents=True)
    text.write_text("".join("abcdefghij"[i % 10] for i in range(length)), encoding="utf-8")
    for author, tagged in spans.items():
        (root / "reader.yaml").write_text(f"annotator: {author}\n", "utf-8")
        for tag, start, end in tagged:
            assert main(["tag", str(text), str(start), str(end), tag]) == 0
    return root


def _rows(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """The pair rows and the all-authors rows of `reader agree --json`, by tag."""
    capsys.readouterr()
    assert main(["agree", str(project), "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    pairs = {row["tag"]: row for row in rows if "first" in row}
    groups = {row["tag"]: row for row in rows if "authors" in row}
    assert len(pairs) + len(groups) == len(rows)
    return pairs, groups


def test_krippendorff_2004_example(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Content Analysis (2004) p. 254, moved from 150–450 to a 300-code-point text:
    value c is tagged claim, value k quote."""
    c = ([(75, 145), (220, 250)], [(70, 150), (205, 225), (250, 270)])
    k = ([(30, 90), (150, 200)], [(30, 90), (150, 200)])
    spans = {
        author: [("claim", s, e) for s, e in c[i]] + [("quote", s, e) for s, e in k[i]]
        for i, author in enumerate(("observer-i", "observer-j"))
    }
    rows, _ = _rows(_project(tmp_path, 300, spans), capsys)
    do_c, de_c = alpha_terms(c, [(0, 300)])
    do_k, de_k = alpha_terms(k, [(0, 300)])
    claim, quote, both = rows["claim"], rows["quote"], rows["*"]
    assert claim["unitized_alpha"] == pytest.approx(float(1 - do_c / de_c), abs=EXACT)
    assert round(claim["unitized_alpha"], 4) == 0.7286
    assert quote["unitized_alpha"] == 1.0
    overall = float(1 - (do_c + do_k) / (de_c + de_k))
    assert both["unitized_alpha"] == pytest.approx(overall, abs=EXACT)
    assert both["characters"] == 300 and both["documents"] == 1


def test_krippendorff_1995_digitized_kappa(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """On the Reliability of Unitizing (1995), example A digitized: kappa = .385, and
    (all authors) nominal alpha = .329."""
    spans = {
        "bertha": [("claim", 2, 10), ("claim", 14, 20)],
        "bill": [("claim", 4, 8), ("claim", 15, 17)],
    }
    rows, groups = _rows(_project(tmp_path, 24, spans), capsys)
    assert rows["claim"]["kappa"] == pytest.approx(5 / 13, abs=EXACT)
    assert round(rows["claim"]["kappa"], 3) == 0.385
    alpha = 1 - 47 * 16 / (48 * 48 - 20 * 20 - 28 * 28)  # from the coincidence matrix
    assert groups["claim"]["nominal_alpha"] == pytest.approx(alpha, abs=EXACT)
    assert round(groups["claim"]["nominal_alpha"], 3) == 0.329
    assert groups["*"]["authors"] == ["bertha", "bill"] and groups["*"]["characters"] == 24


def test_a_text_that_cannot_be_read_is_left_out_of_alpha_and_kappa(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spans = {"ann": [("claim", 0, 5)], "bob": [("claim", 0, 6)]}
    project = _project(tmp_path, 24, spans)
    (project / "corpus" / "example.txt").unlink()
    capsys.readouterr()
    assert main(["agree", str(project), "--json"]) == 0
    captured = capsys.readouterr()
    assert "1 text(s) unreadable, left out of alpha and kappa (first: example.txt" in captured.err
    (pair, *groups) = [json.loads(line) for line in captured.out.splitlines() if "*" in line]
    assert pair["exact_f1"] == 0.0 and pair["overlap_f1"] == 1.0
    assert pair["characters"] == 0 and pair["unitized_alpha"] is None and pair["kappa"] is None
    assert groups == []
