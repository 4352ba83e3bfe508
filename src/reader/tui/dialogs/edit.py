"""The edit dialog for one annotation: tag, speaker, note, value and links."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, OptionList, Select, SelectionList, Static
from textual.widgets.option_list import Option

from reader.core.annotations.format import Annotation
from reader.core.annotations.rules import value_problem
from reader.core.project.config import TagSpec
from reader.tui.safe import literal, one_line

MAX_MATCHES = 5


def _folded(text: str) -> str:
    """For matching names: case-insensitive, "ё" read as "е"."""
    return text.casefold().replace("ё", "е")


class EditDialog(ModalScreen[dict[str, Any] | None]):
    """Edit one annotation; dismisses with the changed fields, or None when cancelled.

    Speakers, notes and values come from YAML anyone may have committed: the inputs show
    them with visible stand-ins for control characters (``safe.one_line``), and a field
    is written back only when the analyst changed it, so a stand-in never replaces the
    original. ``apply`` saves the changed fields and returns why it could not (shown in
    the dialog, which stays open), or None.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="edit.cancel"),
        Binding("ctrl+s", "save", "Save", id="edit.save"),
        Binding("down", "speaker_matches", "Matching speakers", show=False, id="edit.matches"),
    ]

    def __init__(
        self,
        annotation: Annotation,
        tags: Sequence[TagSpec],
        speakers: Sequence[str],
        others: Sequence[Annotation],
        apply: Callable[[dict[str, Any]], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.annotation = annotation
        self.tags = tags
        self.speakers = sorted({one_line(s) for s in speakers if s})
        self._folded_speakers = [(_folded(s), s) for s in self.speakers]  # once, not per key
        self.others = [o for o in others if o.id != annotation.id]
        self.apply = apply
        # What each input showed at first: unchanged inputs are not written back.
        self.shown = {
            "speaker": one_line(annotation.speaker or ""),
            "note": one_line(annotation.note or ""),
            "value": one_line(annotation.value or ""),
        }

    def compose(self) -> ComposeResult:
        a = self.annotation
        with Vertical(id="edit-dialog"):
            yield Static(literal(f"“{a.text}”"), id="edit-text")
            with Horizontal(classes="field"):
                yield Label("Tag")
                yield Select(
                    self._tag_options(),
                    value=a.tag,
                    allow_blank=False,
                    compact=True,
                    id="edit-tag",
                )
            with Horizontal(classes="field"):
                yield Label("Speaker")
                yield Input(
                    self.shown["speaker"],
                    id="edit-speaker",
                    compact=True,
                    suggester=SuggestFromList(self.speakers, case_sensitive=False),
                )
            matches = OptionList(id="edit-speaker-matches", compact=True)
            matches.display = False
            yield matches
            with Horizontal(classes="field"):
                yield Label("Note")
                yield Input(self.shown["note"], id="edit-note", compact=True)
            with Horizontal(classes="field"):
                yield Label("Value")
                yield Input(
                    self.shown["value"],
                    placeholder="dates: 2022-01-10, 2022-01, 2022-W01, A/B",
                    id="edit-value",
                    compact=True,
                )
            if self.others:
                yield Label("Links", id="edit-links-label")
                yield SelectionList[str](
                    *[
                        (literal(f"{o.tag}: {o.text}"[:70]), o.id, o.id in a.links)
                        for o in self.others
                    ],
                    id="edit-links",
                    compact=True,
                )
            yield Static("", id="edit-error", markup=False)
            with Horizontal(id="edit-buttons"):
                yield Button("Save", variant="primary", id="edit-save", compact=True)
                yield Button("Cancel", id="edit-cancel", compact=True)

    def _tag_options(self) -> list[tuple[Text, str]]:
        """The configured tags, plus the annotation's own when reader.yaml lacks it (a
        colleague's tag): it stays selectable, never a crash."""
        options = [(Text(t.name, style=t.colour), t.name) for t in self.tags]
        if self.annotation.tag not in {t.name for t in self.tags}:
            options.append(
                (Text(f"{one_line(self.annotation.tag)} (not in reader.yaml)"), self.annotation.tag)
            )
        return options

    def on_mount(self) -> None:
        self.query_one("#edit-speaker", Input).focus()

    @on(Input.Changed, "#edit-speaker")
    def _speaker_typed(self, event: Input.Changed) -> None:
        """List the known speakers containing what was typed (any case, ё as е)."""
        typed = _folded(event.value.strip())
        found = [s for f, s in self._folded_speakers if typed and typed in f and s != event.value]
        matches = self.query_one("#edit-speaker-matches", OptionList)
        matches.clear_options()
        matches.add_options([Option(Text(s), id=s) for s in found[:MAX_MATCHES]])
        matches.display = bool(found)

    def action_speaker_matches(self) -> None:
        """``down`` in the speaker field: into the list of matching speakers."""
        matches = self.query_one("#edit-speaker-matches", OptionList)
        if matches.display and self.focused is self.query_one("#edit-speaker", Input):
            matches.focus()
            matches.highlighted = 0
        else:
            self.focus_next()

    @on(OptionList.OptionSelected, "#edit-speaker-matches")
    def _speaker_chosen(self, event: OptionList.OptionSelected) -> None:
        speaker = self.query_one("#edit-speaker", Input)
        speaker.value = event.option.id or speaker.value
        speaker.cursor_position = len(speaker.value)
        event.option_list.display = False
        speaker.focus()

    @on(Button.Pressed, "#edit-save")
    @on(Input.Submitted)
    def action_save(self) -> None:
        """Validate, save the changed fields through ``apply`` and dismiss with them."""
        a = self.annotation
        fields: dict[str, Any] = {}
        tag = str(self.query_one("#edit-tag", Select).value)
        if tag != a.tag:
            fields["tag"] = tag
        for name in ("speaker", "note", "value"):
            typed = self.query_one(f"#edit-{name}", Input).value
            if typed != self.shown[name]:
                fields[name] = typed.strip()
        value = fields.get("value", a.value or "")
        if "value" in fields or "tag" in fields:
            problem = value_problem(tag, value)
            if problem:
                self._problem(f"value: {problem}", "#edit-value")
                return
        if self.others:
            chosen = set(self.query_one("#edit-links", SelectionList).selected)
            kept_external = [x for x in a.links if "#" in x]
            links = tuple(kept_external + [o.id for o in self.others if o.id in chosen])
            if set(links) != set(a.links):
                fields["links"] = links
        if not fields:
            self.dismiss(None)  # nothing changed: nothing is written
            return
        if self.apply is not None:
            problem = self.apply(fields)
            if problem is not None:
                self._problem(problem, None)
                return
        self.dismiss(fields)

    def _problem(self, message: str, focus: str | None) -> None:
        self.query_one("#edit-error", Static).update(literal(message))
        if focus:
            self.query_one(focus, Input).focus()

    @on(Button.Pressed, "#edit-cancel")
    def action_cancel(self) -> None:
        """Close without changes."""
        self.dismiss(None)
