"""Never a wrong place: re-anchoring after generated edits of sentences (insertions,
deletions, duplicated and near-duplicate sentences, words changed) puts every annotation
where its text equals or closely matches the old one in matching surroundings, or
orphans it; fuzzy moves are whole words, marked for review with their old text."""

from __future__ import annotations

from difflib import SequenceMatcher

from hypothesis import given
from hypothesis import strategies as st

from reader.core.annotations.anchoring import (
    CONTEXT_CHARS,
    FUZZY_MARK,
    FUZZY_MIN_SIMILARITY,
    reanchor,
)
from reader.core.annotations.format import Annotation, AnnotationFile
from reader.core.text.document import sha256_of

SENTENCES = [
    "The minister said the plan would work.",
    "The minister said the plan would fail.",  # a near duplicate
    "Talks in Geneva are set for January.",
    "Talks in Vienna are set for January.",  # another
    "Nobody in the room believed a word of it.",
    "Reporters asked about the troops again.",
    "A spokesman declined to comment further.",
    "Markets fell sharply on the news.",
]
WORDS = ["really", "Tuesday", "officials", "briefly", "again", "Moscow"]
MIN_CONTEXT = 12  # old context needed on a side for a similar one to count


def _join(sentences: list[str], separators: list[str]) -> str:
    return "".join(s + separators[i % len(separators)] for i, s in enumerate(sentences))


@st.composite
def _cases(draw: st.DrawFn) -> tuple[str, AnnotationFile, str]:
    sentence = st.sampled_from(SENTENCES)
    old = draw(st.lists(sentence, min_size=3, max_size=10))
    separators = draw(st.lists(st.sampled_from([" ", "\n", "\n\n"]), min_size=1, max_size=3))
    old_text = _join(old, separators)
    annotations = []
    for n in range(draw(st.integers(1, 4))):
        slot = draw(st.integers(0, len(old) - 1))
        start = len(_join(old[:slot], separators))
        words = old[slot].split(" ")
        first = draw(st.integers(0, len(words) - 1))
        last = draw(st.integers(first, len(words) - 1))
        begin = start + len(" ".join(words[:first])) + (1 if first else 0)
        end = start + len(" ".join(words[: last + 1]))
        annotations.append(Annotation(f"a{n}", "claim", begin, end, old_text[begin:end]))
    new = list(old)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["insert", "delete", "duplicate", "reword", "typo"]))
        at = draw(st.integers(0, max(0, len(new) - 1)))
        if kind == "insert":
            new.insert(at, draw(sentence))
        elif kind == "delete" and len(new) > 1:
            del new[at]
        elif kind == "duplicate" and new:
            new.insert(at, new[at])
        elif kind == "reword" and new:
            words = new[at].split(" ")
            words[draw(st.integers(0, len(words) - 1))] = draw(st.sampled_from(WORDS))
            new[at] = " ".join(words)
        elif kind == "typo" and new:
            i = draw(st.integers(0, len(new[at]) - 1))
            new[at] = new[at][:i] + new[at][i + 1 :]
    afile = AnnotationFile("a.txt", sha256_of(old_text), "en", tuple(annotations))
    return old_text, afile, _join(new, separators)


def _ratio(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _side_agrees(old: str, new: str) -> bool:
    return old == new or (len(old) >= MIN_CONTEXT and _ratio(old, new) >= 0.5)


def _surroundings_agree(old_text: str, a: Annotation, new_text: str, b: Annotation) -> bool:
    before = (
        old_text[max(0, a.start - CONTEXT_CHARS) : a.start],
        new_text[max(0, b.start - CONTEXT_CHARS) : b.start],
    )
    after = (old_text[a.end : a.end + CONTEXT_CHARS], new_text[b.end : b.end + CONTEXT_CHARS])
    return _side_agrees(before[0][::-1], before[1][::-1]) or _side_agrees(*after)


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


@given(_cases())
def test_every_annotation_is_in_a_right_place_or_orphaned(
    case: tuple[str, AnnotationFile, str],
) -> None:
    old_text, afile, new_text = case
    placed, report = reanchor(afile, new_text, old_text)
    before = afile.by_id()
    for b in placed.annotations:
        a = before[b.id]
        if b.orphaned:
            assert (b.start, b.end, b.text) == (a.start, a.end, a.text)  # kept as it was
            continue
        assert new_text[b.start : b.end] == b.text
        assert b.text == a.text or _ratio(b.text, a.text) >= FUZZY_MIN_SIMILARITY
        assert _surroundings_agree(old_text, a, new_text, b), (a, b)
        if b.id in report.fuzzy:
            assert b.anchored == FUZZY_MARK and b.old_text == a.text
            assert b.text == b.text.strip()
            assert b.start == 0 or not (
                _word_char(new_text[b.start - 1]) and _word_char(new_text[b.start])
            )
            assert b.end == len(new_text) or not (
                _word_char(new_text[b.end - 1]) and _word_char(new_text[b.end])
            )
        else:
            assert b.text == a.text and b.anchored is None


@given(_cases())
def test_without_the_old_text_equal_passages_are_never_guessed(
    case: tuple[str, AnnotationFile, str],
) -> None:
    _, afile, new_text = case
    placed, _ = reanchor(afile, new_text)
    before = afile.by_id()
    for b in placed.annotations:
        a = before[b.id]
        if b.orphaned or (b.start, b.end) == (a.start, a.end) or b.anchored == FUZZY_MARK:
            continue  # fuzzy moves without the old text need a single candidate: by design
        shifts = {
            o.start - before[o.id].start
            for o in placed.annotations
            if o.id != b.id and not o.orphaned
        }
        assert new_text.count(a.text) == 1 or b.start - a.start in shifts, (a, b)


@given(
    st.text(alphabet=st.sampled_from("ab Пу日_ \n.,"), min_size=1, max_size=40),
    st.integers(0, 40),
    st.integers(0, 40),
)
def test_whole_words_never_cut_a_word_nor_keep_outer_spaces(text: str, i: int, j: int) -> None:
    from reader.core.annotations.anchoring import _is_word_char, _whole_words

    start, end = sorted((min(i, len(text)), min(j, len(text))))
    got = _whole_words(text, start, end)
    if got is None:  # nothing but part of one word or spaces: the fuzzy step orphans it
        return
    s, e = got
    assert 0 <= s < e <= len(text)
    assert text[s:e] == text[s:e].strip()
    assert s == 0 or not (_is_word_char(text[s - 1]) and _is_word_char(text[s]))
    assert e == len(text) or not (_is_word_char(text[e - 1]) and _is_word_char(text[e]))
