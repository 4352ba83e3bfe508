"""Search the corpus: the index finds the texts, then each hit's text gives the places
that match (code-point offsets) and a snippet around the first."""

from __future__ import annotations

from dataclasses import dataclass

from reader.core.corpus.discovery import Corpus
from reader.core.corpus.index import Hit, Metadata
from reader.core.corpus.query import Query
from reader.core.errors import DocumentError
from reader.core.text.document import load_document
from reader.core.text.morphology import WORD, base_form, query_forms, words_with_offsets

MAX_MATCHES = 100
SNIPPET_CONTEXT = 60  # characters either side of the match
UNREADABLE = "(the text cannot be read now)"  # the snippet of a text gone since indexed


@dataclass(frozen=True, slots=True)
class Result:
    """One text found: where the query's words are in it and a one-line snippet.

    ``matches`` are (start, end) code-point offsets into the text, in order (empty when
    only the annotations or filters matched); ``marked`` is the match's place in
    ``snippet``.
    """

    meta: Metadata
    score: float
    matches: tuple[tuple[int, int], ...]
    snippet: str
    marked: tuple[int, int] | None


def find_matches(text: str, query: Query, limit: int = MAX_MATCHES) -> list[tuple[int, int]]:
    """Where the words and phrases the query asks for occur in ``text`` (a word in any of
    its forms: ``Путин`` matches ``Путиным``; a phrase's words in order), at most
    ``limit``, in order."""
    wanted: list[list[frozenset[str]]] = []
    for term in query.wanted_text:
        words = WORD.findall(term.value)
        if term.kind == "phrase":
            wanted.append([frozenset((base_form(w),)) for w in words])
        else:
            wanted.extend([query_forms(w)] for w in words)
    if not wanted:
        return []
    firsts = frozenset().union(*(forms[0] for forms in wanted))
    words = list(words_with_offsets(text))
    found: list[tuple[int, int]] = []
    for i, (start, _, stem) in enumerate(words):
        if stem not in firsts:
            continue
        for forms in wanted:
            span = words[i : i + len(forms)]
            if len(span) == len(forms) and all(w[2] in f for w, f in zip(span, forms, strict=True)):
                found.append((start, span[-1][1]))
                break
        if len(found) >= limit:
            break
    return found


def snippet_of(text: str, match: tuple[int, int] | None) -> tuple[str, tuple[int, int] | None]:
    """One line of ``text`` around ``match`` (the text's start when None), whitespace
    collapsed, ``…`` where it is cut, and the match's place in it."""
    if match is None:
        head = " ".join(text[: 2 * SNIPPET_CONTEXT].split())
        return head + ("…" if len(text) > 2 * SNIPPET_CONTEXT else ""), None
    start, end = match
    left = text[max(0, start - SNIPPET_CONTEXT) : start]
    if start > SNIPPET_CONTEXT:  # from the first whole word
        left = left[min((i for i, ch in enumerate(left) if ch.isspace()), default=0) :]
    right = text[end : end + SNIPPET_CONTEXT]
    lead = ("…" if start > SNIPPET_CONTEXT else "") + " ".join(left.split())
    if left and left[-1].isspace() and lead:
        lead += " "
    middle = " ".join(text[start:end].split())
    tail = " ".join(right.split()) + ("…" if end + SNIPPET_CONTEXT < len(text) else "")
    if right and right[0].isspace() and tail:
        tail = " " + tail
    return lead + middle + tail, (len(lead), len(lead) + len(middle))


def result_of(corpus: Corpus, hit: Hit, query: Query) -> Result:
    """``hit`` with the places ``query`` matches in its text and a snippet; a text gone
    or unreadable since it was indexed has neither (and says so)."""
    try:
        text = load_document(corpus.project.text_path(hit.meta.rel), hit.meta.rel).text
    except DocumentError:
        return Result(hit.meta, hit.score, (), UNREADABLE, None)
    matches = find_matches(text, query)
    snippet, marked = snippet_of(text, matches[0] if matches else None)
    return Result(hit.meta, hit.score, tuple(matches), snippet, marked)


def search(
    corpus: Corpus, query: Query, limit: int = 20, *, offset: int = 0, refresh: bool = True
) -> list[Result]:
    """The texts of the corpus's scope matching ``query``, best first, from the
    ``offset``-th: at most ``limit`` (the index is brought up to date first unless
    ``refresh`` is False). Only the page's texts are read."""
    if refresh:
        corpus.refresh()
    # The index ranks from the best: a later page ranks the ones before it again (cheap
    # in SQLite) and drops them.
    hits = corpus.index.search(query, offset + limit, corpus.scope)[offset:]
    return [result_of(corpus, hit, query) for hit in hits]
