"""SIGKILL a process that is writing annotations, hundreds of times: the file always parses
and holds every annotation whose save had returned before the kill."""

from __future__ import annotations

import os
import random
import signal
import sys
import time
from pathlib import Path

import pytest

from reader.core.annotations.session import EditSession
from reader.core.corpus.discovery import Corpus
from reader.core.files.atomic import temp_name_pattern
from reader.core.project.layout import Project

pytestmark = pytest.mark.skipif(
    sys.platform == "win32" or not hasattr(os, "fork"), reason="needs fork and SIGKILL"
)

EN = "en/2021-12-29-biden-putin-meeting.txt"
KILLS = 200


def _writer(root: Path, out_fd: int, seed: int) -> None:
    """Child: add, change and delete annotations forever, reporting each finished save.

    Protocol on ``out_fd``: ``!`` the session is open (the kill clock starts); ``+id`` an
    add returned; ``?id`` a delete starts; ``-id`` it returned.
    """
    rng = random.Random(seed)
    corpus = Corpus(Project.open(root))
    session = EditSession(corpus.store, corpus.document(EN), "en")
    length = len(session.document.text)
    os.write(out_fd, b"!\n")
    while True:
        roll = rng.random()
        ids = [a.id for a in session.annotations]
        if ids and roll < 0.2:
            session.update(rng.choice(ids), note=f"note {roll}")
        elif ids and roll < 0.45:
            victim = rng.choice(ids)
            os.write(out_fd, f"?{victim}\n".encode())
            session.delete(victim)
            os.write(out_fd, f"-{victim}\n".encode())
        else:
            start = rng.randrange(length - 40)
            added = session.add("claim", start, start + rng.randrange(1, 40))
            os.write(out_fd, f"+{added.id}\n".encode())


def _run_once(root: Path, seed: int, delay: float) -> list[str]:
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read_fd)
        try:
            _writer(root, write_fd, seed)
        finally:
            os._exit(0)
    os.close(write_fd)
    # Start the clock when the writer is ready, so a slow start (a loaded CI machine)
    # cannot use up the delay and leave a run with nothing written.
    chunks = [os.read(read_fd, 65536)]
    while chunks[-1] and b"!\n" not in b"".join(chunks):
        chunks.append(os.read(read_fd, 65536))
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    while chunk := os.read(read_fd, 65536):
        chunks.append(chunk)
    os.close(read_fd)
    return [line for line in b"".join(chunks).decode().split("\n") if line and line != "!"]


def test_sigkill_while_writing_never_loses_acknowledged_annotations(seed_project: Path) -> None:
    rng = random.Random(20211229)
    corpus = Corpus(Project.open(seed_project))
    corpus.document(EN)  # warm the imports the child will use
    path = corpus.project.annotation_path(EN)
    present: set[str] = set()  # acknowledged adds not deleted since
    uncertain: set[str] = set()  # a delete was under way when the process died
    events = 0
    for i in range(KILLS):
        lines = _run_once(seed_project, rng.randrange(2**32), rng.uniform(0.0, 0.05))
        events += len(lines)
        for line in lines:
            kind, ident = line[0], line[1:]
            if kind == "+":
                present.add(ident)
            elif kind == "?":
                uncertain.add(ident)
            else:
                present.discard(ident)
                uncertain.discard(ident)
        if not path.exists():
            assert not present
            continue
        afile = corpus.store.read_path(path)  # parses, or raises naming file:line
        on_disk = {a.id for a in afile.annotations}
        missing = present - uncertain - on_disk
        assert not missing, f"kill {i}: acknowledged annotations lost: {sorted(missing)}"
        present &= on_disk  # settle the uncertain deletes by what is on disk
        uncertain.clear()
        own_temp = temp_name_pattern(path.name)
        leftovers = [p for p in path.parent.iterdir() if own_temp.fullmatch(p.name)]
        assert len(leftovers) <= 1, leftovers  # the next save removes what a kill left
    assert events > KILLS  # the writer did real work between kills
