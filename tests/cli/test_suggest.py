"""`reader suggest`: brat and JSONL output, code-point offsets, the Russian model without
pkg_resources."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import main
from tests.conftest import SEED_EN, SEED_RU


def test_brat_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["suggest", str(SEED_EN)]) == 0
    lines = capsys.readouterr().out.splitlines()
    text = SEED_EN.read_text(encoding="utf-8")
    spans = {}
    for line in lines:
        if line.startswith("T"):
            ident, middle, surface = line.split("\t")
            type_, start, end = middle.split()
            assert text[int(start) : int(end)] == surface
            spans[ident] = (type_, surface)
    assert ("PER", "Joe Biden") in spans.values()
    notes = [line.split("\t") for line in lines if line.startswith("#")]
    assert notes and all(n[1].startswith("AnnotatorNotes T") for n in notes)
    by_surface = {spans[n[1].split()[1]][1]: n[2] for n in notes}
    assert by_surface["January 10"] == "2022-01-10"


def test_jsonl_output_offsets_are_code_points(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "note.txt"
    path.write_text("😀😀 Президент США Джо Байден 10 января\r\nпрочее", encoding="utf-8")
    assert main(["suggest", "--format", "jsonl", "--reference-date", "2021-12-29", str(path)]) == 0
    items = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    text = path.read_bytes().decode("utf-8")
    assert items and all(text[i["start"] : i["end"]] == i["text"] for i in items)
    assert {"type": "DATE", "text": "10 января", "value": "2022-01-10"}.items() <= items[-1].items()
    assert items[0]["language"] == "ru"


def test_language_and_several_files(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["suggest", "--language", "ru", str(SEED_RU), str(SEED_EN)]) == 0
    out = capsys.readouterr().out
    assert f"# {SEED_RU}" in out and f"# {SEED_EN}" in out


def test_bad_reference_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["suggest", "--reference-date", "soon", str(SEED_EN)]) == 2
    assert "--reference-date" in capsys.readouterr().err


def test_russian_suggestions_need_no_pkg_resources(tmp_path: Path) -> None:
    """pymorphy2 looks for dictionaries through pkg_resources (gone from setuptools 81)
    unless handed a path: reader hands it one, so the Russian model runs without it."""
    blocker = tmp_path / "sitecustomize.py"
    blocker.write_text(
        "import sys\nsys.modules['pkg_resources'] = None  # importing it raises\n",
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if k != "PYMORPHY2_DICT_PATH"}
    env["PYTHONPATH"] = os.pathsep.join([str(tmp_path), env.get("PYTHONPATH", "")])
    result = subprocess.run(
        [sys.executable, "-m", "reader", "suggest", "--language", "ru", str(SEED_RU)],
        capture_output=True, text=True, timeout=300, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    surfaces = {line.split("\t")[2] for line in result.stdout.splitlines() if line[:1] == "T"}
    assert "Путин" in surfaces or "Владимир Путин" in surfaces, result.stdout[:1000]


def test_jsonl_marks_a_place_inside_an_organisation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mchs.txt"
    path.write_text("Сотрудники МЧС России приехали на место.\n", encoding="utf-8")
    assert main(["suggest", "--format", "jsonl", "--language", "ru", str(path)]) == 0
    items = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    found = {(item["type"], item["text"], item["inside"]) for item in items}
    assert ("ORG", "МЧС России", False) in found
    assert ("LOC", "России", True) in found
