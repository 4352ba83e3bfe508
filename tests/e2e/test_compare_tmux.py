"""End to end: the installed ``reader`` command in tmux opens the compare screen on the
sample corpus's two articles (the same story in English and Russian), links a claim of
each across them, and both annotation files on disk hold the link."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from reader.core.project.keys import DEFAULT_BINDINGS
from tests.e2e.tmux import Screen
from tests.e2e.tmux import reader_command as _reader
from tests.e2e.tmux import tmux as _tmux

REPO = Path(__file__).resolve().parents[2]
EN = "en/2021-12-29-biden-putin-meeting.txt"
RU = "ru/2021-12-29-baiden-putin-vstrecha.txt"
SESSION = "reader-e2e-compare"
COMPARE_KEY_ID = "article.compare"  # the article screen's key that opens the compare screen

pytestmark = pytest.mark.e2e


_screen = Screen(SESSION, timeout=30.0)
_wait_for = _screen.wait_for
_wait_gone = _screen.wait_gone


def _annotations(root: Path, rel: str) -> list[dict[str, object]]:
    path = root / "annotations" / Path(rel).with_suffix(".yaml")
    return list(yaml.safe_load(path.read_text(encoding="utf-8"))["annotations"])


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_link_a_passage_across_the_english_and_russian_story(tmp_path: Path) -> None:
    [compare_keys] = [b.keys for b in DEFAULT_BINDINGS if b.id == COMPARE_KEY_ID]
    compare_key = compare_keys.split(",")[0]
    root = tmp_path / "project"
    for rel in (EN, RU):
        target = root / "corpus" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(REPO / "corpus" / rel, target)
    shutil.copyfile(REPO / "entities.yaml", root / "entities.yaml")
    (root / "reader.yaml").write_text("annotator: tester\n", encoding="utf-8")
    subprocess.run(["tmux", "kill-session", "-t", SESSION], capture_output=True, check=False)
    # The pane is sized before reader starts: a program started with the session can read
    # tmux's default 80 columns before the window takes its size, and the titles waited
    # for below are cut at that width; COLUMNS and LINES fix the size the program reads.
    _tmux("new-session", "-d", "-s", SESSION, "-x", "160", "-y", "45", "sleep 600")
    _tmux("resize-window", "-t", SESSION, "-x", "160", "-y", "45")
    assert _tmux("display-message", "-p", "-t", SESSION, "#{pane_width}").strip() == "160"
    _tmux(
        "respawn-pane",
        "-k",
        "-t",
        SESSION,
        "-e",
        "COLUMNS=160",
        "-e",
        "LINES=45",
        "-c",
        str(root),
        _reader(),
    )
    try:
        _wait_for("2 articles")
        _tmux("send-keys", "-t", SESSION, "Enter")  # the first row: the English article
        _wait_for("saved")
        _tmux("send-keys", "-t", SESSION, compare_key)
        _wait_for("▶ " + EN)
        # The right side: the related article, or picked (the Russian one is offered first
        # either way: related articles first, and it is the only other article).
        # With no related article known yet the picker opens by itself; otherwise O
        # opens it. Enter picks its first row; the keys below must not reach it.
        time.sleep(1.0)
        if "Compare with" not in _tmux("capture-pane", "-p", "-t", SESSION):
            _tmux("send-keys", "-t", SESSION, "O")
        _wait_for("Compare with")
        for _ in range(10):
            _tmux("send-keys", "-t", SESSION, "Enter")
            time.sleep(1.0)
            if "Compare with" not in _tmux("capture-pane", "-p", "-t", SESSION):
                break
        _wait_gone("Compare with")
        _wait_for(RU + " · saved · ru")  # the right side read, its annotations too
        # The English text starts with a space: one step right, then its first sentence.
        _tmux("send-keys", "-t", SESSION, "Right", "s", "c")
        _wait_for("left: tagged claim")
        _tmux("send-keys", "-t", SESSION, "Tab", "s", "c")
        _wait_for("right: tagged claim")
        _tmux("send-keys", "-t", SESSION, "L")
        _wait_for("linked claim")
        _tmux("send-keys", "-t", SESSION, "C-q")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            sessions = subprocess.run(["tmux", "ls"], capture_output=True, text=True, check=False)
            if SESSION not in sessions.stdout:
                break
            time.sleep(0.2)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", SESSION], capture_output=True, check=False)
    [english] = _annotations(root, EN)
    [russian] = _annotations(root, RU)
    assert english["tag"] == russian["tag"] == "claim"
    assert russian["text"] == "Байден встретиться с Путиным в январе"
    assert english["links"] == [f"{RU}#{russian['id']}"]
    assert russian["links"] == [f"{EN}#{english['id']}"]
