"""Every default key binding of the TUI, as data: the one table the TUI builds its
bindings from and the config checks tag keys against.

Keys are written as Textual names them (``question_mark``, ``left_parenthesis``,
``ctrl+d``); ``canonical_key`` turns what an analyst types in ``reader.yaml`` (``?``,
``(``) into that form. The table lists the keys of the Textual widgets the screens
rely on (``TextArea``, ``DataTable``, ``Screen``, ``App``) as well, because a tag key
that one of them already takes would never reach the tag action.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

Scope = Literal["app", "corpus", "article", "dialog"]


@dataclass(frozen=True, slots=True)
class KeyBinding:
    """One default binding: where it applies, its keys (comma-separated), what it does."""

    scope: Scope
    keys: str
    action: str
    description: str
    id: str  # the name ``keys:`` in reader.yaml remaps; "" for Textual's own bindings
    show: bool = True
    priority: bool = False

    @property
    def key_list(self) -> tuple[str, ...]:
        """The keys, one by one, in canonical form."""
        return tuple(canonical_key(k) for k in self.keys.split(","))


# Single characters Textual names differently from their Unicode name.
_RENAMED = {
    "solidus": "slash",
    "reverse_solidus": "backslash",
    "commercial_at": "at",
    "hyphen_minus": "minus",
    "plus_sign": "plus",
    "low_line": "underscore",
}
# Keys a terminal sends as another key.
_ALIASES = {"ctrl+i": "tab", "ctrl+m": "enter", "ctrl+j": "enter", "ctrl+space": "ctrl+at"}


def canonical_key(key: str) -> str:
    """``key`` as Textual names it: ``?`` is ``question_mark``, ``(`` is
    ``left_parenthesis``; names and modifiers are kept (``ctrl+d``)."""
    key = key.strip()
    if len(key) == 1 and not key.isalnum():
        try:
            name = unicodedata.name(key).lower().replace("-", "_").replace(" ", "_")
        except ValueError:
            name = "tab" if key == "\t" else key
        key = _RENAMED.get(name, name)
    return _ALIASES.get(key, key)


def _b(
    scope: Scope,
    keys: str,
    action: str,
    description: str,
    id: str = "",
    *,
    show: bool = True,
    priority: bool = False,
) -> KeyBinding:
    return KeyBinding(scope, keys, action, description, id, show, priority)


DEFAULT_BINDINGS: tuple[KeyBinding, ...] = (
    # --- everywhere
    _b("app", "ctrl+q", "quit", "Quit", "app.quit", priority=True),
    _b("app", "question_mark,f1", "help", "Help", "app.help"),
    _b("app", "ctrl+p", "command_palette", "Command palette"),
    _b("app", "ctrl+c", "help_quit", "", show=False),
    _b("app", "tab", "app.focus_next", "Focus Next", show=False),
    _b("app", "shift+tab", "app.focus_previous", "Focus Previous", show=False),
    _b("app", "ctrl+c,super+c", "screen.copy_text", "Copy selected text", show=False),
    _b("app", "T", "timeline", "Timeline", "app.timeline", show=False),
    _b("app", "A", "annotations", "Annotations of every article", "app.annotations",
       show=False),
    _b("app", "R", "curation", "Curation", "app.curation", show=False),
    # --- the corpus list
    _b("corpus", "slash", "filter", "Filter", "corpus.filter"),
    _b("corpus", "j", "row(1)", "Down", "corpus.down", show=False),
    _b("corpus", "k", "row(-1)", "Up", "corpus.up", show=False),
    _b("corpus", "o", "sort", "Sort column", "corpus.sort"),
    _b("corpus", "O", "reverse", "Reverse sort", "corpus.reverse"),
    _b("corpus", "escape", "clear_filter", "Clear filter", "corpus.clear_filter", show=False),
    _b("corpus", "a", "annotated", "Annotated", "corpus.annotated"),
    _b("corpus", "ctrl+f", "search", "Search", "corpus.search"),
    # the list widget's own keys (widgets/paged_list.py), taken before any tag key
    _b("corpus", "down,j", "move(1)", "Down", show=False),
    _b("corpus", "up,k", "move(-1)", "Up", show=False),
    _b("corpus", "pagedown", "page(1)", "Page down", show=False),
    _b("corpus", "pageup", "page(-1)", "Page up", show=False),
    _b("corpus", "home,g", "first", "First row", show=False),
    _b("corpus", "end,G", "last", "Last row", show=False),
    _b("corpus", "enter", "choose", "Open", show=False),
    # --- the article: the screen's own keys
    _b("article", "h", "char(-1)", "Left", "article.left", show=False),
    _b("article", "l", "char(1)", "Right", "article.right", show=False),
    _b("article", "j", "line(1)", "Down", "article.down", show=False),
    _b("article", "k", "line(-1)", "Up", "article.up", show=False),
    _b("article", "w", "unit('words', 1)", "Next word", "article.word_next", show=False),
    _b("article", "b", "unit('words', -1)", "Previous word", "article.word_prev", show=False),
    _b("article", "right_parenthesis", "unit('sentences', 1)", "Next sentence",
       "article.sentence_next", show=False),
    _b("article", "left_parenthesis", "unit('sentences', -1)", "Previous sentence",
       "article.sentence_prev", show=False),
    _b("article", "right_curly_bracket", "unit('paragraphs', 1)", "Next paragraph",
       "article.paragraph_next", show=False),
    _b("article", "left_curly_bracket", "unit('paragraphs', -1)", "Previous paragraph",
       "article.paragraph_prev", show=False),
    _b("article", "v", "visual", "Select", "article.visual", show=False),
    _b("article", "escape", "escape", "Back", "article.back"),
    _b("article", "s", "select_sentence", "Sentence", "article.select_sentence"),
    _b("article", "e", "edit", "Edit", "article.edit"),
    _b("article", "x", "delete_annotation", "Delete", "article.delete", show=False),
    _b("article", "p", "place_orphan", "Place orphan", "article.place_orphan", show=False),
    _b("article", "a", "add_alias", "Add alias to entities.yaml", "article.add_alias",
       show=False),
    _b("article", "u", "undo", "Undo", "article.undo", show=False),
    _b("article", "ctrl+r", "redo", "Redo", "article.redo", show=False),
    _b("article", "right_square_bracket", "jump(1)", "Next annotation",
       "article.annotation_next", show=False),
    _b("article", "left_square_bracket", "jump(-1)", "Previous annotation",
       "article.annotation_prev", show=False),
    _b("article", "f2", "toggle_panel('annotations')", "Annotations",
       "article.annotations_panel", show=False),
    _b("article", "f3", "toggle_panel('entities')", "Entities", "article.entities_panel",
       show=False),
    _b("article", "g", "edge(-1)", "Start of the article", "article.top", show=False),
    _b("article", "G", "edge(1)", "End of the article", "article.bottom", show=False),
    _b("article", "slash,ctrl+f", "find", "Find", "article.find"),
    _b("article", "C", "compare", "Compare", "article.compare"),
    _b("article", "D", "set_date", "Article date", "article.set_date", show=False),
    _b("article", "M", "resolve_conflict", "Resolve conflict", "article.resolve_conflict",
       show=False),
    _b("article", "Y", "accept_placement", "Accept placement", "article.accept_placement",
       show=False),
    _b("article", "ctrl+o", "orphan", "Make orphan", "article.orphan", show=False),
    _b("article", "greater_than_sign", "match(1)", "Next match", "article.match_next",
       show=False),
    _b("article", "less_than_sign", "match(-1)", "Previous match", "article.match_prev",
       show=False),
    _b("article", "1,2,3,4,5,6,7,8,9", "tag_by_number", "Tag by number", show=False),
    # --- the compare screen (tag keys act there as in the article: the same scope)
    _b("article", "escape", "back", "Back", "compare.back"),
    _b("article", "tab", "switch_side", "Other side", "compare.switch_side", priority=True),
    _b("article", "L", "link", "Link across", "compare.link"),
    _b("article", "O", "pick", "Other article", "compare.pick"),
    _b("article", "s", "select_sentence", "Sentence", "compare.select_sentence", show=False),
    _b("article", "e", "edit", "Edit", "compare.edit"),
    _b("article", "x", "delete_annotation", "Delete", "compare.delete", show=False),
    _b("article", "u", "undo", "Undo", "compare.undo", show=False),
    _b("article", "ctrl+r", "redo", "Redo", "compare.redo", show=False),
    # --- the article view (a read-only TextArea): its delete key deletes an annotation
    _b("article", "delete,ctrl+d", "delete_right", "Delete annotation", "article.delete_key",
       show=False),
    # --- TextArea's own keys, live in the article view
    _b("article", "up", "cursor_up", "Cursor up", show=False),
    _b("article", "down", "cursor_down", "Cursor down", show=False),
    _b("article", "left", "cursor_left", "Cursor left", show=False),
    _b("article", "right", "cursor_right", "Cursor right", show=False),
    _b("article", "ctrl+left", "cursor_word_left", "Cursor word left", show=False),
    _b("article", "ctrl+right", "cursor_word_right", "Cursor word right", show=False),
    _b("article", "home,ctrl+a", "cursor_line_start", "Cursor line start", show=False),
    _b("article", "end,ctrl+e", "cursor_line_end", "Cursor line end", show=False),
    _b("article", "pageup", "cursor_page_up", "Cursor page up", show=False),
    _b("article", "pagedown", "cursor_page_down", "Cursor page down", show=False),
    _b("article", "ctrl+shift+left", "cursor_word_left(True)", "Cursor left word select",
       show=False),
    _b("article", "ctrl+shift+right", "cursor_word_right(True)", "Cursor right word select",
       show=False),
    _b("article", "shift+home", "cursor_line_start(True)", "Cursor line start select",
       show=False),
    _b("article", "shift+end", "cursor_line_end(True)", "Cursor line end select", show=False),
    _b("article", "shift+up", "cursor_up(True)", "Cursor up select", show=False),
    _b("article", "shift+down", "cursor_down(True)", "Cursor down select", show=False),
    _b("article", "shift+left", "cursor_left(True)", "Cursor left select", show=False),
    _b("article", "shift+right", "cursor_right(True)", "Cursor right select", show=False),
    _b("article", "f6", "select_line", "Select line", show=False),
    _b("article", "f7", "select_all", "Select all", show=False),
    _b("article", "backspace", "delete_left", "Delete character left", show=False),
    _b("article", "ctrl+w,ctrl+backspace,alt+backspace", "delete_word_left",
       "Delete left to start of word", show=False),
    _b("article", "alt+delete", "delete_word_right", "Delete right to start of word",
       show=False),
    _b("article", "ctrl+x,super+x", "cut", "Cut", show=False),
    _b("article", "ctrl+c,super+c", "copy", "Copy", show=False),
    _b("article", "ctrl+v", "paste", "Paste", show=False),
    _b("article", "ctrl+u,super+backspace", "delete_to_start_of_line", "Delete to line start",
       show=False),
    _b("article", "ctrl+k", "delete_to_end_of_line_or_delete_line", "Delete to line end",
       show=False),
    _b("article", "ctrl+shift+k", "delete_line", "Delete line", show=False),
    _b("article", "ctrl+z,super+z", "undo", "Undo", show=False),
    _b("article", "ctrl+y,super+y", "redo", "Redo", show=False),
    # --- dialogs
    _b("dialog", "escape", "cancel", "Cancel", "edit.cancel"),
    _b("dialog", "ctrl+s", "save", "Save", "edit.save"),
    _b("dialog", "down", "speaker_matches", "Matching speakers", "edit.matches", show=False),
    _b("dialog", "escape,q,question_mark,f1", "close", "Close", "help.close"),
    _b("dialog", "escape", "cancel", "Cancel", "alias.cancel"),
    _b("dialog", "escape", "cancel", "Cancel", "pick.cancel"),
    _b("dialog", "o", "choose('ours')", "Keep ours", "conflict.ours"),
    _b("dialog", "t", "choose('theirs')", "Take theirs", "conflict.theirs"),
    _b("dialog", "e", "choose('edit')", "Keep ours and edit", "conflict.edit"),
    _b("dialog", "escape", "cancel", "Later", "conflict.cancel"),
    _b("dialog", "escape", "stay", "Stay", "unsaved.stay"),
    _b("dialog", "escape", "cancel", "Cancel", "date.cancel"),
    _b("dialog", "d", "discard", "Discard and leave", "unsaved.discard"),
)  # fmt: skip


def bindings(scope: Scope) -> tuple[KeyBinding, ...]:
    """The default bindings of one scope, in table order."""
    return tuple(b for b in DEFAULT_BINDINGS if b.scope == scope)


# Tag keys act in the article: every key bound there or app-wide is taken.
RESERVED_KEYS: frozenset[str] = frozenset(
    key for b in DEFAULT_BINDINGS if b.scope in ("app", "article") for key in b.key_list
)


def taken_by(key: str, overrides: Mapping[str, str] | None = None) -> KeyBinding | None:
    """The binding that already takes ``key`` where tags are applied (the article and
    app-wide keys, with reader.yaml's ``keys:`` ``overrides`` by binding id), if any."""
    wanted = canonical_key(key)
    overrides = overrides or {}
    for candidate in DEFAULT_BINDINGS:
        if candidate.scope not in ("app", "article"):
            continue
        keys = overrides.get(candidate.id, candidate.keys) if candidate.id else candidate.keys
        if wanted in (canonical_key(k) for k in keys.split(",")):
            return candidate
    return None
