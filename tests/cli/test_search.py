"""`reader search`, `reader index` and scoped paths, through the command line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from reader.cli import main
from reader.commands._common import progress_bar

TEXTS = {
    "ru/a.txt": "Встреча с Путиным\n\nБайден поговорит с Путиным в январе.\n",
    "ru/b.txt": "Погода\n\nВ Москве снег.\n",
    "en/a.txt": "NAIROBI, Kenya (AP) _\nLeaders plan meetings\n\nThe meetings are soon.\n",
    "en/b.txt": "by ANKASAM Ekip\nA quiet day\n\nNothing \u202eevil happened.\n",
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    for rel, text in TEXTS.items():
        path = root / "corpus" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "reader.yaml").write_text("languages: [en, ru]\n", encoding="utf-8")
    return root


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_search_finds_inflected_words_and_marks_them(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "search", "Путин", str(project))
    assert code == 0
    (line,) = out.splitlines()
    path, title, language, date, snippet = line.split("\t")
    assert (path, title, language, date) == ("ru/a.txt", "Встреча с Путиным", "ru", "-")
    assert "с **Путиным**" in snippet


def test_search_json_gives_code_point_offsets(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "search", "meeting", str(project), "--json")
    assert code == 0
    (hit,) = [json.loads(line) for line in out.splitlines()]
    text = TEXTS["en/a.txt"]
    assert hit["path"] == "en/a.txt"
    assert text[hit["start"] : hit["end"]] == "meetings"
    assert [text[a:b] for a, b in hit["matches"]] == ["meetings", "meetings"]
    assert hit["snippet"][slice(*hit["snippet_match"])] == "meetings"
    assert isinstance(hit["score"], float)


def test_search_exit_codes_and_bad_queries(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(capsys, "search", "Woodstock", str(project))[0] == 1
    for bad, message in (
        ('"open', "unbalanced quote"),
        ("colour:red", "unknown filter 'colour:'"),
        ("date:2021-02-30", "2021-02 has 28 days"),
        ("a OR", "OR needs a term on each side"),
        ("", "an empty query"),
    ):
        code, out, err = _run(capsys, "search", bad, str(project))
        assert code == 2 and out == ""
        assert err.startswith("reader: ") and message in err and "Traceback" not in err
        assert len(err.strip().splitlines()) == 1


def test_search_output_escapes_bidi_and_control_characters(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "search", "evil", str(project))
    assert code == 0 and "\u202e" not in out and "\\u202e" in out


def test_a_folder_inside_the_corpus_is_a_scope(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "list", str(project / "corpus" / "en"), "--json")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["path"] for r in rows] == ["en/a.txt", "en/b.txt"]
    assert [r["title"] for r in rows] == ["Leaders plan meetings", "A quiet day"]
    assert not (project / "corpus" / "en" / ".reader").exists()
    assert (project / ".reader" / "index.sqlite").is_file()
    assert _run(capsys, "search", "Путин", str(project / "corpus" / "en"))[0] == 1
    assert _run(capsys, "search", "Путин", str(project / "corpus" / "ru"))[0] == 0


def test_list_where_filters_with_the_query_language(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "list", str(project), "--where", "lang:ru -снег")
    assert code == 0
    assert [line.split("\t")[0] for line in out.splitlines()] == ["ru/a.txt"]


def test_index_reports_what_changed(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "index", str(project))[2].startswith("index: 4 added")
    (project / "corpus" / "ru" / "b.txt").unlink()
    err = _run(capsys, "index", str(project))[2]
    assert "1 removed" in err and "3 unchanged" in err
    err = _run(capsys, "index", str(project), "--rebuild")[2]
    assert err.startswith("index: 3 added")


def test_list_json_rows_hold_the_metadata_fields(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    annotation = project / "annotations" / "ru" / "a.yaml"
    annotation.parent.mkdir(parents=True)
    annotation.write_text(
        "document: ru/a.txt\nsha256: x\nannotations:\n- id: a1\n  tag: quote\n  start: 0\n"
        "  end: 7\n  text: Встреча\n- id: a2\n  tag: claim\n  start: 0\n  end: 7\n"
        "  text: Встреча\n",
        encoding="utf-8",
    )
    (project / "corpus" / "ru" / "bad.txt").write_bytes(b"\x00\x01binary")
    code, out, _ = _run(capsys, "list", str(project), "--json")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["path"] for r in rows] == [
        "en/a.txt",
        "en/b.txt",
        "ru/a.txt",
        "ru/b.txt",
        "ru/bad.txt",
    ]
    assert rows[2]["counts"] == {"claim": 1, "quote": 1}
    assert rows[2]["title"] == "Встреча с Путиным" and rows[2]["language"] == "ru"
    assert set(rows[0]) == {
        "path", "title", "language", "date", "date_source", "sha256", "encoding", "chars",
        "counts", "annotation_error",
    }  # fmt: skip
    assert rows[0]["counts"] == {} and rows[0]["annotation_error"] is None
    assert "binary" in rows[4]["skipped"]


def test_entity_queries_say_how_much_is_covered(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "entities"
    (root / "corpus").mkdir(parents=True)
    (root / "corpus" / "a.txt").write_text("Joe Biden met Vladimir Putin in Geneva.\n", "utf-8")
    (root / "reader.yaml").write_text("languages: [en]\n", encoding="utf-8")
    code, _, err = _run(capsys, "search", 'entity:"Vladimir Putin"', str(root))
    assert code == 1 and "entity: recognised in 0 of 1 text(s) so far" in err
    code, _, err = _run(capsys, "index", str(root), "--entities")
    assert code == 0 and "entities: 1 of 1 text(s) covered" in err
    code, out, err = _run(capsys, "search", 'entity:"Vladimir Putin"', str(root))
    assert code == 0 and out.startswith("a.txt\t") and "so far" not in err


def test_the_progress_bar_draws_only_on_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert progress_bar("indexing", io.StringIO()) is None
    screen = Terminal()
    draw = progress_bar("indexing", screen)
    assert draw is not None
    draw(0, 4)
    draw(4, 4)
    assert screen.getvalue().startswith("\rindexing [")
    assert "] 4/4" in screen.getvalue() and screen.getvalue().endswith("\n")
