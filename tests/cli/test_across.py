"""reader related, timeline, annotations and date on the sample corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from reader.cli import main

EN = "corpus/en/2021-12-29-biden-putin-meeting.txt"
RU = "corpus/ru/2021-12-29-baiden-putin-vstrecha.txt"
REPO = Path(__file__).resolve().parents[2]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def project(seed_project: Path) -> Path:
    """The seed project with its entities.yaml and annotations."""
    (seed_project / "entities.yaml").write_bytes((REPO / "entities.yaml").read_bytes())
    for lang in ("en", "ru"):
        source = next((REPO / "annotations" / lang).glob("*.yaml"))
        target = seed_project / "annotations" / lang / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
    return seed_project


def test_related_finds_the_story_in_the_other_language(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "related", str(project / EN))
    assert code == 0
    score, path, lang, day, shared = out.splitlines()[0].split("\t")
    assert (path, lang, day) == ("ru/2021-12-29-baiden-putin-vstrecha.txt", "ru", "2021-12-29")
    assert float(score) > 0 and "Dmitry Peskov" in shared and "2022-01-10" in shared
    code, out, _ = run(capsys, "related", str(project / RU), "--json", "--cached")
    row = json.loads(out.splitlines()[0])
    assert row["path"] == "en/2021-12-29-biden-putin-meeting.txt" and row["days_apart"] == 0
    assert "Joe Biden" in row["entities"]


def test_related_refuses_a_folder_and_a_bad_limit(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "related", str(project))
    assert code == 2 and "expected a text file" in err
    code, _, err = run(capsys, "related", str(project / EN), "--limit", "0")
    assert code == 2 and "--limit" in err


def test_timeline_in_order_with_filters(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "timeline", str(project), "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and rows
    assert [r["day"] for r in rows] == sorted(r["day"] for r in rows)
    month = next(r for r in rows if r["value"] == "2022-01" and r["path"].startswith("en/"))
    assert (month["day"], month["extent"], month["source"]) == ("2022-01-01", "month", "annotation")
    code, out, _ = run(capsys, "timeline", str(project), "--from", "2022-01-10", "--to", "2022-01")
    days = [line.split("\t")[0] for line in out.splitlines()]
    assert code == 0 and days and all("2022-01-10" <= d <= "2022-01-31" for d in days)
    code, out, _ = run(capsys, "timeline", str(project / RU), "--entity", "Peskov")
    assert code == 0 and {line.split("\t")[3] for line in out.splitlines()} == {RU[7:]}
    code, out, _ = run(capsys, "timeline", str(project), "--entity", "Nobody Atall")
    assert (code, out) == (1, "")


@pytest.mark.parametrize("bad", ["2021-02-30", "0000-01-01", "2021-13", "yesterday"])
def test_timeline_refuses_impossible_dates(
    project: Path, capsys: pytest.CaptureFixture[str], bad: str
) -> None:
    code, out, err = run(capsys, "timeline", str(project), "--from", bad)
    assert code == 2 and out == "" and err.startswith("reader: ") and "Traceback" not in err


def test_annotations_grouped_by_speaker_across_languages(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "annotations", str(project), "speaker:Песков", "--group", "speaker")
    lines = out.splitlines()
    assert code == 0 and lines[0] == "== Dmitry Peskov"
    assert not any(line.startswith("==") for line in lines[1:])  # one group, both languages
    assert any("[Dmitry Peskov]" in line for line in lines)
    assert any("[Дмитрий Песков]" in line for line in lines)
    # a condition lists the claim it links to, indented under it
    condition = next(i for i, line in enumerate(lines) if "\tcondition\t" in line)
    assert lines[condition + 1].startswith("    ↳ ") and "\tclaim\t" in lines[condition + 1]


def test_annotations_json_and_filters(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "annotations", str(project), "tag:claim", "lang:ru", "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and rows and {(r["tag"], r["language"]) for r in rows} == {("claim", "ru")}
    claim = next(r for r in rows if r["linked"])
    assert claim["incoming"] and claim["linked"][0].startswith("ru/")
    code, _, err = run(capsys, "annotations", str(project), "colour:red")
    assert code == 2 and "unknown filter" in err
    code, out, _ = run(capsys, "annotations", str(project / EN), "tag:quote", "--json")
    assert code == 0 and {json.loads(x)["path"] for x in out.splitlines()} == {EN[7:]}


def test_date_shows_sets_refuses_and_clears(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stored = project / "annotations/ru/2021-12-29-baiden-putin-vstrecha.yaml"
    code, out, _ = run(capsys, "date", str(project / RU))
    assert (code, out) == (0, f"{RU[7:]}\t2021-12-29 (path)\n")
    for bad in ("2021-02-30", "0000-05-01"):
        before = stored.read_bytes()
        code, _, err = run(capsys, "date", str(project / RU), bad)
        assert code == 2 and "is not a date" in err
        assert (
            project / "annotations/ru/2021-12-29-baiden-putin-vstrecha.yaml"
        ).read_bytes() == before
    code, out, err = run(capsys, "date", str(project / RU), "2021-12-30")
    assert code == 0 and "2021-12-29 (path) → 2021-12-30 (set)" in out
    assert "re-resolved" in err
    data = yaml.safe_load(
        (project / "annotations/ru/2021-12-29-baiden-putin-vstrecha.yaml").read_text()
    )
    assert str(data["date"]) == "2021-12-30"
    code, out, _ = run(capsys, "date", str(project / RU))
    assert out.endswith("2021-12-30 (set)\n")
    code, out, _ = run(capsys, "related", str(project / EN), "--json", "--cached")
    assert json.loads(out.splitlines()[0])["days_apart"] == 1
    code, out, _ = run(capsys, "date", str(project / RU), "--clear")
    assert code == 0 and out.endswith("2021-12-29 (path)\n")
    data = yaml.safe_load(
        (project / "annotations/ru/2021-12-29-baiden-putin-vstrecha.yaml").read_text()
    )
    assert "date" not in data


def test_a_new_date_re_resolves_relative_date_values(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "On Tuesday the ministers met again.\n"
    path = project / "corpus/en/note.txt"
    path.write_text(text, encoding="utf-8")
    start = text.index("Tuesday")
    code, _, _ = run(capsys, "date", str(path), "2021-12-29")
    assert code == 0
    code, ident, _ = run(capsys, "tag", str(path), str(start), str(start + 7), "date", "--value",
                         "2021-12-28")  # fmt: skip
    code, _, _ = run(capsys, "tag", str(path), "0", "2", "date", "--value", "1999-01-01")
    code, _, err = run(capsys, "date", str(path), "2022-01-07")
    assert code == 0 and "1 date value(s) re-resolved" in err
    data = yaml.safe_load((project / "annotations/en/note.yaml").read_text(encoding="utf-8"))
    values = {a["id"]: str(a["value"]) for a in data["annotations"]}
    assert values[ident.strip()] == "2022-01-04"  # the Tuesday before Friday 7 January
    assert "1999-01-01" in values.values()  # typed by hand: left alone


def test_annotations_in_the_current_folder_with_a_plain_word_first(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    code, out, _ = run(capsys, "annotations", "Песков", "tag:quote", "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and rows and all(r["tag"] == "quote" for r in rows)
    code, _, err = run(capsys, "annotations", "corpus/en/nope.txt")
    assert code == 2 and "nope.txt" in err
