"""Re-anchoring on real edit scripts applied to the seeds, the EditSession hook and the verb."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.annotations.anchoring import FUZZY_MIN_LENGTH, reanchor
from reader.core.annotations.format import Annotation, AnnotationFile, dump
from reader.core.annotations.session import EditSession, open_session
from reader.core.corpus.discovery import Corpus
from reader.core.project.layout import Project
from reader.core.text.document import sha256_of

REPO = Path(__file__).resolve().parents[2]
EN_REL = "en/2021-12-29-biden-putin-meeting.txt"
RU_REL = "ru/2021-12-29-baiden-putin-vstrecha.txt"
EN = (REPO / "corpus" / EN_REL).read_bytes().decode("utf-8")
RU = (REPO / "corpus" / RU_REL).read_bytes().decode("utf-8")

QUOTE = "That is, when they speak, they are absolutely constructive, very businesslike"
DATE = "January 10"
SPEAKER = "Dmitry Peskov"
HEADING = "An important milestone"
PARAGRAPH = "At the same time, earlier the press secretary"
RU_DATE = "10 января"
RU_QUOTE = "Байден произнес всего одно слово: «Посмотрим»"


def _ann(text: str, ident: str, needle: str, tag: str = "quote", nth: int = 0) -> Annotation:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return Annotation(ident, tag, start, start + len(needle), needle, author="t")


def _file(text: str, *annotations: Annotation, document: str = EN_REL) -> AnnotationFile:
    return AnnotationFile(document, sha256_of(text), "en", annotations)


def _en_file() -> AnnotationFile:
    return _file(
        EN,
        _ann(EN, "quote1", QUOTE),
        _ann(EN, "date01", DATE, "date"),
        _ann(EN, "speak1", SPEAKER, "claim"),
        _ann(EN, "head01", HEADING, "claim"),
    )


def _placed(afile: AnnotationFile, text: str) -> dict[str, tuple[int, int, str, bool]]:
    for a in afile.annotations:
        if not a.orphaned:
            assert text[a.start : a.end] == a.text
    return {a.id: (a.start, a.end, a.text, a.orphaned) for a in afile.annotations}


@pytest.mark.parametrize("old_known", [True, False])
def test_insertions_before_and_after(old_known: bool) -> None:
    afile = _en_file()
    head = EN.index(HEADING)
    new = "Breaking: an update.\n\n" + EN[:head] + "INSERTED LINE\n" + EN[head:] + "\nTail.\n"
    placed, report = reanchor(afile, new, EN if old_known else None)
    assert report.moved == ("quote1", "speak1", "head01", "date01") or set(report.moved) == {
        "quote1", "speak1", "head01", "date01"
    }  # fmt: skip
    assert not report.orphaned and not report.fuzzy
    got = _placed(placed, new)
    assert got["quote1"][0] == EN.index(QUOTE) + 22
    assert got["head01"][0] == new.index(HEADING)
    assert placed.sha256 == sha256_of(new)


def test_unchanged_offsets_are_kept() -> None:
    afile = _en_file()
    new = EN + "\nAppended paragraph.\n"
    placed, report = reanchor(afile, new)
    assert len(report.kept) == 4 and not report.changed
    assert placed.annotations == afile.sorted().annotations


def test_typo_fixed_inside_a_quote_is_a_fuzzy_match() -> None:
    typo_text = EN.replace("absolutely constructive", "absolutly constructive")
    typo_quote = QUOTE.replace("absolutely", "absolutly")
    afile = _file(typo_text, _ann(typo_text, "quote1", typo_quote), _ann(typo_text, "d", DATE))
    placed, report = reanchor(afile, EN)
    assert report.fuzzy == ("quote1",)
    assert _placed(placed, EN)["quote1"][2] == QUOTE


def test_moved_paragraph_follows_its_text() -> None:
    lines = EN.split("\n")
    moved_index = next(i for i, line in enumerate(lines) if line.startswith(PARAGRAPH))
    paragraph = lines.pop(moved_index)
    lines.append(paragraph)
    new = "\n".join(lines)
    afile = _file(EN, _ann(EN, "para01", PARAGRAPH, "claim"), _ann(EN, "quote1", QUOTE))
    placed, report = reanchor(afile, new)
    assert "para01" in report.moved and not report.orphaned
    assert _placed(placed, new)["para01"][0] == new.index(PARAGRAPH)


def test_deleted_passage_orphans_its_annotations_and_keeps_them() -> None:
    afile = _en_file()
    start = EN.index("Prior to this")
    end = EN.index("At the same time, earlier")
    new = EN[:start] + EN[end:]
    placed, report = reanchor(afile, new)
    assert set(report.orphaned) == {"quote1", "speak1"}
    orphan = placed.by_id()["quote1"]
    original = afile.by_id()["quote1"]
    assert orphan.orphaned and (orphan.start, orphan.end, orphan.text) == (
        original.start, original.end, original.text
    )  # fmt: skip
    assert "orphaned: true" in dump(placed)
    assert len(placed.annotations) == 4


def test_quote_occurring_twice_follows_its_neighbours() -> None:
    # The article repeats its quote paragraph; the annotation is on the second copy.
    block = EN[EN.index("Prior to this") : EN.index("At the same time, earlier")]
    old = EN + "\n" + block + "Closing words.\n"
    second = _ann(old, "quote2", QUOTE, nth=1)
    closing = _ann(old, "close1", "Closing words.", "claim")
    afile = _file(old, second, closing)
    new = "A new first line.\n" + old.replace("Closing words.", "Closing words!", 1)
    placed, report = reanchor(afile, new)
    assert report.moved == ("quote2",)
    assert _placed(placed, new)["quote2"][0] == second.start + len("A new first line.\n")
    assert "close1" in report.fuzzy or "close1" in report.orphaned


def test_two_equally_good_places_are_ambiguous_and_orphaned() -> None:
    word = "security guarantees"
    old = "x" * 50 + word + "x" * 50
    afile = _file(old, Annotation("amb001", "claim", 50, 50 + len(word), word))
    new = "y" * 20 + word + "y" * 22 + "y" * 20 + word  # occurrences at 20 and 81
    placed, report = reanchor(afile, new)
    assert report.orphaned == ("amb001",)  # nearer is no evidence: never a wrong place
    assert placed.annotations[0].orphaned
    tie = "x" * 60 + word + "x" * 60 + word + "x" * 60  # the same surroundings twice
    placed, report = reanchor(afile, tie, old)
    assert report.orphaned == ("amb001",)
    # With the old text known, context breaks the tie.
    context = "y" * 30 + word + "z" * 20 + "x" * 40 + word + "xxxxx"
    placed, report = reanchor(afile, context, old)
    assert report.moved == ("amb001",)
    assert placed.annotations[0].start == context.rindex(word)
    # Five characters of the old surroundings, by the text's end, are not enough.
    edge = "y" * 30 + word + "z" * 20 + "xxxxx" + word + "xxxxx"
    _, report = reanchor(afile, edge, old)
    assert report.orphaned == ("amb001",)


def test_crlf_to_lf_and_back() -> None:
    crlf = EN.replace("\n", "\r\n")
    two_lines = EN[EN.index(HEADING) : EN.index(HEADING) + len(HEADING) + 30]
    afile = _file(
        crlf,
        _ann(crlf, "quote1", QUOTE),
        _ann(crlf, "date01", DATE, "date"),
        _ann(crlf, "multi1", two_lines.replace("\n", "\r\n"), "claim"),
    )
    placed, report = reanchor(afile, EN)
    assert set(report.moved) == {"quote1", "date01", "multi1"} and not report.fuzzy
    assert _placed(placed, EN)["multi1"][2] == two_lines
    back, report = reanchor(placed, crlf)
    assert not report.orphaned
    assert _placed(back, crlf)["multi1"][2] == two_lines.replace("\n", "\r\n")


def test_short_texts_are_never_fuzzy() -> None:
    afile = _file(EN, _ann(EN, "short1", "Peskov", "claim"))
    new = EN.replace("Peskov", "Peskow")
    _, report = reanchor(afile, new)
    assert len("Peskov") < FUZZY_MIN_LENGTH and report.orphaned == ("short1",)


def test_russian_seed_edited() -> None:
    afile = _file(
        RU, _ann(RU, "rdate1", RU_DATE, "date"), _ann(RU, "rquot1", RU_QUOTE), document=RU_REL
    )
    new = RU.replace("«Посмотрим»", "«Посмотрим!»").replace(
        "Байден встретиться", "Байден встретится"
    )
    placed, report = reanchor(afile, "Обновлено.\n" + new)
    assert report.moved == ("rdate1",) and report.fuzzy == ("rquot1",)
    assert _placed(placed, "Обновлено.\n" + new)["rquot1"][2].endswith("«Посмотрим!»")


def test_orphans_are_found_again_when_their_text_returns() -> None:
    afile = _en_file()
    cut = EN.replace(SPEAKER, "a spokesman")
    placed, report = reanchor(afile, cut)
    assert report.orphaned == ("speak1",)
    again, report = reanchor(placed, EN)
    assert not report.orphaned and not again.by_id()["speak1"].orphaned


def test_deterministic() -> None:
    afile = _en_file()
    new = EN.replace("very businesslike", "very business-like").replace("\n\n", "\n")
    assert reanchor(afile, new) == reanchor(afile, new)


# --- through the project: EditSession and `reader reanchor` ------------------------------


def _project_with_annotations(seed_project: Path) -> tuple[Path, Path]:
    corpus = Corpus(Project.open(seed_project))
    document = corpus.document(EN_REL)
    session = open_session(corpus.store, document, "en")
    text = document.text
    session.add("quote", text.index(QUOTE), text.index(QUOTE) + len(QUOTE), speaker=SPEAKER)
    session.add("date", text.index(DATE), text.index(DATE) + len(DATE), value="2022-01-10")
    session.add("claim", text.index(SPEAKER), text.index(SPEAKER) + len(SPEAKER))
    return seed_project / "corpus" / EN_REL, corpus.project.annotation_path(EN_REL)


def test_edit_session_reanchors_and_saves(seed_project: Path) -> None:
    text_path, ann_path = _project_with_annotations(seed_project)
    text_path.write_text(
        "Editor's note: corrected.\n" + EN.replace(SPEAKER, "the spokesman"), encoding="utf-8"
    )
    corpus = Corpus(Project.open(seed_project))
    document = corpus.document(EN_REL)
    session = open_session(corpus.store, document, "en")
    report = session.anchoring_report
    assert report is not None and len(report.moved) == 2 and len(report.orphaned) == 1
    assert [o.text for o in session.orphans] == [SPEAKER]
    on_disk = corpus.store.load(EN_REL)
    assert on_disk is not None and on_disk.sha256 == document.sha256
    assert sum(a.orphaned for a in on_disk.annotations) == 1
    # Placing the orphan by hand.
    where = document.text.index("the spokesman")
    placed = session.place_orphan(session.orphans[0].id, where, where + len("the spokesman"))
    assert not placed.orphaned and placed.text == "the spokesman" and not session.orphans
    assert ann_path.read_text(encoding="utf-8").count("orphaned") == 0


def test_edit_session_does_not_rewrite_when_nothing_moved(seed_project: Path) -> None:
    text_path, ann_path = _project_with_annotations(seed_project)
    text_path.write_text(EN + "\nA trailing line.\n", encoding="utf-8")
    before = ann_path.read_bytes()
    corpus = Corpus(Project.open(seed_project))
    session = open_session(corpus.store, corpus.document(EN_REL), "en")
    assert session.anchoring_report is not None and not session.anchoring_report.changed
    assert ann_path.read_bytes() == before


def test_cp1251_resaved_as_utf8_changes_nothing(seed_project: Path) -> None:
    ru_path = seed_project / "corpus" / RU_REL
    russian = RU.replace("Ülviye FİLİYEVA ERKEÇ\n\n", "")  # keep to what cp1251 encodes
    ru_path.write_bytes(russian.encode("cp1251"))
    corpus = Corpus(Project.open(seed_project))
    document = corpus.document(RU_REL)
    assert document.encoding != "utf-8"
    session = EditSession(corpus.store, document, "ru")
    at = document.text.index(RU_DATE)
    session.add("date", at, at + len(RU_DATE))
    ann_path = corpus.project.annotation_path(RU_REL)
    before = ann_path.read_bytes()
    ru_path.write_bytes(russian.encode("utf-8"))
    assert main(["reanchor", str(seed_project)]) == 0
    session = EditSession(corpus.store, Corpus(Project.open(seed_project)).document(RU_REL))
    assert session.anchoring_report is None  # same decoded text, same sha256
    assert ann_path.read_bytes() == before


def test_reanchor_verb_reports_counts(
    seed_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text_path, ann_path = _project_with_annotations(seed_project)
    text_path.write_text("New lead.\n" + EN.replace(SPEAKER, "a spokesman"), encoding="utf-8")
    assert main(["reanchor", str(seed_project), "--dry-run"]) == 0
    out = capsys.readouterr()
    assert "moved 2, fuzzy 0, orphaned 1" in out.out
    assert "would re-anchor 1 of 1 annotation file(s)" in out.err
    before = ann_path.read_bytes()
    assert main(["reanchor", str(seed_project)]) == 0
    out = capsys.readouterr()
    assert f"{ann_path}: kept 0, moved 2, fuzzy 0, orphaned 1" in out.out
    assert "orphaned (its text is no longer found)" in out.out
    assert ann_path.read_bytes() != before
    # validate reports the orphan but changes nothing
    after = ann_path.read_bytes()
    assert main(["validate", str(seed_project)]) == 1
    assert "orphaned" in capsys.readouterr().out
    assert ann_path.read_bytes() == after
    # a second run has nothing to do
    assert main(["reanchor", str(seed_project)]) == 0
    assert capsys.readouterr().out == ""
    assert ann_path.read_bytes() == after


def test_a_fuzzy_move_is_whole_words_and_marked_for_review() -> None:
    old = "Opening line of the report.\nPutin said no to the plan on Tuesday, then left.\n"
    new = "Opening line of the report.\nPutin said no to that plan on Tuesday, then left.\n"
    start = old.index("Putin")
    needle = "Putin said no to the plan on Tuesday"
    afile = _file(old, Annotation("fz0001", "claim", start, start + len(needle), needle))
    placed, report = reanchor(afile, new, old)
    assert report.fuzzy == ("fz0001",)
    moved = placed.annotations[0]
    assert moved.text == "Putin said no to that plan on Tuesday"
    assert (moved.anchored, moved.old_text) == ("fuzzy", needle)
    again, _ = reanchor(replace(placed, annotations=(replace(moved, start=0, end=5),)), new)
    assert again.annotations[0].old_text == needle  # the first text stays until reviewed


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (2, 12, (0, 12)),  # 'tin said n' widened to 'Putin said no'
        (1, 13, (0, 13)),
        (5, 14, (6, 13)),  # ' said no ' loses its spaces
        (3, 9, (0, 10)),
    ],
)
def test_whole_words(start: int, end: int, expected: tuple[int, int]) -> None:
    from reader.core.annotations.anchoring import _whole_words

    text = "Putin said no to the plan"
    got = _whole_words(text, start, end)
    assert got is not None
    s, e = got
    assert text[s:e] == text[s:e].strip()
    assert s == 0 or not (text[s - 1].isalnum() and text[s].isalnum())
    assert e == len(text) or not (text[e - 1].isalnum() and text[e].isalnum())


def test_fuzzy_needs_real_context_near_the_edge() -> None:
    old = "\nThe minister said the plan would work.\nMore text follows here, a lot of it."
    new = "\nThe minister said the plan would fail.\nEntirely different words come next now."
    start = 1
    needle = "The minister said the plan would work."
    afile = _file(old, Annotation("edge01", "claim", start, start + len(needle), needle))
    _, report = reanchor(afile, new, old)
    assert report.orphaned == ("edge01",)  # one newline before it is no evidence


def test_a_text_repeating_its_lines_thousands_of_times_is_not_diffed_line_by_line() -> None:
    import time

    block = "".join(f"Line {i} of the repeated block.\n" for i in range(40))
    old = block * 2000  # 80,000 lines, each 2,000 times: a line diff would take minutes
    new = "Edited. " + old[:-3] + "!\n"
    start = old.index("Line 7", len(old) // 2)
    afile = _file(old, Annotation("rep001", "claim", start, start + 6, "Line 7"))
    began = time.perf_counter()
    placed, report = reanchor(afile, new, old)
    assert time.perf_counter() - began < 10.0
    assert report.orphaned == ("rep001",) or _placed(placed, new)["rep001"][2] == "Line 7"


def test_whole_words_leave_unspaced_scripts_alone() -> None:
    from reader.core.annotations.anchoring import _whole_words

    text = "東京で会議が開かれた。"  # no spaces: every character boundary is a boundary
    assert _whole_words(text, 2, 6) == (2, 6)
    assert _whole_words("Путин сказал нет", 2, 9) == (0, 12)


def test_two_equally_similar_passages_in_equal_surroundings_are_a_tie() -> None:
    around = "Nothing in these words tells the two places apart. "
    said = "The minister said the plan would work."
    old = around + said + " " + around
    edited = "The minister said that the plan would work."
    new = around + edited + " " + around * 12 + edited + " " + around  # far apart
    afile = _file(old, Annotation("near01", "claim", len(around), len(around) + len(said), said))
    _, report = reanchor(afile, new, old)
    assert report.orphaned == ("near01",)  # the nearer one is not more likely


def test_an_orphan_is_found_again_only_where_its_text_is_unique() -> None:
    old = "A text in which the orphan's words no longer appear at all, anywhere."
    orphan = Annotation("orph01", "claim", 5, 24, "security guarantees", orphaned=True)
    afile = _file(old, orphan)
    twice = old + " Now: security guarantees, and later security guarantees again."
    _, report = reanchor(afile, twice, old)  # its offsets say nothing about the old text
    assert report.orphaned == ("orph01",)
    once = old + " Now: security guarantees."
    placed, report = reanchor(afile, once, old)
    assert report.moved == ("orph01",) and not placed.annotations[0].orphaned
