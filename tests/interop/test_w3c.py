"""W3C Web Annotation export against the W3C test suite's own schemas (every MUST of
annotations, collections and pages), with format checking on."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reader.cli import main
from reader.core.annotations.format import Annotation, AnnotationFile
from reader.core.annotations.store import Store
from reader.core.project.layout import Project
from reader.core.text.document import load_document

W3C = Path(__file__).resolve().parents[2] / ".." / "shared" / "interop" / "w3c"
pytestmark = pytest.mark.skipif(not W3C.is_dir(), reason=f"W3C test schemas not at {W3C}")
jsonschema = pytest.importorskip("jsonschema")
referencing = pytest.importorskip("referencing")


def _validators(test_list: str) -> list[tuple[str, Any]]:
    """One Draft 4 validator per assertion of a ``.test`` list, every schema registered
    under its ``id``, formats (uri, date-time) checked."""
    from referencing.jsonschema import DRAFT4

    schemas = [json.loads(p.read_text(encoding="utf-8")) for p in W3C.rglob("*.json")]
    registry = referencing.Registry().with_resources(
        (schema["id"], referencing.Resource.from_contents(schema, DRAFT4))
        for schema in schemas
        if "id" in schema
    )
    assertions = json.loads((W3C / test_list).read_text(encoding="utf-8"))["assertions"]
    checker = jsonschema.Draft4Validator.FORMAT_CHECKER
    found = []
    for name in assertions:
        schema = json.loads((W3C / name).read_text(encoding="utf-8"))
        assert schema["expectedResult"] == "valid"
        validator = jsonschema.Draft4Validator(schema, registry=registry, format_checker=checker)
        found.append((name, validator))
    return found


def _failures(validators: list[tuple[str, Any]], item: dict[str, Any]) -> list[str]:
    return [name for name, validator in validators if not validator.is_valid(item)]


@pytest.fixture
def exported(seed_project: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    """A collection from a project with a Cyrillic, spaced file name, a link inside the
    document and one to another, and an orphan."""
    rel = "ru/Байден и Путин 2021.txt"
    target = seed_project / "corpus" / rel
    target.write_bytes(
        (seed_project / "corpus/ru/2021-12-29-baiden-putin-vstrecha.txt").read_bytes()
    )
    text = load_document(target, rel).text
    start = text.index("Путин")
    first = Annotation(
        id="a1", tag="quote", start=start, end=start + 5, text="Путин",
        speaker="Песков", note="заметка", author="Анна Б", created="2026-11-22T06:30:00Z",
        links=("a2", "en/2021-12-29-biden-putin-meeting.txt#zz9"),
    )  # fmt: skip
    second = Annotation(id="a2", tag="date", start=0, end=4, text=text[:4], value="2021")
    orphan = Annotation(id="a3", tag="claim", start=10, end=15, text="ушло", orphaned=True)
    afile = AnnotationFile(rel, load_document(target, rel).sha256, "ru", (first, second, orphan))
    Store(Project.open(seed_project)).save(afile.sorted())
    capsys.readouterr()
    assert main(["export", str(seed_project), "--format", "w3c"]) == 0
    collection: dict[str, Any] = json.loads(capsys.readouterr().out)
    return collection


def test_every_annotation_passes_the_annotation_musts(exported: dict[str, Any]) -> None:
    validators = _validators("annotations/annotationMusts.test")
    items = exported["first"]["items"]
    assert len(items) == 5  # three annotations, two linking annotations
    for item in items:
        assert _failures(validators, item) == [], item["id"]


def test_collection_and_page_pass_their_musts(exported: dict[str, Any]) -> None:
    """The page is embedded: the page schemas take the collection holding it."""
    assert _failures(_validators("collections/collectionMusts.test"), exported) == []
    assert _failures(_validators("collections/pages/pageMusts.test"), exported) == []
    page = exported["first"]
    assert page["partOf"] == exported["id"] and page["id"].startswith(exported["id"])
    assert exported["total"] == len(page["items"])


def test_ids_are_iris_and_links_use_w3c_vocabulary(exported: dict[str, Any]) -> None:
    by_id = {item["id"]: item for item in exported["first"]["items"]}
    document = "urn:reader:ru/%D0%91%D0%B0%D0%B9%D0%B4%D0%B5%D0%BD%20%D0%B8%20"
    first = next(i for i in by_id if i.endswith("#a1"))
    assert first.startswith(document)
    assert by_id[first]["creator"] == {"type": "Person", "name": "Анна Б"}
    links = [item for item in by_id.values() if item["motivation"] == "linking"]
    assert sorted(tuple(link["target"]) for link in links) == sorted(
        [
            (first, first[:-2] + "a2"),
            (first, "urn:reader:en/2021-12-29-biden-putin-meeting.txt#zz9"),
        ]
    )
    assert all("linked" not in json.dumps(item) for item in by_id.values())
    orphan = next(item for i, item in by_id.items() if i.endswith("#a3"))
    assert orphan["target"]["selector"] == [{"type": "TextQuoteSelector", "exact": "ушло"}]


def test_format_checking_is_on(exported: dict[str, Any]) -> None:
    """The schemas accept only IRIs: an id with a space fails (so the test would notice)."""
    validators = _validators("annotations/annotationMusts.test")
    item = dict(exported["first"]["items"][0], id="urn:reader:a b.txt#x")
    assert "annotations/3.1-annotationIdValidated.json" in _failures(validators, item)


def test_base_iri_option(seed_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for given in ("https://h/c/", "https://h/c"):
        assert main(["export", str(seed_project), "-f", "w3c", "--base-iri", given]) == 0
        assert json.loads(capsys.readouterr().out)["id"] == "https://h/c/annotations"
    assert main(["export", str(seed_project), "-f", "w3c", "--base-iri", "not an iri"]) == 2
    assert "not an absolute IRI" in capsys.readouterr().err
