"""End to end: the installed ``reader`` command in tmux, searching the corpus from the list
(``ctrl+f``) for a Russian name in another case and opening the hit."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.e2e.tmux import Screen
from tests.e2e.tmux import reader_command as _reader
from tests.e2e.tmux import tmux as _tmux

REPO = Path(__file__).resolve().parents[2]
SEEDS = (
    REPO / "corpus" / "en" / "2021-12-29-biden-putin-meeting.txt",
    REPO / "corpus" / "ru" / "2021-12-29-baiden-putin-vstrecha.txt",
)
SESSION = "reader-e2e-search"

pytestmark = pytest.mark.e2e


_screen = Screen(SESSION, timeout=20.0)
_wait_for = _screen.wait_for


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_search_from_the_list_and_open_a_hit(tmp_path: Path) -> None:
    root = tmp_path / "project"
    for seed in SEEDS:
        target = root / "corpus" / seed.parent.name / seed.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(seed, target)
    (root / "reader.yaml").write_text("annotator: tester\n", encoding="utf-8")
    subprocess.run(["tmux", "kill-session", "-t", SESSION], capture_output=True, check=False)
    _tmux("new-session", "-d", "-s", SESSION, "-x", "120", "-y", "40", "-c", str(root), _reader())
    try:
        _wait_for("2 articles")
        _tmux("send-keys", "-t", SESSION, "C-f")
        _wait_for("type a query")
        _tmux("send-keys", "-t", SESSION, "-l", "Пескова")  # the text has «Песков»
        screen = _wait_for("1 of 1")
        assert "ru/2021-12-29-baiden-putin-vstrecha.txt" in screen
        _tmux("send-keys", "-t", SESSION, "Enter")  # from the query line to the hits
        time.sleep(0.3)
        _tmux("send-keys", "-t", SESSION, "Enter")  # open the hit
        article = _wait_for("saved")  # the article screen's status line
        assert "Песков" in article
        assert "type a query" not in article and "1 of 1" not in article
    finally:
        subprocess.run(["tmux", "kill-session", "-t", SESSION], capture_output=True, check=False)
