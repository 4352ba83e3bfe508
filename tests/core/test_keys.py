"""The table of default bindings (core/project/keys.py) against the TUI's real bindings."""

from __future__ import annotations

import string

import pytest
from textual.binding import Binding, BindingsMap
from textual.keys import _character_to_key
from textual.screen import Screen
from textual.widgets import TextArea

from reader.core.project.keys import DEFAULT_BINDINGS, RESERVED_KEYS, canonical_key, taken_by


@pytest.mark.parametrize("char", list(string.printable.strip()))
def test_canonical_key_names_characters_as_textual_does(char: str) -> None:
    assert canonical_key(char) == _character_to_key(char)


def _keys(owner: type) -> set[tuple[str, str]]:
    bindings = BindingsMap(owner.BINDINGS)  # type: ignore[attr-defined]
    return {(key, b.action) for key, found in bindings.key_to_bindings.items() for b in found}


def _table(scope: str, ident_prefix: str | None = None) -> set[tuple[str, str]]:
    return {
        (key, b.action)
        for b in DEFAULT_BINDINGS
        if b.scope == scope and (ident_prefix is None or b.id.startswith(ident_prefix))
        for key in b.key_list
    }


def test_every_binding_of_the_tui_is_in_the_table() -> None:
    from reader.tui.app import ReaderApp
    from reader.tui.dialogs.alias import AliasDialog
    from reader.tui.dialogs.edit import EditDialog
    from reader.tui.dialogs.help import HelpDialog
    from reader.tui.screens.article import ArticleScreen
    from reader.tui.screens.corpus import CorpusScreen
    from reader.tui.widgets.article_view import ArticleView

    table = {(scope, key, action) for scope in ("app", "corpus", "article", "dialog")
             for key, action in _table(scope)}  # fmt: skip
    owners = {
        "app": (ReaderApp, Screen),
        "corpus": (CorpusScreen,),
        "article": (ArticleScreen, ArticleView, TextArea),
        "dialog": (EditDialog, HelpDialog, AliasDialog),
    }
    for scope, classes in owners.items():
        for owner in classes:
            for key, action in _keys(owner):
                assert (scope, key, action) in table, (owner.__name__, key, action)


def test_ids_in_the_table_are_those_of_the_tui() -> None:
    from reader.tui.screens.article import ArticleScreen
    from reader.tui.widgets.article_view import ArticleView

    ids = {b.id for owner in (ArticleScreen, ArticleView) for b in owner.BINDINGS
           if isinstance(b, Binding)}  # fmt: skip
    assert ids == {b.id for b in DEFAULT_BINDINGS if b.id.startswith("article.")}


def test_the_reserved_set_is_derived_from_the_article_and_app_keys() -> None:
    assert {"ctrl+d", "delete", "question_mark", "f1", "ctrl+q", "tab", "1", "9"} <= RESERVED_KEYS
    assert "slash" in RESERVED_KEYS  # find in the article
    assert "o" not in RESERVED_KEYS  # the corpus list's sort key: free in the article
    assert all(taken_by(key) is None for key in "cndqyz")
    assert taken_by("ctrl+d") is not None and taken_by("ctrl+d").id == "article.delete_key"  # type: ignore[union-attr]
