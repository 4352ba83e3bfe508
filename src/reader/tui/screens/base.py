"""What the app's screens share: the stylesheet applied once, not again on every resume."""

from __future__ import annotations

from textual import events
from textual.screen import Screen


class StyledScreen(Screen[None]):
    """A screen whose styles are re-applied on resume only when the app's CSS changed
    since they were last applied (a theme). Textual 8.2.8 re-applies the whole stylesheet
    to each screen it resumes: 18 ms on the corpus list before its first frame, 12 ms on
    each article opened. ``_styled_at`` is set when the screen mounts."""

    _styled_at = -1  # the app's CSS update count when the styles were last applied

    def on_mount(self) -> None:
        self._styled_at = self.app._css_update_count  # mounting applied the stylesheet

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Textual calls each class's handler, this one before Screen's (which reads the flag).
        styled = self.app._css_update_count
        if self._styled_at == styled:
            event.refresh_styles = False
        self._styled_at = styled
