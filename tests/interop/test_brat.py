"""brat in and out: brat's own tutorial documents round-trip through a project, and what
reader exports passes brat's reading rules whatever the source text holds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.annotations.format import Annotation, AnnotationFile
from reader.core.annotations.store import Store
from reader.core.interchange.brat import BratSchema, export_document
from reader.core.interchange.brat_import import conf_types, convert_document
from reader.core.project.layout import Project
from reader.core.text.document import load_document
from tests.interop.brat_rules import meaning, parse_standoff

BRAT = Path(__file__).resolve().parents[2] / ".." / "shared" / "interop" / "brat" / "news"
needs_brat = pytest.mark.skipif(not BRAT.is_dir(), reason=f"brat's example data not at {BRAT}")


def _import(project: Path, source: Path, *extra: str) -> int:
    return main(["import", "--format", "brat", str(source), str(project), *extra])


@needs_brat
def test_brat_tutorial_round_trips(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "reader.yaml").write_text("annotator: tester\n# kept\n", encoding="utf-8")
    assert _import(project, BRAT) == 0
    err = capsys.readouterr().err
    assert "119 annotation(s) in 9 document(s)" in err
    assert main(["validate", str(project)]) == 0
    out = tmp_path / "out"
    assert main(["export", str(project), "--format", "brat", "-o", str(out)]) == 0
    assert "not exported" not in capsys.readouterr().err
    for ann in sorted(BRAT.glob("*.ann")):
        text = ann.with_suffix(".txt").read_text(encoding="utf-8")
        assert (out / ann.with_suffix(".txt").name).read_text(encoding="utf-8") == text
        original = meaning(parse_standoff(ann.read_text(encoding="utf-8"), text))
        exported = parse_standoff((out / ann.name).read_text(encoding="utf-8"), text)
        assert meaning(exported) == original, ann.name
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    assert "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>" in conf
    declared = set(conf_types(conf))
    assert {"Person", "Organization", "GPE", "Money", "Merge-org", "Report"} <= declared
    assert "\nFamily\tArg1:Person, Arg2:Person\n" in conf
    assert "\nlink\t" in conf
    config = (project / "reader.yaml").read_text(encoding="utf-8")
    assert config.startswith("annotator: tester\n# kept\n")
    assert "{name: organization, key: " in config
    assert "{name: be-born, key: " in config  # declared in annotation.conf, used nowhere


@needs_brat
def test_import_twice_adds_nothing_and_maps_types(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "p"
    (project / "corpus" / "elsewhere").mkdir(parents=True)
    same = BRAT / "040-text_span_annotation.txt"
    shutil.copyfile(same, project / "corpus" / "elsewhere" / "renamed.txt")
    source = tmp_path / "src"
    source.mkdir()
    for name in ("040-text_span_annotation", "060-relation_annotation"):
        for suffix in (".txt", ".ann"):
            shutil.copyfile(BRAT / f"{name}{suffix}", source / f"{name}{suffix}")
    mapping = ["--map", "Person=quote", "--map", "Organization=claim"]
    assert _import(project, source, *mapping) == 0
    err = capsys.readouterr().err
    assert "(1 text(s) copied, 1 already in the corpus)" in err
    assert not (project / "corpus" / "040-text_span_annotation.txt").exists()
    matched = Store(Project.open(project)).load("elsewhere/renamed.txt")
    assert matched is not None
    assert sorted(a.tag for a in matched.annotations) == ["claim", "gpe", "quote", "quote"]
    assert _import(project, source, *mapping) == 0
    assert "0 annotation(s) in 2 document(s)" in capsys.readouterr().err


def test_every_bad_line_is_reported_and_the_rest_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "a.txt").write_text("Anna met Boris in Paris.\n", encoding="utf-8")
    (source / "a.ann").write_text(
        "T1\tPerson 0 4\tAnna\n"
        "T2\tPerson 9 15\tBorisX\n"  # text does not match
        "T3\tGPE 18 99\tParis\n"  # outside the text
        "T4 Person 9 14 Boris\n"  # spaces for tabs
        "R1\tKnows Arg1:T1 Arg2:T9\n"  # unknown argument
        "#1\tAnnotatorNotes T1\tfirst \x1b[31mred\n"  # control character
        "X1\twhat\n"
        "T5\tPerson 9 14\tBoris\n"
        "T1\tGPE 18 23\tParis\n"  # an id used before
        "R2\tKnows Arg1:T1 Arg2:T5\t\n",
        encoding="utf-8",
    )
    project = tmp_path / "p"
    project.mkdir()
    assert _import(project, source) == 1
    err = capsys.readouterr().err
    ann = source / "a.ann"
    reported = [int(line.split(":")[1]) for line in err.splitlines() if line.startswith(str(ann))]
    assert reported == [2, 3, 4, 5, 6, 7, 9]
    assert "\x1b" not in err
    afile = Store(Project.open(project)).load("a.txt")
    assert afile is not None
    anna, boris = afile.annotations
    assert (anna.text, boris.text, anna.links) == ("Anna", "Boris", (boris.id,))


def test_discontinuous_span_kept_as_linked_fragments(tmp_path: Path) -> None:
    text = "New York and Los Angeles"
    ann = "T1\tGPE 0 3;13 24\tNew Los Angeles\n#1\tAnnotatorNotes T1\tnote\n"
    converted = convert_document(tmp_path / "a.ann", ann, text)
    first, second = converted.annotations
    assert (first.text, second.text, first.links) == ("New", "Los Angeles", (second.id,))
    assert "kept as 2 linked fragments" in converted.problems[0].message
    afile = AnnotationFile(document="a.txt", sha256="x", annotations=converted.annotations)
    written = export_document(afile, text, BratSchema())
    assert written.ann == ann


def test_bom_in_brat_text_counts_as_a_character(tmp_path: Path) -> None:
    text = "\ufeffAnna met Boris."
    converted = convert_document(tmp_path / "a.ann", "T1\tPerson 10 15\tBoris\n", text)
    (boris,) = converted.annotations
    assert (boris.start, boris.end, boris.text) == (9, 14, "Boris")


HOSTILE = "Intro\u2028line\x85next\fpage and \u2029para\r\nend \u202eevil\u202c text."


def _annotation(ident: str, text: str, part: str, **fields: object) -> Annotation:
    start = text.index(part)
    return Annotation(
        id=ident, tag="claim", start=start, end=start + len(part), text=part, **fields
    )  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "raw",
    [
        b"\xef\xbb\xbf" + HOSTILE.encode("utf-8"),
        "Введение\u2028строка\x85дальше\fстр и \u2029абз\r\nконец текст.".encode(
            "cp1251", "replace"
        ),
    ],
    ids=["utf8-bom", "cp1251"],
)
def test_brat_export_is_read_by_brat_rules(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], raw: bytes
) -> None:
    project = tmp_path / "p"
    (project / "corpus").mkdir(parents=True)
    (project / "corpus" / "a.txt").write_bytes(raw)
    document = load_document(project / "corpus" / "a.txt", "a.txt")
    text = document.text
    words = text.split(" ")
    whole = _annotation("whole", text, text[2:-3], note="one\u2028two\x85three\r\nfour")
    inner = _annotation("inner", text, words[1], links=("whole", "other/b.txt#x1", "gone"))
    orphan = Annotation(id="orphan", tag="quote", start=0, end=0, text="lost", orphaned=True)
    afile = AnnotationFile("a.txt", document.sha256, annotations=(whole, inner, orphan))
    Store(Project.open(project)).save(afile.sorted())
    out = tmp_path / "out"
    assert main(["export", str(project), "--format", "brat", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "orphan is orphaned: not exported" in err
    assert "links to another document (other/b.txt#x1)" in err
    assert "links to gone" in err
    data = (out / "a.txt").read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    exported_text = data.decode("utf-8")
    assert exported_text == text
    standoff = parse_standoff((out / "a.ann").read_text(encoding="utf-8"), exported_text)
    assert len(standoff.spans) == 2
    assert len(standoff.relations) == 1
    ((_, note),) = standoff.notes
    assert note == "one two three four"
    pieces = next(p for t, p, s in standoff.spans.values() if len(p) > 1)
    assert "".join(text[a:b] for a, b in pieces) == "".join(
        ch for ch in text[2:-3] if ch not in "\u2028\x85\f\u2029\r\n"
    )


def test_a_different_text_at_the_same_path_is_never_overwritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "p"
    (project / "corpus").mkdir(parents=True)
    (project / "corpus" / "a.txt").write_text("Mine, not brat's.\n", encoding="utf-8")
    source = tmp_path / "src"
    source.mkdir()
    (source / "a.txt").write_text("Anna met Boris.\n", encoding="utf-8")
    (source / "a.ann").write_text("T1\tPerson 0 4\tAnna\n", encoding="utf-8")
    (source / "b.txt").write_text("Nothing here.\n", encoding="utf-8")
    (source / "b.ann").write_text("", encoding="utf-8")
    assert _import(project, source) == 1
    assert f"{source / 'a.ann'}: a.txt is in the corpus with other content" in (
        capsys.readouterr().err
    )
    assert (project / "corpus" / "a.txt").read_text(encoding="utf-8") == "Mine, not brat's.\n"
    assert not (project / "annotations" / "a.yaml").exists()
    assert (project / "corpus" / "b.txt").read_text(encoding="utf-8") == "Nothing here.\n"
    assert not (project / "annotations" / "b.yaml").exists()


def test_hand_edited_brat_keys_cannot_break_lines() -> None:
    text = "Anna met Boris."
    record = {
        "type": "Per son",
        "relations": {"b": "knows\tbadly"},
        "attributes": {"Mood": "very happy", "Bad name": True, "Ok": "yes"},
        "event": "not a mapping",
        "fragments": ["gone"],
    }
    anna = Annotation(
        id="a", tag="person", start=0, end=4, text="Anna", links=("b",),
        extra=(("brat", record),),
    )  # fmt: skip
    boris = Annotation(id="b", tag="person", start=9, end=14, text="Boris")
    afile = AnnotationFile("a.txt", "x", annotations=(anna, boris))
    written = export_document(afile, text, BratSchema())
    standoff = parse_standoff(written.ann, text)
    assert [s[0] for s in standoff.spans.values()] == ["person", "person"]
    assert [r[0] for r in standoff.relations.values()] == ["link"]
    assert standoff.attributes == [("Ok", "T1", "yes")]
    assert sum("attribute" in m for m in written.messages) == 2


@needs_brat
def test_imported_files_know_their_language(tmp_path: Path) -> None:
    project = tmp_path / "p"
    project.mkdir()
    assert _import(project, BRAT) == 0
    afile = Store(Project.open(project)).load("040-text_span_annotation.txt")
    assert afile is not None and afile.language == "en"
