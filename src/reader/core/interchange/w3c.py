"""W3C Web Annotation (JSON-LD): a collection of one page, ids as valid IRIs.

Every id is ``BASE`` + a percent-encoded path: the collection ``BASE annotations``, its page
``BASE annotations/page1``, a document ``BASE en/doc.txt``, an annotation
``BASE en/doc.txt#k3f9q2``. A link between two annotations is an annotation of its own with
the ``linking`` motivation and the two annotations as its targets; an orphan has a quote
selector only (it has no place in the text).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from reader.core.annotations.format import Annotation, AnnotationFile

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
DEFAULT_BASE_IRI = "urn:reader:"
QUOTE_CONTEXT = 32  # code points of prefix/suffix in a TextQuoteSelector
# RFC 3986 characters a path or fragment may hold as they are (the rest is percent-encoded).
_SAFE = "/-._~!$&'()*+,;=:@"
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S*$")
# W3C ``created`` is an xsd:dateTime: a bare date the format allows is left out.
_TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$")


def base_iri(value: str) -> str | None:
    """``value`` as the prefix of every id: an absolute IRI (a scheme, no whitespace or
    control character), ending in ``/`` or ``:`` (``/`` is added); None when it is not."""
    if not _SCHEME.match(value) or any(ord(ch) <= 0x20 or ord(ch) == 0x7F for ch in value):
        return None
    return value if value.endswith(("/", ":")) else value + "/"


def document_iri(base: str, document: str) -> str:
    """The IRI of a corpus document (its path percent-encoded as UTF-8)."""
    return base + quote(document, safe=_SAFE)


def annotation_iri(base: str, document: str, ident: str) -> str:
    """The IRI of annotation ``ident`` of ``document``."""
    return f"{document_iri(base, document)}#{quote(ident, safe=_SAFE)}"


def _link_target(base: str, document: str, link: str) -> str:
    """A link is an id in the same file or ``other/doc.txt#id`` in another."""
    if "#" in link:
        other, _, ident = link.partition("#")
        return annotation_iri(base, other, ident)
    return annotation_iri(base, document, link)


def _bodies(annotation: Annotation) -> list[dict[str, Any]]:
    bodies: list[dict[str, Any]] = [
        {"type": "TextualBody", "purpose": "tagging", "value": annotation.tag}
    ]
    for purpose, value in (
        ("commenting", annotation.note),
        ("identifying", annotation.speaker),
        ("describing", annotation.value),
    ):
        if value:
            bodies.append({"type": "TextualBody", "purpose": purpose, "value": value})
    return bodies


def w3c_annotation(
    annotation: Annotation, document: str, text: str | None, base: str = DEFAULT_BASE_IRI
) -> dict[str, Any]:
    """One annotation with position and quote selectors (a quote selector only for an
    orphan, or when the text could not be read)."""
    quote_selector: dict[str, Any] = {"type": "TextQuoteSelector", "exact": annotation.text}
    selectors: list[dict[str, Any]] = [quote_selector]
    if text is not None and not annotation.orphaned:
        start, end = annotation.start, annotation.end
        quote_selector["prefix"] = text[max(0, start - QUOTE_CONTEXT) : start]
        quote_selector["suffix"] = text[end : end + QUOTE_CONTEXT]
        selectors.insert(0, {"type": "TextPositionSelector", "start": start, "end": end})
    result: dict[str, Any] = {
        "@context": W3C_CONTEXT,
        "id": annotation_iri(base, document, annotation.id),
        "type": "Annotation",
        "motivation": "tagging",
        "body": _bodies(annotation),
        "target": {"source": document_iri(base, document), "selector": selectors},
    }
    if annotation.author:
        result["creator"] = {"type": "Person", "name": annotation.author}
    if annotation.created and _TIMESTAMP.match(annotation.created):
        result["created"] = annotation.created
    return result


def w3c_links(
    annotation: Annotation, document: str, base: str = DEFAULT_BASE_IRI
) -> list[dict[str, Any]]:
    """One ``linking`` annotation per link of ``annotation``: from it to the linked one."""
    source = annotation_iri(base, document, annotation.id)
    return [
        {
            "@context": W3C_CONTEXT,
            "id": f"{source}-link{number}",
            "type": "Annotation",
            "motivation": "linking",
            "target": [source, _link_target(base, document, link)],
        }
        for number, link in enumerate(annotation.links, 1)
    ]


def w3c_collection(
    files: Iterable[tuple[AnnotationFile, str | None]], label: str, base: str = DEFAULT_BASE_IRI
) -> dict[str, Any]:
    """An AnnotationCollection holding every annotation (and link) of ``files`` — pairs of an
    annotation file and its document's text (None when unreadable) — in one page."""
    items: list[dict[str, Any]] = []
    for afile, text in files:
        for annotation in afile.annotations:
            items.append(w3c_annotation(annotation, afile.document, text, base))
            items.extend(w3c_links(annotation, afile.document, base))
    collection = base + "annotations"
    return {
        "@context": W3C_CONTEXT,
        "id": collection,
        "type": "AnnotationCollection",
        "label": label,
        "total": len(items),
        "first": {
            "id": f"{collection}/page1",
            "type": "AnnotationPage",
            "partOf": collection,
            "startIndex": 0,
            "items": items,
        },
    }
