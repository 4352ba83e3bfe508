"""Across articles: related stories, the timeline, annotations of the whole corpus."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest

from reader.core.annotations.session import EditSession
from reader.core.corpus.crossref import CrossRef, date_value_start
from reader.core.corpus.discovery import Corpus
from reader.core.corpus.query import parse_query
from reader.core.errors import ReaderError
from reader.core.project.layout import Project
from reader.core.recognition.registry import load_registry

ENTITIES = """\
entities:
- name: Joe Biden
  type: PER
  aliases: [Biden, Джо Байден, Байден]
- name: Vladimir Putin
  type: PER
  aliases: [Putin, Владимир Путин, Путин]
- name: Dmitry Peskov
  type: PER
  aliases: [Peskov, Дмитрий Песков, Песков]
"""
TEXTS = {
    "en/2021-12-29-talks.txt": (
        "Joe Biden and Vladimir Putin will hold talks on January 10 in Geneva, "
        "Kremlin spokesman Dmitry Peskov said.\n"
    ),
    "ru/2021-12-30-peregovory.txt": (
        "Джо Байден и Владимир Путин проведут переговоры 10 января в Женеве, "
        "заявил Дмитрий Песков.\n"
    ),
    "en/2019-05-02-old.txt": (
        "Joe Biden spoke about Vladimir Putin at a rally in Ohio on May 1.\n"
    ),
    "en/2021-12-29-weather.txt": "Heavy snow fell on Oslo on Wednesday. Trains stopped.\n",
}


def make_project(root: Path, texts: dict[str, str] = TEXTS) -> Project:
    for rel, text in texts.items():
        path = root / "corpus" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "reader.yaml").write_text("annotator: tester\n", encoding="utf-8")
    (root / "entities.yaml").write_text(ENTITIES, encoding="utf-8")
    return Project.open(root)


def crossref_of(project: Project) -> CrossRef:
    crossref = CrossRef(Corpus(project), load_registry(project.root / "entities.yaml"))
    crossref.update(recognise=True)
    return crossref


def session(project: Project, rel: str) -> EditSession:
    corpus = Corpus(project)
    document = corpus.document(rel)
    return EditSession(corpus.store, document, corpus.language_of(document))


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return make_project(tmp_path_factory.mktemp("across"))


def test_the_same_story_in_another_language_ranks_first(project: Project) -> None:
    crossref = crossref_of(project)
    found = crossref.related("en/2021-12-29-talks.txt")
    assert [r.rel for r in found] == ["ru/2021-12-30-peregovory.txt", "en/2019-05-02-old.txt"]
    best, old = found
    assert {"Joe Biden", "Vladimir Putin", "Dmitry Peskov"} <= set(best.entities)
    assert best.dates == ("2022-01-10",)
    assert best.days_apart == 1 and best.language == "ru"
    assert old.days_apart is not None and old.days_apart > 900 and old.dates == ()
    assert best.score > old.score
    # nothing shared: not a candidate at all, however close its date
    assert all(r.rel != "en/2021-12-29-weather.txt" for r in found)
    assert crossref.related("en/2021-12-29-talks.txt", limit=1) == found[:1]


def test_ranking_is_symmetric_in_what_is_shared(project: Project) -> None:
    crossref = crossref_of(project)
    there = crossref.related("ru/2021-12-30-peregovory.txt")[0]
    back = next(r for r in crossref.related("en/2021-12-29-talks.txt") if r.rel.startswith("ru"))
    assert there.rel == "en/2021-12-29-talks.txt"
    assert (there.entities, there.dates, there.score) == (back.entities, back.dates, back.score)


def test_related_of_a_text_outside_the_corpus_is_refused(project: Project) -> None:
    with pytest.raises(ReaderError, match="not a text of the corpus"):
        crossref_of(project).related("en/nope.txt")


def test_the_timeline_is_in_order_of_days_with_articles_and_sentences(project: Project) -> None:
    entries = crossref_of(project).timeline()
    keys = [(e.day, e.rel, e.start) for e in entries]
    assert keys == sorted(keys)
    jan10 = [e for e in entries if e.day == "2022-01-10"]
    assert {e.rel for e in jan10} == {"en/2021-12-29-talks.txt", "ru/2021-12-30-peregovory.txt"}
    ru = next(e for e in jan10 if e.language == "ru")
    assert ru.surface == "10 января" and ru.sentence.startswith("Джо Байден и Владимир Путин")
    assert any(e.value == "2019-05-01" and e.rel == "en/2019-05-02-old.txt" for e in entries)


def test_timeline_filters_and_pages(project: Project) -> None:
    crossref = crossref_of(project)
    everything = crossref.timeline()
    assert crossref.timeline_count() == len(everything)
    for offset in range(len(everything) + 1):
        assert crossref.timeline(offset=offset, limit=2) == everything[offset : offset + 2]
    january = crossref.timeline(first="2022-01-01", last="2022-01-31")
    assert january and all("2022-01-01" <= e.day <= "2022-01-31" for e in january)
    # the entity through its alias in another language: articles that mention Biden
    biden = crossref.timeline(entity="Байден")
    assert {e.rel for e in biden} == {
        "en/2021-12-29-talks.txt", "ru/2021-12-30-peregovory.txt", "en/2019-05-02-old.txt",
    }  # fmt: skip
    assert crossref.timeline("en/2019-05-02-old.txt") == [
        e for e in everything if e.rel == "en/2019-05-02-old.txt"
    ]


def test_weeks_months_and_ranges_sit_at_their_start_with_their_extent() -> None:
    assert date_value_start("2022-01") == (date_of("2022-01-01"), "month")
    assert date_value_start("2022") == (date_of("2022-01-01"), "year")
    assert date_value_start("2022-W02") == (date_of("2022-01-10"), "week")
    assert date_value_start("2022-01-10/2022-01-13") == (date_of("2022-01-10"), "to 2022-01-13")
    assert date_value_start("2022-01-10T15:00") == (date_of("2022-01-10"), "at 15:00")
    for not_a_day in ("15:00", "2022-02-30", "soon", "2022-01-10/never"):
        assert date_value_start(not_a_day) is None


def date_of(text: str) -> date:
    return date.fromisoformat(text)


def test_annotated_dates_with_values_join_the_timeline(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"en/x.txt": "Talks are set for next month, he said.\n"})
    s = session(project, "en/x.txt")
    start = s.document.text.index("next month")
    s.add("date", start, start + len("next month"), value="2022-02")
    entries = crossref_of(project).timeline()
    assert [(e.day, e.extent, e.source) for e in entries] == [("2022-02-01", "month", "annotation")]
    assert entries[0].annotation_id == s.annotations[0].id


def test_speakers_are_grouped_through_entities_yaml(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    for rel, speaker in (
        ("en/2021-12-29-talks.txt", "Peskov"),
        ("ru/2021-12-30-peregovory.txt", "Дмитрий Песков"),
        ("ru/2021-12-30-peregovory.txt", "Песков"),
        ("en/2019-05-02-old.txt", "Biden"),
    ):
        s = session(project, rel)
        s.add("quote", len(s.annotations), len(s.annotations) + 4, speaker=speaker)
    crossref = crossref_of(project)
    rows = crossref.annotations(parse_query("speaker:Песков"), group="speaker")
    assert [r.speaker for r in rows] == ["Peskov", "Дмитрий Песков", "Песков"]
    assert {r.group for r in rows} == {"Dmitry Peskov"}
    grouped = crossref.annotations(group="speaker")
    assert [r.group for r in grouped] == ["Dmitry Peskov"] * 3 + ["Joe Biden"]
    assert crossref.annotation_count(parse_query("lang:ru")) == 2
    assert crossref.annotation_count(parse_query("-lang:ru")) == 2
    assert crossref.annotation_count(parse_query("tag:claim")) == 0
    by_article = crossref.annotations(group="article")
    assert [r.group for r in by_article] == sorted(r.group for r in by_article)
    with pytest.raises(ReaderError, match="unknown group"):
        crossref.annotations(group="colour")


def test_a_claim_shows_the_conditions_linked_to_it_both_ways(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    s = session(project, "en/2021-12-29-talks.txt")
    claim = s.add("claim", 0, 40)
    condition = s.add("condition", 41, 60, links=(claim.id,))
    other = session(project, "ru/2021-12-30-peregovory.txt")
    far = other.add("condition", 0, 10, links=(f"en/2021-12-29-talks.txt#{claim.id}",))
    crossref = crossref_of(project)
    (row,) = crossref.annotations(parse_query("tag:claim"))
    assert set(row.incoming) == {condition.id, f"ru/2021-12-30-peregovory.txt#{far.id}"}
    assert {(x.rel, x.id) for x in row.linked} == {
        ("en/2021-12-29-talks.txt", condition.id), ("ru/2021-12-30-peregovory.txt", far.id),
    }  # fmt: skip
    cond = next(
        r for r in crossref.annotations(parse_query("tag:condition")) if r.id == condition.id
    )
    assert [x.id for x in cond.linked] == [claim.id] and cond.incoming == ()


def test_words_and_dates_filter_annotations(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    s = session(project, "ru/2021-12-30-peregovory.txt")
    text = s.document.text
    s.add("claim", 0, text.index(","), note="ВАЖНО")
    crossref = crossref_of(project)
    assert crossref.annotation_count(parse_query("байден")) == 1  # any case, any script
    assert crossref.annotation_count(parse_query("важно")) == 1  # the note too
    assert crossref.annotation_count(parse_query("date:2021-12-30")) == 1  # the article date
    assert crossref.annotation_count(parse_query("date:2021-11")) == 0
    assert crossref.annotation_count(parse_query("entity:Biden")) == 1


def test_update_reads_only_what_changed(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    crossref = crossref_of(project)
    assert crossref.update().read == 0
    (project.corpus_dir / "en/2021-12-29-weather.txt").write_text(
        "Joe Biden watched snow fall on Oslo on January 10.\n", encoding="utf-8"
    )
    (project.corpus_dir / "en/2019-05-02-old.txt").unlink()
    report = crossref.update(recognise=True)
    assert (report.read, report.removed) == (1, 1)
    found = [r.rel for r in crossref.related("en/2021-12-29-talks.txt")]
    assert "en/2021-12-29-weather.txt" in found and "en/2019-05-02-old.txt" not in found
    s = session(project, "en/2021-12-29-talks.txt")
    s.add("quote", 0, 5)
    assert crossref.update().read == 1  # its annotation file changed


def test_without_recognition_texts_wait_for_their_entity_cache(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    registry = load_registry(project.root / "entities.yaml")
    crossref = CrossRef(Corpus(project), registry)
    report = crossref.update(recognise=False)
    assert report.without_entities == len(TEXTS)
    assert crossref.related("en/2021-12-29-talks.txt") == []
    assert crossref.update(recognise=True).read == len(TEXTS)
    assert crossref.related("en/2021-12-29-talks.txt")
    # the cache filled by recognition is what a later update without it reads
    crossref.close()
    (project.cache_dir / "crossref.sqlite").unlink()
    fresh = CrossRef(Corpus(project), registry)
    assert fresh.update(recognise=False).without_entities == 0


def test_a_damaged_database_is_rebuilt(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    crossref_of(project).close()
    (project.cache_dir / "crossref.sqlite").write_bytes(b"not a database" * 100)
    for suffix in ("-wal", "-shm"):
        (project.cache_dir / f"crossref.sqlite{suffix}").unlink(missing_ok=True)
    assert crossref_of(project).related("en/2021-12-29-talks.txt")


def test_the_date_an_analyst_set_wins_and_a_bad_one_is_a_problem(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    rel = "ru/2021-12-30-peregovory.txt"
    crossref = crossref_of(project)
    assert crossref.article_date(rel) == ("2021-12-30", "path")
    session(project, rel).set_date("2021-12-29")
    crossref.update(recognise=True)  # relative dates resolve against the new date
    assert crossref.article_date(rel) == ("2021-12-29", "set")
    assert crossref.related("en/2021-12-29-talks.txt")[0].days_apart == 0
    stored = project.annotations_dir / "ru/2021-12-30-peregovory.yaml"
    stored.write_text(
        stored.read_text(encoding="utf-8").replace("date: 2021-12-29", "date: 2021-02-30"),
        encoding="utf-8",
    )
    report = crossref.update()
    assert report.read == 1 and len(report.problems) == 1
    assert report.problems[0].startswith(f"{rel}: {stored}:5: ")  # path:line of the header
    assert crossref.article_date(rel) == ("2021-12-30", "path")


def test_hostile_text_stays_data(tmp_path: Path) -> None:
    hostile = "Joe Biden [bold red]said[/] \x1b[31m'; DROP TABLE texts; -- on January 10.\n"
    project = make_project(tmp_path, {"en/2022-01-01-x.txt": hostile, **TEXTS})
    s = session(project, "en/2022-01-01-x.txt")
    s.add("quote", 10, 30, speaker="Robert'); DROP TABLE annotations;--")
    crossref = crossref_of(project)
    (row,) = crossref.annotations(parse_query('speaker:"Robert\');"'))
    assert row.text == hostile[10:30]
    assert any(e.rel == "en/2022-01-01-x.txt" for e in crossref.timeline())


def test_an_article_with_thousands_of_dates_pages_quickly(tmp_path: Path) -> None:
    lines = [f"Talks were held on {day} January 2022 in Geneva." for day in range(1, 32)]
    text = "date 2022-02-01\n" + "\n".join(lines * 100) + "\n"
    project = make_project(tmp_path, {"en/many.txt": text})
    crossref = crossref_of(project)
    assert crossref.timeline_count("en/many.txt") >= 3000
    start = time.perf_counter()
    page = crossref.timeline("en/many.txt", offset=1500, limit=50)
    assert time.perf_counter() - start < 0.2
    assert len(page) == 50 and [e.day for e in page] == sorted(e.day for e in page)


def test_an_unwritable_cache_folder_keeps_the_tables_in_memory(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    (project.root / ".reader").write_text("not a folder", encoding="utf-8")
    crossref = CrossRef(Corpus(project), load_registry(project.root / "entities.yaml"))
    crossref.update(recognise=True)
    assert crossref.timeline_count() > 0
    assert (project.root / ".reader").read_text(encoding="utf-8") == "not a folder"


def test_entity_coverage_counts_the_texts_recognised_in_the_scope(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    crossref = CrossRef(Corpus(project), load_registry(project.root / "entities.yaml"))
    crossref.update(recognise=False)
    assert crossref.entity_coverage() == (0, len(TEXTS))
    crossref.update(recognise=True)
    assert crossref.entity_coverage() == (len(TEXTS), len(TEXTS))
    russian = Project.open(project.corpus_dir / "ru", scoped=True)
    assert CrossRef(Corpus(russian)).entity_coverage() == (1, 1)
