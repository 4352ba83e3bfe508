"""The compare screen's parts: each side's state and write path, loading the pair off
the UI thread, and what a tag key tags (shared with the article screen's rule)."""
