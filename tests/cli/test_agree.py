"""`reader agree --json` on projects that reproduce published examples."""

from __future__ import annotations

import json
from pathlib import Path

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


def _rows(project: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, dict[str, object]]:
    capsys.readouterr()
    assert main(["agree", str(project), "--json"]) == 0
    return {row["tag"]: row for row in map(json.loads, capsys.readouterr().out.splitlines())}


def test_krippendorff_2004_example(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Content Analysis (2004) p. 254, moved from 150–450 to a 300-code-point text:
    value c is tagged claim, value k quote."""
    c = ([(75, 145), (220, 250)], [(70, 150), (205, 225), (250, 270)])
    k = ([(30, 90), (150, 200)], [(30, 90), (150, 200)])
    spans = {
        author: [("claim", s, e) for s, e in c[i]] + [("quote", s, e) for s, e in k[i]]
        for i, author in enumerate(("observer-i", "observer-j"))
    }
    rows = _rows(_project(tmp_path, 300, spans), capsys)
    do_c, de_c = alpha_terms(c, [(0, 300)])
    do_k, de_k = alpha_terms(k, [(0, 300)])
    claim, quote, both = rows["claim"], rows["quote"], rows["*"]
    assert claim["unitized_alpha"] == pytest.approx(float(1 - do_c / de_c), abs=EXACT)
    assert round(claim["unitized_alpha"], 4) == 0.7286  # type: ignore[arg-type]
    assert quote["unitized_alpha"] == 1.0
    overall = float(1 - (do_c + do_k) / (de_c + de_k))
    assert both["unitized_alpha"] == pytest.approx(overall, abs=EXACT)
    assert both["characters"] == 300 and both["documents"] == 1


def test_krippendorff_1995_digitized_kappa(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """On the Reliability of Unitizing (1995), example A digitized: kappa = .385."""
    spans = {
        "bertha": [("claim", 2, 10), ("claim", 14, 20)],
        "bill": [("claim", 4, 8), ("claim", 15, 17)],
    }
    rows = _rows(_project(tmp_path, 24, spans), capsys)
    assert rows["claim"]["kappa"] == pytest.approx(5 / 13, abs=EXACT)
    assert round(rows["claim"]["kappa"], 3) == 0.385  # type: ignore[arg-type]
