"""Cross-document links: made in both files, and checked (missing targets, disagreement)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.annotations.session import EditSession
from reader.core.corpus.collection import collect
from reader.core.corpus.discovery import Corpus
from reader.core.corpus.links import link_across, link_problems, split_link
from reader.core.errors import Problem, ReaderError
from reader.core.project.layout import Project

EN, RU = "en/a.txt", "ru/b.txt"


@pytest.fixture
def project(tmp_path: Path) -> Project:
    for rel, text in ((EN, "Peskov named a condition.\n"), (RU, "Песков назвал условие.\n")):
        path = tmp_path / "corpus" / rel
        path.parent.mkdir(parents=True)
        path.write_text(text, encoding="utf-8")
    (tmp_path / "reader.yaml").write_text("annotator: tester\n", encoding="utf-8")
    return Project.open(tmp_path)


def session(project: Project, rel: str) -> EditSession:
    corpus = Corpus(project)
    return EditSession(corpus.store, corpus.document(rel))


def problems(project: Project) -> list[Problem]:
    annotated, _ = collect(project)
    return link_problems(project, [(a.path, a.file) for a in annotated])


def test_split_link() -> None:
    assert split_link("ru/b.txt#k3f9q2") == ("ru/b.txt", "k3f9q2")
    assert split_link("k3f9q2") == (None, "k3f9q2")


def test_link_across_writes_both_files_once(project: Project) -> None:
    en, ru = session(project, EN), session(project, RU)
    a, b = en.add("claim", 0, 6), ru.add("claim", 0, 6)
    link_across(en, a.id, ru, b.id)
    link_across(en, a.id, ru, b.id)
    assert session(project, EN).get(a.id).links == (f"{RU}#{b.id}",)
    assert session(project, RU).get(b.id).links == (f"{EN}#{a.id}",)
    assert f"{RU}#{b.id}" in (project.annotations_dir / "en/a.yaml").read_text(encoding="utf-8")
    assert problems(project) == []


def test_link_across_refuses_a_missing_id_before_writing(project: Project) -> None:
    en, ru = session(project, EN), session(project, RU)
    a = en.add("claim", 0, 6)
    ru.add("claim", 0, 6)
    with pytest.raises(ReaderError, match="no annotation with id nope"):
        link_across(en, a.id, ru, "nope")
    assert session(project, EN).get(a.id).links == ()
    with pytest.raises(ReaderError, match="one document"):
        link_across(en, a.id, en, a.id)


def test_a_link_only_one_file_holds_names_both_files(project: Project) -> None:
    en, ru = session(project, EN), session(project, RU)
    b = ru.add("claim", 0, 6)
    a = en.add("claim", 0, 6, links=(f"{RU}#{b.id}",))
    (found,) = problems(project)
    assert found.path == project.annotations_dir / "en/a.yaml"
    assert found.line is not None and found.line > 1
    assert "annotations/ru/b.yaml" in found.message and "disagree" in found.message
    assert f"{EN}#{a.id}" in found.message


def test_links_to_missing_documents_and_ids_are_reported(project: Project) -> None:
    en = session(project, EN)
    session(project, RU).add("claim", 0, 6)
    en.add("claim", 0, 6, links=("ru/gone.txt#abc", f"{RU}#nope", "../../etc/passwd#x"))
    messages = sorted(p.message for p in problems(project))
    assert any("no document ru/gone.txt in the corpus" in m for m in messages)
    assert any("no annotation nope in annotations/ru/b.yaml" in m for m in messages)
    assert any("leaves the corpus" in m for m in messages)
    assert len(messages) == 3


def test_a_link_to_a_text_without_annotations(project: Project) -> None:
    session(project, EN).add("claim", 0, 6, links=(f"{RU}#abc",))
    (found,) = problems(project)
    assert "ru/b.txt has no annotations (annotations/ru/b.yaml missing)" in found.message
