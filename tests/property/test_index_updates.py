"""Any sequence of edits, additions, deletions and renames between refreshes leaves the
incremental index equal to one built from scratch."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.corpus.discovery import Corpus, Metadata
from reader.core.corpus.query import parse_query
from reader.core.project.layout import Project

WORDS = ["Путин", "Путина", "meeting", "meetings", "Geneva", "снег", "talks", "Байден"]
NAMES = ["a.txt", "b.txt", "sub/c.txt", "sub/d.md", "e.txt"]

operations = st.lists(
    st.tuples(
        st.sampled_from(("write", "delete", "rename", "annotate")),
        st.sampled_from(NAMES),
        st.sampled_from(NAMES),
        st.lists(st.sampled_from(WORDS), min_size=1, max_size=6),
    ),
    max_size=8,
)


def _state(root: Path) -> tuple[list[Metadata], dict[str, list[str]]]:
    corpus = Corpus(Project.open(root))
    rows = [m for m in corpus.iter_metadata() if isinstance(m, Metadata)]
    found = {
        word: sorted(h.meta.rel for h in corpus.index.search(parse_query(word), 50))
        for word in ("Путин", "meeting", "снег", "tag:quote")
    }
    return rows, found


@settings(max_examples=30, deadline=None)
@given(operations)
def test_incremental_refreshes_equal_a_rebuild(
    steps: list[tuple[str, str, str, list[str]]],
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        corpus_dir = root / "corpus"
        (corpus_dir / "sub").mkdir(parents=True)
        (root / "reader.yaml").write_text("languages: [en, ru]\n", encoding="utf-8")
        for step, (action, name, other, words) in enumerate(steps):
            path, target = corpus_dir / name, corpus_dir / other
            if action == "write":
                path.write_text(f"Title {step}\n\n" + " ".join(words) + "\n", "utf-8")
            elif action == "delete" and path.exists():
                path.unlink()
            elif action == "rename" and path.exists() and not target.exists():
                os.rename(path, target)
            elif action == "annotate" and path.exists():
                yaml = root / "annotations" / Path(name).with_suffix(".yaml")
                yaml.parent.mkdir(parents=True, exist_ok=True)
                yaml.write_text(
                    f"document: {name}\nsha256: x\nannotations:\n- id: a{step}\n  tag: quote\n"
                    f"  start: 0\n  end: 5\n  text: Title\n  note: {words[0]}\n",
                    encoding="utf-8",
                )
            Corpus(Project.open(root)).refresh()
        incremental = _state(root)
        shutil.rmtree(root / ".reader")
        assert incremental == _state(root)
