"""The Textual app (screens, widgets, one stylesheet)."""
