"""The corpus index: incremental refreshes, search with inflections, filters and scope."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from reader.core.corpus.analysis import script_language
from reader.core.corpus.discovery import Corpus, Metadata
from reader.core.corpus.entities import index_entities
from reader.core.corpus.index import Refresh
from reader.core.corpus.query import parse_query
from reader.core.corpus.search import UNREADABLE, search
from reader.core.errors import ReaderError
from reader.core.project.layout import Project

TEXTS = {
    "ru/putin-gen.txt": "Встреча Байдена и Путина\n\nПресс-секретарь Путина рассказал о встрече.\n",
    "ru/putin-ins.txt": "Байден поговорит с Путиным\n\nРазговор с Путиным пройдёт в январе.\n",
    "ru/putin-dat.txt": "Письмо Путину\n\nПутину направили письмо.\n",
    "ru/other.txt": "Погода в Москве\n\nВ Москве идёт снег.\n",
    "en/meetings.txt": "date 2022-01-10\nLeaders plan meetings\n\nThe meetings are soon.\n",
    "en/meeting.txt": "A meeting in Geneva\n\nOne meeting, one day.\n",
    "en/weather.txt": "Weather in London\n\nIt rains in London again.\n",
}
ANNOTATIONS = """\
document: ru/putin-gen.txt
sha256: x
annotations:
- id: a1
  tag: quote
  start: 0
  end: 7
  text: Встреча
  speaker: Дмитрий Песков
  author: alice
  value: 2021-12-20
- id: a2
  tag: claim
  start: 8
  end: 15
  text: Байдена
  author: bob
  orphaned: true
