"""`reader date`: show, set or clear the date of an article."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader.commands._across import registry_of
from reader.core.annotations.session import open_session
from reader.core.corpus.dating import set_article_date
from reader.core.corpus.discovery import Corpus
from reader.core.errors import ReaderError, printable
from reader.core.project.layout import Project
from reader.core.text.article_date import ArticleDate, article_date


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `date` verb."""
    parser = subparsers.add_parser(
        "date",
        help="show, set or clear the date of an article",
        description=(
            "Without DATE: print the article's date and where it came from (set, text, "
            "path). With DATE (YYYY-MM-DD): store it in the annotation file's header, where "
            "it wins over a dateline or the file name; --clear removes it. Date values that "
            "came from recognition are re-resolved against the new date."
        ),
    )
    parser.add_argument("textfile", type=Path, metavar="TEXTFILE")
    parser.add_argument("date", nargs="?", metavar="DATE", help="YYYY-MM-DD")
    parser.add_argument("--clear", action="store_true", help="remove the date set by hand")
    parser.add_argument(
        "--project", type=Path, help="project folder (default: found from TEXTFILE)"
    )
    parser.set_defaults(func=run)


def _shown(found: ArticleDate | None) -> str:
    return f"{found.iso} ({found.source})" if found else "- (none found)"


def run(args: argparse.Namespace) -> int:
    """Print the date, or set/clear it and say what changed."""
    if args.clear and args.date:
        raise ReaderError("give a DATE or --clear, not both")
    project = Project.open(args.project) if args.project else Project.for_text(args.textfile)
    corpus = Corpus(project)
    entry = corpus.find(str(args.textfile))
    document = corpus.document(entry)
    if not (args.date or args.clear):
        afile = corpus.store.load(entry.rel)
        found = article_date(document.text, entry.rel, afile.date if afile else None)
        print(printable(entry.rel), printable(_shown(found)), sep="\t")
        return 0
    language = corpus.language_of(document)
    change = set_article_date(
        open_session(corpus.store, document, language),
        language,
        None if args.clear else args.date,
        registry=registry_of(project),
    )
    print(
        printable(entry.rel),
        printable(f"{_shown(change.before)} → {_shown(change.after)}"),
        sep="\t",
    )
    print(f"{change.changed_values} date value(s) re-resolved", file=sys.stderr)
    return 0
