"""End to end: the installed ``reader`` command in tmux, tagging a Russian quote with a speaker."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from tests.e2e.tmux import Screen
from tests.e2e.tmux import reader_command as _reader
from tests.e2e.tmux import tmux as _tmux

REPO = Path(__file__).resolve().parents[2]
SEED_RU = REPO / "corpus" / "ru" / "2021-12-29-baiden-putin-vstrecha.txt"
SESSION = "reader-e2e"
SPEAKER = "Дмитрий Песков"

pytestmark = pytest.mark.e2e


_screen = Screen(SESSION, timeout=20.0)
_wait_for = _screen.wait_for


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_tag_a_russian_quote_with_a_speaker(tmp_path: Path) -> None:
    root = tmp_path / "project"
    target = root / "corpus" / "ru" / SEED_RU.name
    target.parent.mkdir(parents=True)
    shutil.copyfile(SEED_RU, target)
    (root / "reader.yaml").write_text("annotator: tester\n", encoding="utf-8")
    subprocess.run(["tmux", "kill-session", "-t", SESSION], capture_output=True, check=False)
    _tmux("new-session", "-d", "-s", SESSION, "-x", "120", "-y", "40", "-c", str(root), _reader())
    try:
        _wait_for("Байден встретиться")
        _wait_for("1 articles")
        _tmux("send-keys", "-t", SESSION, "Enter")
        _wait_for("saved")
        # three sentences on: "Президент США Джо Байден ответил…"; select it and tag as quote
        _tmux("send-keys", "-t", SESSION, ")", ")", ")", "s", "q")
        _wait_for("quote 1")
        _tmux("send-keys", "-t", SESSION, "e")
        shown = _wait_for("Speaker").count(SPEAKER)  # the article behind names him too
        _tmux("send-keys", "-t", SESSION, "-l", SPEAKER)
        _wait_for(SPEAKER, more_than=shown)  # typed into the field (a busy machine is slow)
        _tmux("send-keys", "-t", SESSION, "Enter")
        time.sleep(0.5)
        _wait_for("quote 1")
        _tmux("send-keys", "-t", SESSION, "C-q")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if (
                SESSION
                not in subprocess.run(
                    ["tmux", "ls"], capture_output=True, text=True, check=False
                ).stdout
            ):
                break
            time.sleep(0.2)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", SESSION], capture_output=True, check=False)
    source = target.read_bytes().decode("utf-8-sig")
    data = yaml.safe_load(
        (root / "annotations" / "ru" / SEED_RU.with_suffix(".yaml").name).read_text("utf-8")
    )
    [quote] = data["annotations"]
    assert quote["tag"] == "quote"
    assert quote["speaker"] == SPEAKER
    assert quote["text"] == source[quote["start"] : quote["end"]]
    assert quote["text"].startswith("Президент США Джо Байден ответил")
