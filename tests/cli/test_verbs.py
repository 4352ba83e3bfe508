"""The headless verbs, through reader.cli.main and the installed command."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from reader.cli import main

EN = "corpus/en/2021-12-29-biden-putin-meeting.txt"
RU = "corpus/ru/2021-12-29-baiden-putin-vstrecha.txt"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def tag(capsys: pytest.CaptureFixture[str], root: Path, rel: str, phrase: str, tag_name: str,
        *extra: str) -> str:  # fmt: skip
    text = (root / rel).read_text(encoding="utf-8")
    start = text.index(phrase)
    code, out, err = run(
        capsys, "tag", str(root / rel), str(start), str(start + len(phrase)), tag_name, *extra
    )
    assert code == 0, err
    return out.strip()


def test_list_text_and_json(seed_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tag(capsys, seed_project, EN, "January 10", "date", "--value", "2022-01-10")
    code, out, _ = run(capsys, "list", str(seed_project))
    assert code == 0
    rows = [line.split("\t") for line in out.splitlines()]
    assert [r[:3] for r in rows] == [
        ["en/2021-12-29-biden-putin-meeting.txt", "en", "2021-12-29"],
        ["ru/2021-12-29-baiden-putin-vstrecha.txt", "ru", "2021-12-29"],
    ]
    assert rows[0][4] == "claim=0 condition=0 date=1 quote=0"
    assert rows[1][3] == "Байден встретиться с Путиным в январе"
    code, out, _ = run(capsys, "list", str(seed_project), "--json")
    first = json.loads(out.splitlines()[0])
    assert first["path"] == "en/2021-12-29-biden-putin-meeting.txt"
    assert first["counts"] == {"date": 1}


def test_list_reports_skipped_files(seed_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (seed_project / "corpus" / "broken.txt").write_bytes(b"\x00\x01binary")
    code, out, err = run(capsys, "list", str(seed_project))
    assert code == 0
    assert "skipped broken.txt: binary file" in err
    code, out, _ = run(capsys, "list", str(seed_project), "--json")
    assert {"path": "broken.txt", "skipped": "binary file (NUL or control bytes)"} in [
        json.loads(line) for line in out.splitlines()
    ]


def test_list_never_prints_raw_control_characters(
    seed_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (seed_project / "corpus" / "evil.txt").write_text("\x1b[31mRed title\x1b[0m\nbody", "utf-8")
    _, out, _ = run(capsys, "list", str(seed_project))
    assert "\x1b" not in out
    assert "\\x1b[31mRed title" in out


def test_tag_validate_export_stats(seed_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    quote_id = tag(capsys, seed_project, RU, "10 января", "date", "--value", "2022-01-10")
    tag(capsys, seed_project, EN, "security guarantees", "claim", "--note", "core demand")
    tag(capsys, seed_project, EN, "Peskov noted", "quote", "--speaker", "Dmitry Peskov")
    saved = yaml.safe_load(
        (seed_project / "annotations/ru/2021-12-29-baiden-putin-vstrecha.yaml").read_text("utf-8")
    )
    assert saved["annotations"][0]["id"] == quote_id
    code, out, err = run(capsys, "validate", str(seed_project))
    assert (code, out) == (0, "")
    assert "2 annotation file(s) checked, 0 problem(s)" in err

    code, out, _ = run(capsys, "export", str(seed_project))
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(r["document"], r["tag"]) for r in rows] == [
        ("en/2021-12-29-biden-putin-meeting.txt", "quote"),
        ("en/2021-12-29-biden-putin-meeting.txt", "claim"),
        ("ru/2021-12-29-baiden-putin-vstrecha.txt", "date"),
    ]
    assert rows[2]["text"] == "10 января" and rows[2]["value"] == "2022-01-10"
    assert rows[0]["speaker"] == "Dmitry Peskov" and rows[1]["note"] == "core demand"

    target = seed_project / "out.csv"
    code, _, _ = run(capsys, "export", str(seed_project), "--format", "csv", "-o", str(target))
    table = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert [r["tag"] for r in table] == ["quote", "claim", "date"]
    assert table[2]["language"] == "ru" and table[2]["author"] == "tester"

    code, out, _ = run(capsys, "stats", str(seed_project), "--json")
    counts = json.loads(out)
    assert counts["tag"] == {"claim": 1, "quote": 1, "date": 1}
    assert counts["language"] == {"en": 2, "ru": 1}
    assert counts["author"] == {"tester": 3}
    code, out, _ = run(capsys, "stats", str(seed_project))
    assert "per tag:" in out and "per document:" in out


def test_validate_reports_each_problem(
    seed_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tag(capsys, seed_project, EN, "January 10", "date")
    path = seed_project / "annotations/en/2021-12-29-biden-putin-meeting.yaml"
    path.write_text(
        path.read_text("utf-8").replace("text: January 10", "text: January 11"), "utf-8"
    )
    stray = seed_project / "annotations/en/gone.yaml"
    stray.write_text("document: en/gone.txt\nsha256: x\nannotations: []\n", encoding="utf-8")
    escape = seed_project / "annotations/evil.yaml"
    escape.write_text("document: ../../etc/passwd\nsha256: x\nannotations: []\n", "utf-8")
    broken = seed_project / "annotations/ru/2021-12-29-baiden-putin-vstrecha.yaml"
    broken.parent.mkdir(parents=True)
    broken.write_text("document: x\nannotations: {\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in (path, stray, escape, broken)}
    code, out, _ = run(capsys, "validate", str(seed_project))
    assert code == 1
    lines = out.splitlines()
    assert any(
        line.startswith(f"{path}:6: annotation ") and "is 'January 10', not 'January 11'" in line
        for line in lines
    )
    assert f"{stray}:2: document 'en/gone.txt' not found in the corpus" in lines
    assert f"{escape}:2: ../../etc/passwd: document path must stay inside the corpus" in lines
    assert any(line.startswith(f"{broken}:3: invalid YAML") for line in lines)
    assert {p: p.read_bytes() for p in before} == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list", "/nonexistent/place"], "reader: /nonexistent/place: no such folder"),
        (["tag", "{EN}", "10", "5", "claim"], "outside the text"),
        (["tag", "{EN}", "0", "5", "bogus"], "unknown tag 'bogus'"),
        (
            ["tag", "/etc/hostname", "0", "1", "claim", "--project", "{ROOT}"],
            "not inside the corpus",
        ),
    ],
)
def test_user_errors_are_one_line(
    seed_project: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    args = [a.replace("{EN}", str(seed_project / EN)) for a in args]
    args = [a.replace("{ROOT}", str(seed_project)) for a in args]
    code, _out, err = run(capsys, *args)
    assert code == 2
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not (seed_project / "annotations").exists()


def test_invalid_reader_yaml_is_reported(
    seed_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (seed_project / "reader.yaml").write_text("tags: 5\n", encoding="utf-8")
    code, _, err = run(capsys, "validate", str(seed_project))
    assert code == 2
    assert f"{seed_project / 'reader.yaml'}:1: 'tags' must be a non-empty list" in err


def test_installed_command_and_module_entry(seed_project: Path) -> None:
    exe = shutil.which("reader", path=str(Path(sys.executable).parent))
    assert exe is not None, "the reader console script is not installed in this environment"
    result = subprocess.run(
        [exe, "list", str(seed_project)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and "ru/2021-12-29-baiden-putin-vstrecha.txt" in result.stdout
    result = subprocess.run(
        [sys.executable, "-m", "reader", "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and "validate" in result.stdout


def test_tag_refuses_a_date_value_outside_the_grammar(
    seed_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "tag", str(seed_project / EN), "0", "5", "date",
                         "--value", "next blursday")  # fmt: skip
    assert code != 0 and out == ""
    assert "en/2021-12-29-biden-putin-meeting.txt: value: must be YYYY" in err
    assert "'next blursday'" in err and "Traceback" not in err
    assert not (seed_project / "annotations").exists()  # nothing written


def test_tag_refuses_the_same_tagging_twice(
    seed_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = tag(capsys, seed_project, EN, "January 10", "date", "--value", "2022-01-10")
    text = (seed_project / EN).read_text(encoding="utf-8")
    start = text.index("January 10")
    code, _, err = run(capsys, "tag", str(seed_project / EN), str(start), str(start + 10), "date")
    assert code != 0 and f"already tagged: date at {start}..{start + 10}" in err and first in err
    tag(capsys, seed_project, EN, "January 10", "claim")  # another tag on that span is fine


def test_validate_reports_a_planted_date_value_and_article_date_with_lines(
    seed_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ident = tag(capsys, seed_project, EN, "January 10", "date", "--value", "2022-01-10")
    path = seed_project / "annotations" / "en" / "2021-12-29-biden-putin-meeting.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("value: 2022-01-10", "value: next blursday")
    text = text.replace("language: en\n", "language: en\ndate: '2021-02-30'\n")
    path.write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "validate", str(seed_project))
    assert code == 1
    lines = text.splitlines()
    entry = next(i for i, line in enumerate(lines, 1) if line == f"- id: {ident}")
    assert f"{path}:{entry}: annotation {ident}: value: must be YYYY" in out
    assert f"{path}:5: 'date' '2021-02-30' is not a date: February 2021 has no day 30" in out
    path.write_text(text.replace("date: '2021-02-30'", "date: 0000-01-01"), encoding="utf-8")
    code, out, _ = run(capsys, "validate", str(seed_project))
    assert code == 1 and f"{path}:5: invalid value: year 0 is out of range" in out


def test_a_tag_key_taken_by_the_article_view_is_refused_at_config_load(
    seed_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (seed_project / "reader.yaml").write_text(
        "tags:\n  - name: claim\n    key: c\n  - name: source\n    key: ctrl+d\n", "utf-8"
    )
    code, _, err = run(capsys, "validate", str(seed_project))
    assert code != 0
    assert f"{seed_project / 'reader.yaml'}:4: tag 'source': key 'ctrl+d' is reserved" in err
    assert "Traceback" not in err


def test_validate_reports_a_link_to_a_missing_annotation_in_another_text(
    seed_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = "ru/2021-12-29-baiden-putin-vstrecha.txt#nope42"
    ident = tag(capsys, seed_project, EN, "January 10", "date", "--link", missing)
    code, out, _ = run(capsys, "validate", str(seed_project))
    path = seed_project / "annotations" / "en" / "2021-12-29-biden-putin-meeting.yaml"
    assert code == 1 and f"{path}:6: annotation {ident}: " in out and "has no annotations" in out
