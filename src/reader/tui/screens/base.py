"""What the app's screens share: the stylesheet applied once, not again on every resume."""

from __future__ import annotations

from textual import events, on
from textual.screen import Screen

from reader.tui.textual_compat import css_update_count


class StyledScreen(Screen[None]):
    """A screen whose styles are re-applied on resume only when the app's CSS changed
    since they were last applied (a theme): Textual re-applies the whole stylesheet to
    each screen it resumes, a cost paid before the list's first frame and on each
    article opened. ``_styled_at`` is set when the screen mounts."""

    _styled_at = -1  # the app's CSS update count when the styles were last applied

    def on_mount(self) -> None:
        self._styled_at = css_update_count(self.app)  # mounting applied the stylesheet

    @on(events.ScreenResume)
    def _skip_unchanged_styles(self, event: events.ScreenResume) -> None:
        # Textual calls each class's handlers, subclasses' first, Screen's (which reads the
        # flag) last.
        styled = css_update_count(self.app)
        if self._styled_at == styled:
            event.refresh_styles = False
        self._styled_at = styled
