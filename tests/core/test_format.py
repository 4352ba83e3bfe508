"""The annotation file format: byte-stable dumps, exact round trips, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from reader.core.annotations.format import (
    ID_ALPHABET,
    Annotation,
    AnnotationFile,
    dump,
    entry_lines,
    new_id,
    parse,
)
from reader.core.annotations.rules import check_file, field_problems
from reader.core.errors import AnnotationFileError

P = Path("annotations/en/a.yaml")
PIECES = [
    *"ab \r\n\tЖжё«»“”'\":#-[]{}&*!|>%@`\\",
    *["😀", "👍🏽", "e\u0301", "\u200b", "\x1b", "\x85", "\\U0001F600", "\U000e0001"],
]
TEXTS = st.lists(st.sampled_from(PIECES), min_size=1, max_size=200).map("".join) | st.text(
    min_size=1, max_size=200
)


@st.composite
def files_with_text(draw: st.DrawFn) -> tuple[str, AnnotationFile]:
    text = draw(TEXTS)
    spans = draw(
        st.lists(st.tuples(st.integers(0, len(text)), st.integers(0, len(text))), max_size=12)
    )
    optional = st.none() | st.text(max_size=30)
    annotations = []
    ids: set[str] = set()
    for a, b in spans:
        start, end = min(a, b), max(a, b)
        ident = new_id(ids)
        ids.add(ident)
        annotations.append(
            Annotation(
                id=ident,
                tag=draw(st.sampled_from(["claim", "condition", "date", "quote"])),
                start=start,
                end=end,
                text=text[start:end],
                speaker=draw(optional),
                note=draw(optional),
                value=draw(st.none() | st.sampled_from(["2022-01-10", "2022-01", "2022", "true"])),
                author=draw(st.sampled_from(["alice", "Алиса", None])),
                created="2026-11-22T06:30:00Z",
            )
        )
    afile = AnnotationFile(document="en/a.txt", sha256="0" * 64, language="en")
    return text, afile.with_annotations(annotations)


@given(files_with_text())
def test_save_load_is_identity_and_stable(case: tuple[str, AnnotationFile]) -> None:
    text, afile = case
    dumped = dump(afile)
    loaded = parse(dumped, P)
    assert loaded == afile
    assert dump(loaded) == dumped
    assert yaml.safe_load(dumped)["document"] == "en/a.txt"
    for a in loaded.annotations:
        assert text[a.start : a.end] == a.text
    # The format keeps anything; the only problems are what the rulebook refuses to write.
    expected = [f"annotation {a.id}: {reason}" for a in loaded.annotations
                for reason in field_problems(a)]  # fmt: skip
    assert [p.message for p in check_file(loaded, text, P)] == expected


def test_format_matches_design() -> None:
    afile = AnnotationFile(
        document="en/x.txt",
        sha256="ab" * 32,
        language="ru",
        annotations=(
            Annotation("zz9", "date", 20, 30, "10 января", value="2022-01-10", author="a",
                       created="2026-11-22T06:31:12Z"),
            Annotation("k3f9q2", "quote", 5, 12, "Песков «да»", speaker="Дмитрий Песков",
                       author="a", created="2026-11-22T06:30:00Z"),
        ),
    )  # fmt: skip
    assert dump(afile) == (
        "# reader annotations, format 1\n"
        "document: en/x.txt\n"
        f"sha256: {'ab' * 32}\n"
        "language: ru\n"
        "annotations:\n"
        "- id: k3f9q2\n"
        "  tag: quote\n"
        "  start: 5\n"
        "  end: 12\n"
        "  text: Песков «да»\n"
        "  speaker: Дмитрий Песков\n"
        "  author: a\n"
        "  created: 2026-11-22T06:30:00Z\n"
        "- id: zz9\n"
        "  tag: date\n"
        "  start: 20\n"
        "  end: 30\n"
        "  text: 10 января\n"
        "  value: 2022-01-10\n"
        "  author: a\n"
        "  created: 2026-11-22T06:31:12Z\n"
    )


def test_unknown_keys_survive_a_rewrite() -> None:
    source = (
        "# reader annotations, format 1\n"
        "document: en/x.txt\nsha256: abc\nlanguage: en\nreviewed_by: bob\n"
        "annotations:\n"
        "- id: a1\n  tag: claim\n  start: 0\n  end: 1\n  text: x\n  author: a\n"
        "  x-score: 0.5\n  x-tags: [one, two]\n"
    )
    loaded = parse(source, P)
    assert loaded.extra == (("reviewed_by", "bob"),)
    assert loaded.annotations[0].extra == (("x-score", 0.5), ("x-tags", ["one", "two"]))
    again = parse(dump(loaded), P)
    assert again == loaded
    assert "x-tags:\n  - one\n  - two\n" in dump(loaded) or "x-tags:\n    - one" in dump(loaded)


def test_long_lines_are_not_wrapped() -> None:
    long = "word " * 200
    afile = AnnotationFile("a.txt", "s", "en", (Annotation("a1", "claim", 0, len(long), long),))
    lines = dump(afile).splitlines()
    assert any(line.startswith("  text: ") and len(line) > 900 for line in lines)


HEADER = "document: en/x.txt\nsha256: abc\nannotations:\n"


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("document: [\n", 2, "invalid YAML"),
        ("- a\n- b\n", 1, "top level must be a mapping"),
        ("sha256: abc\nannotations: []\n", 1, "'document' must be a string"),
        (HEADER + "- id: a1\n  tag: claim\n  start: x\n  end: 2\n  text: ab\n", 6, "'start'"),
        (HEADER + "- id: a1\n  tag: claim\n  start: 5\n  end: 2\n  text: ab\n", 6, "reversed"),
        (HEADER + "- id: a1\n  tag: claim\n  start: -1\n  end: 2\n  text: ab\n", 6, "negative"),
        (
            HEADER
            + "- id: a1\n  tag: claim\n  start: 0\n  end: 1\n  text: a\n"
            + "- id: a1\n  tag: claim\n  start: 0\n  end: 1\n  text: a\n",
            9,
            "duplicate id 'a1' (first at line 4)",
        ),
        (HEADER + "- id: a1\n  tag: claim\n  start: 0\n  end: 1\n  text: 5\n", 8, "'text'"),
        (HEADER + "- just a string\n", 4, "must be a mapping"),
        ("a: &x [1]\nb: *x\n", 2, "aliases are not allowed"),
        ("document: !!python/object:os.system x\n", 1, "invalid YAML"),
        ("<<<<<<< HEAD\ndocument: a\n=======\ndocument: b\n>>>>>>> x\n", 1, "conflict markers"),
        ("", 1, "empty file"),
    ],
)
def test_errors_name_the_line(body: str, line: int, message: str) -> None:
    with pytest.raises(AnnotationFileError) as caught:
        parse(body, P)
    assert caught.value.line == line
    assert message in caught.value.message
    assert caught.value.describe().startswith(f"{P}:{line}: ")


def test_billion_laughs_is_refused_quickly() -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        refs = ",".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    with pytest.raises(AnnotationFileError, match="aliases"):
        parse("\n".join(lines) + "\n", P)


def test_oversized_file_is_refused() -> None:
    with pytest.raises(AnnotationFileError, match="larger than"):
        parse("#" * (17 * 1024 * 1024), P)


def test_check_file_reports_mismatches_with_lines() -> None:
    afile = AnnotationFile(
        "a.txt",
        "s",
        annotations=(
            Annotation("a1", "claim", 0, 3, "abd"),
            Annotation("a2", "bogus", 0, 3, "abc"),
            Annotation("a3", "claim", 0, 99, "abc"),
            Annotation("a4", "claim", 0, 1, "a", links=("nope",)),
        ),
    )
    text = dump(afile)
    problems = check_file(afile, "abc", P, tags=["claim"], lines=entry_lines(text))
    messages = [p.describe() for p in problems]
    assert any("a1: text at 0..3 is 'abc', not 'abd'" in m for m in messages)
    assert any("unknown tag 'bogus'" in m for m in messages)
    assert any("beyond the text" in m for m in messages)
    assert any("link to unknown id nope" in m for m in messages)
    assert all(p.line is not None for p in problems)


def test_new_ids_are_unique_and_short() -> None:
    taken: set[str] = set()
    for _ in range(2000):
        ident = new_id(taken)
        assert ident not in taken and len(ident) == 8 and set(ident) <= set(ID_ALPHABET)
        taken.add(ident)


@given(files_with_text())
def test_store_round_trip_on_disk(case: tuple[str, AnnotationFile]) -> None:
    import tempfile

    from reader.core.annotations.store import Store
    from reader.core.project.layout import Project

    _, afile = case
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Project.open(tmp))
        assert store.save(afile)
        path = store.path_for(afile.document)
        first = path.read_bytes()
        assert store.load(afile.document) == afile
        assert not store.save(store.load(afile.document))  # type: ignore[arg-type]
        assert path.read_bytes() == first
        assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temp files left


def test_iso_looking_text_stays_a_string() -> None:
    afile = AnnotationFile(
        "2022-01-04",
        "2022-01-04",
        "en",
        (
            Annotation("2022-01-04", "date", 0, 10, "2022-01-04", speaker="2022-01-04",
                       note="2022-01-04T10:00:00Z", value="2022-01-04", links=("2022-01-05",),
                       author="2022", created="2026-11-22T06:30:00Z"),
            Annotation("b", "claim", 0, 4, "true", speaker="null", note="12"),
        ),
    )  # fmt: skip
    dumped = dump(afile)
    assert "  text: '2022-01-04'\n" in dumped
    assert "  value: 2022-01-04\n" in dumped and "  created: 2026-11-22T06:30:00Z\n" in dumped
    assert parse(dumped, P) == afile.sorted()
    assert dump(parse(dumped, P)) == dumped


def test_hand_written_date_text_is_read_as_its_string() -> None:
    source = "document: a.txt\nsha256: x\nannotations:\n"
    source += "- id: a1\n  tag: date\n  start: 0\n  end: 10\n  text: 2022-01-04\n"
    assert parse(source, P).annotations[0].text == "2022-01-04"


def test_the_field_list_is_the_dataclass_and_the_key_order() -> None:
    from dataclasses import fields

    from reader.core.annotations.format import ANNOTATION_FIELDS, HEADER_FIELDS

    names = [f.name for f in ANNOTATION_FIELDS]
    assert [f.name for f in fields(Annotation)] == [*names, "extra"]
    assert [f.name for f in HEADER_FIELDS] == ["document", "sha256", "language", "date"]
    full = Annotation("a1", "date", 0, 1, "x", "s", "n", "2022", ("b",), 0.5, True, "fuzzy",
                      "y", "alice", "2026-01-01T00:00:00Z", "bob", "2026-01-02",
                          "carol")  # fmt: skip
    lines = dump(AnnotationFile("d", "s", annotations=(full,))).splitlines()[5:]
    keys = [line.removeprefix("- ").split(":")[0].strip() for line in lines]
    assert [k for k in keys if k != "- b"] == names


def test_the_direct_reader_builds_the_same_annotation_as_the_constructor() -> None:
    """The direct reader sets an Annotation's slots itself (format._read_annotation):
    the object must be the one ``Annotation(...)`` builds, which holds while the class
    computes nothing when it is built."""
    from dataclasses import astuple

    from reader.core.annotations.format import _read_annotation

    assert not hasattr(Annotation, "__post_init__")
    full = Annotation("a1", "date", 0, 1, "x", "s", "n", "2022", ("b",), 0.5, True, "fuzzy",
                      "y", "alice", "2026-01-01T00:00:00Z", "bob", "2026-01-02",
                      "carol")  # fmt: skip
    built = _read_annotation(astuple(full)[:-1])
    assert built == full
    assert hash(built) == hash(full)
    assert repr(built) == repr(full)


@pytest.mark.parametrize(
    ("header", "message"),
    [("date: 2021-02-30\n", "invalid value: day is out of range"),
     ("date: 0000-01-01\n", "invalid value: year 0 is out of range"),
     ("date: [2021]\n", "'date' must be YYYY-MM-DD")],
)  # fmt: skip
def test_an_impossible_article_date_is_refused_with_its_line(header: str, message: str) -> None:
    with pytest.raises(AnnotationFileError) as caught:
        parse("document: a.txt\nsha256: s\n" + header + "annotations: []\n", P)
    assert caught.value.line == 3 and message in caught.value.message


def test_the_article_date_is_written_after_the_language() -> None:
    afile = AnnotationFile("a.txt", "s", "en", date="2021-12-29")
    assert dump(afile).splitlines()[1:5] == [
        "document: a.txt", "sha256: s", "language: en", "date: 2021-12-29"
    ]  # fmt: skip
    assert parse(dump(afile), P) == afile
