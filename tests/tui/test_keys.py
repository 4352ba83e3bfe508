"""One list of keys: the TUI's bindings are the core table's (reader.core.project.keys)."""

from __future__ import annotations

from textual.binding import Binding

from reader.core.project.keys import DEFAULT_BINDINGS
from reader.tui.app import ReaderApp
from reader.tui.dialogs.alias import AliasDialog
from reader.tui.dialogs.conflict import ConflictDialog
from reader.tui.dialogs.date import DateDialog
from reader.tui.dialogs.edit import EditDialog
from reader.tui.dialogs.help import HelpDialog
from reader.tui.dialogs.pick_article import PickArticleDialog
from reader.tui.dialogs.unsaved import UnsavedDialog
from reader.tui.screens.article import ArticleScreen
from reader.tui.screens.compare import CompareScreen
from reader.tui.screens.corpus import CorpusScreen
from reader.tui.widgets.article_view import VIEW_KEYS, ArticleView

OWNERS = (
    ReaderApp, CorpusScreen, ArticleScreen, ArticleView, EditDialog, AliasDialog, HelpDialog,
    CompareScreen, PickArticleDialog, ConflictDialog, UnsavedDialog, DateDialog,
)  # fmt: skip


def _bound() -> dict[str, tuple[str, str, str, bool, bool]]:
    found: dict[str, tuple[str, str, str, bool, bool]] = {}
    for owner in OWNERS:
        for binding in owner.BINDINGS:
            assert isinstance(binding, Binding) and binding.id, (owner, binding)
            assert binding.id not in found, f"{binding.id} bound twice"
            found[binding.id] = (
                binding.key, binding.action, binding.description, binding.show, binding.priority
            )  # fmt: skip
    return found


def test_every_binding_of_the_tui_is_a_row_of_the_table() -> None:
    table = {
        row.id: (row.keys, row.action, row.description, row.show, row.priority)
        for row in DEFAULT_BINDINGS
        if row.id
    }
    assert _bound() == table


def test_the_article_screen_keeps_its_keys_in_the_table_order() -> None:
    ids = [b.id for b in ArticleScreen.BINDINGS if isinstance(b, Binding)]
    table = [r.id for r in DEFAULT_BINDINGS if r.id.startswith("article.")]
    assert ids == [ident for ident in table if ident not in VIEW_KEYS]
    view = [b.id for b in ArticleView.BINDINGS if isinstance(b, Binding)]
    assert view == [ident for ident in table if ident in VIEW_KEYS]
