"""Two writers on one annotation file: nothing either of them saved is ever lost."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from reader.core.annotations.format import dump
from reader.core.annotations.session import EditSession
from reader.core.corpus.discovery import Corpus
from reader.core.project.layout import Project

EN = "en/2021-12-29-biden-putin-meeting.txt"


def _session(root: Path) -> EditSession:
    corpus = Corpus(Project.open(root))
    return EditSession(corpus.store, corpus.document(EN), "en")


def _span(session: EditSession, needle: str) -> tuple[int, int]:
    at = session.document.text.index(needle)
    return at, at + len(needle)


def _disk_ids(root: Path) -> set[str]:
    afile = Corpus(Project.open(root)).store.load(EN)
    return {a.id for a in afile.annotations} if afile else set()


def test_stale_session_merges_instead_of_overwriting(seed_project: Path) -> None:
    a, b = _session(seed_project), _session(seed_project)
    x = a.add("claim", *_span(a, "Dmitry Peskov"))
    y = b.add("date", *_span(b, "January 10"))
    assert _disk_ids(seed_project) == {x.id, y.id}
    assert {n.id for n in b.annotations} == {x.id, y.id}
    assert a.sync() is True and {n.id for n in a.annotations} == {x.id, y.id}
    assert a.sync() is False


def test_different_fields_of_one_annotation_combine(seed_project: Path) -> None:
    a = _session(seed_project)
    x = a.add("quote", *_span(a, "That is, when they speak"))
    b = _session(seed_project)
    a.update(x.id, note="check the translation")
    b.update(x.id, speaker="Dmitry Peskov")
    merged = _session(seed_project).get(x.id)
    assert (merged.note, merged.speaker) == ("check the translation", "Dmitry Peskov")
    assert b.conflicts == ()


def test_same_field_keeps_both_values(seed_project: Path) -> None:
    a = _session(seed_project)
    x = a.add("quote", *_span(a, "That is, when they speak"))
    b = _session(seed_project)
    a.update(x.id, note="alice")
    b.update(x.id, note="bob")
    merged = _session(seed_project).get(x.id)
    assert merged.note == "bob" and dict(merged.extra)["conflict"] == {"theirs": {"note": "alice"}}
    assert len(b.conflicts) == 1


def test_undo_only_reverts_this_sessions_own_change(seed_project: Path) -> None:
    a, b = _session(seed_project), _session(seed_project)
    mine = b.add("claim", *_span(b, "Dmitry Peskov"))
    theirs = a.add("date", *_span(a, "January 10"))
    assert b.undo() is True
    assert _disk_ids(seed_project) == {theirs.id}
    assert b.redo() is True
    assert _disk_ids(seed_project) == {mine.id, theirs.id}


def test_delete_of_an_entry_changed_elsewhere_keeps_it(seed_project: Path) -> None:
    a = _session(seed_project)
    x = a.add("claim", *_span(a, "Dmitry Peskov"))
    b = _session(seed_project)
    a.update(x.id, note="important")
    b.delete(x.id)
    kept = _session(seed_project).get(x.id)
    assert kept.note == "important" and dict(kept.extra)["conflict"] == {"deleted_by": "ours"}


def test_file_replaced_underneath_is_reloaded(seed_project: Path) -> None:
    a = _session(seed_project)
    a.add("claim", *_span(a, "Dmitry Peskov"))
    path = a.store.path_for(EN)
    other = a.file.with_annotations(())
    path.write_text(dump(other), encoding="utf-8")  # as `git checkout` would
    assert a.sync() is True and a.annotations == ()
    path.unlink()
    y = a.add("date", *_span(a, "January 10"))
    assert _disk_ids(seed_project) == {y.id}


_WRITER = textwrap.dedent(
    """
    import sys
    from reader.core.corpus.discovery import Corpus
    from reader.core.annotations.session import EditSession
    from reader.core.project.layout import Project
    root, count, which = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    corpus = Corpus(Project.open(root))
    session = EditSession(corpus.store, corpus.document({en!r}), "en")
    for i in range(count):
        session.add("claim", 2 * i + which, 2 * i + which + 5)  # one span tagged once
        print("ok", flush=True)
    """
).format(en=EN)


def test_two_processes_adding_at_once_lose_nothing(seed_project: Path) -> None:
    count = 40
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(seed_project), str(count), str(which)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for which in range(2)
    ]
    for proc in procs:
        _out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    assert len(_disk_ids(seed_project)) == 2 * count
