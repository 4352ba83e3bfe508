"""The listing's and the index's article date: set by an analyst, else from the text,
else from the path; the source says which."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli import main

RU = "corpus/ru/2021-12-29-baiden-putin-vstrecha.txt"


def _listed(
    capsys: pytest.CaptureFixture[str], root: Path, *extra: str
) -> dict[str, tuple[str, str]]:
    assert main(["list", str(root), "--json", *extra]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    return {row["path"]: (row["date"], row["date_source"]) for row in rows}


def test_a_set_date_wins_and_clearing_it_gives_the_text_or_path_date_back(
    seed_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _listed(capsys, seed_project)
    assert before == {
        "en/2021-12-29-biden-putin-meeting.txt": ("2021-12-29", "text"),
        "ru/2021-12-29-baiden-putin-vstrecha.txt": ("2021-12-29", "path"),
    }
    assert main(["date", str(seed_project / RU), "2020-05-05"]) == 0
    capsys.readouterr()
    after = _listed(capsys, seed_project)
    assert after["ru/2021-12-29-baiden-putin-vstrecha.txt"] == ("2020-05-05", "set")
    found = _listed(capsys, seed_project, "--where", "date:2020-05")
    assert list(found) == ["ru/2021-12-29-baiden-putin-vstrecha.txt"]
    assert main(["date", str(seed_project / RU), "--clear"]) == 0
    capsys.readouterr()
    assert _listed(capsys, seed_project) == before
    assert _listed(capsys, seed_project, "--where", "date:2020-05") == {}
