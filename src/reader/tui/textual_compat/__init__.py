"""Every use of Textual's private API, in one package written for one Textual version.

The reader relies on a few Textual internals for speed (the article view's wrapping
and row painting, composing the article screen ahead of time, re-applying styles only
when they changed). They are reached
here and nowhere else, so that upgrading Textual is a change of this package: importing
it checks the installed version first and stops with a clear message on another one.
This module holds what the app needs at start; ``text_area`` the TextArea internals of
the article view, imported with it (TextArea is not imported before the first frame).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import textual

from reader.core.errors import ReaderError

WRITTEN_FOR = "8.2.8"  # the Textual version whose internals this module uses


class TextualVersionError(ReaderError):
    """The installed Textual is not the version this module was written for."""


def installed_textual_version() -> str:
    """``textual.__version__``, read from the name of Textual's ``.dist-info`` folder when
    it is there: the attribute loads ``importlib.metadata``, a cost paid before the
    first frame."""
    known = vars(textual).get("__version__")  # set once read (or by a test)
    if isinstance(known, str):
        return known
    installed = Path(textual.__file__).resolve().parent.parent
    for info in installed.glob("textual-*.dist-info"):
        return info.name.removeprefix("textual-").removesuffix(".dist-info")
    return str(textual.__version__)


def check_textual_version(found: str | None = None) -> None:
    """Raise TextualVersionError unless the installed Textual (or ``found``) is
    ``WRITTEN_FOR``: its internals used below may have changed."""
    found = installed_textual_version() if found is None else found
    if found != WRITTEN_FOR:
        raise TextualVersionError(
            f"this build needs textual {WRITTEN_FOR}, found {found}; reinstall with "
            f"`pip install textual=={WRITTEN_FOR}` (or `pip install -e .` in its checkout)"
        )


check_textual_version()  # on import: before text_area.py's private imports and any use below


if TYPE_CHECKING:
    from textual.app import App
    from textual.binding import Binding
    from textual.screen import Screen


# --- the app and its screens -----------------------------------------------------------


def css_update_count(app: App[Any]) -> int:
    """How many times the app's stylesheet changed (a theme change bumps it)."""
    return int(app._css_update_count)


def start_screen(app: App[Any], screen: Screen[Any]) -> None:
    """Compose and mount an installed screen without showing it: what ``push_screen``
    does before it switches to the screen."""
    app._load_screen_css(screen)
    app._get_screen(screen)


def lay_out(screen: Screen[Any]) -> None:
    """Lay ``screen`` out at the terminal's size even though it is not shown (Textual
    lays out only the current screen)."""
    screen._refresh_layout(screen.app.size)


def key_bindings(screen: Screen[Any]) -> dict[str, list[Binding]]:
    """The screen's own bindings by key, in the order the footer shows them."""
    return dict(screen._bindings.key_to_bindings)


def set_key_bindings(screen: Screen[Any], bindings: dict[str, list[Binding]]) -> None:
    """Replace the screen's own bindings (after the app applied reader.yaml's keymap to
    them, so that bindings added here by id are remapped too when ``keys:`` names them)."""
    screen._bindings.key_to_bindings = bindings
