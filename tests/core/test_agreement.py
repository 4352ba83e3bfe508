"""Inter-annotator agreement: span F1, Krippendorff's unitized alpha, Cohen's kappa.

Reference values come from worked examples in the literature; where the publication
rounds, the exact value is computed by the literal transcription of the published
formula in tests/property/agreement_reference.py and the rounding is checked against
the printed figure.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.annotations.agreement import (
    agreement,
    cohen_kappa,
    group_agreement,
    nominal_alpha,
    unitized_disagreement,
)
from reader.core.annotations.format import Annotation, AnnotationFile
from tests.property.agreement_reference import alpha_terms

EXACT = 1e-9


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
            _a("7", "carol", "quote", 0, 10),
        ),
    )
    other = AnnotationFile("b.txt", "s", annotations=(_a("8", "alice", "quote", 0, 5),))
    scores = {(s.first, s.second, s.tag): s for s in agreement([doc, other], {})}
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
    # no text lengths given: no continuum, no chance-corrected coefficients
    assert total.characters == 0 and total.alpha is None and total.kappa is None


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
    (score,) = [s for s in agreement([doc], {}) if s.tag == "*"]
    assert score.overlap == 1 and score.overlap_f1 == pytest.approx(2 / 3)


# Krippendorff (2004), Content Analysis, 2nd ed., p. 254: a continuum from 150 to 450,
# two observers, values c and k.
CONTINUUM_2004 = [(150, 450)]
C_2004 = ([(225, 295), (370, 400)], [(220, 300), (355, 375), (400, 420)])
K_2004 = ([(180, 240), (300, 350)], [(180, 240), (300, 350)])


def test_unitized_alpha_krippendorff_2004_example() -> None:
    c = unitized_disagreement(CONTINUUM_2004, C_2004)
    k = unitized_disagreement(CONTINUUM_2004, K_2004)
    # the printed figures, four decimals
    assert round(float(c.observed), 4) == 0.0144
    assert round(float(c.expected), 4) == 0.0532
    assert round(float(k.observed), 4) == 0.0
    assert round(float(k.expected), 4) == 0.0490
    assert c.alpha is not None and round(c.alpha, 4) == 0.7286
    assert k.alpha == 1.0
    # the book's overall 0.8591 is 1 − ΣDo/ΣDe from the rounded terms
    assert round(1 - 0.0144 / (0.0532 + 0.0490), 4) == 0.8591
    total = (c + k).alpha
    assert total is not None and round(total, 3) == 0.859
    # exact: the δ² the book lists for c (50, 850 and 400), and the reference formula
    assert c.observed == Fraction(2 * (50 + 850 + 400), 2 * 1 * 300**2)
    for ours, coders in ((c, C_2004), (k, K_2004)):
        observed, expected = alpha_terms(coders, CONTINUUM_2004)
        assert ours.observed == observed and ours.expected == expected
    assert total == pytest.approx(1 - float(c.observed / (c.expected + k.expected)), abs=EXACT)


def _units(*begin_length: int) -> list[tuple[int, int]]:
    pairs = zip(begin_length[::2], begin_length[1::2], strict=True)
    return [(b, b + n) for b, n in pairs]


# Krippendorff (1995), On the reliability of unitizing continuous data, p. 57:
# four pairs of coders on a continuum of 24; the paper's observed disagreements.
EXAMPLES_1995 = {
    "A": ((_units(2, 8, 14, 6), _units(4, 4, 15, 2)), 0.03125),
    "B": ((_units(0, 18), _units(0, 2, 2, 1, 3, 1, 4, 1, 5, 1, 6, 3, 9, 1)), 2.26736),
    "C": ((_units(2, 6, 10, 2, 14, 4, 20, 2), _units(0, 2, 4, 4, 10, 4, 16, 2, 20, 2)), 0.02777),
    "D": (
        (_units(0, 2, 2, 8, 10, 4, 14, 6, 20, 4), _units(0, 4, 4, 4, 8, 7, 15, 2, 17, 7)),
        0.38715,
    ),
}


@pytest.mark.parametrize("name", sorted(EXAMPLES_1995))
def test_unitized_observed_disagreement_krippendorff_1995(name: str) -> None:
    coders, printed = EXAMPLES_1995[name]
    ours = unitized_disagreement([(0, 24)], coders)
    assert int(float(ours.observed) * 1e5) / 1e5 == printed  # printed truncated to 5 places
    observed, expected = alpha_terms(coders, [(0, 24)])
    assert (ours.observed, ours.expected) == (observed, expected)


def test_unitized_alpha_needs_disjoint_sections() -> None:
    with pytest.raises(ValueError, match="crosses"):
        unitized_disagreement([(0, 10)], ([(5, 12)], []))
    empty = unitized_disagreement([(0, 10)], ([], []))
    assert empty.alpha is None  # nothing tagged: no chance disagreement, alpha undefined


def test_overlapping_units_of_one_coder_count_once() -> None:
    merged = unitized_disagreement([(0, 30)], ([(0, 10), (5, 15)], [(0, 15)]))
    assert merged.observed == 0 and merged.alpha == 1.0


# Cohen (1960), A coefficient of agreement for nominal scales, p. 45: 200 cases, 3 categories.
COHEN_1960 = {
    (1, 1): 88, (1, 2): 14, (1, 3): 18,
    (2, 1): 10, (2, 2): 40, (2, 3): 10,
    (3, 1): 2, (3, 2): 6, (3, 3): 12,
}  # fmt: skip


def test_cohen_kappa_cohen_1960() -> None:
    kappa = cohen_kappa(COHEN_1960)
    # p_o = .70, p_c = .41 as printed; kappa = .29/.59 = .492
    assert kappa == pytest.approx(29 / 59, abs=EXACT)
    assert kappa is not None and round(kappa, 3) == 0.492
    assert cohen_kappa({}) is None
    assert cohen_kappa({("a", "a"): 5}) is None  # one label everywhere: chance agreement is 1


def test_kappa_per_code_point_krippendorff_1995_digitized() -> None:
    """Krippendorff (1995) digitizes example A into 24 code points: kappa = .385."""
    (bertha, bill), _ = EXAMPLES_1995["A"]
    annotations = [_a(f"a{i}", "bertha", "x", s, e) for i, (s, e) in enumerate(bertha)]
    annotations += [_a(f"b{i}", "bill", "x", s, e) for i, (s, e) in enumerate(bill)]
    doc = AnnotationFile("a.txt", "s", annotations=tuple(annotations))
    scores = {s.tag: s for s in agreement([doc], {"a.txt": 24})}
    for score in scores.values():
        assert score.kappa is not None and round(score.kappa, 3) == 0.385
        # 2×2 table: 6 both, 8 Bertha only, 0 Bill only, 10 neither: kappa = 5/13
        assert score.kappa == pytest.approx(5 / 13, abs=EXACT)
        assert score.characters == 24
    alpha = scores["x"].alpha
    assert alpha == pytest.approx(
        float(1 - Fraction(18, 576) / alpha_terms((bertha, bill), [(0, 24)])[1])
    )


def test_alpha_and_kappa_over_several_texts_and_tags() -> None:
    """Texts are laid end to end; all-tags alpha is 1 − ΣDo/ΣDe; overall kappa labels a
    code point with the set of tags covering it."""
    one = AnnotationFile(
        "a.txt",
        "s",
        annotations=(
            _a("1", "ann", "quote", 0, 10),
            _a("2", "bob", "quote", 2, 10),
            _a("3", "ann", "date", 4, 6),
        ),
    )
    two = AnnotationFile(
        "b.txt", "s", annotations=(_a("4", "ann", "quote", 5, 8), _a("5", "bob", "date", 0, 3))
    )
    lonely = AnnotationFile("c.txt", "s", annotations=(_a("6", "ann", "quote", 0, 5),))
    lengths = {"a.txt": 20, "b.txt": 10, "c.txt": 50}
    scores = {s.tag: s for s in agreement([two, lonely, one], lengths)}
    sections = [(0, 20), (20, 30)]
    quote = ([(0, 10), (25, 28)], [(2, 10)])
    date = ([(4, 6)], [(20, 23)])
    q_terms = alpha_terms(quote, sections)
    d_terms = alpha_terms(date, sections)
    assert scores["quote"].alpha == pytest.approx(float(1 - q_terms[0] / q_terms[1]), abs=EXACT)
    assert scores["date"].alpha == pytest.approx(float(1 - d_terms[0] / d_terms[1]), abs=EXACT)
    overall = 1 - (q_terms[0] + d_terms[0]) / (q_terms[1] + d_terms[1])
    assert scores["*"].alpha == pytest.approx(float(overall), abs=EXACT)
    assert scores["*"].characters == 30  # c.txt has one author only
    q, d, n = frozenset({"quote"}), frozenset({"date"}), frozenset()
    qd = q | d
    # a.txt: 0-2 ann only, 2-4 and 6-10 both, 4-6 ann quote+date, 10-20 neither;
    # b.txt: 0-3 bob date, 3-5 and 8-10 neither, 5-8 ann quote
    table = {(q, n): 2 + 3, (qd, q): 2, (q, q): 6, (n, d): 3, (n, n): 10 + 2 + 2}
    assert scores["*"].kappa == pytest.approx(cohen_kappa(table), abs=EXACT)
    assert scores["date"].kappa == pytest.approx(
        cohen_kappa({(True, False): 2, (False, True): 3, (False, False): 25}), abs=EXACT
    )


# Krippendorff (2011), Computing Krippendorff's Alpha-Reliability, C: four observers,
# twelve units, missing values (None); nominal alpha = .743.
RELIABILITY_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]


def test_nominal_alpha_krippendorff_2011_missing_data() -> None:
    units = [([row[u] for row in RELIABILITY_2011 if row[u] is not None], 1) for u in range(12)]
    alpha = nominal_alpha(units)
    assert alpha is not None and round(alpha, 3) == 0.743
    # his coincidence matrix: n = 40, Σ_{c≠k} o_ck = 8 (units 2, 6, 8), Σ_{c≠k} n_c n_k = 1216
    # (n_1..n_5 = 9, 13, 10, 5, 3): alpha = 1 − 39 · 8 / 1216 = 0.74342...
    assert alpha == pytest.approx(1 - 39 * 8 / (40 * 40 - (81 + 169 + 100 + 25 + 9)), abs=EXACT)
    assert nominal_alpha([(["a", "a"], 3)]) is None  # one value everywhere
    assert nominal_alpha([(["a"], 3)]) is None  # nothing pairable


def test_group_alpha_krippendorff_1995_digitized() -> None:
    """Example A of Krippendorff (1995) digitized into 24 code points: alpha = .329."""
    (bertha, bill), _ = EXAMPLES_1995["A"]
    annotations = [_a(f"a{i}", "bertha", "x", s, e) for i, (s, e) in enumerate(bertha)]
    annotations += [_a(f"b{i}", "bill", "x", s, e) for i, (s, e) in enumerate(bill)]
    doc = AnnotationFile("a.txt", "s", annotations=tuple(annotations))
    (tag, overall) = group_agreement([doc], {"a.txt": 24})
    assert (tag.tag, overall.tag, tag.authors, tag.documents, tag.characters) == (
        "x", "*", ("bertha", "bill"), 1, 24,
    )  # fmt: skip
    # coincidences: 12 + 12 (both), 20 + 20 (neither), 8 + 8 mixed; n = 48
    expected = 1 - 47 * 16 / (48 * 48 - 20 * 20 - 28 * 28)
    assert tag.alpha == pytest.approx(expected, abs=EXACT) and round(expected, 3) == 0.329
    assert overall.alpha == tag.alpha


def test_group_alpha_treats_texts_an_author_skipped_as_missing() -> None:
    one = AnnotationFile(
        "a.txt", "s", annotations=(_a("1", "ann", "quote", 0, 5), _a("2", "bob", "quote", 0, 5))
    )
    two = AnnotationFile(
        "b.txt", "s", annotations=(_a("3", "bob", "date", 0, 2), _a("4", "cy", "date", 1, 2))
    )
    lonely = AnnotationFile("c.txt", "s", annotations=(_a("5", "ann", "date", 0, 9),))
    scores = {g.tag: g for g in group_agreement([one, two, lonely], {"a.txt": 10, "b.txt": 4})}
    assert scores["*"].authors == ("ann", "bob", "cy") and scores["*"].documents == 2
    assert scores["*"].characters == 14
    # per code point of a.txt ann and bob, of b.txt bob and cy; c.txt has one author
    q, d, n = frozenset({"quote"}), frozenset({"date"}), frozenset()
    units = [((q, q), 5), ((n, n), 5), ((d, n), 1), ((d, d), 1), ((n, n), 2)]
    assert scores["*"].alpha == pytest.approx(nominal_alpha(units), abs=EXACT)
    assert group_agreement([lonely], {"c.txt": 9}) == []


def test_cli(seed_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rel = "corpus/en/2021-12-29-biden-putin-meeting.txt"
    text = (seed_project / rel).read_text(encoding="utf-8")
    start = text.index("January 10")
    for annotator, end in (("alice", start + 10), ("bob", start + 10), ("bob", start + 7)):
        (seed_project / "reader.yaml").write_text(f"annotator: {annotator}\n", "utf-8")
        assert main(["tag", str(seed_project / rel), str(start), str(end), "date"]) == 0
    capsys.readouterr()
    assert main(["agree", str(seed_project), "--json"]) == 0
    *rows, date_group, group = map(json.loads, capsys.readouterr().out.splitlines())
    assert date_group["tag"] == "date" and date_group["nominal_alpha"] == 1.0
    size = len((seed_project / rel).read_bytes().decode("utf-8-sig"))
    # bob's 7-character date lies inside his 10-character one: both cover the same code
    # points with the same tag, so alpha and kappa are 1 while F1 counts the extra span
    assert rows[-1] == {
        "first": "alice", "second": "bob", "tag": "*", "documents": 1, "first_count": 1,
        "second_count": 2, "exact_f1": pytest.approx(2 / 3), "overlap_f1": pytest.approx(2 / 3),
        "characters": size, "unitized_alpha": pytest.approx(1.0), "kappa": pytest.approx(1.0),
    }  # fmt: skip
    assert group == {
        "authors": ["alice", "bob"], "tag": "*", "documents": 1, "characters": size,
        "nominal_alpha": pytest.approx(1.0),
    }  # fmt: skip
    assert main(["agree", str(seed_project)]) == 0
    out = capsys.readouterr().out
    assert "exact F1" in out and "uα" in out and "alice  bob" in out
    assert "all authors (alice, bob):" in out