"""


def _project(tmp_path: Path, texts: dict[str, str] = TEXTS) -> Path:
    root = tmp_path / "project"
    for rel, text in texts.items():
        path = root / "corpus" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "reader.yaml").write_text("languages: [en, ru]\n", encoding="utf-8")
    return root


def _annotate(root: Path, rel: str, content: str) -> Path:
    path = root / "annotations" / Path(rel).with_suffix(".yaml")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return path


def _found(root: Path, query: str, scope: str = "") -> list[str]:
    project = Project.open(root / "corpus" / scope if scope else root, scoped=True)
    corpus = Corpus(project)
    return sorted(r.meta.rel for r in search(corpus, parse_query(query), limit=50))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = _project(tmp_path)
    _annotate(root, "ru/putin-gen.txt", ANNOTATIONS)
    return root


def test_a_cold_refresh_reads_every_text_and_a_second_reads_none(project: Path) -> None:
    corpus = Corpus(Project.open(project))
    first = corpus.refresh()
    assert first.added == len(TEXTS)
    again = Corpus(Project.open(project)).refresh()
    assert (again.added, again.changed, again.removed, again.unchanged) == (0, 0, 0, len(TEXTS))


def test_edited_added_deleted_and_renamed_texts_between_two_runs(project: Path) -> None:
    Corpus(Project.open(project)).refresh()
    corpus_dir = project / "corpus"
    (corpus_dir / "en" / "weather.txt").write_text("Storm over London\n\nWind.\n", "utf-8")
    (corpus_dir / "en" / "new.txt").write_text("Fresh news\n\nSomething happened.\n", "utf-8")
    (corpus_dir / "ru" / "other.txt").unlink()
    os.rename(corpus_dir / "en" / "meeting.txt", corpus_dir / "en" / "moved.txt")
    corpus = Corpus(Project.open(project))
    done = corpus.refresh()
    assert (done.changed, done.added, done.removed, done.renamed) == (1, 1, 1, 1)
    rels = [m.rel for m in corpus.iter_metadata() if isinstance(m, Metadata)]
    assert "en/new.txt" in rels and "en/moved.txt" in rels
    assert "ru/other.txt" not in rels and "en/meeting.txt" not in rels
    weather = corpus.index.row("en/weather.txt")
    assert weather is not None and weather.title == "Storm over London"
    assert _found(project, "storm") == ["en/weather.txt"]
    assert _found(project, "rains") == []
    assert _found(project, "снег") == []
    assert _found(project, "Geneva") == ["en/moved.txt"]


def test_a_copy_under_a_new_name_is_a_rename_when_its_sha256_matches(project: Path) -> None:
    Corpus(Project.open(project)).refresh()
    corpus_dir = project / "corpus"
    shutil.copyfile(corpus_dir / "en" / "meeting.txt", corpus_dir / "en" / "copy.txt")
    (corpus_dir / "en" / "meeting.txt").unlink()
    done = Corpus(Project.open(project)).refresh()
    assert (done.renamed, done.added, done.removed) == (1, 0, 0)
    assert _found(project, "Geneva") == ["en/copy.txt"]


def test_an_edited_annotation_file_is_read_without_its_text(project: Path) -> None:
    corpus = Corpus(Project.open(project))
    corpus.refresh()
    meta = corpus.index.row("ru/putin-gen.txt")
    assert meta is not None and meta.counts == {"claim": 1, "quote": 1}
    _annotate(project, "ru/putin-gen.txt", ANNOTATIONS.split("- id: a2")[0])
    done = Corpus(Project.open(project)).refresh()
    assert (done.annotations, done.changed) == (1, 0)
    meta = Corpus(Project.open(project)).index.row("ru/putin-gen.txt")
    assert meta is not None and meta.counts == {"quote": 1}
    assert _found(project, "author:bob") == []


def test_russian_inflections_find_each_other(project: Path) -> None:
    everywhere = ["ru/putin-dat.txt", "ru/putin-gen.txt", "ru/putin-ins.txt"]
    assert _found(project, "Путин") == everywhere
    assert _found(project, "путиным") == everywhere
    assert _found(project, "Путину -письмо") == ["ru/putin-gen.txt", "ru/putin-ins.txt"]
    assert _found(project, '"с Путиным"') == ["ru/putin-ins.txt"]


def test_english_inflections_find_each_other(project: Path) -> None:
    assert _found(project, "meeting") == ["en/meeting.txt", "en/meetings.txt"]
    assert _found(project, "meetings") == ["en/meeting.txt", "en/meetings.txt"]
    assert _found(project, "Geneva OR London") == ["en/meeting.txt", "en/weather.txt"]


def test_matches_are_code_point_offsets_of_the_inflected_forms(project: Path) -> None:
    corpus = Corpus(Project.open(project))
    (result,) = search(corpus, parse_query("Путин"), limit=5) and [
        r for r in search(corpus, parse_query("Путин"), limit=5) if r.meta.rel.endswith("ins.txt")
    ]
    text = TEXTS["ru/putin-ins.txt"]
    assert [text[a:b] for a, b in result.matches] == ["Путиным", "Путиным"]
    assert result.marked is not None
    assert result.snippet[result.marked[0] : result.marked[1]] == "Путиным"


def test_filters(project: Path) -> None:
    assert _found(project, "lang:en") == ["en/meeting.txt", "en/meetings.txt", "en/weather.txt"]
    assert _found(project, "tag:quote") == ["ru/putin-gen.txt"]
    assert _found(project, "speaker:Пескова") == ["ru/putin-gen.txt"]
    assert _found(project, "speaker:Байден") == []
    assert _found(project, "author:ALICE") == ["ru/putin-gen.txt"]
    assert _found(project, "date:2021-12") == ["ru/putin-gen.txt"]  # an annotation's value
    assert _found(project, "date:2022-01-01..2022-01-31") == ["en/meetings.txt"]  # article date
    assert _found(project, "path:en/ -lang:en") == []
    assert _found(project, "has:annotations") == ["ru/putin-gen.txt"]
    assert _found(project, "has:orphan") == ["ru/putin-gen.txt"]
    assert _found(project, "has:conflict") == []
    assert _found(project, "Песков") == ["ru/putin-gen.txt"]  # annotation text is searched too


def test_a_conflict_left_by_the_merge_driver_is_found(project: Path) -> None:
    _annotate(
        project,
        "en/weather.txt",
        "document: en/weather.txt\nsha256: x\nannotations:\n- id: a1\n  tag: quote\n"
        "  start: 0\n  end: 7\n  text: Weather\n  conflict: {theirs: {tag: claim}}\n",
    )
    _annotate(project, "en/meeting.txt", "<<<<<<< ours\ndocument: x\n=======\n>>>>>>> theirs\n")
    assert _found(project, "has:conflict") == ["en/meeting.txt", "en/weather.txt"]


def test_scope_limits_list_and_search(project: Path) -> None:
    Corpus(Project.open(project)).refresh()
    scoped = Project.open(project / "corpus" / "en", scoped=True)
    assert scoped.root == project.resolve() and scoped.scope == "en"
    rels = [m.rel for m in Corpus(scoped).iter_metadata()]
    assert rels == ["en/meeting.txt", "en/meetings.txt", "en/weather.txt"]
    assert _found(project, "Путин", scope="en") == []
    assert _found(project, "meeting", scope="en") == ["en/meeting.txt", "en/meetings.txt"]
    # A scoped refresh leaves the rest of the index alone.
    assert Corpus(Project.open(project)).refresh().unchanged == len(TEXTS)


def test_rows_page_sort_and_count(project: Path) -> None:
    corpus = Corpus(Project.open(project))
    corpus.refresh()
    index = corpus.index
    assert index.count() == len(TEXTS)
    assert index.count(parse_query("lang:ru")) == 4
    page = index.rows(sort="title", offset=1, limit=2)
    titles = sorted((m.title for m in index.rows()), key=str.casefold)
    assert [m.title for m in page] == titles[1:3]
    by_quotes = index.rows(sort="tag:quote", descending=True, limit=1)
    assert by_quotes[0].rel == "ru/putin-gen.txt"
    with pytest.raises(ValueError, match="unknown sort"):
        index.rows(sort="colour")


def test_entities_are_indexed_by_canonical_name_and_covered_as_they_go(tmp_path: Path) -> None:
    root = _project(
        tmp_path, {"en/a.txt": "Joe Biden met Vladimir Putin in Geneva on 16 June 2021."}
    )
    (root / "entities.yaml").write_text(
        "Vladimir Putin:\n  type: PER\n  aliases: [Putin, Путин]\n", encoding="utf-8"
    )
    corpus = Corpus(Project.open(root))
    corpus.refresh()
    assert corpus.index.entity_coverage() == (0, 1)
    assert _found(root, 'entity:"Vladimir Putin"') == []
    assert index_entities(corpus, workers=1) == (1, 1)
    assert _found(root, 'entity:"Vladimir Putin"') == ["en/a.txt"]
    assert _found(root, "date:2021-06-16") == ["en/a.txt"]


def test_a_corrupt_index_is_rebuilt_not_fatal(project: Path) -> None:
    Corpus(Project.open(project)).refresh()
    (project / ".reader" / "index.sqlite").write_bytes(b"not a database at all" * 100)
    for suffix in ("-wal", "-shm"):
        (project / ".reader" / f"index.sqlite{suffix}").unlink(missing_ok=True)
    assert Corpus(Project.open(project)).refresh().added == len(TEXTS)


def test_changed_project_languages_reread_every_text(project: Path) -> None:
    Corpus(Project.open(project)).refresh()
    (project / "reader.yaml").write_text("languages: [ru]\n", encoding="utf-8")
    done = Corpus(Project.open(project)).refresh()
    assert done.rebuilt and done.added == len(TEXTS)


def test_an_unwritable_cache_folder_falls_back_to_memory(project: Path) -> None:
    (project / ".reader").write_text("a file where the cache folder would be", "utf-8")
    assert _found(project, "Geneva") == ["en/meeting.txt"]
    assert (project / ".reader").is_file()


@pytest.mark.parametrize(
    ("text", "languages", "expected"),
    [
        ("Президент России Владимир Путин (Putin)", ("en", "ru"), "ru"),
        ("President Putin met Biden in Geneva", ("en", "ru"), "en"),
        ("President Putin met Biden in Geneva", ("en", "fr", "ru"), None),  # langdetect
        ("Президент України", ("ru", "uk"), None),  # langdetect
        ("Президент России", (), None),  # any language: langdetect
        ("12345 ...", ("en", "ru"), None),
    ],
)
def test_the_script_decides_the_language_where_it_can(
    text: str, languages: tuple[str, ...], expected: str | None
) -> None:
    assert script_language(text, languages) == expected


def test_a_refresh_while_another_process_writes_is_a_clear_error(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reader.core.corpus.index.BUSY_SECONDS", 0.1)
    Corpus(Project.open(project)).refresh()
    other = sqlite3.connect(project / ".reader" / "index.sqlite")
    other.execute("BEGIN IMMEDIATE")
    (project / "corpus" / "en" / "new.txt").write_text("Fresh\n", encoding="utf-8")
    with pytest.raises(ReaderError, match="being updated by another reader process"):
        Corpus(Project.open(project)).refresh()
    other.rollback()
    assert Corpus(Project.open(project)).refresh().added == 1


@pytest.mark.parametrize(
    "query",
    ["Путин", "Песков", "Встреча", "meeting lang:en", "Путин -письмо", '"с Путиным"', "nothing"],
)
def test_count_agrees_with_the_rows(project: Path, query: str) -> None:
    corpus = Corpus(Project.open(project))
    corpus.refresh()
    parsed = parse_query(query)
    assert corpus.index.count(parsed) == len(corpus.index.rows(parsed))
    assert corpus.index.count(parsed, scope="ru") == len(corpus.index.rows(parsed, scope="ru"))


def test_entity_finds_an_article_through_a_name_inside_another(tmp_path: Path) -> None:
    root = tmp_path / "nested"
    (root / "corpus").mkdir(parents=True)
    (root / "corpus" / "mchs.txt").write_text(
        "Сотрудники МЧС России потушили пожар.\n", encoding="utf-8"
    )
    (root / "reader.yaml").write_text("languages: [ru]\n", encoding="utf-8")
    corpus = Corpus(Project.open(root))
    corpus.refresh()
    assert index_entities(corpus, workers=1) == (1, 1)
    assert _found(root, 'entity:"МЧС России"') == ["mchs.txt"]
    assert _found(root, "entity:Россия") == ["mchs.txt"]  # the place inside the organisation


@pytest.mark.parametrize("query", ["Путин", "meeting OR Москва", "lang:ru", "-lang:en"])
def test_search_pages_are_the_whole_result_cut_in_order(project: Path, query: str) -> None:
    corpus = Corpus(Project.open(project))
    whole = [r.meta.rel for r in search(corpus, parse_query(query), limit=50)]
    assert whole
    paged = [
        r.meta.rel
        for offset in range(0, len(whole) + 2, 2)
        for r in search(corpus, parse_query(query), limit=2, offset=offset, refresh=False)
    ]
    assert paged == whole


def test_a_text_gone_since_it_was_indexed_is_a_result_that_says_so(project: Path) -> None:
    corpus = Corpus(Project.open(project))
    corpus.refresh()
    (project / "corpus" / "en" / "meeting.txt").unlink()
    (result,) = search(corpus, parse_query("Geneva"), refresh=False)
    assert (result.meta.rel, result.matches, result.snippet) == ("en/meeting.txt", (), UNREADABLE)


def test_an_unchanged_walk_skips_the_comparison_and_any_change_is_still_seen(
    project: Path,
) -> None:
    corpus = Corpus(Project.open(project))
    assert corpus.refresh().added == len(TEXTS)
    assert corpus.refresh() == Refresh(unchanged=len(TEXTS))
    text = project / "corpus" / "en" / "meeting.txt"
    before = text.stat()
    text.write_text(text.read_text(encoding="utf-8").replace("Geneva", "Genova"), "utf-8")
    os.utime(text, ns=(before.st_atime_ns, before.st_mtime_ns + 1))
    assert corpus.refresh().changed == 1
    assert _found(project, "Genova") == ["en/meeting.txt"]
    _annotate(project, "en/meeting.txt", "document: en/meeting.txt\nsha256: x\nannotations: []\n")
    assert corpus.refresh().annotations == 1
    assert corpus.refresh() == Refresh(unchanged=len(TEXTS))


def test_the_stored_listing_follows_annotations_renames_and_set_dates(project: Path) -> None:
    corpus = Corpus(Project.open(project))
    corpus.refresh()
    _annotate(
        project, "ru/putin-gen.txt", ANNOTATIONS.replace("sha256: x", "sha256: x\ndate: 2020-02-02")
    )
    os.rename(project / "corpus" / "en" / "weather.txt", project / "corpus" / "en" / "rain.txt")
    corpus.refresh()
    listed = {rel: json.loads(row) for rel, row in corpus.index.json_rows()}
    expected = {
        meta.rel: {
            "path": meta.rel, "title": meta.title, "language": meta.language,
            "date": meta.date, "date_source": meta.date_source, "sha256": meta.sha256,
            "encoding": meta.encoding, "chars": meta.chars, "counts": meta.counts,
            "annotation_error": meta.annotation_error,
        }
        for meta in corpus.index.rows()
    }  # fmt: skip
    assert listed == expected
    assert listed["ru/putin-gen.txt"]["counts"] == {"claim": 1, "quote": 1}
    assert listed["ru/putin-gen.txt"]["date_source"] == "set"
    assert "en/rain.txt" in listed and "en/weather.txt" not in listed
