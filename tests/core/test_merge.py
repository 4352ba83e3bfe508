"""Three-way merge by id (core/merge.py) and the `reader merge-driver` verb."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.annotations.format import Annotation, AnnotationFile, dump, parse
from reader.core.annotations.merge import merge

TEXT = "Peskov said the talks will be held on January 10 in Geneva."


def _a(ident: str, start: int, end: int, **fields: object) -> Annotation:
    return Annotation(ident, str(fields.pop("tag", "claim")), start, end, TEXT[start:end], **fields)  # type: ignore[arg-type]


BASE = AnnotationFile(
    "en/a.txt", "0" * 64, "en", (_a("aaaaaa", 0, 6, tag="quote"), _a("bbbbbb", 38, 48, tag="date"))
)


def _with(afile: AnnotationFile, *annotations: Annotation, drop: str = "") -> AnnotationFile:
    kept = [a for a in afile.annotations if a.id != drop]
    ids = {a.id for a in annotations}
    return afile.with_annotations([*(a for a in kept if a.id not in ids), *annotations])


def test_adds_from_both_sides_are_kept() -> None:
    ours = _with(BASE, _a("cccccc", 16, 21))
    theirs = _with(BASE, _a("dddddd", 52, 58))
    result = merge(BASE, ours, theirs)
    assert result.clean
    assert [a.id for a in result.file.annotations] == ["aaaaaa", "cccccc", "bbbbbb", "dddddd"]


def test_delete_against_untouched_is_applied() -> None:
    ours = _with(BASE, drop="aaaaaa")
    theirs = _with(BASE, _a("dddddd", 52, 58))
    result = merge(BASE, ours, theirs)
    assert result.clean and [a.id for a in result.file.annotations] == ["bbbbbb", "dddddd"]
    assert merge(BASE, theirs, ours).file == result.file


def test_changes_to_different_fields_combine() -> None:
    ours = _with(BASE, _a("aaaaaa", 0, 6, tag="quote", note="ours"))
    theirs = _with(BASE, _a("aaaaaa", 0, 6, tag="quote", speaker="Peskov"))
    result = merge(BASE, ours, theirs)
    assert result.clean
    merged = result.file.by_id()["aaaaaa"]
    assert (merged.note, merged.speaker) == ("ours", "Peskov")


def test_same_field_changed_on_both_sides_is_a_conflict_kept_in_yaml() -> None:
    ours = _with(BASE, _a("bbbbbb", 38, 48, tag="date", value="2022-01-10"))
    theirs = _with(BASE, _a("bbbbbb", 38, 48, tag="date", value="2021-01-10"))
    result = merge(BASE, ours, theirs)
    assert len(result.conflicts) == 1
    assert "'value' changed on both sides" in result.conflicts[0].describe()
    text = dump(result.file)
    assert "<<<<<<<" not in text
    again = parse(text, Path("x.yaml")).by_id()["bbbbbb"]
    assert again.value == "2022-01-10"
    assert dict(again.extra)["conflict"] == {"theirs": {"value": "2021-01-10"}}
    assert dump(parse(text, Path("x.yaml"))) == text  # byte-stable through a round trip


def test_span_conflict_and_delete_modify_conflict() -> None:
    ours = _with(BASE, _a("aaaaaa", 0, 11, tag="quote"), drop="bbbbbb")
    theirs = _with(BASE, _a("aaaaaa", 0, 4, tag="quote"), _a("bbbbbb", 38, 48, note="n"))
    result = merge(BASE, ours, theirs)
    kinds = sorted(c.field for c in result.conflicts)
    assert kinds == ["deleted", "span"]
    by_id = result.file.by_id()
    assert (by_id["aaaaaa"].start, by_id["aaaaaa"].end) == (0, 11)
    assert dict(by_id["aaaaaa"].extra)["conflict"] == {
        "theirs": {"start": 0, "end": 4, "text": "Pesk"}
    }
    assert dict(by_id["bbbbbb"].extra)["conflict"] == {"deleted_by": "ours"}
    assert by_id["bbbbbb"].note == "n"


def test_resolving_a_conflict_on_one_side_clears_it() -> None:
    ours = _with(BASE, _a("aaaaaa", 0, 6, tag="quote", note="x"))
    theirs = _with(BASE, _a("aaaaaa", 0, 6, tag="quote", note="y"))
    conflicted = merge(BASE, ours, theirs).file
    resolved = _with(conflicted, _a("aaaaaa", 0, 6, tag="quote", note="x"))
    assert merge(conflicted, resolved, conflicted).file.by_id()["aaaaaa"].extra == ()


def test_no_base_and_identical_sides() -> None:
    assert merge(None, BASE, BASE).file == BASE
    assert merge(BASE, BASE, BASE).clean


# --- the verb --------------------------------------------------------------------------


def _write(path: Path, afile: AnnotationFile | None) -> Path:
    path.write_text(dump(afile) if afile else "", encoding="utf-8")
    return path


def test_merge_driver_clean(tmp_path: Path) -> None:
    base = _write(tmp_path / "base", BASE)
    ours = _write(tmp_path / "ours", _with(BASE, _a("cccccc", 16, 21)))
    theirs = _write(tmp_path / "theirs", _with(BASE, _a("dddddd", 52, 58), drop="aaaaaa"))
    assert main(["merge-driver", str(base), str(ours), str(theirs), "annotations/a.yaml"]) == 0
    merged = parse(ours.read_text(encoding="utf-8"), ours)
    assert [a.id for a in merged.annotations] == ["cccccc", "bbbbbb", "dddddd"]


def test_merge_driver_conflict_exits_non_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = _write(tmp_path / "base", BASE)
    ours = _write(tmp_path / "ours", _with(BASE, _a("aaaaaa", 0, 6, tag="claim")))
    theirs = _write(tmp_path / "theirs", _with(BASE, _a("aaaaaa", 0, 6, tag="date")))
    assert main(["merge-driver", str(base), str(ours), str(theirs), "annotations/a.yaml"]) == 1
    err = capsys.readouterr().err
    assert (
        "annotations/a.yaml: annotation aaaaaa: 'tag' changed on both sides "
        "(ours 'claim', theirs 'date'); kept ours" in err
    )
    merged = parse(ours.read_text(encoding="utf-8"), ours)
    assert dict(merged.by_id()["aaaaaa"].extra)["conflict"] == {"theirs": {"tag": "date"}}


@pytest.mark.parametrize(
    "bad", ["document: [unclosed\n", "document: a.txt\nsha256: s\nreviewed: 2022-02-30\n"]
)
def test_merge_driver_leaves_ours_alone_when_an_input_does_not_parse(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], bad: str
) -> None:
    base = _write(tmp_path / "base", BASE)
    ours = _write(tmp_path / "ours", BASE)
    theirs = tmp_path / "theirs"
    theirs.write_text(bad, encoding="utf-8")
    before = ours.read_bytes()
    assert main(["merge-driver", str(base), str(ours), str(theirs), "annotations/a.yaml"]) == 2
    assert "annotations/a.yaml (theirs):" in capsys.readouterr().err
    assert ours.read_bytes() == before


def test_merge_driver_without_common_ancestor(tmp_path: Path) -> None:
    base = _write(tmp_path / "base", None)
    ours = _write(tmp_path / "ours", _with(BASE, _a("cccccc", 16, 21)))
    theirs = _write(tmp_path / "theirs", BASE)
    assert main(["merge-driver", str(base), str(ours), str(theirs)]) == 0
    assert len(parse(ours.read_text(encoding="utf-8"), ours).annotations) == 3


def test_a_key_removed_on_one_side_and_changed_on_the_other_is_recorded() -> None:
    base = _with(BASE, _a("aaaaaa", 0, 6, tag="quote", extra=(("ticket", "T-1"),)))
    ours = _with(BASE, _a("aaaaaa", 0, 6, tag="quote", extra=(("ticket", "T-2"),)))
    theirs = _with(BASE, _a("aaaaaa", 0, 6, tag="quote"))
    result = merge(base, ours, theirs)
    assert [c.field for c in result.conflicts] == ["ticket"]
    extra = dict(result.file.by_id()["aaaaaa"].extra)
    assert extra["ticket"] == "T-2" and extra["conflict"] == {"theirs": {"ticket": None}}


def test_an_earlier_unresolved_conflict_is_kept_beside_a_new_one() -> None:
    earlier = (("conflict", {"theirs": {"speaker": "S-theirs"}}),)
    base = _with(BASE, _a("aaaaaa", 0, 6, tag="quote", speaker="S-ours", extra=earlier))
    ours = _with(BASE, _a("aaaaaa", 0, 6, tag="quote", speaker="S-ours", note="a", extra=earlier))
    theirs = _with(BASE, _a("aaaaaa", 0, 6, tag="quote", speaker="S-ours", note="b", extra=earlier))
    result = merge(base, ours, theirs)
    conflict = dict(result.file.by_id()["aaaaaa"].extra)["conflict"]
    assert conflict == {"theirs": {"speaker": "S-theirs", "note": "b"}}


def test_one_id_drawn_on_both_sides_keeps_both_annotations() -> None:
    ours = _with(BASE, _a("zzzzzz", 0, 6, tag="claim", speaker="Peskov"))
    theirs = _with(
        BASE,
        _a("zzzzzz", 38, 48, tag="date", value="2022-01-10"),
        _a("linker", 52, 58, links=("zzzzzz",)),
    )
    result = merge(BASE, ours, theirs)
    assert result.clean
    by_id = result.file.by_id()
    assert (by_id["zzzzzz"].tag, by_id["zzzzzz"].speaker) == ("claim", "Peskov")
    [twin] = [a for a in result.file.annotations if a.tag == "date" and a.id != "bbbbbb"]
    assert (twin.start, twin.value, len(twin.id)) == (38, "2022-01-10", 8)
    assert by_id["linker"].links == (twin.id,)  # their link follows their annotation
    again = merge(BASE, ours, theirs)  # the same id in every clone making this merge
    assert again.file == result.file
    reverse = {a.id for a in merge(BASE, theirs, ours).file.annotations}
    assert len(reverse) == len(result.file.annotations) == 5


def test_one_id_added_identically_on_both_sides_is_one_annotation() -> None:
    same = _a("zzzzzz", 0, 6, tag="claim")
    result = merge(BASE, _with(BASE, same), _with(BASE, same))
    assert [a.id for a in result.file.annotations].count("zzzzzz") == 1
    assert len(result.file.annotations) == 3


def test_review_marks_move_with_the_span_and_editors_merge_as_fields() -> None:
    fuzzy = _a("aaaaaa", 0, 6, tag="quote", anchored="fuzzy", old_text="Peskow")
    ours = _with(BASE, fuzzy)  # re-anchored on our side
    theirs = _with(BASE, _a("aaaaaa", 0, 6, tag="quote", edited_by="bob", note="checked"))
    dated = replace(theirs, date="2021-12-29")
    result = merge(BASE, ours, dated)
    assert result.clean
    merged = result.file.by_id()["aaaaaa"]
    assert (merged.anchored, merged.old_text) == ("fuzzy", "Peskow")
    assert (merged.edited_by, merged.note) == ("bob", "checked")
    assert result.file.date == "2021-12-29"
