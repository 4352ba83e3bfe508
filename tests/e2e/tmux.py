"""Driving the installed ``reader`` command in tmux: the pieces every end-to-end test uses."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path


def reader_command() -> str:
    """The ``reader`` of this environment (the venv's), else the one on PATH."""
    local = Path(sys.executable).parent / "reader"
    return str(local) if local.exists() else (shutil.which("reader") or "reader")


def tmux(*args: str) -> str:
    """What a tmux command prints."""
    return subprocess.run(
        ["tmux", *args], check=True, capture_output=True, text=True, timeout=10
    ).stdout


class Screen:
    """The pane of one tmux session, waited on until it shows (or stops showing) a text."""

    def __init__(self, session: str, timeout: float) -> None:
        self.session = session
        self.timeout = timeout

    def wait_for(self, text: str, timeout: float | None = None, more_than: int = 0) -> str:
        """The screen once it shows ``text`` more than ``more_than`` times."""
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        screen = ""
        while time.monotonic() < deadline:
            screen = tmux("capture-pane", "-p", "-t", self.session)
            if screen.count(text) > more_than:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting for {text!r}; screen:\n{screen}")

    def wait_gone(self, text: str, timeout: float | None = None) -> None:
        """Return once the screen no longer shows ``text``."""
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        screen = ""
        while time.monotonic() < deadline:
            screen = tmux("capture-pane", "-p", "-t", self.session)
            if text not in screen:
                return
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting for {text!r} to go; screen:\n{screen}")
