"""Edge cases found in review: odd file names, symlinks, stray texts, paths, escapes."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.annotations.rules import MAX_NAME_BYTES, TEMP_NAME_EXTRA, annotation_name_problem
from reader.core.corpus.discovery import SAVEABLE_NAME_CHARS
from reader.core.corpus.index import INDEX_FILE
from reader.core.project.config import NAMED_COLOURS, load_config

EN = "corpus/en/2021-12-29-biden-putin-meeting.txt"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_non_utf8_file_name_is_skipped(
    seed_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = os.fsencode(seed_project / "corpus")
    with open(os.path.join(corpus, b"bad\xffname.txt"), "wb") as handle:
        handle.write(b"Some text here.\n")
    code, _out, err = run(capsys, "list", str(seed_project))
    assert code == 0
    assert "skipped bad\\udcffname.txt: file name is not valid UTF-8 (rename it)" in err
    assert (seed_project / ".reader" / INDEX_FILE).is_file()
    code, listed, _err = run(capsys, "list", "--json", str(seed_project))
    line = next(json.loads(x) for x in listed.splitlines() if "skipped" in x)
    assert line["path"] == "bad\\udcffname.txt"  # escaped: the output stays valid UTF-8
    listed.encode("utf-8")


def test_a_link_to_another_text_of_the_corpus_is_listed_once(
    seed_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = next((seed_project / "corpus" / "en").glob("*.txt"))
    (seed_project / "corpus" / "alias.txt").symlink_to(seed)
    code, out, err = run(capsys, "list", str(seed_project))
    assert code == 0 and "alias.txt" not in out
    assert f"skipped alias.txt: a link to en/{seed.name}, listed under its own name" in err


def test_symlinks_leaving_the_project_are_never_read(
    seed_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-TOKEN-123 and more", encoding="utf-8")
    (seed_project / "corpus" / "x.txt").symlink_to(secret)
    annotations = seed_project / "annotations"
    annotations.mkdir()
    (annotations / "x.yaml").write_text(
        "document: x.txt\nsha256: s\nannotations:\n- id: a1\n  tag: claim\n  start: 0\n"
        "  end: 5\n  text: hello\n",
        encoding="utf-8",
    )
    outside_yaml = tmp_path / "outside.yaml"
    outside_yaml.write_text("document: SECRET\nsha256: s\nannotations: []\n", "utf-8")
    (annotations / "y.yaml").symlink_to(outside_yaml)
    code, out, err = run(capsys, "validate", str(seed_project))
    assert code == 1
    assert "SECRET" not in out + err
    assert f"{annotations / 'x.yaml'}:2: document 'x.txt' is a symlink pointing outside" in out
    assert f"{annotations / 'y.yaml'}: symlink points outside the project: not read" in out
    brat = tmp_path / "brat"
    code, out, err = run(capsys, "export", str(seed_project), "-f", "brat", "-o", str(brat))
    assert "SECRET" not in out + err
    assert not list(brat.rglob("x.*")) if brat.exists() else True


def test_tag_outside_any_project_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stray = tmp_path / "loose" / "note.txt"
    stray.parent.mkdir()
    stray.write_text("Hello world", encoding="utf-8")
    code, _, err = run(capsys, "tag", str(stray), "0", "5", "claim")
    assert code == 2 and "not inside a reader project" in err
    assert not (stray.parent / "annotations").exists()
    (stray.parent / "reader.yaml").write_text("annotator: x\n", encoding="utf-8")
    sub = stray.parent / "sub" / "n.txt"
    sub.parent.mkdir()
    sub.write_text("Nested text", encoding="utf-8")
    code, _, _ = run(capsys, "tag", str(sub), "0", "6", "claim")
    assert code == 0
    assert (stray.parent / "annotations" / "sub" / "n.yaml").is_file()
    code, out, _ = run(capsys, "list", str(stray.parent))
    assert "sub/n.txt" in out and "claim=1" in out


def test_export_has_orphaned_and_confidence_columns(
    seed_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (seed_project / EN).read_text(encoding="utf-8")
    start = text.index("January 10")
    run(capsys, "tag", str(seed_project / EN), str(start), str(start + 10), "date")
    _code, out, _ = run(capsys, "export", str(seed_project), "-f", "csv")
    (row,) = csv.DictReader(io.StringIO(out))
    assert row["orphaned"] == "False" and row["confidence"] == ""


def test_os_errors_are_one_line(
    seed_project: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "export", str(seed_project), "-o", str(tmp_path))
    assert code == 2 and "is a folder" in err and "Traceback" not in err
    code, _, err = run(capsys, "export", str(seed_project), "-o", str(tmp_path / "no/such/x.csv"))
    assert code == 2 and "no such folder for -o" in err
    assert not (tmp_path / "no").exists()
    code, _, err = run(
        capsys, "merge-driver", str(tmp_path / "a"), str(tmp_path / "b"), str(tmp_path / "c")
    )
    assert code == 2 and f"reader: {tmp_path / 'a'}: unreadable" in err and "(base)" not in err


def test_stats_escapes_control_characters(
    seed_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (seed_project / "reader.yaml").write_text('annotator: "evil\\e[31m\\u202e"\n', "utf-8")
    code, _, err = run(capsys, "tag", str(seed_project / EN), "0", "5", "claim")
    assert code != 0 and "reader.yaml:1: 'annotator': control character U+001B" in err
    (seed_project / "reader.yaml").write_text("annotator: someone\n", "utf-8")
    assert run(capsys, "tag", str(seed_project / EN), "0", "5", "claim")[0] == 0
    path = seed_project / "annotations" / "en" / "2021-12-29-biden-putin-meeting.yaml"
    text = path.read_text("utf-8")
    assert "author: someone\n" in text
    path.write_text(text.replace("author: someone", 'author: "evil\\e[31m\\u202e"'), "utf-8")
    code, out, _ = run(capsys, "stats", str(seed_project))
    assert code == 0 and "\x1b" not in out and "\u202e" not in out
    assert "evil\\x1b[31m\\u202e" in out


def test_named_colours_are_understood_by_rich_and_textual(tmp_path: Path) -> None:
    from rich.style import Style
    from textual.color import Color

    for name in NAMED_COLOURS:
        Style.parse(name)
        Color.parse(name)
    (tmp_path / "reader.yaml").write_text(
        "tags:\n  - {name: a, key: z, colour: blurple}\n", "utf-8"
    )
    with pytest.raises(Exception, match="colour 'blurple' must be #rrggbb or one of"):
        load_config(tmp_path)


def test_author_comes_from_the_project_repository(
    seed_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (seed_project / "reader.yaml").unlink()
    subprocess.run(["git", "init", "-q", str(seed_project)], check=True)
    subprocess.run(
        ["git", "-C", str(seed_project), "config", "user.name", "Repo Alice"], check=True
    )
    code, _, _ = run(capsys, "tag", str(seed_project / EN), "0", "5", "claim")
    assert code == 0
    saved = (seed_project / "annotations/en/2021-12-29-biden-putin-meeting.yaml").read_text("utf-8")
    assert "author: Repo Alice" in saved


@pytest.mark.parametrize("bad", ["\x1b]0;PWN\x07", "a\udcffb", "x\x85y"])
def test_control_characters_are_refused_in_speakers_and_notes(
    seed_project: Path, capsys: pytest.CaptureFixture[str], bad: str
) -> None:
    for option in ("--speaker", "--note"):
        code, _, err = run(capsys, "tag", str(seed_project / EN), "0", "5", "claim", option, bad)
        assert code == 2 and ("control character" in err or "not valid Unicode" in err)
        assert "\x1b" not in err
    assert not (seed_project / "annotations").exists()


def test_a_text_whose_annotation_file_name_is_too_long_is_listed_as_skipped(
    seed_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rel = "ru/" + "д" * 118 + ".txt"  # its .yaml fits 255 bytes, the temp file does not
    (seed_project / "corpus" / rel).write_text("Путин сказал нет.\n", encoding="utf-8")
    code, out, err = run(capsys, "list", str(seed_project))
    assert code == 0
    assert rel not in out
    assert f"skipped {rel}: annotation file name of 241 bytes is longer than" in err
    code, out, _ = run(capsys, "list", str(seed_project), "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    (reason,) = [r["skipped"] for r in rows if r["path"] == rel]
    assert reason.startswith("annotation file name of 241 bytes")


def test_names_the_walk_does_not_check_are_always_saveable() -> None:
    stem = "\U0001f600" * SAVEABLE_NAME_CHARS  # 4 bytes each in UTF-8
    assert annotation_name_problem(stem + ".txt") is None
    assert 4 * SAVEABLE_NAME_CHARS + len(".yaml") + TEMP_NAME_EXTRA <= MAX_NAME_BYTES
